"""Print tests, part 6: the imposed brochure as a press file (issue 20): every sheet side has a
TrimBox (the spread) and a BleedBox 3 mm larger, crop and fold marks outside the bleed, the
pages' own bleed on the three outer edges, saddle-stitch order, and `--creep` moving the inner
sheets' pages towards the spine by the shop's figure per sheet (measured on the text).

Positions come from poppler (`pdftotext -bbox-layout`, `pdftoppm`) and the page boxes and mark
strokes from pikepdf, independent of the code under test."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner
from PIL import Image

from test_print_design import lines_of
from test_print_kit import CAMPAIGN, MM, material
from xuanjiao.cli import main
from xuanjiao.pipeline import BuildOptions, run_build

PARTS = 13  # cover, contents, 13 one-part pages and the back cover: 16 pages, 4 sheets
BOOK = material(
    "压印测试手册",
    "brochure",
    "\n\n<!-- break -->\n\n".join(f"## 第{n}部分\n\n正文第{n}部分，标记{n:02d}号。" for n in range(1, PARTS + 1))
    + "\n",
    print_="quantity: 2000",
)
CREEP = 0.6  # mm per sheet


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> dict[float, Path]:
    from conftest import write_project

    root = write_project(
        tmp_path_factory.mktemp("press") / "proj",
        {"content/campaigns/aids-2026.md": CAMPAIGN, "content/materials/book.md": BOOK},
    )
    out = {}
    for creep in (0.0, CREEP):
        dest = root / f"build-{creep}"
        result = run_build(BuildOptions(project_dir=root, out=dest, only=("print",), jobs=1, creep=creep))
        assert result.ok, [d.format() for d in result.diagnostics]
        out[creep] = dest / "print" / "book.imposed.pdf"
    return out


def _boxes(page: pikepdf.Page) -> dict[str, list[float]]:
    return {k: [float(v) / MM for v in page.obj[k]] for k in ("/MediaBox", "/TrimBox", "/BleedBox")}


def test_every_sheet_side_is_a_press_sheet_with_trim_and_bleed(books):
    with pikepdf.open(books[0.0]) as pdf:
        assert len(pdf.pages) == 8  # 16 pages, four sheets, two sides each
        for page in pdf.pages:
            box = _boxes(page)
            x0, y0, x1, y1 = box["/TrimBox"]
            assert (round(x1 - x0, 1), round(y1 - y0, 1)) == (296.0, 210.0)  # two A5 pages side by side
            assert [round(v, 2) for v in box["/BleedBox"]] == [round(v, 2) for v in (x0 - 3, y0 - 3, x1 + 3, y1 + 3)]
            m = box["/MediaBox"]
            assert min(x0 - m[0], y0 - m[1], m[2] - x1, m[3] - y1) >= 10  # room for the marks


def _stroked_lines(page: pikepdf.Page) -> list[tuple[float, float, float, float]]:
    """Straight lines the page strokes itself (not inside the pages' forms), in mm."""
    out, start, pending = [], None, []
    for operands, op in pikepdf.parse_content_stream(page):
        name = str(op)
        if name == "m":
            start = [float(v) / MM for v in operands]
        elif name == "l" and start:
            end = [float(v) / MM for v in operands]
            pending.append((*start, *end))
            start = end
        elif name == "S":
            out += pending
            pending = []
    return out


def test_crop_and_fold_marks_sit_outside_the_bleed(books):
    with pikepdf.open(books[0.0]) as pdf:
        for page in pdf.pages:
            x0, y0, x1, y1 = _boxes(page)["/TrimBox"]
            bx0, by0, bx1, by1 = _boxes(page)["/BleedBox"]
            lines = _stroked_lines(page)
            for a, b, c, d in lines:  # no mark reaches into the bleed
                assert not (bx0 < min(a, c) < bx1 and by0 < min(b, d) < by1), (a, b, c, d)
                assert not (bx0 < max(a, c) < bx1 and by0 < max(b, d) < by1), (a, b, c, d)
            vertical = {round(a, 1) for a, b, c, d in lines if abs(a - c) < 0.01}
            horizontal = {round(b, 1) for a, b, c, d in lines if abs(b - d) < 0.01}
            assert {round(x0, 1), round(x1, 1), round((x0 + x1) / 2, 1)} <= vertical  # corners and the spine fold
            assert {round(y0, 1), round(y1, 1)} <= horizontal
            assert len(lines) == 8 + 2


def _pixel(png: Path, x_mm: float, y_mm: float) -> tuple[int, int, int]:
    with Image.open(png) as im:
        return im.convert("RGB").getpixel((round(x_mm * 150 / 25.4), round(y_mm * 150 / 25.4)))


def test_the_cover_runs_into_the_bleed_and_no_page_mark_shows(books, tmp_path):
    """Sheet 1 front: the back cover left, the cover right; the cover's colour band reaches past
    the trim into the bleed, and nothing of the single pages' own marks is drawn on the sheet."""
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", str(books[0.0]), str(tmp_path / "s")], check=True
    )
    png = next(tmp_path.glob("s*.png"))
    with pikepdf.open(books[0.0]) as pdf:
        m = _boxes(pdf.pages[0])["/MediaBox"]
        x0, y0, x1, y1 = _boxes(pdf.pages[0])["/TrimBox"]
    top = m[3] - y1  # mm from the sheet's top edge to the trim
    inside, bleed, beyond = (
        _pixel(png, x1 - 1, top + 20),
        _pixel(png, x1 + 1.5, top + 20),
        _pixel(png, x1 + 4.5, top + 20),
    )
    assert inside != (255, 255, 255) and bleed == inside  # the cover's band, into the bleed
    assert beyond == (255, 255, 255)  # clipped at the bleed


def test_pages_are_in_saddle_stitch_order(books):
    found: dict[int, tuple[int, int]] = {}  # part -> (sheet side, slot)
    with pikepdf.open(books[0.0]) as pdf:
        width = _boxes(pdf.pages[0])["/TrimBox"]
        half = (width[2] - width[0]) / 2
    for line in lines_of(books[0.0]):
        if "标记" in line.text:
            part = int(line.text.split("标记")[1][:2])
            found[part] = (line.page, 0 if line.x0 < half else 1)
    # cover, contents, the parts on pages 3-15, the back cover; sheet sides 16|1, 2|15, 14|3, ...
    order = [(16, 1), (2, 15), (14, 3), (4, 13), (12, 5), (6, 11), (10, 7), (8, 9)]
    expected = {n - 2: (side, slot) for side, pair in enumerate(order) for slot, n in enumerate(pair) if 3 <= n <= 15}
    assert found == expected


def test_creep_moves_inner_sheets_towards_the_spine(books):
    """Sheet i (0 = outermost) moves i x creep towards the spine; measured on each part's text."""

    def positions(pdf: Path) -> dict[int, tuple[int, float]]:
        return {
            int(line.text.split("标记")[1][:2]): (line.page, line.x1 if line.x0 < 148 else line.x0)
            for line in lines_of(pdf)
            if "标记" in line.text
        }

    plain, crept = positions(books[0.0]), positions(books[CREEP])
    assert plain.keys() == crept.keys() and len(plain) == PARTS
    for part, (side, x) in plain.items():
        sheet = side // 2
        towards_spine = 1 if x < 148 else -1
        moved = crept[part][1] - x
        assert moved == pytest.approx(towards_spine * sheet * CREEP, abs=0.05), (part, side, moved)


def test_creep_is_a_number_of_millimetres(tmp_path):
    res = CliRunner().invoke(main, ["build", "--project", str(tmp_path), "--creep", "5"])
    assert res.exit_code == 2 and "--creep" in res.output


def test_creep_grows_by_sheet_from_the_outside_in():
    from xuanjiao.printing.impose import creep_shifts

    assert creep_shifts(16, 0.1) == pytest.approx([0, 0, 0.1, 0.1, 0.2, 0.2, 0.3, 0.3])
    assert creep_shifts(8, 0.0) == [0, 0, 0, 0]


def test_the_print_order_names_the_press_file(books):
    from openpyxl import load_workbook

    rows = list(load_workbook(books[0.0].parent / "print-order.xlsx").active.iter_rows(values_only=True))
    (row,) = [r for r in rows if "压印测试手册" in r]
    assert "book.pdf（拼版：book.imposed.pdf）" in row
