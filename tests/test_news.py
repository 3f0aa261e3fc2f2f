"""News (活动报道): list page, post pages, links from campaigns, and the Atom feed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import urljoin, urlparse
from xml.etree import ElementTree as ET

import pytest

from sitecheck import broken_links, parse
from xuanjiao.content.loader import load_project
from xuanjiao.errors import BuildError
from xuanjiao.site import site_model

ATOM = "{http://www.w3.org/2005/Atom}"


def feed_problems(site: Path, site_url: str | None) -> list[str]:
    """Parse feed.xml as Atom 1.0 and check what a feed reader relies on; [] when fine.

    Links must resolve to files in the built site: absolute ones are mapped back through
    the site's `url:`, relative ones resolve against feed.xml at the site root."""
    root = ET.parse(site / "feed.xml").getroot()
    problems = []
    if root.tag != f"{ATOM}feed":
        return [f"root element is {root.tag}"]
    for tag in ("id", "title", "updated"):
        if root.find(f"{ATOM}{tag}") is None or not root.find(f"{ATOM}{tag}").text:
            problems.append(f"feed has no {tag}")
    entries = root.findall(f"{ATOM}entry")
    if not entries:
        problems.append("feed has no entries")
    ids = set()
    for entry in entries:
        eid = entry.findtext(f"{ATOM}id")
        if not eid or ":" not in eid:
            problems.append(f"entry without an IRI id: {eid!r}")
        if eid in ids:
            problems.append(f"duplicate id {eid}")
        ids.add(eid)
        updated = entry.findtext(f"{ATOM}updated") or ""
        try:
            assert dt.datetime.fromisoformat(updated).tzinfo is not None
        except (ValueError, AssertionError):
            problems.append(f"{eid}: updated {updated!r} is not an RFC 3339 date-time")
        links = entry.findall(f"{ATOM}link")
        if not links:
            problems.append(f"{eid}: no link")
        for ln in links:
            href = urljoin(root.get("{http://www.w3.org/XML/1998/namespace}base") or "", ln.get("href", ""))
            if site_url and href.startswith(site_url):
                rel = href[len(site_url) :]
            elif not urlparse(href).scheme:
                rel = href
            else:
                problems.append(f"{eid}: link to another site {href}")
                continue
            if not (site / rel).is_file():
                problems.append(f"{eid}: link {href} -> missing {rel}")
    return problems


@pytest.fixture(scope="module")
def built(example_built) -> tuple[Path, object]:
    """The site of the session's full build of the example (read only), and the project."""
    project, _ = load_project(example_built)
    return example_built / "build" / "site", project


def test_example_project_has_news(built):
    _, project = built
    assert len(project.news) >= 2
    assert all(n.campaign in project.campaigns and n.cover for n in project.news.values())


def test_news_list_is_newest_first_and_links_every_post(built):
    site, project = built
    page = parse(site / "news" / "index.html")
    text = "".join(page.text)
    posts = sorted(project.news.values(), key=lambda n: n.date, reverse=True)
    positions = [text.index(n.title, text.index("活动报道", text.index(project.site.title))) for n in posts]
    assert positions == sorted(positions)
    hrefs = {url for _, _, url in page.links}
    for n in posts:
        assert f"{n.id}/index.html" in hrefs
        assert (site / "news" / n.id / "index.html").is_file()
    assert "../feed.xml" in hrefs


def test_posts_and_campaigns_link_each_other_and_covers_are_published(built):
    site, project = built
    for n in project.news.values():
        post = parse(site / "news" / n.id / "index.html")
        hrefs = [url for _, _, url in post.links]
        assert f"../../campaigns/{n.campaign}/index.html" in hrefs
        published = "content-assets/" + n.cover.removeprefix("assets/")  # shared by every page that shows it
        assert "../../" + published in hrefs
        assert (site / published).is_file()
        assert post.html_lang == "zh-CN"
        campaign = parse(site / "campaigns" / n.campaign / "index.html")
        assert f"../../news/{n.id}/index.html" in [url for _, _, url in campaign.links]
        assert n.title in "".join(campaign.text)
    assert broken_links(site) == []


def test_feed_is_atom_with_ids_dates_and_links_that_resolve(built):
    site, project = built
    assert feed_problems(site, project.site.url) == []
    root = ET.parse(site / "feed.xml").getroot()
    titles = [e.findtext(f"{ATOM}title") for e in root.findall(f"{ATOM}entry")]
    assert titles == [n.title for n in sorted(project.news.values(), key=lambda n: n.date, reverse=True)]


def _project(make_project, **posts: str) -> Path:
    files = {f"content/news/{k}.md": v for k, v in posts.items()}
    return make_project(files)


POST = """\
---
title: 社区义诊
date: 2026-05-0{n}
summary: 为居民测血压。
{extra}
---
正文，第{n}篇。
"""


def test_feed_is_reproducible_and_relative_without_a_site_url(make_project, tmp_path):
    root = _project(make_project, a=POST.format(n=1, extra=""), b=POST.format(n=2, extra=""))
    site_yml = root / "content" / "site.yml"
    site_yml.write_text(
        "\n".join(line for line in site_yml.read_text("utf-8").splitlines() if not line.startswith("url:")),
        encoding="utf-8",
    )
    project, _ = load_project(root)
    stamp = dt.datetime(2026, 6, 1, tzinfo=dt.timezone.utc)
    feeds = [
        site_model(project, None, drafts=False, today=stamp.date(), stamp=stamp).files["feed.xml"] for _ in range(2)
    ]
    assert feeds[0] == feeds[1]
    root_el = ET.fromstring(feeds[0])
    hrefs = [ln.get("href") for ln in root_el.iter(f"{ATOM}link")]
    assert "news/b/index.html" in hrefs and not any(h.startswith("http") for h in hrefs)
    assert root_el.findtext(f"{ATOM}updated") == "2026-05-02T00:00:00+08:00"


def test_an_empty_feed_is_still_valid_atom(make_project):
    project, _ = load_project(make_project({}))
    stamp = dt.datetime(2026, 6, 1, tzinfo=dt.timezone.utc)
    root = ET.fromstring(site_model(project, None, drafts=False, today=stamp.date(), stamp=stamp).files["feed.xml"])
    assert root.findtext(f"{ATOM}updated") == stamp.isoformat() and root.find(f"{ATOM}entry") is None


@pytest.mark.parametrize("cover", ["assets/missing.svg", "../private/volunteers.yml"])
def test_a_bad_cover_is_an_error_at_its_line(make_project, cover):
    root = _project(make_project, a=POST.format(n=1, extra=f"cover: {cover}"))
    (root / "private").mkdir()
    (root / "private" / "volunteers.yml").write_text("[]\n", encoding="utf-8")
    with pytest.raises(BuildError) as err:
        load_project(root)
    errors = [d for d in err.value.diagnostics if d.message.startswith("cover:")]
    assert len(errors) == 1 and errors[0].severity == "error"
    assert errors[0].path.endswith("news/a.md") and errors[0].line == 5
