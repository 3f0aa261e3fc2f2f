"""Nothing executable from content reaches any output: hostile Markdown bodies are cleaned in
every engine, in print's renderer, the feed and the search index, and hostile titles, names
and site settings are escaped wherever an engine's templates print them.

The property test runs on the renderer itself (fast); `XUANJIAO_LONG_FUZZ=1` raises its
number of examples. The build tests build one hostile project per engine and compare its
scripts with a clean build of the same project.
"""

from __future__ import annotations

import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import write_project
from sitecheck import search_index
from xuanjiao.markdown import render
from xuanjiao.pipeline import BuildOptions, run_build
from xuanjiao.sanitize import ALLOWED_TAGS
from xuanjiao.site import engines

LONG = bool(os.environ.get("XUANJIAO_LONG_FUZZ"))
URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background"}
C0_AND_SPACE = "".join(chr(i) for i in range(0x21))
BAD_SCHEME = re.compile(r"^(javascript|vbscript|data|file):")


class Executable(HTMLParser):
    """Collects what a browser would run: script elements, on* attributes, script URLs."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.scripts: list[str] = []  # "src:URL" or "inline:TEXT"
        self.handlers: list[str] = []
        self.urls: list[str] = []
        self.text: list[str] = []
        self._in_script = False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "script":
            self._in_script = True
            self.scripts.append("src:" + re.sub(r"^(\.\./)+|^\./", "", a["src"]) if a.get("src") else "inline:")
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append(f"<{tag} {name}>")
            # as a browser's URL parser reads it: C0 controls and spaces trimmed, tabs and
            # newlines removed anywhere ("java   script:" with spaces is a relative URL)
            compact = re.sub(r"[\t\n\r]", "", (value or "").strip(C0_AND_SPACE)).lower()
            if name in URL_ATTRS and BAD_SCHEME.match(compact):
                self.urls.append(f"<{tag} {name}={value!r}>")
            if name == "style" and "url(" in compact:
                self.urls.append(f"<{tag} style={value!r}>")

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and self.scripts and self.scripts[-1].startswith("inline:"):
            self.scripts[-1] += data
        elif not self._in_script:
            self.text.append(data)


def assert_inert(html: str, where: str, allowed_urls: frozenset[str] = frozenset()) -> Executable:
    found = Executable(html)
    assert found.handlers == [], (where, found.handlers)
    assert [u for u in found.urls if u not in allowed_urls] == [], where
    return found


# -- the renderer: a property test -------------------------------------------------------------

SCHEMES = [
    "javascript:",
    "JaVaScRiPt:",
    " javascript:",
    "java\tscript:",
    "&#106;avascript:",
    "java&#x09;script:",
    "&#x6A;&#x61;vascript:",
    "jav&#x0A;ascript:",
    "vbscript:",
    "data:text/html;base64,PHNjcmlwdD4=,",
    "\x01javascript:",
    "javascript&colon;",
    "JAVASCRIPT&#58;",
]
PAYLOAD = st.sampled_from(["alert(1)", "alert`1`", "eval(name)"])


@st.composite
def hostile_markdown(draw) -> str:
    scheme, payload = draw(st.sampled_from(SCHEMES)), draw(PAYLOAD)
    url = scheme + payload
    pieces = [
        f"[点我][r]\n\n[r]: {url}\n",
        f"[点我]({url})",
        f"![图]({url})",
        f"<{url}>",
        f'<a href="{url}">a</a>',
        f"<a href='{url}'>a</a>",
        f"<a href={url}>a</a>",
        f"<img src=x\nonerror={payload}>",
        f"<img\nsrc=x onerror={payload}>",
        f"<svg><script>{payload}</script></svg>",
        f"<svg onload={payload}>",
        f'<iframe src="{url}"></iframe>',
        f"<!-- <script>{payload}</script> -->",
        f"<script>{payload}</script>",
        f"<SCRIPT>{payload}</SCRIPT>",
        f'<div onclick="{payload}" markdown>x</div>',
        f'<span style="background:url({url})">x</span>',
        f'<object data="{url}"></object>',
        f'<form action="{url}"><button>b</button></form>',
        f"<details open ontoggle={payload}>",
        f"[x]({url}){{ onclick={payload} }}",
        f"## 标题 {{ onmouseover={payload} }}",
        f'<math><mi xlink:href="{url}">x</mi></math>',
        f'<a href="{url}"\n>split</a>',
        "<",
        ">",
        "\n\n",
        "- ",
        "    ",
        "`",
        "```\n",
        "**",
        "正文",
        f'<img src="{url}">',
        f'<base href="{url}">',
        f'<meta http-equiv=refresh content="0;{url}">',
    ]
    return "".join(draw(st.lists(st.sampled_from(pieces), min_size=1, max_size=8)))


@settings(max_examples=3000 if LONG else 150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_markdown())
def test_rendered_markdown_carries_nothing_executable(text):
    html = render(text)
    found = assert_inert(html, text)
    assert found.scripts == [], (text, html)
    tags = set(re.findall(r"<([a-zA-Z][\w:-]*)", html))
    assert tags <= ALLOWED_TAGS, (text, html)  # no svg, math, iframe, object, form, base, meta


# -- real builds, one per engine ---------------------------------------------------------------

H = '<script>alert(1)</script>"><img src=x onerror=alert(1)>'
BODY = """\
正文。[点我][x] <img
src=../assets/x.svg onerror=alert(1)> <a href="&#106;avascript:alert(1)">a</a> <a href="java&#x09;script:alert(1)">b</a>

<svg><script>alert(2)</script></svg> <iframe src="x"></iframe> <JAVASCRIPT:alert(1)> [c](data:text/html,x)

## 小标题 <script>alert(3)</script> { onclick=alert(1) }

<div onmouseover="alert(1)" markdown>**粗体**</div>

[x]: JaVaScRiPt:alert(1)
"""


def project_files(engine: str, value: str, body: str) -> dict[str, str]:
    v = json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML scalar
    return {
        "content/site.yml": f"title: {v}\norganization: {v}\nregion: {v}\nhotline: {v}\nengine: {engine}\n"
        "languages: [zh-CN, en]\n",
        "content/venues.yml": f'- id: v1\n  name: {v}\n  kind: square\n  address: {v}\n  hours: "08:00-11:00"\n'
        "  volunteers: 2\n  reach: 100\n  days: daily\n",
        "content/awareness-days.yml": f'- id: local-day\n  name: {{zh-CN: {v}}}\n  date: "05-20"\n  scope: local\n',
        "content/campaigns/c1.md": f"---\nday: local-day\nyear: 2026\ntitle: {v}\nslogan: {v}\naudiences: [{v}]\n"
        f"venues: [v1]\nmaterials: [m1]\nowner: {v}\n---\n" + body,
        "content/materials/m1.md": f"---\ntitle: {v}\nkind: flyer\nsize: A5\nlang: zh-CN\ncampaigns: [c1]\n"
        f"audiences: [{v}]\nstatus: approved\nreviewed_by: {v}\nreviewed_on: 2026-01-01\n"
        f"review_due: 2099-01-01\nsources: [{v}]\nqr: none\n---\n" + body,
        "content/pages/p1.md": f"---\ntitle: {v}\n---\n" + body,
        "content/news/n1.md": f"---\ntitle: {v}\ndate: 2026-05-21\ncampaign: c1\nsummary: {v}\n---\n" + body,
        "content/assets/x.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>\n',
    }


def build_site(root: Path, files: dict[str, str]) -> tuple[Path, list[str]]:
    project = write_project(root / "project", files)
    result = run_build(BuildOptions(project_dir=project, only=("site",), out=root / "build"))
    assert result.ok, [d.format() for d in result.diagnostics]
    return root / "build" / "site", [d.format() for d in result.diagnostics]


def engine_scripts(site: Path) -> tuple[set[str], frozenset[str]]:
    """The scripts and script URLs an engine puts in a clean site's pages (its own)."""
    scripts: set[str] = set()
    urls: set[str] = set()
    for page in site.rglob("*.html"):
        found = Executable(page.read_text("utf-8"))
        scripts.update(found.scripts)
        urls.update(found.urls)
    return scripts, frozenset(urls)


def search_documents(site: Path) -> list[tuple[str, bool]]:
    """(text, is_html) of every search index entry: plain text on every engine (engines/search.py),
    which xj-search.js escapes when it shows it."""
    docs = search_index(site)["docs"]
    return [(text, False) for d in docs for text in d[1:4]]


ENGINES = [
    pytest.param(name, marks=pytest.mark.skipif(not engines.available(name), reason=f"{name} is not installed"))
    for name in engines.NAMES
]


@pytest.mark.parametrize("engine", ENGINES)
def test_hostile_content_is_escaped_or_removed_on_every_page_feed_and_index(tmp_path, engine):
    clean_site, _ = build_site(tmp_path / "clean", project_files(engine, "青禾县", "正文。\n\n## 小标题\n"))
    own_scripts, own_urls = engine_scripts(clean_site)
    site, diagnostics = build_site(tmp_path / "hostile", project_files(engine, H, BODY))
    assert any("m1.md:18:" in d and "removed unsafe HTML: <script>" in d for d in diagnostics), diagnostics

    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        where = str(page.relative_to(site))
        html = page.read_text("utf-8")
        found = assert_inert(html, where, own_urls)
        assert set(found.scripts) <= own_scripts, (where, set(found.scripts) - own_scripts)
        assert "alert(2)" not in html and "alert(3)" not in html, where  # removed with their <script>
    for page in (
        "materials/m1/index.html",
        "campaigns/c1/index.html",
        "news/n1/index.html",
        "pages/p1/index.html",
        "index.html",
    ):
        visible = "".join(Executable((site / page).read_text("utf-8")).text)
        assert H in visible, page  # shown as the text it is

    feed = ET.parse(site / "feed.xml").getroot()
    for el in feed.iter():
        if el.get("type") == "html":
            assert Executable(el.text or "").scripts == [] and "alert(2)" not in (el.text or "")
            assert_inert(el.text or "", "feed.xml")

    docs = search_documents(site)
    assert any(H in (text if not is_html else "".join(Executable(text).text)) for text, is_html in docs)
    for text, is_html in docs:
        assert "alert(2)" not in text and "alert(3)" not in text
        if is_html:
            assert Executable(text).scripts == []
            assert_inert(text, "search index")
