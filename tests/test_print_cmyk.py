"""`build --cmyk`: the print PDFs in CMYK through Ghostscript, black and near-black text on
the black plate only (gray), page boxes and fonts as before, byte-identical builds; the screen
PDF stays RGB; without Ghostscript the option is a usage error, not a crash."""

from __future__ import annotations

import re
from decimal import Decimal

import pikepdf
import pytest
from click.testing import CliRunner

from test_print_kit import CAMPAIGN, LEAFLET, MM, POSTER, box_mm, page_texts, unembedded_fonts
from xuanjiao.cli import main
from xuanjiao.pipeline import BuildOptions, run_build
from xuanjiao.printing import cmyk

pytestmark = pytest.mark.skipif(cmyk.ghostscript() is None, reason="Ghostscript is not installed")

FILES = {
    "content/campaigns/aids-2026.md": CAMPAIGN,
    "content/materials/t-poster.md": POSTER,
    "content/materials/t-leaflet.md": LEAFLET,
}
TRIMS = {"t-poster": (297, 420), "t-leaflet": (297, 210)}
COLOUR_OPS = {
    "g": "fill",
    "rg": "fill",
    "k": "fill",
    "sc": "fill",
    "scn": "fill",
    "G": "stroke",
    "RG": "stroke",
    "K": "stroke",
    "SC": "stroke",
    "SCN": "stroke",
}


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    root = tmp_path_factory.mktemp("cmyk") / "project"
    from conftest import write_project

    write_project(root, FILES)
    out = {}
    for name, flag in (("rgb", False), ("cmyk", True), ("again", True)):
        result = run_build(BuildOptions(project_dir=root, out=root / name, only=("print",), jobs=1, cmyk=flag))
        assert result.ok, [d.format() for d in result.diagnostics]
        out[name] = root / name / "print"
    return out


def text_colours(pdf: pikepdf.Pdf) -> list[tuple[str, tuple[float, ...]]]:
    """The fill colour in effect at every text-showing operator, on every page and form."""
    found = []
    holders = [p.obj for p in pdf.pages] + [
        o for o in pdf.objects if isinstance(o, pikepdf.Stream) and o.get("/Subtype") == "/Form"
    ]
    for holder in holders:
        fill: tuple[str, tuple[float, ...]] = ("g", (0.0,))
        stack = []
        for operands, op in pikepdf.parse_content_stream(holder):
            name = str(op)
            if name == "q":
                stack.append(fill)
            elif name == "Q" and stack:
                fill = stack.pop()
            elif COLOUR_OPS.get(name) == "fill":
                fill = (
                    name,
                    tuple(float(v) for v in operands if isinstance(v, (int, float)) or hasattr(v, "__float__")),
                )
            elif name in ("TJ", "Tj", "'", '"'):
                found.append(fill)
    return found


def test_print_pdfs_are_cmyk_with_text_on_the_black_plate(builds):
    for mid in TRIMS:
        with pikepdf.open(builds["cmyk"] / f"{mid}.pdf") as pdf:
            ops = {str(op) for page in pdf.pages for _, op in pikepdf.parse_content_stream(page)}
            assert not ops & {"rg", "RG"}, mid  # no RGB colour left in the pages
            # nor in colour spaces, images or transparency groups (PDF/X checkers look there too)
            rgb = [
                o.objgen
                for o in pdf.objects
                if "/DeviceRGB" in repr(o.stream_dict if isinstance(o, pikepdf.Stream) else o)
            ]
            assert rgb == [] and all("/DeviceRGB" not in repr(p.obj) for p in pdf.pages), mid
            colours = text_colours(pdf)
            assert colours and any(kind == "g" and v[0] < 0.2 for kind, v in colours), mid  # dark text: gray
            rich = [v for kind, v in colours if kind == "k" and min(v) > 0.4]  # C, M, Y and K all inked
            assert rich == [], f"{mid}: four-colour black text {rich}"


def test_boxes_fonts_text_and_preflight_are_as_before(builds):
    for mid, (w, h) in TRIMS.items():
        with pikepdf.open(builds["cmyk"] / f"{mid}.pdf") as pdf, pikepdf.open(builds["rgb"] / f"{mid}.pdf") as rgb:
            assert len(pdf.pages) == len(rgb.pages)
            for page in pdf.pages:
                tw, th = box_mm(page, "/TrimBox")
                bw, bh = box_mm(page, "/BleedBox")
                assert abs(tw - w) < 0.2 and abs(th - h) < 0.2
                assert abs(bw - tw - 6) < 0.2 and abs(bh - th - 6) < 0.2  # 3 mm each side
                t = [float(v) for v in page.obj.TrimBox]
                m = [float(v) for v in page.obj.MediaBox]
                assert m[0] < t[0] - 3 * MM and m[2] > t[2] + 3 * MM  # room for the crop marks
        assert unembedded_fonts(builds["cmyk"] / f"{mid}.pdf") == []
        squeeze = lambda path: ["".join(t.split()) for t in page_texts(path)]  # noqa: E731
        assert squeeze(builds["cmyk"] / f"{mid}.pdf") == squeeze(builds["rgb"] / f"{mid}.pdf")
    report = (builds["cmyk"] / "preflight.txt").read_text("utf-8")
    assert "不通过 0" in report and "颜色模式：CMYK、Gray" in report and "RGB" not in report
    assert re.search(r"通过\s*文字用墨：\d+ 处文字；小于 12 pt 的 \d+ 处全部单色墨", report), report


def test_cmyk_builds_are_reproducible_and_the_screen_pdf_stays_rgb(builds):
    for mid in TRIMS:
        assert (builds["cmyk"] / f"{mid}.pdf").read_bytes() == (builds["again"] / f"{mid}.pdf").read_bytes()
        assert (builds["cmyk"] / f"{mid}.pdf").read_bytes() != (builds["rgb"] / f"{mid}.pdf").read_bytes()
        with pikepdf.open(builds["cmyk"] / f"{mid}.screen.pdf") as screen:
            assert "rg" in {str(op) for _, op in pikepdf.parse_content_stream(screen.pages[0])}


def test_dark_neutrals_become_solid_black_and_colours_stay(tmp_path):
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.pages[0].obj.Contents = pdf.make_stream(
        b"0 0 0 rg 0.105882 0.141176 0.129412 rg 0.2 0.2 0.2 RG 0.94 0.97 0.96 rg 0.04 0.49 0.42 rg"
    )
    assert cmyk.dark_neutrals_to_gray(pdf) == 3
    ops = [(tuple(float(v) for v in operands), str(op)) for operands, op in pikepdf.parse_content_stream(pdf.pages[0])]
    assert ops[:3] == [((0.0,), "g"), ((0.0,), "g"), ((0.0,), "G")]  # K 100 %, not a screen of black
    assert [op for _, op in ops[3:]] == ["rg", "rg"]  # a light tint and a colour keep their hue


def test_cmyk_without_ghostscript_is_a_usage_error(make_project, monkeypatch):
    monkeypatch.setattr(cmyk, "ghostscript", lambda: None)
    result = CliRunner().invoke(main, ["build", "--cmyk", "--project", str(make_project(FILES))])
    assert result.exit_code == 2 and "--cmyk needs Ghostscript" in result.output
    assert "apt-get install ghostscript" in result.output and "Traceback" not in result.output


# --- issue 20: text at K 100 %, small text in one ink, an OutputIntent, PDF/X claims kept honest ----


def sized_text_colours(pdf: pikepdf.Pdf) -> list[tuple[float, str, tuple[float, ...]]]:
    """(effective size in pt, colour operator, operands) at every text-showing operator of the pages."""
    found = []
    for page in pdf.pages:
        fill, ctm, size, tm = ("g", (0.0,)), 1.0, 0.0, 1.0
        stack = []
        for operands, op in pikepdf.parse_content_stream(page):
            name = str(op)
            nums = [float(v) for v in operands if isinstance(v, (int, float, Decimal))]
            if name == "q":
                stack.append((fill, ctm))
            elif name == "Q" and stack:
                fill, ctm = stack.pop()
            elif name == "cm":
                ctm *= abs(nums[0] * nums[3] - nums[1] * nums[2]) ** 0.5
            elif name == "Tm":
                tm = abs(nums[0] * nums[3] - nums[1] * nums[2]) ** 0.5
            elif name == "Tf":
                size = nums[0]
            elif COLOUR_OPS.get(name) == "fill":
                fill = (name, tuple(nums))
            elif name in ("TJ", "Tj", "'", '"'):
                found.append((size * tm * ctm, *fill))
    return found


def one_ink(kind: str, values: tuple[float, ...]) -> bool:
    if kind == "g":
        return True
    if kind == "k":
        return sum(1 for v in values if v > 0.001) <= 1
    return False


def test_body_text_is_solid_black_and_small_text_one_ink(builds):
    for mid in TRIMS:
        with pikepdf.open(builds["cmyk"] / f"{mid}.pdf") as pdf:
            texts = sized_text_colours(pdf)
            assert texts and any(size < 12 for size, _, _ in texts), mid
            assert any(kind == "g" and v[0] == 0 for _, kind, v in texts), mid  # black text: K 100 %
            # black at 12 pt and over is never a screen (small coloured text is a K tint of its lightness)
            screens = [
                (round(size, 1), v) for size, kind, v in texts if kind == "g" and 0.001 < v[0] < 0.2 and size >= 12
            ]
            assert screens == [], f"{mid}: black text printed as a screen {screens[:5]}"
            blacks = [v for size, kind, v in texts if kind == "k" and v[3] > 0.7 and max(v[:3]) > 0.001]
            assert blacks == [], f"{mid}: dark text in more than the black ink {blacks[:5]}"
            small = [(round(size, 1), kind, v) for size, kind, v in texts if size < 12 - 0.01 and not one_ink(kind, v)]
            assert small == [], f"{mid}: small text in several inks {small[:5]}"


def test_the_cmyk_file_names_its_press_condition(builds):
    with pikepdf.open(builds["cmyk"] / "t-poster.pdf") as pdf:
        (intent,) = list(pdf.Root.OutputIntents)
        assert intent.S == "/GTS_PDFX" and int(intent.DestOutputProfile.N) == 4
        assert str(intent.OutputConditionIdentifier) == cmyk.DEFAULT_ICC.stem
        assert intent.DestOutputProfile.read_bytes()[36:40] == b"acsp"  # an ICC profile
    report = (builds["cmyk"] / "preflight.txt").read_text("utf-8")
    assert "通过 PDF/X 与输出意图：非 PDF/X 文件；输出意图：default_cmyk" in report.replace("　", " ").replace(
        "  ", " "
    )


def test_the_shops_own_profile(make_project, tmp_path):
    root = make_project({"content/campaigns/aids-2026.md": CAMPAIGN, "content/materials/t-poster.md": POSTER})
    icc = tmp_path / "shop-coated.icc"
    icc.write_bytes(cmyk.DEFAULT_ICC.read_bytes())
    result = CliRunner().invoke(main, ["build", "--only", "print", "--cmyk", "--icc", str(icc), "--project", str(root)])
    assert result.exit_code == 0, result.output
    with pikepdf.open(root / "build/print/t-poster.pdf") as pdf:
        assert str(pdf.Root.OutputIntents[0].OutputConditionIdentifier) == "shop-coated"
    no_cmyk = CliRunner().invoke(main, ["build", "--only", "print", "--icc", str(icc), "--project", str(root)])
    assert no_cmyk.exit_code == 2 and "add --cmyk" in no_cmyk.output


@pytest.mark.parametrize("variant", ["pdf/x-1a", "pdf/x-3"])
def test_pdf_x_without_transparency_is_refused_not_mislabelled(make_project, variant):
    root = make_project(FILES)
    result = CliRunner().invoke(main, ["build", "--cmyk", "--pdf-variant", variant, "--project", str(root)])
    assert result.exit_code == 2 and "allows no transparency" in result.output and "pdf/x-4" in result.output
    assert "Traceback" not in result.output and not (root / "build").exists()
    direct = run_build(BuildOptions(project_dir=root, only=("print",), jobs=1, cmyk=True, pdf_variant=variant))
    assert not direct.ok and any("allows no transparency" in d.message for d in direct.diagnostics)


def test_pdf_x_4_in_cmyk_passes_the_preflight_and_qpdf_and_a_false_claim_fails(make_project, tmp_path):
    import shutil
    import subprocess

    from xuanjiao.printing.preflight import FAIL, OK, check_file

    root = make_project({"content/campaigns/aids-2026.md": CAMPAIGN, "content/materials/t-poster.md": POSTER})
    result = run_build(BuildOptions(project_dir=root, only=("print",), jobs=1, cmyk=True, pdf_variant="pdf/x-4"))
    assert result.ok, [d.format() for d in result.diagnostics]
    path = root / "build/print/t-poster.pdf"
    if shutil.which("qpdf"):
        assert subprocess.run(["qpdf", "--check", str(path)], capture_output=True, check=False).returncode == 0
    report = check_file(path, "poster", 1, "海报")
    (x,) = [c for c in report.checks if c.name == "PDF/X 与输出意图"]
    assert x.status == OK and "PDF/X-4" in x.detail, x.detail
    with pikepdf.open(path) as pdf:  # the same file, claiming PDF/X-1a: a checker rejects it, so must we
        pdf.docinfo["/GTS_PDFXVersion"] = "PDF/X-1a:2003"
        pdf.save(tmp_path / "x1a.pdf")
    (x,) = [c for c in check_file(tmp_path / "x1a.pdf", "poster").checks if c.name == "PDF/X 与输出意图"]
    assert x.status == FAIL and "不允许透明" in x.detail
