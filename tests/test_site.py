"""The example project's site, built for real with MkDocs + Material and inspected."""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest

from sitecheck import broken_links, external_references, parse, search_index
from xuanjiao.content.loader import load_project


@pytest.fixture(scope="module")
def built(example_built) -> tuple[Path, object]:
    """The site of the session's full build of the example (read only), and the project."""
    project, _ = load_project(example_built)
    return example_built / "build" / "site", project


def test_a_page_for_every_campaign_and_approved_material_none_for_drafts(built):
    site, project = built
    for cid in project.campaigns:
        assert (site / "campaigns" / cid / "index.html").is_file()
    drafts = [m for m in project.materials.values() if m.status != "approved"]
    assert drafts, "the example project must keep a draft to test this"
    for m in project.materials.values():
        page = site / "materials" / m.id / "index.html"
        assert page.is_file() == (m.status == "approved"), m.id
        if page.is_file():
            assert m.title in "".join(parse(page).text)
    for d in drafts:
        for html in site.rglob("*.html"):
            assert f"materials/{d.id}/" not in html.read_text("utf-8")


def test_every_internal_link_and_fragment_resolves(built):
    site, _ = built
    assert broken_links(site) == []


def test_no_reference_to_another_host(built):
    site, project = built
    own = {urlparse(project.site.url).hostname}
    assert external_references(site, own) == []
    for html in site.rglob("*.html"):
        text = html.read_text("utf-8")
        assert "fonts.googleapis" not in text and "unpkg.com" not in text and "cdn." not in text


def test_pages_are_chinese_and_carry_the_organisation(built):
    site, project = built
    for html in [site / "index.html", site / "calendar/index.html", *site.glob("materials/*/index.html")]:
        parsed = parse(html)
        assert parsed.html_lang == "zh-CN", html
        assert project.site.organization in "".join(parsed.text)


def test_calendar_lists_campaigns_and_awareness_days_by_month(built):
    site, project = built
    text = "".join(parse(site / "calendar/index.html").text)
    for c in project.campaigns.values():
        assert c.title in text
    assert "世界防治结核病日" in text and "2026年3月" in text and "2026年12月" in text
    article = text[text.index("订阅日历") :]  # skip the table of contents
    assert article.index("2026年4月") < article.index("2026 年世界卫生日宣传活动") < article.index("2026年5月")
    ics = (site / "calendar.ics").read_text("utf-8")
    assert "BEGIN:VCALENDAR" in ics and ics.count("BEGIN:VEVENT") > 20


def test_material_page_has_review_line_and_qr(built):
    site, project = built
    m = project.materials["contraception-leaflet"]
    text = "".join(parse(site / "materials" / m.id / "index.html").text)
    assert f"医学审核{m.reviewed_by}　{m.reviewed_on.year}年{m.reviewed_on.month}月{m.reviewed_on.day}日" in text
    svg = (site / "materials" / m.id / "qr.svg").read_text("utf-8")
    assert svg.startswith("<svg") and "<path" in svg
    # the QR encodes the page's own public URL
    assert m.translation_of is None
    en = "".join(parse(site / "materials" / "contraception-leaflet-en" / "index.html").text)
    assert "中文" in en


def _search_docs(site: Path) -> list[dict]:
    """Sections of the site's search index as {location, text, words}."""
    return [dict(location=d[0], text=d[3], words=d[4].split()) for d in search_index(site)["docs"]]


def test_search_index_finds_a_word_from_the_middle_of_a_chinese_paragraph(built):
    site, project = built
    body = project.campaigns["whd-2026"].body
    paragraph = next(line for line in body.splitlines() if len(line) > 20 and not line.startswith(("#", "-", "<")))
    import jieba

    words = [w for w in jieba.cut(paragraph) if len(w) >= 2 and re.fullmatch(r"[\u4e00-\u9fff]+", w)]
    word = words[len(words) // 2]  # from the middle, not the start of the paragraph
    assert not paragraph.startswith(word)
    hits = [doc["location"] for doc in _search_docs(site) if word in doc["words"] and word in doc["text"]]
    assert any(h.startswith("campaigns/whd-2026/index.html#") for h in hits), (word, hits)


def test_site_opens_from_the_file_system(built):
    """use_directory_urls is off, so every link points at a real .html file (USB stick use)."""
    site, _ = built
    html = (site / "campaigns" / "whd-2026" / "index.html").read_text("utf-8")
    assert 'href="../../materials/whd-poster/index.html"' in html
    assert 'src="../../assets/javascripts/xj-search.js"' in html and search_index(site)["docs"]  # offline search


def test_calendar_page_offers_a_subscribe_qr_for_calendar_ics(built):
    site, project = built
    html = (site / "calendar" / "index.html").read_text("utf-8")
    assert 'src="calendar-qr.svg"' in html and 'href="../calendar.ics"' in html
    # a subscription (calendar apps keep it updated), the https address beside it to copy
    subscribe = "webcal://" + project.site.url.split("://", 1)[1] + "calendar.ics"
    assert f'href="{subscribe}"' in html and f"{project.site.url}calendar.ics" in html
    svg = (site / "calendar" / "calendar-qr.svg").read_text("utf-8")
    assert svg.startswith("<svg") and "<path" in svg
    from xuanjiao.site.model import qr_svg  # the QR holds the subscription address

    assert qr_svg(subscribe, "日历订阅二维码").decode() == svg


def test_sitemap_is_dated_by_the_build_clock(make_project, monkeypatch):
    """MkDocs dates its sitemap itself (UTC, now); ours says the build clock's day, the China
    date every other output carries, so a cached site and a rebuilt one agree."""
    import datetime as dt

    from xuanjiao import pipeline

    china = dt.timezone(dt.timedelta(hours=8))
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.setattr(pipeline, "build_clock", lambda: dt.datetime(2026, 3, 2, tzinfo=china))  # 3-01 in UTC
    root = make_project({})
    assert pipeline.run_build(pipeline.BuildOptions(project_dir=root, only=("site",))).ok
    sitemap = (root / "build" / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert set(re.findall(r"<lastmod>([^<]+)</lastmod>", sitemap)) == {"2026-03-02"}
    assert "SOURCE_DATE_EPOCH" not in os.environ


def test_campaign_page_lists_each_material_as_its_own_item(built):
    """The materials list was one run-on bullet: the inner loop's tag ate each line's end."""
    site, project = built
    for cid, c in project.campaigns.items():
        shown = [m for m in c.materials if project.materials[m].status == "approved"]
        html = (site / "campaigns" / cid / "index.html").read_text("utf-8")
        section = html.split('id="宣传资料"', 1)[1].split("<h2", 1)[0] if shown else ""
        items = re.findall(r"<li>(.*?)</li>", section, flags=re.S)
        for item in items:  # one material per item, each with its title
            assert len(re.findall(r'href="[./]*materials/([^/]+)/index.html"', item)) == 1, item
        listed = [re.search(r"materials/([^/]+)/index.html", item).group(1) for item in items]
        assert set(shown) <= set(listed) and len(listed) == len(set(listed)), (cid, listed)
        for m in listed:
            assert project.materials[m].title in items[listed.index(m)]


@pytest.mark.parametrize("month", [12, 4])
def test_calendar_starts_at_the_build_month_with_past_months_folded(example_copy, tmp_path, monkeypatch, month):
    """A build dated in December shows December first; the months before it are folded in
    <details> below, so a volunteer opening the page sees what comes next (issue 21)."""
    import datetime as dt
    import shutil

    from xuanjiao import pipeline

    project = tmp_path / "p"
    shutil.copytree(example_copy, project, ignore=shutil.ignore_patterns("build"))
    china = dt.timezone(dt.timedelta(hours=8))
    monkeypatch.setattr(pipeline, "build_clock", lambda: dt.datetime(2026, month, 2, tzinfo=china))
    assert pipeline.run_build(pipeline.BuildOptions(project_dir=project, only=("site",))).ok
    html = (project / "build" / "site" / "calendar" / "index.html").read_text("utf-8")
    article = html[html.index("<article") :]
    months = re.findall(r'<h3 id="y2026-(\d+)"', article)
    folded = article.index("<details")
    assert int(months[0]) == month and f'id="y2026-{month}"' in article[:folded]
    assert all(f'id="y2026-{m}"' in article[folded:] for m in range(1, month) if f'id="y2026-{m}"' in article)
    assert re.search(r'href="webcal://[^"]+/calendar\.ics"', article)
