"""Two languages: the gettext catalogs, locale-aware dates, English plans, the /en/ site."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitecheck import broken_links
from xuanjiao import i18n
from xuanjiao.pipeline import BuildOptions, run_build

REPO = Path(__file__).resolve().parent.parent
DAY = dt.date(2026, 4, 7)


# -- catalogs ------------------------------------------------------------------------------------


def test_every_message_of_the_template_has_an_english_translation():
    assert i18n.missing("en") == []


def test_the_template_lists_every_message_the_code_and_templates_use(tmp_path):
    """The .pot is up to date: extracting again finds no id it lacks (run scripts/i18n extract)."""
    from babel.messages.pofile import read_po

    pot = tmp_path / "fresh.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "-q",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "N_",
            "-k",
            "_",
            "--no-location",
            "-o",
            str(pot),
            ".",
        ],
        cwd=REPO,
        check=True,
    )
    with pot.open("rb") as f:
        fresh = {m.id for m in read_po(f) if m.id}
    with (i18n.LOCALE_DIR / "xuanjiao.pot").open("rb") as f:
        committed = {m.id for m in read_po(f) if m.id}
    assert fresh - committed == set()


def test_every_catalog_compiles_and_the_check_command_passes():
    for lang in i18n.languages():
        assert i18n.translations(lang).gettext("首页")
    assert i18n.main(["check"]) == 0
    assert set(i18n.languages()) >= {"zh-CN", "en"} and i18n.languages()[0] == "zh-CN"


def test_the_catalogs_ship_in_the_package():
    import tomllib

    data = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]["package-data"]
    assert "locale/*/LC_MESSAGES/*.po" in data["xuanjiao"]


def test_gettext_follows_the_current_language():
    assert i18n.gettext("首页") == "首页"
    with i18n.use("en"):
        assert i18n.gettext("首页") == "Home"
        assert i18n.label(i18n.KIND, "poster") == "Poster"
    assert i18n.gettext("宣传资料", "en") == "Materials"
    assert i18n.KIND["leaflet"] == "三折页"  # the old tables still speak Chinese


# -- dates ---------------------------------------------------------------------------------------


def test_dates_per_locale():
    assert i18n.format_date(DAY, "zh-CN") == "2026年4月7日"
    assert i18n.format_date(DAY, "en") == "7 April 2026"
    assert i18n.format_date(DAY, "zh-CN", weekday=True) == "2026年4月7日（周二）"
    assert i18n.short_date(DAY, "zh-CN") == "4月7日（周二）"
    assert i18n.month_text(DAY, "en") == "April 2026" and i18n.month_text(DAY, "zh-CN") == "2026年4月"
    assert i18n.month_name(12, "zh-CN") == "十二月" and i18n.month_name(12, "en") == "December"
    end = dt.date(2026, 4, 13)
    assert i18n.span(DAY, end, "zh-CN") == "2026年4月7日至4月13日"
    assert i18n.span(DAY, end, "en") == "7 April 2026 – 13 April"
    assert i18n.span(dt.date(2026, 12, 30), dt.date(2027, 1, 2), "zh-CN") == "2026年12月30日至2027年1月2日"


def test_the_old_chinese_helpers_are_unchanged():
    assert i18n.date_zh(DAY) == "2026年4月7日" and i18n.short_date_zh(DAY, weekday=False) == "4月7日"
    assert i18n.cycle_zh("lunar 3,8") == "农历逢三逢八" and i18n.cycle_zh("weekly sat,sun") == "每周六、日"
    assert i18n.cycle("weekly sat,sun", "en") == "Every Sat, Sun"


def test_print_words_come_from_the_catalogs():
    from xuanjiao.printing.words import date_text, words

    assert words("zh-CN")["print_run"].format(n=300) == "印数：300 份"
    assert words("en")["print_run"].format(n=300) == "Print run: 300 copies"
    assert words("en")["turn"] == "Please turn over →" and words("zh-CN")["free"] == "免费发放　欢迎取阅"
    assert date_text(DAY, "en") == "7 April 2026" and date_text(DAY, "zh-CN") == "2026年4月7日"


# -- plans ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def english_plan(example_copy, tmp_path_factory):
    import shutil

    from xuanjiao.cli import main

    root = tmp_path_factory.mktemp("plan-en") / "project"
    for name in ("content", "private"):
        if (example_copy / name).is_dir():
            shutil.copytree(example_copy / name, root / name)
    result = CliRunner().invoke(
        main, ["plan", "--year", "2026", "--day", "world-health-day", "--lang", "en", "--project", str(root)]
    )
    assert result.exit_code == 0, result.output
    return root / "build" / "plans" / "2026" / "world-health-day"


HEADINGS = (
    "1. Purpose",
    "2. Dates and venues",
    "3. Arrangements",
    "4. Tasks",
    "5. Materials and print quantities",
    "6. Requirements",
    "7. Funding",
    "8. Safety",
    "9. Contacts",
)  # 6-8: the example's plan.yml texts


def test_a_plan_built_in_english_has_english_headings_in_word(english_plan):
    from docx import Document

    doc = Document(str(english_plan / "plan.docx"))
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert tuple(headings) == HEADINGS
    header = [c.text for c in doc.tables[0].rows[0].cells]
    assert header == ["No.", "Date", "Time", "Venue", "Volunteers"]
    assert re.fullmatch(r"\d{1,2} [A-Z][a-z]+ 20\d\d", doc.paragraphs[-1].text), doc.paragraphs[-1].text
    assert doc.core_properties.language == "en"


def test_a_plan_built_in_english_has_english_headings_in_pdf_and_markdown(english_plan):
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(str(english_plan / "plan.pdf")).pages)
    squeezed = re.sub(r"\s+", " ", text)
    for heading in HEADINGS:
        assert heading in squeezed
    assert "活动目的" not in text and "序号" not in text
    md = (english_plan / "plan.md").read_text("utf-8")
    assert "## 1. Purpose" in md and "**Dates**: " in md
    # site.yml names the organization in English too: the English plan is signed with it
    assert "Qinghe County Health Commission" in md and "青禾县卫生健康局" not in md
    assert "in the light of local conditions in Qinghe County, X Province" in md and "某某省" not in md


def test_plan_rejects_a_language_without_catalog(example_copy):
    from xuanjiao.cli import main

    result = CliRunner().invoke(main, ["plan", "--year", "2026", "--lang", "fr", "--project", str(example_copy)])
    assert result.exit_code != 0 and "no catalog for 'fr'" in result.output


# -- the site in two languages ------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(example_built) -> Path:
    """The site of the session's full build of the example (read only)."""
    return example_built / "build" / "site"


def text_of(path: Path) -> str:
    html = path.read_text("utf-8")
    main = html[html.find("<article") : html.find("</article>")]
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", main)))


def switcher(path: Path) -> dict[str, str]:
    html = path.read_text("utf-8")
    return {lang: href for href, lang in re.findall(r'<a href="([^"]+)" hreflang="([^"]+)"[^>]*md-select__link', html)}


def test_the_english_site_is_under_en_with_english_ui_and_dates(site):
    home = site / "en" / "index.html"
    assert home.is_file()
    assert '<html lang="en"' in home.read_text("utf-8")
    text = text_of(home)
    for word in ("Upcoming campaigns", "Latest materials", "All materials", "Health hotline"):
        assert word in text
    assert "近期活动" not in text and "最新宣传资料" not in text
    assert re.search(
        r"\b\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|"
        r"December) 2026\b",
        text,
    )
    calendar = text_of(site / "en" / "calendar" / "index.html")
    assert "World Kidney Day" in calendar and "April" in calendar and "四月" not in calendar
    assert "近期活动" in text_of(site / "index.html")  # the default stays Chinese at /


def test_each_language_has_its_own_feed_and_calendar(site, example_copy):
    """/en/feed.xml and /en/calendar.ics speak English and link the English pages; the
    default language's stay Chinese. Both feeds are valid Atom whose links resolve."""
    import icalendar

    from test_news import feed_problems
    from xuanjiao.content.loader import load_project

    url = load_project(example_copy)[0].site.url
    assert feed_problems(site, url) == [] and feed_problems(site / "en", url + "en/") == []
    en_feed, zh_feed = (site / "en" / "feed.xml").read_text("utf-8"), (site / "feed.xml").read_text("utf-8")
    assert 'xml:lang="en"' in en_feed and "<title>Qinghe County Health Education · News</title>" in en_feed
    assert 'xml:lang="zh-CN"' in zh_feed and "活动报道</title>" in zh_feed
    en_cal = icalendar.Calendar.from_ical((site / "en" / "calendar.ics").read_bytes())
    zh_cal = icalendar.Calendar.from_ical((site / "calendar.ics").read_bytes())
    assert str(en_cal["X-WR-CALNAME"]) == "Qinghe County Health Education"
    en_names = {str(e["SUMMARY"]) for e in en_cal.walk("VEVENT")}
    assert "World Health Day" in en_names and "世界卫生日" in {str(e["SUMMARY"]) for e in zh_cal.walk("VEVENT")}
    links = [str(e["URL"]) for e in en_cal.walk("VEVENT") if "URL" in e]
    assert links and all(u.startswith(url + "en/campaigns/") for u in links)
    assert {str(e["UID"]) for e in en_cal.walk("VEVENT")} == {str(e["UID"]) for e in zh_cal.walk("VEVENT")}


def test_the_switcher_links_resolve_both_ways(site):
    for page in (
        "index.html",
        "calendar/index.html",
        "materials/whd-leaflet/index.html",
        "campaigns/whd-2026/index.html",
    ):
        zh, en = site / page, site / "en" / page
        for here in (zh, en):
            links = switcher(here)
            assert set(links) == {"zh-CN", "en"}, here
            assert (here.parent / links["zh-CN"]).resolve() == zh.resolve()
            assert (here.parent / links["en"]).resolve() == en.resolve()


def test_a_material_with_a_translation_links_to_it(site):
    zh = site / "en" / "materials" / "contraception-leaflet" / "index.html"
    html = zh.read_text("utf-8")
    assert "This material is also available in English" in text_of(zh)
    href = re.search(r'<a href="([^"]+)" hreflang="en">Safe Contraception', html).group(1)
    assert (zh.parent / href).resolve() == (
        site / "en" / "materials" / "contraception-leaflet-en" / "index.html"
    ).resolve()
    english = site / "en" / "materials" / "contraception-leaflet-en" / "index.html"
    assert "available in" not in text_of(english)
    assert "Other languages" in text_of(english)


def test_a_material_without_translation_shows_the_fallback_notice(site):
    page = site / "en" / "materials" / "whd-leaflet" / "index.html"
    text = text_of(page)
    assert "This material is available in Chinese only." in text
    assert "健康生活每一天" in text  # the Chinese material itself is shown
    assert "xj-notice" in page.read_text("utf-8")
    assert "本资料" not in text_of(site / "materials" / "whd-leaflet" / "index.html")


def test_every_link_of_both_languages_resolves(site):
    assert (site / "en" / "materials" / "whd-leaflet" / "index.html").is_file()
    assert broken_links(site) == []  # the whole tree: / and /en/ and the links between them


# -- names in site.yml, per language ------------------------------------------------------------

NAMED_SITE = """\
title: {zh-CN: 测试县卫生健康宣传, en: Test County Health Education}
organization: {zh-CN: 测试县卫生健康局, en: Test County Health Commission}
region: {zh-CN: 某省测试县, en: "Test County, A Province"}
languages: [zh-CN, en]
hotline: "12320"
url: https://jiankang.test.example/
"""


def test_site_title_and_organization_per_language_in_print_and_site(make_project):
    """An English material prints the English organization, a Chinese one the Chinese; each
    language's site has its own title and organization; a plain string stays valid."""
    from pypdf import PdfReader

    from test_print_kit import CAMPAIGN, material

    english = material("Know your status", "poster", "## Get tested\n\n- Free and confidential.\n")
    english = english.replace("audiences: [青年学生]", "audiences: [students]\nlang: en")
    root = make_project(
        {
            "content/site.yml": NAMED_SITE,
            "content/campaigns/aids-2026.md": CAMPAIGN,
            "content/materials/en-poster.md": english,
            "content/materials/zh-poster.md": material("知艾防艾", "poster", "## 检测\n\n- 免费。\n"),
        }
    )
    result = run_build(BuildOptions(project_dir=root, only=("print", "site"), jobs=1))
    assert result.ok, [d.format() for d in result.diagnostics]
    print_dir, site = root / "build" / "print", root / "build" / "site"

    def pdf_text(name: str) -> str:
        return re.sub(r"\s+", " ", "".join(p.extract_text() for p in PdfReader(str(print_dir / name)).pages))

    en, zh = pdf_text("en-poster.pdf"), pdf_text("zh-poster.pdf")
    assert "Test County Health Commission" in en and "测试县" not in en
    assert "测试县卫生健康局" in zh and "Test County" not in zh
    en_home, zh_home = (site / "en" / "index.html").read_text("utf-8"), (site / "index.html").read_text("utf-8")
    assert "<title>Home - Test County Health Education</title>" in en_home
    assert "Test County Health Commission" in text_of(site / "en" / "index.html") and "测试县" not in en_home
    assert "Test County, A Province" in text_of(site / "en" / "index.html")
    assert "某省测试县" in text_of(site / "index.html")
    assert "测试县卫生健康宣传</title>" in zh_home and "Test County" not in zh_home


def test_a_name_without_the_first_language_is_an_error_at_its_key(make_project):
    from xuanjiao.cli import main

    root = make_project({"content/site.yml": NAMED_SITE.replace("{zh-CN: 测试县卫生健康局, en:", "{en:")})
    result = CliRunner().invoke(main, ["check", "--project", str(root)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert (
        "content/site.yml:2:15: error: organization: needs a zh-CN entry (the first of languages)" in result.output
    ), result.output
    root = make_project(
        {
            "content/site.yml": NAMED_SITE.replace(
                "{zh-CN: 测试县卫生健康局, en: Test County Health Commission}", "[测试县, 卫生健康局]"
            )
        },
        name="list",
    )
    result = CliRunner().invoke(main, ["check", "--project", str(root)])
    assert result.exit_code == 1 and result.output.count("error:") == 1, result.output
    assert "content/site.yml:2:15: error: organization: must be a name, or one name per language" in result.output
