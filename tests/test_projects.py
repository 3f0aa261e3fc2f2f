"""Every test project, built for real: tests/projects/lanfeng (a second county, written apart from
the example) on every engine, its golden outputs, and `check`-ok implies `build`-ok everywhere.

One full MkDocs build of lanfeng (all stages) is shared by the session; Pelican and Zensical
rebuild only the site stage next to a copy of it, so downloads and plans are linked alike.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
import yaml

import golden
from conftest import made_once
from sitecheck import broken_links, parse
from test_news import feed_problems
from test_site_engines import page_urls, visible_words
from xuanjiao.site import engines

REPO = golden.REPO
LANFENG = golden.PROJECTS / "lanfeng"
PROJECT_DIRS = [REPO] + sorted(p for p in golden.PROJECTS.iterdir() if (p / "content" / "site.yml").is_file())
ENGINES = [
    pytest.param(name, marks=pytest.mark.skipif(not engines.available(name), reason=f"{name} is not installed"))
    for name in engines.NAMES
]
OTHER_ENGINES = [p for p in ENGINES if p.values[0] != "mkdocs"]
URL = "https://wjw.example.cn/jiankang/"


@dataclass
class Built:
    project: Path
    out: Path
    run: subprocess.CompletedProcess

    def require(self) -> Path:
        if self.run.returncode != 0:
            pytest.fail(f"build of {self.project} failed (exit {self.run.returncode}):\n{self.run.stderr}")
        return self.out


def build_cli(project: Path, out: Path, *extra: str) -> Built:
    return Built(project, out, golden.xuanjiao("build", "--project", str(project), "--out", str(out), *extra))


def shared_build(tmp_path_factory, engine: str, full: Path | None = None) -> Built:
    """lanfeng built by the command line once for all the session's workers (conftest.made_once):
    in full, or only its site with `engine` next to a copy of the `full` build."""

    def make(folder: Path) -> None:
        project = golden.copy_project(LANFENG, folder / "project", engine=engine if full else None)
        if full:
            shutil.copytree(full, folder / "build", ignore=shutil.ignore_patterns(".cache"))
        run = build_cli(project, folder / "build", *(("--only", "site") if full else ())).run
        saved = {"args": run.args, "returncode": run.returncode, "stdout": run.stdout, "stderr": run.stderr}
        (folder / "run.json").write_text(json.dumps(saved), "utf-8")

    folder = made_once(tmp_path_factory, f"lanfeng-{engine}", make)
    run = subprocess.CompletedProcess(**json.loads((folder / "run.json").read_text("utf-8")))
    return Built(folder / "project", folder / "build", run)


@pytest.fixture(scope="session")
def lanfeng(tmp_path_factory) -> Built:
    """lanfeng built fully (site with MkDocs, print, plans, private)."""
    return shared_build(tmp_path_factory, "mkdocs")


@pytest.fixture(scope="session")
def site_for(lanfeng, tmp_path_factory):
    def get(engine: str) -> Path:
        full = lanfeng.require()
        if engine == "mkdocs":
            return full / "site"
        return shared_build(tmp_path_factory, engine, full).require() / "site"

    return get


def front_matter(path: Path) -> tuple[dict, str]:
    _, head, body = path.read_text("utf-8").split("---\n", 2)
    return yaml.safe_load(head), body


def materials(status: str | None = "approved") -> dict[str, tuple[dict, str]]:
    found = {p.stem: front_matter(p) for p in sorted((LANFENG / "content" / "materials").glob("*.md"))}
    return {k: v for k, v in found.items() if status is None or v[0]["status"] == status}


def plans(out: Path) -> dict[str, dict]:
    """plan.json of each campaign, by campaign id."""
    found = [json.loads(p.read_text("utf-8")) for p in sorted((out / "plans").glob("*/*/plan.json"))]
    return {p["campaign"]: p for p in found}


# --- check and build agree --------------------------------------------------------------------


@pytest.mark.parametrize("project", PROJECT_DIRS, ids=lambda p: "example" if p == REPO else p.name)
def test_check_ok_implies_build_ok(project, lanfeng, tmp_path, request):
    copy = tmp_path / "project"
    for name in ("content", "private", "themes"):
        if (project / name).is_dir():
            shutil.copytree(project / name, copy / name)
    check = golden.xuanjiao("check", "--project", str(copy))
    assert check.returncode == 0, f"every test project is valid content; check says:\n{check.stderr}"
    if project == REPO:  # the example's full build is the session's (it fails there if the build does)
        assert (request.getfixturevalue("example_built") / "build" / "site" / "index.html").is_file()
        return
    # lanfeng's full build is the session's; the others are built here
    built = lanfeng if project == LANFENG else build_cli(copy, tmp_path / "build")
    assert built.run.returncode == 0, f"check said ok, build failed:\n{built.run.stderr}"


# --- the site, on every engine ----------------------------------------------------------------


def markdown_images(body: str) -> list[tuple[str, str]]:
    return re.findall(r"!\[([^\]]*)\]\(([^)\s]+)\)", body)


def image_pages() -> list[tuple[str, str, Path]]:
    """(page URL, alt, source asset) for every Markdown image of a published material, page or news post."""
    found = []
    for mid, (_, body) in materials().items():
        found += [
            (f"materials/{mid}/index.html", alt, LANFENG / "content" / "materials" / src)
            for alt, src in markdown_images(body)
        ]
    for folder in ("pages", "news"):
        for page in sorted((LANFENG / "content" / folder).glob("*.md")):
            found += [
                (f"{folder}/{page.stem}/index.html", alt, page.parent / src)
                for alt, src in markdown_images(page.read_text("utf-8"))
            ]
    return found


def same_image(published: Path, source: Path) -> bool:
    if source.suffix == ".svg":  # may be cleaned of scripts: the drawing's title must survive
        ns = "{http://www.w3.org/2000/svg}"
        return ET.parse(published).getroot().findtext(f"{ns}title") == ET.parse(source.resolve()).getroot().findtext(
            f"{ns}title"
        )
    return published.read_bytes() == source.read_bytes()


@pytest.mark.parametrize("engine", ENGINES)
def test_images_relative_to_the_markdown_file_are_published_and_linked(site_for, engine):
    site = site_for(engine)
    expected = image_pages()
    assert len(expected) >= 10
    problems = []
    for lang_root in (site, site / "en"):
        for url, alt, source in expected:
            page = lang_root / url
            srcs = [src for tag, attr, src in parse(page).links if tag == "img" and attr == "src"]
            imgs = re.findall(r"<img\b[^>]*>", page.read_text("utf-8"))
            wanted = [i for i in imgs if f'alt="{alt}"' in i]
            if not wanted:
                problems.append(f"{page.relative_to(site)}: no <img alt={alt!r}> (has {srcs})")
                continue
            src = re.search(r'src="([^"]+)"', wanted[0]).group(1)
            target = (page.parent / src).resolve()
            if not target.is_file() or not same_image(target, source):
                problems.append(f"{page.relative_to(site)}: <img src={src!r}> is not {source.name}")
    assert problems == []
    assert broken_in(site) == []


def broken_in(site: Path) -> list[str]:
    """sitecheck.broken_links, for a site served under URL's sub-path: the 404 pages' root-absolute
    links carry /jiankang/ and must resolve below it."""
    prefix = urlparse(URL).path
    broken = []
    for problem in broken_links(site):
        page, _, rest = problem.partition(" -> ")
        url = rest.split(" (")[0]
        if "#__skip" in url:  # zensical 0.0.31's 404 page has no #__skip target
            continue
        if page.endswith("404.html") and url.startswith(prefix):
            target = site / unquote(urlparse(url).path).removeprefix(prefix)
            if (target / "index.html" if url.endswith("/") or url.endswith("/.") else target).exists():
                continue
        broken.append(problem)
    return broken


@pytest.mark.parametrize("engine", ENGINES)
def test_bold_labels_and_plain_lists_of_campaign_bodies(site_for, engine):
    site = site_for(engine)
    html = (site / "campaigns" / "tb-2027" / "index.html").read_text("utf-8")
    article = golden.article_html(html)
    # a bold label is a paragraph, not a heading; the list after it keeps every item
    assert re.search(r"<p>\n?<strong>核心信息</strong>\n?</p>\n<ul>", article), article[:2000]
    assert not re.search(r"<h\d[^>]*>核心信息", article)
    items = re.search(r"<strong>主要活动</strong>\n?</p>\n<ol>(.*?)</ol>", article, re.S)
    assert items and len(re.findall(r"<li>", items.group(1))) == 3
    assert "客运站：活动期间每天上午设咨询台" in items.group(1)


@pytest.mark.parametrize("engine", OTHER_ENGINES)
def test_same_pages_and_words_as_mkdocs(site_for, engine):
    mk, other = site_for("mkdocs"), site_for(engine)
    assert page_urls(other) == page_urls(mk)
    assert "materials/eye-poster/index.html" not in page_urls(mk)  # the draft
    for rel in (
        "campaigns/iodine-2027/index.html",
        "materials/iodine-leaflet/index.html",
        "en/materials/tb-flyer-en/index.html",
    ):
        words = visible_words(mk / rel)
        assert len(words) > 80, rel
        assert visible_words(other / rel) == words, rel
    assert (other / "calendar.ics").read_bytes() == (mk / "calendar.ics").read_bytes()


@pytest.mark.parametrize("engine", ENGINES)
def test_urls_carry_the_sites_sub_path(site_for, engine):
    site = site_for(engine)
    assert feed_problems(site, URL) == []
    canonical = re.findall(
        r'<link rel="canonical" href="([^"]+)"', (site / "materials" / "tb-poster" / "index.html").read_text("utf-8")
    )
    assert all(c == URL + "materials/tb-poster/index.html" for c in canonical)
    assert canonical or engine == "pelican"  # Pelican's theme writes no canonical link
    ics = golden.ics_text((site / "calendar.ics").read_text("utf-8"))
    urls = re.findall(r"^URL[^:]*:(.*)$", ics, re.M)
    assert urls and all(u.startswith(URL) for u in urls), urls[:5]


def test_english_material_and_translation_link(site_for):
    site = site_for("mkdocs")
    zh = (site / "materials" / "tb-flyer" / "index.html").read_text("utf-8")
    assert re.search(r'<a href="\.\./tb-flyer-en/index\.html" hreflang="en"', zh)
    en = parse(site / "en" / "materials" / "tb-flyer-en" / "index.html")
    assert en.html_lang == "en"
    assert "How TB spreads" in "".join(en.text)


# --- plans on the 2027 calendar ---------------------------------------------------------------


def working_days() -> callable:
    """The project's own 2027 calendar (holidays.yml), computed here independently."""
    year = yaml.safe_load((LANFENG / "content" / "holidays.yml").read_text("utf-8"))[2027]
    off, on = set(year["holidays"]), set(year["workdays"])
    return lambda d: d in on or (d.weekday() < 5 and d not in off)


def nth_working_day(start: dt.date, n: int, step: int, is_working) -> dt.date:
    day = start
    while n:
        day += dt.timedelta(days=step)
        n -= is_working(day)
    return day


def on_cycle(rule: str, day: dt.date) -> bool:
    from lunar_python import Solar

    kind, _, spec = rule.partition(" ")
    if kind == "daily":
        return True
    if kind == "weekly":
        return day.strftime("%a") in spec.split(",")
    digits = {int(x) % 10 for x in spec.split(",")}
    number = day.day if kind == "solar" else Solar.fromYmd(day.year, day.month, day.day).getLunar().getDay()
    return number % 10 in digits


EXPECTED_DATES = {
    "tb-2027": "2027-03-24",
    "iodine-2027": "2027-05-15",
    "family-doctor-2027": "2027-05-19",
    "eye-2027": "2027-06-06",
    "duanwu-2027": "2027-06-09",
}  # duanwu: lunar 05-05


def test_plans_follow_the_projects_calendar_template_and_venue_cycles(lanfeng):
    found = plans(lanfeng.require())
    assert {c: p["date"] for c, p in found.items()} == EXPECTED_DATES
    template = yaml.safe_load((LANFENG / "content" / "plan.yml").read_text("utf-8"))
    venues = {v["id"]: v for v in yaml.safe_load((LANFENG / "content" / "venues.yml").read_text("utf-8"))}
    is_working = working_days()
    for cid, plan in found.items():
        day = dt.date.fromisoformat(plan["date"])
        _, body = front_matter(LANFENG / "content" / "campaigns" / f"{cid}.md")
        camp, _ = front_matter(LANFENG / "content" / "campaigns" / f"{cid}.md")
        dues = {t["id"]: t["due"] for t in plan["tasks"]}
        for task in template["tasks"]:
            step, n = (-1, task["before"]) if "before" in task else (1, task["after"])
            assert dues[task["id"]] == nth_working_day(day, n, step, is_working).isoformat(), (cid, task["id"])
        # every venue day inside the window, and nothing else
        lo = day - dt.timedelta(days=template["window"]["before"])
        window = [
            lo + dt.timedelta(days=i) for i in range(template["window"]["before"] + template["window"]["after"] + 1)
        ]
        want = {(v, d.isoformat()) for v in camp["venues"] for d in window if on_cycle(venues[v]["days"], d)}
        assert {(s["venue"], s["date"]) for s in plan["sessions"]} == want, cid
        for s in plan["sessions"]:
            assert f"{s['start']}-{s['end']}" == venues[s["venue"]]["hours"]
            # a joint session (联合开展) needs one more hand per further campaign
            assert len(s["volunteers"]) == venues[s["venue"]]["volunteers"] + len(s.get("joint_with", [])), (cid, s)
    # 调休: the Saturday 2027-06-12 is a working day; the Dragon Boat holiday is not
    assert {t["id"]: t["due"] for t in found["duanwu-2027"]["tasks"]}["zongjie"] == "2027-06-15"


def test_two_campaigns_share_a_market_day_without_double_booking(lanfeng):
    """Their market days at 高坡镇 are one joint session each (联合开展): one roster listed in
    both plans; no one is in two sessions at once."""
    found = plans(lanfeng.require())
    shared = {"2027-05-13", "2027-05-18"}
    joint = {}
    for cid, other in (("iodine-2027", "family-doctor-2027"), ("family-doctor-2027", "iodine-2027")):
        days = {s["date"] for s in found[cid]["sessions"] if s["venue"] == "gaopo-market"}
        assert shared <= days, cid
        for s in found[cid]["sessions"]:
            if s["venue"] == "gaopo-market" and s["date"] in shared:
                assert s["joint_with"] == [other] and s["reported_in"] == "iodine-2027", (cid, s)
                assert joint.setdefault(s["date"], s["volunteers"]) == s["volunteers"]
    volunteers = {v["id"]: v for v in yaml.safe_load((LANFENG / "private" / "volunteers.yml").read_text("utf-8"))}
    by_date: dict[str, list[tuple[str, str, set]]] = {}
    for plan in found.values():
        for s in plan["sessions"]:
            if s.get("reported_in", cid) != cid:
                continue  # a joint session once, under its host
            by_date.setdefault(s["date"], []).append((s["start"], s["end"], set(s["volunteers"])))
            day = dt.date.fromisoformat(s["date"])
            for vid in s["volunteers"]:
                avail = volunteers[vid]["available"]
                assert not avail or day in avail or day.strftime("%a") in avail, (vid, s)
    for date, sessions in by_date.items():
        for i, (s1, e1, v1) in enumerate(sessions):
            for s2, e2, v2 in sessions[i + 1 :]:
                if s1 < e2 and s2 < e1:
                    assert not v1 & v2, f"{date}: {sorted(v1 & v2)} booked twice"


def test_nothing_private_reaches_public_outputs(lanfeng):
    out = lanfeng.require()
    people = yaml.safe_load((LANFENG / "private" / "volunteers.yml").read_text("utf-8"))
    secrets = [p["name"] for p in people] + [p["phone"] for p in people]
    leaks = []
    for folder in ("site", "plans", "print"):
        for path in (out / folder).rglob("*"):
            if path.is_file() and path.suffix in (".html", ".json", ".ics", ".xml", ".md", ".js", ".txt", ".svg"):
                text = path.read_text("utf-8", errors="replace")
                leaks += [f"{path.relative_to(out)}: {s[:1]}…" for s in secrets if s in text]
    assert leaks == []


def test_the_local_lunar_day_in_the_calendar(lanfeng):
    from lunar_python import Lunar

    ics = golden.ics_text((lanfeng.require() / "site" / "calendar.ics").read_text("utf-8"))
    events = re.findall(r"BEGIN:VEVENT\n(.*?)END:VEVENT", ics, re.S)
    local = [e for e in events if "SUMMARY:岚峰县端午爱国卫生日" in e]
    assert local and all("DTSTART;VALUE=DATE:20270609" in e for e in local)
    run = golden.xuanjiao("calendar", "--year", "2028", "--json", "--project", str(LANFENG))
    assert run.returncode == 0, run.stderr
    days = {d["id"]: d["date"] for d in json.loads(run.stdout)}
    assert days["lanfeng-duanwu-hygiene-day"] == Lunar.fromYmd(2028, 5, 5).getSolar().toYmd()


# --- print ------------------------------------------------------------------------------------


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return re.sub(r"\s+", "", "".join(page.extract_text() or "" for page in PdfReader(path).pages))


def pdf_image_sizes(path: Path) -> set[tuple[int, int]]:
    import pikepdf

    sizes = set()
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            for image in page.get_images().values():
                sizes.add((int(image.Width), int(image.Height)))
    return sizes


def test_print_pdfs_hold_their_text_and_images(lanfeng):
    from PIL import Image

    out = lanfeng.require() / "print"
    approved = materials()
    assert sorted(
        p.name.removesuffix(".pdf") for p in out.glob("*.pdf") if p.name.count(".") == 1 and p.stem != "print-order"
    ) == sorted(approved)
    assert not list(out.glob("eye-poster*"))  # the draft
    for mid, (meta, body) in approved.items():
        text = pdf_text(out / f"{mid}.pdf")
        assert re.sub(r"\s+", "", meta["title"]) in text or meta["kind"] == "banner", mid
        headings = re.findall(r"^## (.+)$", body, re.M)
        assert all(re.sub(r"\s+", "", h) in text for h in headings), (mid, headings)
        pngs = [LANFENG / "content" / "materials" / src for _, src in markdown_images(body) if src.endswith(".png")]
        for png in pngs:
            assert Image.open(png).size in pdf_image_sizes(out / f"{mid}.pdf"), (mid, png.name)
    assert "清洁家园除害防病过个干净端午" in pdf_text(out / "duanwu-banner.pdf")
    en = pdf_text(out / "tb-flyer-en.pdf")
    assert "HowTBspreads" in en and "LanfengCountyHealthBureau" in en
    from pypdf import PdfReader

    assert len(PdfReader(out / "family-doctor-brochure.pdf").pages) % 4 == 0
    assert len(PdfReader(out / "iodine-leaflet.pdf").pages) == 2


def test_print_order_quantities_come_from_the_plans(lanfeng):
    import openpyxl

    out = lanfeng.require()
    rows = list(openpyxl.load_workbook(out / "print" / "print-order.xlsx").worksheets[0].iter_rows(values_only=True))
    header = rows[0]
    body = [r for r in rows[1:] if r[0] and r[0] != "合计" and r[0] != "联系人"]  # then a subtotal per kind
    qty = {r[0]: r[header.index("数量")] for r in body}
    assert set(qty) == set(materials())
    planned: dict[str, int] = {}
    for plan in plans(out).values():
        for item in plan["print"]:
            if item["material"] in qty:  # only approved materials are ordered
                planned[item["material"]] = planned.get(item["material"], 0) + item["quantity"]
    assert {m: q for m, q in qty.items() if m in planned} == planned
    # reach-driven: 3 Gaopo market days x 1200, 2 Shuikou x 700, 4 evenings on the square x 500, +15 %
    assert planned["iodine-leaflet"] >= (3 * 1200 + 2 * 700 + 4 * 500) * 1.15
    subtotals = [r for r in rows if r[1] and str(r[1]).endswith(" 种")]
    assert rows[1 + len(body)][0] == "合计" and sum(r[header.index("数量")] for r in subtotals) == sum(qty.values())


# --- golden outputs ---------------------------------------------------------------------------


def test_golden_outputs_match(lanfeng):
    """Selected outputs equal tests/golden/lanfeng/; after a reviewed change run scripts/update-golden."""
    got, want = golden.collect("lanfeng", lanfeng.require()), golden.stored("lanfeng")
    assert want, "no golden files: run scripts/update-golden"
    assert sorted(got) == sorted(want)
    diffs = [
        "".join(
            difflib.unified_diff(want[n].splitlines(True), got[n].splitlines(True), f"golden/{n}", f"built/{n}", n=2)
        )
        for n in sorted(got)
        if got[n] != want[n]
    ]
    assert not diffs, (
        "outputs differ from tests/golden (scripts/update-golden if intended):\n" + "\n".join(diffs)[:6000]
    )
