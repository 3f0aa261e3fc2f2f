"""Print tests, part 7: a material's `cover:` picture (issue 20): placed where the theme's design
puts it (a strip under a poster's title band, the top of a leaflet's cover panel, the top of a
brochure's cover, all into the bleed), its effective resolution at that size reported at the
`cover:` line (warning under 250 ppi, error under 150), converted with `--cmyk`.

The picture is a flat magenta PNG: where it landed is read from poppler's rendering, its
resolution from the message's figure against the size measured there."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from PIL import Image

from test_print_kit import BROCHURE, CAMPAIGN, LEAFLET, POSTER
from xuanjiao.content.loader import load_project
from xuanjiao.errors import BuildError
from xuanjiao.pipeline import BuildOptions, run_build

MAGENTA = (224, 16, 154)
DPI = 50


def _with_cover(text: str, kind: str, name: str) -> str:
    return text.replace(f"kind: {kind}\n", f"kind: {kind}\ncover: assets/{name}\n", 1)


FILES = {
    "content/campaigns/aids-2026.md": CAMPAIGN,
    "content/materials/p-good.md": _with_cover(POSTER, "poster", "wide.png"),
    "content/materials/p-soft.md": _with_cover(POSTER, "poster", "soft.png"),
    "content/materials/leaf.md": _with_cover(LEAFLET, "leaflet", "square.png"),
    "content/materials/book.md": _with_cover(BROCHURE, "brochure", "wide.png"),
}
PICTURES = {"wide.png": (3600, 1000), "soft.png": (2000, 560), "blocky.png": (1000, 280), "square.png": (1300, 1300)}


def _project(root: Path, files: dict[str, str]) -> Path:
    from conftest import write_project

    write_project(root, files)
    (root / "content/assets").mkdir(parents=True, exist_ok=True)
    for name, size in PICTURES.items():
        Image.new("RGB", size, MAGENTA).save(root / "content/assets" / name)
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = _project(tmp_path_factory.mktemp("pictures") / "proj", FILES)
    result = run_build(BuildOptions(project_dir=root, only=("print",), jobs=2))
    assert result.ok, [d.format() for d in result.diagnostics]
    return root, result


def _magenta_box(pdf: Path, page: int, tmp: Path) -> tuple[float, float, float, float]:
    """The picture's extent on the page, in mm from the trim's top left corner."""
    prefix = tmp / f"{pdf.stem}-{page}"
    subprocess.run(
        ["pdftoppm", "-r", str(DPI), "-png", "-f", str(page), "-l", str(page), str(pdf), str(prefix)], check=True
    )
    png = next(tmp.glob(f"{prefix.name}*.png"))
    with Image.open(png) as im:
        rgb = im.convert("RGB")
        pixels = rgb.load()
        w, h = rgb.size
        hits = [(x, y) for y in range(0, h) for x in range(0, w) if _close(pixels[x, y])]
    with pikepdf.open(pdf) as doc:
        p = doc.pages[page - 1]
        media = [float(v) for v in p.mediabox]
        trim = [float(v) for v in p.obj.TrimBox]
    dx, dy = (trim[0] - media[0]) / 72 * 25.4, (media[3] - trim[3]) / 72 * 25.4
    mm = 25.4 / DPI
    xs, ys = [x for x, _ in hits], [y for _, y in hits]
    return min(xs) * mm - dx, min(ys) * mm - dy, (max(xs) + 1) * mm - dx, (max(ys) + 1) * mm - dy


def _close(rgb: tuple[int, int, int]) -> bool:
    return all(abs(a - b) < 24 for a, b in zip(rgb, MAGENTA))


def test_the_picture_sits_where_the_design_puts_it(built, tmp_path):
    root, _ = built
    out = root / "build/print"
    tol = 1.2  # mm: two pixels at 50 dpi
    x0, y0, x1, y1 = _magenta_box(out / "p-good.pdf", 1, tmp_path)  # a strip across the poster, into the bleed
    assert (x0, x1) == (pytest.approx(-3, abs=tol), pytest.approx(300, abs=tol))
    assert y1 - y0 == pytest.approx(80, abs=tol) and 60 < y0 < 210  # under the title band, in the top half
    x0, y0, x1, y1 = _magenta_box(out / "leaf.pdf", 1, tmp_path)  # the cover panel's top, bleeding out
    assert (x1, y0, y1) == (pytest.approx(300, abs=tol), pytest.approx(-3, abs=tol), pytest.approx(108, abs=tol))
    assert x0 == pytest.approx(199, abs=2)  # the cover panel's fold
    x0, y0, x1, y1 = _magenta_box(out / "book.pdf", 1, tmp_path)  # the brochure cover's top 42 %
    assert (x0, y0, x1) == (pytest.approx(-3, abs=tol), pytest.approx(-3, abs=tol), pytest.approx(151, abs=tol))
    assert y1 == pytest.approx(210 * 0.42, abs=tol)


def _cover_diags(result, mid: str):
    return [d for d in result.diagnostics if d.path.endswith(f"{mid}.md") and d.code == "cover-resolution"]


def test_effective_resolution_is_reported_at_the_cover_line(built, tmp_path):
    _, result = built
    assert not _cover_diags(result, "p-good") and not _cover_diags(result, "leaf") and not _cover_diags(result, "book")
    blocky = _project(
        tmp_path / "proj",
        {
            "content/campaigns/aids-2026.md": CAMPAIGN,
            "content/materials/p-blocky.md": _with_cover(POSTER, "poster", "blocky.png"),
        },
    )
    failed = run_build(BuildOptions(project_dir=blocky, only=("print",), jobs=1))
    assert not failed.ok
    strip_in = 303 / 25.4  # the strip runs 3 mm into the bleed on both sides
    for res, mid, severity, px in ((result, "p-soft", "warning", 2000), (failed, "p-blocky", "error", 1000)):
        (diag,) = _cover_diags(res, mid)
        assert (diag.severity, diag.line) == (severity, 4), diag.format()  # the `cover:` line
        ppi = float(re.search(r"at (\d+) ppi effective", diag.message).group(1))
        assert ppi == pytest.approx(px / strip_in, abs=1)
        assert "250 ppi" in diag.message


def test_a_missing_cover_is_an_error_at_its_line(make_project):
    root = make_project(
        {
            "content/campaigns/aids-2026.md": CAMPAIGN,
            "content/materials/p.md": _with_cover(POSTER, "poster", "nope.png"),
        }
    )
    with pytest.raises(BuildError) as err:
        load_project(root)
    (diag,) = [d for d in err.value.diagnostics if d.message.startswith("cover:")]
    assert diag.severity == "error" and diag.path.endswith("materials/p.md") and diag.line == 4


@pytest.mark.skipif(shutil.which("gs") is None, reason="--cmyk needs Ghostscript")
def test_with_cmyk_the_picture_is_converted(tmp_path):
    root = _project(
        tmp_path / "proj",
        {
            "content/campaigns/aids-2026.md": CAMPAIGN,
            "content/materials/p.md": _with_cover(POSTER, "poster", "wide.png"),
        },
    )
    result = run_build(BuildOptions(project_dir=root, only=("print",), jobs=1, cmyk=True))
    assert result.ok, [d.format() for d in result.diagnostics]
    with pikepdf.open(root / "build/print/p.pdf") as pdf:
        images = [
            img
            for page in pdf.pages
            for img in _images(page.obj)
            if (int(img.Width), int(img.Height)) == PICTURES["wide.png"]
        ]
        assert images
        for img in images:
            cs = img.ColorSpace
            n = int(cs[1].N) if isinstance(cs, pikepdf.Array) and cs[0] == "/ICCBased" else None
            assert cs == "/DeviceCMYK" or n == 4, cs


def _images(obj) -> list:
    """Image XObjects of a page or form, forms followed."""
    out = []
    for _, x in (obj.get("/Resources", {}).get("/XObject", {}) or {}).items():
        if x.get("/Subtype") == "/Image":
            out.append(x)
        elif x.get("/Subtype") == "/Form":
            out += _images(x)
    return out


def test_a_poster_picture_gives_way_before_the_messages_are_too_long(example_built_copy, tmp_path):
    """The example's AIDS poster under a title that takes two lines: at its full 80 mm the picture
    leaves the messages 11 mm short even at the smallest type, so the strip is set lower, with a
    warning at `cover:`, instead of an overflow error."""
    root = example_built_copy  # built: the poster is rendered again, the rest comes from the cache
    Image.new("RGB", PICTURES["wide.png"], MAGENTA).save(root / "content/assets/wide.png")
    path = root / "content/materials/aids-poster.md"
    text = re.sub(r"(?m)^title: .*$", "title: 传染病防控健康相伴人人有责", path.read_text("utf-8"), count=1)
    path.write_text(re.sub(r"(?m)^cover: .*$", "cover: assets/wide.png", text, count=1), "utf-8")
    cover_line = 1 + path.read_text("utf-8").splitlines().index("cover: assets/wide.png")
    result = run_build(BuildOptions(project_dir=root, only=("print",), jobs=2))
    assert result.ok, [d.format() for d in result.diagnostics if d.severity == "error"]
    (lowered,) = [d for d in result.diagnostics if d.code == "cover-lowered"]
    assert lowered.severity == "warning" and lowered.line == cover_line
    mm = int(re.search(r"set (\d+) mm high instead of 80 mm", lowered.message).group(1))
    x0, y0, x1, y1 = _magenta_box(root / "build/print/aids-poster.pdf", 1, tmp_path)
    assert y1 - y0 == pytest.approx(mm, abs=1.2) and mm < 80


def test_the_screen_pdf_carries_the_photo_downsampled(built):
    root, _ = built
    with pikepdf.open(root / "build/print/p-good.screen.pdf") as pdf:
        sizes = [(int(i.Width), int(i.Height)) for page in pdf.pages for i in _images(page.obj)]
    assert sizes and all(w < PICTURES["wide.png"][0] for w, _ in sizes)  # 150 dpi for phones, not 300+
    assert (root / "build/print/p-good.screen.pdf").stat().st_size < (root / "build/print/p-good.pdf").stat().st_size
