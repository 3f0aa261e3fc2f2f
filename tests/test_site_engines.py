"""The same example project built with every site engine: same URLs, same words, same feed.

MkDocs is always installed; Pelican and Zensical are optional extras (installed in CI through
the `test` extra), so their tests skip when the program is missing.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import urlparse

import pytest

from sitecheck import PageParser, broken_links, external_references, parse, search_index
from test_news import feed_problems
from xuanjiao.content.loader import load_project
from xuanjiao.output_dir import MARKER, MARKER_TEXT
from xuanjiao.pipeline import BuildOptions, run_build
from xuanjiao.site import engines

ENGINES = [
    pytest.param(name, marks=pytest.mark.skipif(not engines.available(name), reason=f"{name} is not installed"))
    for name in engines.NAMES
]
FAKE_PDF = b"%PDF-1.7\n% a stand-in for the print stage's output\n"


def build_with(example: Path, root: Path, engine: str) -> Path:
    """A copy of the example project with `engine:` switched, built (site stage only) next to a
    stand-in print output so the downloads are linked as in a full build."""
    project = root / "project"
    shutil.copytree(example, project, ignore=shutil.ignore_patterns("build"))
    site_yml = project / "content" / "site.yml"
    site_yml.write_text(re.sub(r"(?m)^engine: .*$", f"engine: {engine}", site_yml.read_text("utf-8")), "utf-8")
    out = root / "build"
    (out / "print").mkdir(parents=True)
    (out / MARKER).write_text(MARKER_TEXT, "utf-8")  # a previous build's folder: --out may replace it
    (out / "print" / "whd-poster.pdf").write_bytes(FAKE_PDF)
    (out / "print" / "whd-poster.screen.pdf").write_bytes(FAKE_PDF)
    result = run_build(BuildOptions(project_dir=project, only=("site",), out=out))
    assert result.ok, [d.format() for d in result.diagnostics]
    return out / "site"


_sites: dict[str, Path] = {}


@pytest.fixture(scope="module")
def site_for(example_copy, tmp_path_factory):
    def get(engine: str) -> Path:
        if engine not in _sites:
            _sites[engine] = build_with(example_copy, tmp_path_factory.mktemp(engine), engine)
        return _sites[engine]

    return get


@pytest.fixture(scope="module")
def project(example_copy):
    return load_project(example_copy)[0]


def expected_urls(project) -> list[str]:
    """The public URLs of outputs.md ("build/ layout") for the example project."""
    urls = [
        "index.html",
        "calendar/index.html",
        "calendar.ics",
        "campaigns/index.html",
        "materials/index.html",
        "news/index.html",
        "feed.xml",
        "downloads/whd-poster.pdf",
        "downloads/whd-poster.screen.pdf",
    ]
    urls += [f"campaigns/{c}/index.html" for c in project.campaigns]
    urls += [f"materials/{m.id}/index.html" for m in project.published_materials()]
    urls += [f"news/{n}/index.html" for n in project.news]
    urls += [f"pages/{p}/index.html" for p in project.pages]
    return urls


@pytest.mark.parametrize("engine", ENGINES)
def test_every_page_of_the_layout_exists_at_the_same_url(site_for, project, engine):
    site = site_for(engine)
    missing = [u for u in expected_urls(project) if not (site / u).is_file()]
    assert missing == []
    assert not any(p.name.startswith(".") or "private" in p.parts for p in site.rglob("*"))


@pytest.mark.parametrize("engine", ENGINES)
def test_links_resolve_nothing_external_and_every_page_is_in_its_language(site_for, project, engine):
    site = site_for(engine)
    broken = broken_links(site)
    if engine == "zensical":  # upstream (0.0.31): its 404 page's skip link has no #__skip target
        broken = [
            b
            for b in broken
            if b not in ("404.html -> #__skip (missing #__skip)", "en/404.html -> #__skip (missing #__skip)")
        ]
    assert broken == []
    assert external_references(site, {urlparse(project.site.url).hostname}) == []
    # The default language at /, English under /en/ (site.yml languages: [zh-CN, en]).
    wrong = [
        str(p.relative_to(site))
        for p in site.rglob("*.html")
        if parse(p).html_lang != ("en" if p.relative_to(site).parts[0] == "en" else "zh-CN")
    ]
    assert wrong == []


@pytest.mark.parametrize("engine", ENGINES)
def test_feed_is_valid_atom_whose_links_resolve(site_for, project, engine):
    assert feed_problems(site_for(engine), project.site.url) == []


@pytest.mark.parametrize("engine", ENGINES)
def test_campaign_page_links_its_news_and_material_page_its_downloads(site_for, project, engine):
    site = site_for(engine)
    camp = parse(site / "campaigns" / "whd-2026" / "index.html")
    assert "../../news/whd-2026-station/index.html" in [u for _, _, u in camp.links]
    mat = parse(site / "materials" / "whd-poster" / "index.html")
    links = [u for _, _, u in mat.links]
    assert "../../downloads/whd-poster.pdf" in links and "qr.svg" in links


class ArticleText(PageParser):
    """Visible text inside <article> only (the engines' chrome differs, the content must not)."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.article: list[str] = []

    def handle_starttag(self, tag, attrs):
        super().handle_starttag(tag, attrs)
        if tag == "article":
            self.depth += 1

    def handle_endtag(self, tag):
        super().handle_endtag(tag)
        if tag == "article" and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        super().handle_data(data)
        if self.depth and not self._skip:
            self.article.append(data)


def visible_words(page: Path) -> list[str]:
    p = ArticleText()
    p.feed(page.read_text("utf-8"))
    return re.findall(r"[\u3400-\u9fff]|[A-Za-z0-9]+", "".join(p.article))


def page_urls(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")} - {"404.html", "en/404.html"}


@pytest.mark.parametrize("engine", [p for p in ENGINES if p.values[0] != "mkdocs"])
def test_same_urls_and_same_words_as_mkdocs(site_for, project, engine):
    mk, other = site_for("mkdocs"), site_for(engine)
    assert page_urls(other) == page_urls(mk)
    for rel in ("feed.xml", "calendar.ics", "materials/whd-poster/qr.svg", "downloads/whd-poster.pdf"):
        assert (other / rel).read_bytes() == (mk / rel).read_bytes(), rel
    for rel in ("materials/whd-leaflet/index.html", "news/whd-2026-station/index.html"):
        words_mk, words_other = visible_words(mk / rel), visible_words(other / rel)
        assert len(words_mk) > 100
        assert words_other == words_mk, rel


@pytest.mark.skipif(not engines.available("pelican"), reason="pelican is not installed")
@pytest.mark.parametrize("page", ["index.html", "materials/whd-poster/index.html", "campaigns/whd-2026/index.html"])
def test_pelican_pages_switch_language_in_place_and_speak_their_own(site_for, page):
    """Like Material's switcher: each page links to itself in every language (relative links
    that resolve on disk), and the English site's own words (search, skip link, footer) are English."""
    site = site_for("pelican")
    for lang, here in (("zh-CN", site / page), ("en", site / "en" / page)):
        html = here.read_text("utf-8")
        found = {hreflang: href for href, hreflang in re.findall(r'<a href="([^"]+)" hreflang="([^"]+)"', html)}
        assert set(found) == {"zh-CN", "en"}, html[:300]
        assert (here.parent / found["zh-CN"]).resolve() == (site / page).resolve()
        assert (here.parent / found["en"]).resolve() == (site / "en" / page).resolve()
        assert re.search(rf'hreflang="{lang}" lang="{lang}" aria-current="true"', html)
        # the page's text and the titles of untranslated pages in the tabs may be Chinese
        chrome = re.sub(r"<article.*?</article>|<ul class=\"md-tabs__list\">.*?</ul>", "", html, flags=re.S)
        if lang == "en":
            assert 'placeholder="Search"' in chrome and "Skip to content" in chrome and "News feed (Atom)" in chrome
            assert not re.search(r"搜索|跳到正文|健康热线|活动报道|栏目", chrome)
        else:
            assert 'placeholder="搜索"' in chrome and "跳到正文" in chrome


@pytest.mark.parametrize("engine", ENGINES)
def test_search_index_finds_a_word_from_the_middle_of_a_sentence_in_its_section(site_for, project, engine):
    import jieba

    index = search_index(site_for(engine))
    body = project.campaigns["whd-2026"].body
    paragraph = next(line for line in body.splitlines() if len(line) > 20 and not line.startswith(("#", "-", "<")))
    words = [w for w in jieba.cut(paragraph) if len(w) >= 2 and re.fullmatch(r"[\u4e00-\u9fff]+", w)]
    word = words[len(words) // 2]
    assert not paragraph.startswith(word)
    hits = [d[0] for d in index["docs"] if word in d[4].split()]
    assert any(h.startswith("campaigns/whd-2026/index.html") for h in hits), (word, hits)
    assert word in index["vocab"]  # the browser cuts a query with the index's own words
    # every engine's pages load the same search script
    assert 'assets/javascripts/xj-search.js"' in (site_for(engine) / "index.html").read_text("utf-8")


@pytest.mark.parametrize("engine", [p for p in ENGINES if p.values[0] != "mkdocs"])
def test_build_is_byte_reproducible(site_for, example_copy, tmp_path, engine):
    first = site_for(engine)
    second = build_with(example_copy, tmp_path, engine)
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    differ = [str(f) for f in files if (first / f).read_bytes() != (second / f).read_bytes()]
    assert differ == []


@pytest.mark.parametrize("engine", ["pelican", "zensical"])
def test_a_missing_optional_engine_is_a_clear_error(make_project, monkeypatch, engine):
    import importlib

    monkeypatch.setattr(importlib.import_module(f"xuanjiao.site.engines.{engine}"), "available", lambda: False)
    root = make_project({"content/site.yml": f"title: 测试\norganization: 测试局\nengine: {engine}\n"})
    result = run_build(BuildOptions(project_dir=root, only=("site",)))
    assert not result.ok
    message = " ".join(d.format() for d in result.diagnostics)
    assert f"pip install 'xuanjiao[{engine}]'" in message and "Traceback" not in message
    assert not (root / "build").exists()  # the previous build (none) is left as it was


def test_the_package_never_imports_pelican():
    src = Path(__file__).resolve().parent.parent / "src" / "xuanjiao"
    offenders = [
        str(p)
        for p in src.rglob("*.py")
        if re.search(r"^\s*(import pelican|from pelican\b)", p.read_text("utf-8"), re.M)
    ]
    assert offenders == []


@pytest.mark.parametrize("engine", ENGINES)
def test_every_engine_has_a_chinese_404_a_whole_sitemap_feed_discovery_logo_and_tel_links(site_for, project, engine):
    site = site_for(engine)
    not_found = (site / "404.html").read_text("utf-8")
    assert "找不到这个页面" in not_found and 'href="/index.html"' in not_found  # served at any depth: from the root
    locs = set(re.findall(r"<loc>([^<]+)</loc>", (site / "sitemap.xml").read_text("utf-8")))
    pages = [u for u in expected_urls(project) if u.endswith(".html")]
    assert {project.site.url + u.removesuffix("index.html") for u in pages} <= locs
    home = (site / "index.html").read_text("utf-8")
    assert re.search(r'<link rel="alternate" type="application/atom\+xml"[^>]*href="\./feed\.xml"', home)
    assert re.search(r'<img src="\./content-assets/logo\.svg"', home)  # the project's logo in the header
    assert (site / "content-assets" / "logo.svg").is_file()
    hotline = (site / "pages" / "hotline" / "index.html").read_text("utf-8")
    article = hotline[hotline.index("<article") : hotline.index("</article>")]
    assert 'href="tel:12320"' in article
