"""Print tests, part 5: the print stage does no more work than it needs, and what it saves
changes nothing: a poster that fits is laid out once, so is a leaflet written panel by panel,
other leaflets twice (measure, then the verified final layout), a brochure's text once (blank pages are spliced in); stylesheets parsed
once still report their warnings for every document; recycled workers give the same bytes;
fonts subset in one pass draw what WeasyPrint's two passes draw; font files read lazily and
streams deflated at level 1 give the same fonts and streams."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from test_print_kit import CAMPAIGN, FLYER, LEAFLET, POSTER, counted_layouts, material
from xuanjiao import pdf, workers
from xuanjiao.pdf import speedups
from xuanjiao.pipeline import BuildOptions, run_build
from xuanjiao.printing import kinds, laying, pool


@pytest.fixture(autouse=True)
def render_here(monkeypatch):
    """These tests count and replace parts of the print code in this process: no helper
    process renders for them (workers.Helper)."""
    monkeypatch.setenv("XUANJIAO_HELPERS", "off")


@pytest.fixture
def layouts(monkeypatch):
    """Every WeasyPrint layout the print code makes (jobs=1: in this process)."""
    return counted_layouts(monkeypatch)


def _build(root, jobs=1):
    result = run_build(BuildOptions(project_dir=root, only=("print",), jobs=jobs))
    assert result.ok, [d.format() for d in result.diagnostics]
    return result


LEAFLET_TWO_PARTS = LEAFLET.replace("<!-- break -->", "", 2)  # four panels' text in two parts: it must flow


@pytest.mark.parametrize(
    "kind, text, expected",
    [("poster", POSTER, 1), ("flyer", FLYER, 1), ("leaflet", LEAFLET, 1), ("leaflet", LEAFLET_TWO_PARTS, 2)],
)
def test_fitting_material_needs_no_extra_layout(make_project, layouts, kind, text, expected):
    root = make_project({"content/campaigns/aids-2026.md": CAMPAIGN, f"content/materials/t-{kind}.md": text})
    _build(root)
    assert len(layouts) == expected


ITEMS = 8


def test_poster_too_long_for_its_largest_size_still_steps_down(make_project, layouts):
    items = "\n".join(f"- 第{n}条健康提示，请记住" for n in range(ITEMS))
    root = make_project(
        {
            "content/campaigns/aids-2026.md": CAMPAIGN,
            "content/materials/p.md": material("海报", "poster", f"## 要点\n\n{items}\n"),
        }
    )
    _build(root)
    # the final-size layout at the largest size ran over, so the probes decide, then the final layout
    assert len(layouts) >= 3
    assert "--body: 36pt" in layouts[0] and "--body: 36pt" not in layouts[-1]
    sizes = [re.search(r"size: ([^;]+);", sheets)[1] for sheets in layouts]
    assert sizes[0] == sizes[-1] and all(size != sizes[0] for size in sizes[1:-1])  # probes are tall


def test_cached_stylesheet_reports_its_warnings_every_time(tmp_path):
    css = ".x { colour: red; }"  # not a property: WeasyPrint warns when it parses the sheet
    first = pdf.render_html("<p class=x>一</p>", tmp_path, [tmp_path], [css])
    second = pdf.render_html("<p class=x>二</p>", tmp_path, [tmp_path], [css])
    assert first.warnings and first.warnings == second.warnings


def test_refused_url_in_a_stylesheet_is_reported_every_time(tmp_path):
    css = "p { background: url(https://example.com/x.png); }"
    for _ in range(2):
        assert pdf.render_html("<p>一</p>", tmp_path, [tmp_path], [css]).refused == ["https://example.com/x.png"]


def test_final_layout_reports_whether_anything_was_cut(tmp_path):
    page = "@page { size: 100mm 100mm; margin: 0 } .box { position: absolute; top: 0; width: 50mm; }"
    short = pdf.render_html("<div class=box>一</div>", tmp_path, [tmp_path], [page])
    tall = pdf.render_html("<div class=box>" + "<p>一</p>" * 200 + "</div>", tmp_path, [tmp_path], [page])
    assert short.broken == 0 and tall.broken


def test_recycled_workers_give_the_same_bytes(make_project, tmp_path, monkeypatch):
    files = {"content/campaigns/aids-2026.md": CAMPAIGN}
    for n in range(3):
        files[f"content/materials/p{n}.md"] = POSTER.replace("海报标题甲", f"海报标题{n}")
        files[f"content/materials/f{n}.md"] = FLYER
    root = make_project(files)
    one = run_build(BuildOptions(project_dir=root, out=tmp_path / "one", only=("print",), jobs=1))
    pools = []
    real = workers.ProcessPoolExecutor

    def counted(*args, **kwargs):
        pools.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(pool, "DOCUMENTS_PER_WORKER", 1)
    monkeypatch.setattr(workers, "ProcessPoolExecutor", counted)  # where every pool is made
    two = run_build(BuildOptions(project_dir=root, out=tmp_path / "two", only=("print",), jobs=2))
    assert one.ok and two.ok
    assert len(pools) == 3  # 6 documents, 2 workers, 1 document each before a fresh pair
    names = sorted(p.name for p in (tmp_path / "one" / "print").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "two" / "print").iterdir())
    for name in names:
        assert (tmp_path / "one" / "print" / name).read_bytes() == (tmp_path / "two" / "print" / name).read_bytes(), (
            name
        )


def test_stepping_down_finds_what_bisecting_finds():
    from xuanjiao.printing.fit import TypeScale, largest_fitting

    sizes = [TypeScale(13.5 - 0.5 * i) for i in range(10)]
    for first_fitting in range(len(sizes) + 1):  # len(sizes): nothing fits
        attempt = lambda s, first_fitting=first_fitting: (s.body <= 13.5 - 0.5 * first_fitting, "detail")  # noqa: E731
        bisected, _ = largest_fitting(sizes, attempt)
        stepped, tried = largest_fitting(sizes, attempt, step_down=True)
        assert stepped == bisected == (first_fitting if first_fitting < len(sizes) else None)
        assert sorted(tried) == list(range(min(first_fitting, len(sizes) - 1) + 1))  # no size tried twice
        if stepped is None:
            assert len(sizes) - 1 in tried  # the smallest size's detail names how much is too long


def _pages(path):
    """Each page as (grey pixels at 72 dpi, extracted text), by PDFium."""
    import numpy as np
    import pypdfium2

    doc = pypdfium2.PdfDocument(path)
    try:
        return [
            (np.asarray(page.render(scale=1).to_pil().convert("L")), page.get_textpage().get_text_range())
            for page in doc
        ]
    finally:
        doc.close()


def test_one_pass_font_subsetting_draws_what_weasyprints_own_draws(tmp_path):
    """Our single HarfBuzz pass against WeasyPrint's two, on the same layout: the same pages,
    pixel for pixel, the same text, every font embedded and smaller than the whole font."""
    import numpy as np
    import pikepdf
    from weasyprint.pdf.fonts import Font

    from xuanjiao.printing import checks

    css = (
        "@page { size: 120mm 80mm; margin: 8mm } body { font-family: 'Noto Sans CJK SC'; }"
        " b { font-weight: 900; } i { font-family: 'Noto Serif CJK SC'; }"
    )
    html = "<p>健康生活，从“心”开始：每天运动30分钟、少盐少油。</p><p><b>戒烟限酒</b> <i>定期体检 ABC 123！</i></p>"
    laid = pdf.render_html(html, tmp_path, [tmp_path], [css]).document
    assert speedups.install()["one_pass_subset"]
    ours = laid.write_pdf()
    one_pass = Font._harfbuzz_subset
    try:
        Font._harfbuzz_subset = one_pass.weasyprints
        theirs = laid.write_pdf()
    finally:
        Font._harfbuzz_subset = one_pass
    (tmp_path / "ours.pdf").write_bytes(ours)
    (tmp_path / "theirs.pdf").write_bytes(theirs)
    a, b = _pages(tmp_path / "ours.pdf"), _pages(tmp_path / "theirs.pdf")
    assert len(a) == len(b) == 1
    assert a[0][1] == b[0][1] and "戒烟限酒" in a[0][1] and "ABC 123" in a[0][1]
    assert np.array_equal(a[0][0], b[0][0]) and a[0][0].min() < 100  # the same ink, and there is ink
    with pikepdf.open(tmp_path / "ours.pdf") as doc:
        fonts = checks.fonts(doc)
        assert len(fonts) >= 3 and all(fonts.values())
        files = [d.FontFile3 for d in doc.objects if isinstance(d, pikepdf.Dictionary) and "/FontFile3" in d]
        assert files and all(len(f.read_bytes()) < 2_000_000 for f in files)  # subset, not the 16 MB font


def _streams(data: bytes) -> dict[tuple[int, int], bytes]:
    """Every stream of a PDF but the cross-reference (byte offsets), decoded, by object number."""
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as doc:
        return {
            o.objgen: o.read_bytes() for o in doc.objects if isinstance(o, pikepdf.Stream) and o.get("/Type") != "/XRef"
        }


def test_lazy_font_files_and_fast_deflate_write_the_same_streams(tmp_path, monkeypatch):
    """With the font file read only when needed and streams deflated at level 1, every stream
    decodes to the same bytes as WeasyPrint's own way (whole file copied at once, level 9),
    and a font embedded whole (subsetting off) still gets its whole file."""
    import zlib

    import pydyf
    from weasyprint.pdf import fonts

    css = "@page { size: 100mm 60mm; margin: 6mm } body { font-family: 'Noto Sans CJK SC'; }"
    html = "<p>接种疫苗，保护自己和家人。</p><p><b>请按时接种</b> ABC 123</p>"
    took = speedups.install()
    assert took["lazy_font_files"] and took["fast_deflate"]
    assert isinstance(fonts.Font.__dict__["file_content"], property) and pydyf.zlib is not zlib

    ours = pdf.render_html(html, tmp_path, [tmp_path], [css]).document.write_pdf()
    whole = pdf.render_html(html, tmp_path, [tmp_path], [css]).document.write_pdf(full_fonts=True)

    monkeypatch.setattr(pydyf, "zlib", zlib)
    monkeypatch.setattr(fonts, "get_hb_object_data", fonts.get_hb_object_data.weasyprints)
    monkeypatch.setattr(fonts.Font, "__init__", fonts.Font.__init__.weasyprints)
    monkeypatch.delattr(fonts.Font, "file_content")
    theirs = pdf.render_html(html, tmp_path, [tmp_path], [css]).document.write_pdf()

    a, b = _streams(ours), _streams(theirs)
    assert a == b and any(len(v) > 10_000 for v in a.values())  # same streams, fonts among them
    assert len(ours) != len(theirs)  # deflated differently
    assert [v for v in _streams(whole).values() if len(v) > 5_000_000]  # the whole face, read when asked for


UNTESTED_WEASYPRINT = """
import sys
from importlib import metadata
from pathlib import Path

real = metadata.version
metadata.version = lambda name: "71.0" if name == "weasyprint" else real(name)
import zlib

import pydyf
from weasyprint.pdf import fonts

stock = fonts.Font._harfbuzz_subset
from xuanjiao import pdf

out = Path(sys.argv[1])
for n, text in enumerate(["接种疫苗，保护自己和家人。", "请按时接种"]):
    doc = pdf.render_html(f"<p>{text}</p>", out, [out], ["body { font-family: 'Noto Sans CJK SC'; }"]).document
    (out / f"{n}.pdf").write_bytes(doc.write_pdf())
print(sorted(pdf.speedups.install().items()), fonts.Font._harfbuzz_subset is stock, pydyf.zlib is zlib,
      "file_content" in fonts.Font.__dict__)
"""


def test_speedups_leave_an_untested_weasyprint_stock(tmp_path):
    """On a WeasyPrint outside the tested versions (pyproject's bounds) nothing of it is
    patched: stock WeasyPrint writes the PDFs, with one warning naming the version."""
    import os
    import subprocess
    import sys

    from pypdf import PdfReader

    env = {**os.environ, "XUANJIAO_LANG": "en"}
    proc = subprocess.run(
        [sys.executable, "-c", UNTESTED_WEASYPRINT, str(tmp_path)], capture_output=True, text=True, env=env, timeout=300
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == [
        "[('fast_deflate',",
        "False),",
        "('lazy_font_files',",
        "False),",
        "('one_pass_subset',",
        "False)]",
        "True",
        "True",
        "False",
    ]
    assert proc.stderr.count("weasyprint 71.0: not a version xuanjiao's PDF speed-ups were tested with") == 1
    assert "接种疫苗" in PdfReader(tmp_path / "0.pdf").pages[0].extract_text()
    assert speedups.untested() == []  # this environment's own versions are the tested ones


def _old_brochure_template() -> str:
    """The default brochure template as it was before the blanks were spliced in: the blank
    pages laid out in place, before the back cover (what a theme of one's own may still do)."""
    from xuanjiao.resources import builtin_theme_dir

    text = (builtin_theme_dir() / "print" / "brochure.html.j2").read_text(encoding="utf-8")
    start, end = text.index("{% if only_blanks %}"), text.index("{% else %}") + len("{% else %}")
    loop = text[text.index("{% for _ in range(blanks) %}", start) : text.index("{% else %}")]  # blanks and notes
    text = text[:start] + text[end:]
    text = text.replace('<section class="back-cover">', loop + '<section class="back-cover">')
    head, sep, tail = text.rpartition("{% endif %}")
    return head + tail


def test_brochure_blank_pages_are_spliced_in_without_laying_the_text_out_again(make_project, tmp_path, monkeypatch):
    from test_print_kit import BROCHURE

    htmls = []

    def recording(html, base_dir, roots, stylesheets=(), **kwargs):
        htmls.append(html)
        return pdf.render_html(html, base_dir, roots, stylesheets, **kwargs)

    monkeypatch.setattr(laying, "render_html", recording)
    root = make_project({"content/campaigns/aids-2026.md": CAMPAIGN, "content/materials/b.md": BROCHURE})
    spliced = run_build(BuildOptions(project_dir=root, out=tmp_path / "spliced", only=("print",), jobs=1))
    assert spliced.ok
    # the text: one layout, and one flowing on without its breaks (economy.fewer_pages: they waste a sheet)
    assert sum("手册第一页正文" in h for h in htmls) == 2
    # a theme's own template from before, with the blanks in place: the same pages
    own = root / "themes" / "default" / "print"
    own.mkdir(parents=True)
    (own / "brochure.html.j2").write_text(_old_brochure_template(), encoding="utf-8")
    in_place = run_build(BuildOptions(project_dir=root, out=tmp_path / "in-place", only=("print",), jobs=1))
    assert in_place.ok
    a, b = _pages(tmp_path / "spliced" / "print" / "b.pdf"), _pages(tmp_path / "in-place" / "print" / "b.pdf")
    assert len(a) == len(b) == 8  # cover, 5 parts, a blank, back cover
    assert a[6][1].split() == ["笔记"] and "手册标题甲" in a[7][1] + a[0][1]  # a notes page
    for (pixels_a, text_a), (pixels_b, text_b) in zip(a, b):
        assert text_a == text_b and (pixels_a == pixels_b).all()


def test_leaflet_laid_out_as_written_is_the_leaflet_packing_gives(make_project, tmp_path, monkeypatch):
    """A leaflet of four parts that fit: laid out once, as written, it prints the same pages as
    measuring the column and packing it does (forced here by switching the shortcut off)."""
    root = make_project({"content/campaigns/aids-2026.md": CAMPAIGN, "content/materials/l.md": LEAFLET})
    once = run_build(BuildOptions(project_dir=root, out=tmp_path / "once", only=("print",), jobs=1))
    monkeypatch.setattr(kinds, "_as_written", lambda *args: None)
    packed = run_build(BuildOptions(project_dir=root, out=tmp_path / "packed", only=("print",), jobs=1))
    assert once.ok and packed.ok
    a, b = _pages(tmp_path / "once" / "print" / "l.pdf"), _pages(tmp_path / "packed" / "print" / "l.pdf")
    assert len(a) == len(b) == 2 and "面板四内容" in a[0][1]  # the inner flap is on the outside
    for (pixels_a, text_a), (pixels_b, text_b) in zip(a, b):
        assert text_a == text_b and (pixels_a == pixels_b).all()


def test_leaflet_part_too_long_for_its_panel_steps_down(make_project, layouts):
    """A part that runs past its panel at the largest size: the size steps down, each size laid
    out as written (no measuring column), until the text is whole."""
    long = LEAFLET.replace(
        "- 面板三内容：县疾控中心免费检测。",
        "\n".join(f"- 面板三内容第{n}条：县疾控中心提供免费、保密的检测与咨询服务。" for n in range(11)),
    )
    root = make_project({"content/campaigns/aids-2026.md": CAMPAIGN, "content/materials/l.md": long})
    result = _build(root)
    assert len(layouts) >= 3 and "--body: 13.5pt" in layouts[0] and "--body: 13.5pt" not in layouts[-1]
    assert len({re.search(r"size: ([^;]+);", sheets)[1] for sheets in layouts}) == 1  # no tall measuring page
    text = "".join(t for _, t in _pages(root / "build" / "print" / "l.pdf"))
    assert "面板三内容第10条" in text and "面板四内容" in text
    assert not [d for d in result.diagnostics if d.severity == "error"]


def test_brochure_of_many_parts_has_its_contents_from_the_first_layout(make_project, tmp_path, monkeypatch):
    """Each part starts a page: eight parts between the covers are more than eight pages, so the
    table of contents is in the first layout, and the pages are those the two-step way gives
    (laid out without it, counted, then laid out again with it)."""
    from test_print_kit import material

    htmls = []

    def recording(html, base_dir, roots, stylesheets=(), **kwargs):
        htmls.append(html)
        return pdf.render_html(html, base_dir, roots, stylesheets, **kwargs)

    text = "\n\n<!-- break -->\n\n".join(f"## 第{n}章\n\n第{n}章正文。" for n in "一二三四五六七八") + "\n"
    root = make_project(
        {
            "content/campaigns/aids-2026.md": CAMPAIGN,
            "content/materials/b.md": material("手册", "brochure", text, print_="quantity: 500"),
        }
    )
    monkeypatch.setattr(laying, "render_html", recording)
    assert run_build(BuildOptions(project_dir=root, out=tmp_path / "once", only=("print",), jobs=1)).ok
    # the body (a heading is in the contents too), not the check of it flowing on (economy.fewer_pages)
    laid = [h for h in htmls if "<p>第八章" in h and h.count('<section class="part">') > 1]
    assert len(laid) == 1 and 'class="toc"' in laid[0], [h.count("part") for h in laid]
    monkeypatch.setattr(kinds, "_contents_certain", lambda parts: False)
    monkeypatch.setenv("XUANJIAO_CACHE", "off")
    htmls.clear()
    assert run_build(BuildOptions(project_dir=root, out=tmp_path / "twice", only=("print",), jobs=1)).ok
    assert len([h for h in htmls if "<p>第八章" in h and h.count('<section class="part">') > 1]) == 2
    a, b = _pages(tmp_path / "once" / "print" / "b.pdf"), _pages(tmp_path / "twice" / "print" / "b.pdf")
    assert len(a) == len(b) == 12 and "目录" in a[1][1]
    for (pixels_a, text_a), (pixels_b, text_b) in zip(a, b):
        assert text_a == text_b and (pixels_a == pixels_b).all()


def _order_build(make_project, tmp_path, name, jobs):
    from test_print_kit import BROCHURE

    files = {"content/campaigns/aids-2026.md": CAMPAIGN, "content/materials/b.md": BROCHURE}
    for n in range(3):
        files[f"content/materials/p{n}.md"] = POSTER.replace("海报标题甲", f"海报标题{n}")
        files[f"content/materials/f{n}.md"] = FLYER
    root = make_project(files, name="proj") if not (tmp_path / "proj").exists() else tmp_path / "proj"
    result = run_build(BuildOptions(project_dir=root, out=tmp_path / name, only=("print",), jobs=jobs))
    assert result.ok, [d.format() for d in result.diagnostics]
    return tmp_path / name / "print"


def test_print_order_is_laid_out_while_the_workers_render(make_project, tmp_path, monkeypatch):
    """With workers, this process lays out the print order once the brochure's pages are known
    (its rows follow from the others' texts), not after the last document; the bytes are those
    one process makes at the end."""
    import os

    import xuanjiao.printing as printing

    calls = []
    real = printing.order_pdf

    def recorded(project, rows, path, stamp, theme):
        calls.append((os.getpid(), [r.pages for r in rows]))
        return real(project, rows, path, stamp, theme)

    monkeypatch.setattr(printing, "order_pdf", recorded)
    monkeypatch.setattr(pool, "MIN_JOBS", 2)
    monkeypatch.setenv("XUANJIAO_CACHE", "off")
    two = _order_build(make_project, tmp_path, "two", 2)
    assert calls == [(os.getpid(), [8, 2, 2, 2, 1, 1, 1])]  # here, once (b, f0-f2, p0-p2)
    one = _order_build(make_project, tmp_path, "one", 1)
    assert (two / "print-order.pdf").read_bytes() == (one / "print-order.pdf").read_bytes()
    assert not list(two.glob(".print-order*"))


def test_print_order_laid_out_early_on_wrong_rows_is_laid_out_again(make_project, tmp_path, monkeypatch):
    import xuanjiao.printing as printing
    from xuanjiao.printing.render import MaterialOutput

    monkeypatch.setattr(printing, "_expected", lambda job: MaterialOutput(job.material.id, pages=7, trim=job.trim))
    monkeypatch.setattr(pool, "MIN_JOBS", 2)
    monkeypatch.setenv("XUANJIAO_CACHE", "off")
    out = _order_build(make_project, tmp_path, "two", 2)
    from openpyxl import load_workbook

    pages = [
        r[4]
        for r in load_workbook(out / "print-order.xlsx").active.iter_rows(min_row=2, values_only=True)
        if r[0] and r[0] != "合计"
    ]
    assert pages == [8, 2, 2, 2, 1, 1, 1]  # b, f0-f2, p0-p2: the rows as rendered, not as expected
    one = _order_build(make_project, tmp_path, "one", 1)  # one process: the order is laid out at the end only
    assert (out / "print-order.pdf").read_bytes() == (one / "print-order.pdf").read_bytes()
    assert not list(out.glob(".print-order*"))


def test_build_freezes_what_it_loaded_and_undoes_it(make_project, monkeypatch):
    """During a build the loaded project is out of the collector's scans (and the young
    generation collected less often); afterwards the process is as it was (serve builds
    again and again in one process: nothing may stay frozen)."""
    import gc

    from xuanjiao import pipeline

    seen = []
    real = pipeline.stage_functions

    def stages():
        found = real()
        print_stage = found["print"]
        found["print"] = lambda ctx: seen.append((gc.get_freeze_count(), gc.get_threshold())) or print_stage(ctx)
        return found

    monkeypatch.setattr(pipeline, "stage_functions", stages)
    before = gc.get_threshold()
    root = make_project({"content/campaigns/aids-2026.md": CAMPAIGN, "content/materials/p.md": POSTER})
    _build(root)
    ((frozen, threshold),) = seen
    assert frozen > 10_000 and threshold[0] > before[0]
    assert gc.get_freeze_count() == 0 and gc.get_threshold() == before


def test_a_moved_project_keeps_its_pdfs(make_project, tmp_path):
    """The print cache keys hold no absolute path (the logo and cover are file: URLs inside the
    project): a project copied elsewhere with its build renders nothing again, and the same bytes."""
    import shutil

    from xuanjiao.cache import STATS

    assets = Path(__file__).resolve().parents[1] / "content" / "assets"
    poster = material("预防艾滋病", "poster", "## 要点\n\n- 正确使用安全套\n").replace(
        "status:", "cover: assets/cover-red-ribbon.svg\nstatus:"
    )
    root = make_project(
        {
            "content/campaigns/aids-2026.md": CAMPAIGN,
            "content/materials/p.md": poster,
            "content/assets/logo.svg": (assets / "logo.svg").read_text(encoding="utf-8"),
            "content/assets/cover-red-ribbon.svg": (assets / "cover-red-ribbon.svg").read_text(encoding="utf-8"),
        }
    )
    assert run_build(BuildOptions(project_dir=root, only=("print",), jobs=1)).ok
    moved = tmp_path / "elsewhere" / "deeper" / "proj"
    shutil.copytree(root, moved)
    STATS.reset()
    assert run_build(BuildOptions(project_dir=moved, only=("print",), jobs=1)).ok
    assert not STATS.rendered.get("print"), STATS.rendered
    for pdf_file in (root / "build" / "print").glob("p*.pdf"):
        assert pdf_file.read_bytes() == (moved / "build" / "print" / pdf_file.name).read_bytes()
