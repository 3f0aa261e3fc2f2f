"""Print tests, part 2: one real build of a poster, a leaflet, a brochure and a flyer, checked
by parsing the PDFs, rendering them with poppler and opening the workbook."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pikepdf
import pytest
from PIL import Image

from conftest import write_project
from test_print_kit import (
    FILES,
    MM,
    QUANTITIES,
    TRIMS,
    box_mm,
    font_sizes_of,
    page_texts,
    text_in_box,
    unembedded_fonts,
)
from xuanjiao.pipeline import BuildOptions, run_build

EPOCH = "1793404800"  # 2026-10-31T00:00:00Z
PAGES = {"t-poster": 1, "t-leaflet": 2, "t-brochure": 8, "t-flyer": 2}


def _build(root: Path, out: Path, jobs: int = 1):
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        return run_build(BuildOptions(project_dir=root, out=out, only=("print",), jobs=jobs))
    finally:
        if old is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = write_project(tmp_path_factory.mktemp("print") / "proj", FILES)
    result = _build(root, root / "build")
    assert result.ok, [d.format() for d in result.diagnostics]
    # the test brochure's five one-line parts each start a page: that wastes a sheet, and it says so
    assert not [d for d in result.diagnostics if d.severity == "warning" and d.code != "print-economy"], [
        d.format() for d in result.diagnostics
    ]
    return root / "build" / "print"


@pytest.mark.parametrize("mid", sorted(PAGES))
def test_pages_boxes_and_fonts(built, mid):
    path = built / f"{mid}.pdf"
    w, h = TRIMS[mid]
    with pikepdf.open(path) as pdf:
        assert len(pdf.pages) == PAGES[mid]
        for page in pdf.pages:
            tw, th = box_mm(page, "/TrimBox")
            bw, bh = box_mm(page, "/BleedBox")
            mw, mh = box_mm(page, "/MediaBox")
            assert abs(tw - w) < 0.5 and abs(th - h) < 0.5
            assert abs(bw - (w + 6)) < 0.5 and abs(bh - (h + 6)) < 0.5
            assert mw > bw + 10 and mh > bh + 10, "room for crop marks outside the bleed"
            trim = [float(v) for v in page.obj.TrimBox]
            bleed = [float(v) for v in page.obj.BleedBox]
            assert all(abs(a - b - 3 * MM * s) < 0.5 for a, b, s in zip(trim, bleed, (1, 1, -1, -1)))
    assert unembedded_fonts(path) == []


def test_metadata(built):
    with pikepdf.open(built / "t-leaflet.pdf") as pdf:
        assert str(pdf.docinfo["/Title"]) == "折页标题甲"
        assert str(pdf.docinfo["/Author"]) == "测试县卫生健康局"
        assert str(pdf.Root.Lang) == "zh-CN"
        assert str(pdf.docinfo["/CreationDate"]).startswith("D:20261031")


def test_poster_text_in_reading_order(built):
    (text,) = page_texts(built / "t-poster.pdf")
    order = [
        "海报标题甲",
        "知艾防艾",
        "海报小标题乙",
        "海报要点丙",
        "海报要点丁",
        "咨询热线 12320",
        "审核：县疾控中心 王医生",
    ]
    positions = [text.find(s) for s in order]
    assert -1 not in positions and positions == sorted(positions), text


def test_leaflet_panels_in_order(built):
    outside, inside = page_texts(built / "t-leaflet.pdf")
    positions = [inside.find(f"面板{n}内容") for n in "一二三"]
    assert -1 not in positions and positions == sorted(positions), inside
    assert "面板四内容" in outside  # the text flows on to the inner flap
    for s in ("折页标题甲", "测试县卫生健康局", "12320", "审核：县疾控中心 王医生", "印数：2000 份"):
        assert s in outside
    # the panels are where a roll fold puts them: flap | back | cover outside, 1 | 2 | 3 inside
    pdf = built / "t-leaflet.pdf"
    bleed = 12  # mm of MediaBox around the trim
    assert "面板四内容" in text_in_box(pdf, 1, bleed, bleed, 97, 210)
    assert "12320" in text_in_box(pdf, 1, bleed + 98, bleed, 99, 210)
    assert "折页标题甲" in text_in_box(pdf, 1, bleed + 198, bleed, 99, 210)
    for n, x in zip("一二三", (0, 100, 199)):
        assert f"面板{n}内容" in text_in_box(pdf, 2, bleed + x, bleed, 97, 210)


def test_brochure_pages_and_imposition(built):
    texts = page_texts(built / "t-brochure.pdf")
    assert "手册标题甲" in texts[0]
    for n, mark in enumerate("ABCDE", start=2):
        assert f"标记{mark}" in texts[n - 1] and str(n) in texts[n - 1].split()  # page number in the footer
    assert "标记" not in texts[6] and "目录" not in "".join(texts)  # a blank page; no contents for 8 pages
    assert "12320" in texts[7]  # the back cover is last
    imposed = built / "t-brochure.imposed.pdf"
    with pikepdf.open(imposed) as pdf:
        assert len(pdf.pages) == 4
        assert all(abs(box_mm(p, "/TrimBox")[0] - 296) < 0.5 for p in pdf.pages)  # the spread; marks around it
    marks = {1: "手册标题甲", 2: "标记A", 3: "标记B", 4: "标记C", 5: "标记D", 6: "标记E", 8: "12320"}
    x0 = 12  # the spread's trim, inside the crop marks' room
    for sheet_side, (left, right) in enumerate([(8, 1), (2, 7), (6, 3), (4, 5)], start=1):
        halves = [text_in_box(imposed, sheet_side, x0 + slot * 148, 12, 148, 210) for slot in (0, 1)]
        for number, half in zip((left, right), halves):
            if number in marks:
                assert marks[number] in half, (sheet_side, number, half)
            else:
                assert "标记" not in half


def test_flyer_sides(built):
    front, back = page_texts(built / "t-flyer.pdf")
    assert "传单标题甲" in front and "正面内容" in front and "背面内容" not in front
    assert "背面内容" in back and "12320" in back


def test_screen_pdf_is_trimmed(built):
    for mid, (w, h) in TRIMS.items():
        with pikepdf.open(built / f"{mid}.screen.pdf") as pdf:
            assert len(pdf.pages) == PAGES[mid]
            mw, mh = box_mm(pdf.pages[0], "/MediaBox")
            assert abs(mw - w) < 0.5 and abs(mh - h) < 0.5
        preview = Image.open(built / f"{mid}.preview.jpg")
        assert preview.format == "JPEG" and preview.width == 600 and abs(preview.height / preview.width - h / w) < 0.02


def _neutral_dark(px) -> bool:
    """Grey to black (crop marks, anti-aliased), not the teal or tinted backgrounds."""
    r, g, b = px[:3]
    return max(r, g, b) < 200 and max(r, g, b) - min(r, g, b) < 40


@pytest.mark.parametrize("mid", ["t-leaflet", "t-poster"])
def test_crop_marks_lie_outside_the_bleed(built, mid, tmp_path):
    dpi = 72
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            str(dpi),
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(built / f"{mid}.pdf"),
            str(tmp_path / "p"),
        ],
        check=True,
    )
    img = Image.open(tmp_path / "p.png").convert("RGB")
    with pikepdf.open(built / f"{mid}.pdf") as pdf:
        page = pdf.pages[0]
        mx0, _, _, my1 = (float(v) for v in page.obj.MediaBox)
        tx0, ty0, tx1, ty1 = (float(v) for v in page.obj.TrimBox)
    px = dpi / 72  # pixels per point
    trim = ((tx0 - mx0) * px, (my1 - ty1) * px, (tx1 - mx0) * px, (my1 - ty0) * px)  # left, top, right, bottom
    bleed = 3 * MM * px
    marks = []
    for y in range(img.height):
        for x in range(img.width):
            inside_trim = trim[0] <= x <= trim[2] and trim[1] <= y <= trim[3]
            if inside_trim or not _neutral_dark(img.getpixel((x, y))):
                continue
            # a dark pixel outside the trim: a crop (or fold) mark, clear of the 3 mm bleed
            in_bleed = (
                trim[0] - bleed - 1 <= x <= trim[2] + bleed + 1 and trim[1] - bleed - 1 <= y <= trim[3] + bleed + 1
            )
            assert not in_bleed, (x, y)
            marks.append((x, y))
    near = lambda a, b: abs(a - b) <= 2  # noqa: E731
    top = [(x, y) for x, y in marks if y < trim[1]]
    left = [(x, y) for x, y in marks if x < trim[0]]
    # marks in line with each trim edge, in the margins above and beside the sheet
    assert any(near(x, trim[0]) for x, _ in top) and any(near(x, trim[2]) for x, _ in top)
    assert any(near(y, trim[1]) for _, y in left) and any(near(y, trim[3]) for _, y in left)


def test_print_order_workbook(built):
    from openpyxl import load_workbook

    wb = load_workbook(built / "print-order.xlsx")
    ws = wb["印刷清单"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == (
        "编号",
        "名称",
        "类型",
        "成品尺寸",
        "页数",
        "纸张",
        "颜色",
        "工艺",
        "数量",
        "文件",
        "出血",
        "付印日期",
    )
    body = {r[0]: r for r in rows[1:] if r[0] in QUANTITIES}
    assert set(body) == set(QUANTITIES)
    for mid, qty in QUANTITIES.items():
        press = (
            f"（拼版：{mid}.imposed.pdf）" if mid == "t-brochure" else ""
        )  # the shop prints a brochure from its spreads
        assert body[mid][8] == qty and body[mid][9] == f"{mid}.pdf{press}" and body[mid][4] == PAGES[mid]
    assert body["t-leaflet"][2] == "三折页" and "297×210" in body["t-leaflet"][3]
    totals = rows[1 + len(QUANTITIES) :]  # one per kind: copies of different kinds do not add up
    assert totals[0][0] == "合计" and sum(t[8] for t in totals) == sum(QUANTITIES.values())
    assert len(totals) == len(QUANTITIES) and all(body[mid][10] == "3 mm" for mid in QUANTITIES)
    assert ws.freeze_panes == "A2"
    assert ws.column_dimensions["B"].width > 20
    assert wb.properties.created.year == 2026 and wb.properties.modified == wb.properties.created
    texts = page_texts(built / "print-order.pdf")
    assert (
        "宣传资料印刷清单" in texts[0].replace(" ", "")
        and "宣传单 1 种 3,000" in texts[0]
        and "t-brochure.pdf" in texts[0]
    )


def test_two_builds_are_byte_identical(built, tmp_path):
    """A second build, this time rendering in two worker processes, gives the same bytes."""
    root = built.parent.parent
    again = _build(root, tmp_path / "again", jobs=2)
    assert again.ok
    names = sorted(p.name for p in built.iterdir())
    assert names == sorted(p.name for p in (tmp_path / "again" / "print").iterdir())
    for name in names:
        assert (built / name).read_bytes() == (tmp_path / "again" / "print" / name).read_bytes(), name


def test_body_text_size(built):
    sizes = font_sizes_of(built / "t-leaflet.pdf", 1, "面板一内容")
    assert sizes and min(sizes) >= 9
