"""Incremental builds: the content-addressed cache under build/.cache re-renders only what
changed, and never serves a stale output (issue 9)."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import REPO
from xuanjiao.cache import STATS
from xuanjiao.pipeline import BuildOptions, run_build


def _copy_example(dest: Path) -> Path:
    dest.mkdir(parents=True)
    for name in ("content", "private", "themes"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, dest / name)
    return dest


def _build(project: Path, only=("plans", "private", "print", "site")) -> dict[str, list[str]]:
    STATS.reset()
    result = run_build(BuildOptions(project, only=tuple(only), jobs=2))
    assert result.ok, [d.format() for d in result.diagnostics if d.severity == "error"]
    return {ns: sorted(names) for ns, names in STATS.rendered.items()}


def _printed(project: Path) -> set[str]:
    return {
        p.name[:-4]
        for p in (project / "build" / "print").glob("*.pdf")
        if not p.name.endswith((".screen.pdf", ".imposed.pdf")) and not p.name.startswith("print-order")
    }


def _digests(build: Path) -> dict[str, str]:
    return {
        p.relative_to(build).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(build.rglob("*"))
        if p.is_file() and ".cache" not in p.relative_to(build).parts
    }


def _materials(rendered: dict[str, list[str]]) -> set[str]:
    return set(rendered.get("print", [])) - {"print-order"}


def test_incremental_builds(tmp_path):
    """One scenario, in order (the steps share one build/, so they cannot run apart)."""
    project = _copy_example(tmp_path / "project")
    first = _build(project)
    assert _materials(first) == _printed(project)  # a clean build renders everything
    _no_change_renders_nothing_and_is_byte_identical(project)
    _no_change_does_not_import_weasyprint(project)
    _one_edited_material_re_renders_only_its_pdfs(project)
    _the_incremental_build_is_byte_identical_to_a_clean_one(project, tmp_path / "clean")
    _a_site_theme_change_rebuilds_the_site(project)
    _a_campaign_slogan_re_renders_the_materials_using_it(project)
    _a_damaged_cache_entry_is_rendered_again(project)
    _a_print_theme_change_re_renders_everything(project)


def _no_change_renders_nothing_and_is_byte_identical(project):
    before = _digests(project / "build")
    rendered = _build(project)
    assert rendered.get("print", []) == []
    assert rendered.get("plans", []) == []
    assert rendered.get("site", []) == []  # the whole site, every language, from the cache
    assert STATS.hits["project"] == 1  # and the content was not parsed again
    assert _digests(project / "build") == before


def _no_change_does_not_import_weasyprint(project):
    """The fast path: every PDF (print, print order, plans, sign-in sheets) comes from the cache."""
    code = (
        "import sys; from pathlib import Path; from xuanjiao.pipeline import BuildOptions, run_build; "
        f"r = run_build(BuildOptions(Path({str(project)!r}), jobs=1)); assert r.ok, r.diagnostics; "
        "print('weasyprint' in sys.modules)"
    )
    # twice: the cache key holds a hash of the package's code, as this (fresh) process sees it
    runs = [
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
        for _ in range(2)
    ]
    assert runs[-1].strip().splitlines()[-1] == "False"


def _one_edited_material_re_renders_only_its_pdfs(project):
    path = project / "content" / "materials" / "whd-leaflet.md"
    page = project / "build" / "site" / "materials" / "whd-leaflet" / "index.html"
    page_before = page.read_bytes()
    pdf_before = (project / "build" / "print" / "whd-leaflet.pdf").read_bytes()
    unrelated = ("whd-leaflet.", "preflight.", "print-order.")
    others = {k: v for k, v in _digests(project / "build" / "print").items() if not k.startswith(unrelated)}
    text = path.read_text(encoding="utf-8")
    head, sep, body = text.partition("\n---\n")
    assert "。" in body
    path.write_text(head + sep + body.replace("。", "！", 1), encoding="utf-8")
    rendered = _build(project)
    assert _materials(rendered) == {"whd-leaflet"}
    assert rendered.get("plans", []) == [] and rendered.get("private", []) == []  # its text is in no plan
    assert "zh-CN" in rendered["site"]
    # MkDocs rendered its page and the pages whose Markdown quotes it, no other (site/pagecache.py)
    assert "materials/whd-leaflet/index.md" in rendered["site-pages"]
    assert 0 < len(rendered["site-pages"]) <= 4 < STATS.hits["site-pages"], rendered["site-pages"]
    assert STATS.hits["project"] == 0
    assert page.read_bytes() != page_before
    assert (project / "build" / "print" / "whd-leaflet.pdf").read_bytes() != pdf_before
    after = _digests(project / "build" / "print")
    assert {k: after[k] for k in others} == others


def _the_incremental_build_is_byte_identical_to_a_clean_one(project, clean):
    """Every file of the build that reused pages, search sections and PDFs after one edit is
    the file a build from nothing writes: site, print and plans alike."""
    old = os.environ.get("XUANJIAO_CACHE")
    os.environ["XUANJIAO_CACHE"] = "off"
    try:
        result = run_build(BuildOptions(project, out=clean, jobs=2))
    finally:
        if old is None:
            del os.environ["XUANJIAO_CACHE"]
        else:
            os.environ["XUANJIAO_CACHE"] = old
    assert result.ok
    incremental, fresh = _digests(project / "build"), _digests(clean)
    assert {"site/index.html", "site/en/index.html", "print/whd-leaflet.pdf", "site/search/index.js"} <= set(fresh)
    assert any(k.startswith("plans/") for k in fresh)
    assert [k for k in fresh if incremental.get(k) != fresh[k]] == [] and incremental.keys() == fresh.keys()


def _a_site_theme_change_rebuilds_the_site(project):
    css = project / "themes" / "default" / "site" / "assets" / "xuanjiao.css"
    assert css.is_file(), "the example project overrides the site theme"
    with css.open("a", encoding="utf-8") as f:
        f.write("\n.md-typeset { letter-spacing: 0.01em; }\n")
    rendered = _build(project, only=("site",))
    assert rendered["site"] == ["en", "zh-CN"]
    for served in (
        project / "build" / "site" / "assets" / "xuanjiao.css",
        project / "build" / "site" / "en" / "assets" / "xuanjiao.css",
    ):
        assert "letter-spacing: 0.01em" in served.read_text(encoding="utf-8")


def _a_campaign_slogan_re_renders_the_materials_using_it(project):
    path = project / "content" / "campaigns" / "autism-day-2026.md"
    text = path.read_text(encoding="utf-8")
    assert "slogan: 早识别 早干预 用爱接纳每一个孩子" in text
    path.write_text(text.replace("用爱接纳每一个孩子", "用爱接纳每个孩子"), encoding="utf-8")
    rendered = _build(project, only=("plans", "print"))
    assert _materials(rendered) == {"autism-brochure"}


def _a_damaged_cache_entry_is_rendered_again(project):
    served = project / "build" / "print" / "aids-poster.pdf"
    good = served.read_bytes()
    cached = [
        f
        for f in (project / "build" / ".cache" / "print").glob("*/aids-poster.pdf")
        if hashlib.sha256(f.read_bytes()).digest() == hashlib.sha256(good).digest()
    ]
    assert cached
    for victim in cached:
        victim.unlink()  # never write into a cached file: it may be linked from build/
        victim.write_bytes(good[:-10] + b"0123456789")
    rendered = _build(project, only=("plans", "print"))
    assert _materials(rendered) == {"aids-poster"}
    assert served.read_bytes() == good


def _a_print_theme_change_re_renders_everything(project):
    css = project / "themes" / "default" / "print" / "print.css"
    assert css.is_file(), "the example project overrides the print theme"
    before = {m: (project / "build" / "print" / f"{m}.pdf").read_bytes() for m in _printed(project)}
    # a visible change (the text colour): a stale PDF would still have the old colour
    with css.open("a", encoding="utf-8") as f:
        f.write("\n* { color: #102030 !important; }\n")
    rendered = _build(project, only=("plans", "print"))
    assert _materials(rendered) == set(before)
    changed = {m for m in before if (project / "build" / "print" / f"{m}.pdf").read_bytes() != before[m]}
    assert changed == set(before)


def test_site_key_covers_the_engines_own_theme(tmp_path):
    """Pelican's templates live in themes/NAME/pelican/: an edit there must rebuild the site."""
    import datetime as dt

    from xuanjiao.cache import Key
    from xuanjiao.content.loader import load_project
    from xuanjiao.site import site_key, site_model

    root = _copy_example(tmp_path / "project")
    project, _ = load_project(root)
    project = project.model_copy(update={"site": project.site.model_copy(update={"engine": "pelican"})})
    stamp = dt.datetime(2026, 11, 1, tzinfo=dt.timezone.utc)
    model = site_model(project, None, drafts=False, today=stamp.date(), stamp=stamp)
    before = site_key(Key("site"), project, model, stamp).hexdigest()
    template = next((root / "themes" / "default" / "pelican" / "templates").glob("*.html"))
    template.write_text(template.read_text(encoding="utf-8") + "\n<!-- changed -->\n", encoding="utf-8")
    assert site_key(Key("site"), project, model, stamp).hexdigest() != before
