"""The print order's PDF (印刷清单): a long order is laid out in parts, one WeasyPrint document
at a time, and still reads as one document: true page footers, the header on every page, the
total, notes and signatures once at the end, each font embedded once."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest

from conftest import made_once
from xuanjiao.content.loader import load_project
from xuanjiao.printing import order
from xuanjiao.printing.order import OrderRow, order_pdf
from xuanjiao.printing.theme import Theme

STAMP = dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.timezone.utc)
TITLES = (
    "世界卫生日宣传海报",
    "预防艾滋病 从我做起——社区宣传折页（第二版）",
    "高血压防治知识",
    "Contraception leaflet",
    "全民健康生活方式宣传栏展板内容（社区版）",
)
FOOTER = re.compile(r"第 (\d+) 页\u3000共 (\d+) 页")


def make_rows(n: int) -> list[OrderRow]:
    """Rows of one and two lines; every eleventh has no quantity yet (待定)."""
    return [
        OrderRow(
            f"m-{i:04d}",
            TITLES[i % len(TITLES)],
            "三折页" if i % 2 else "海报",
            "297×210 mm，展开" if i % 2 else "420×570 mm",
            1 + i % 8,
            "157g 铜版纸",
            "4/4",
            "裁切",
            None if i % 11 == 5 else 100 * (i % 40 + 1),
            f"m-{i:04d}.pdf",
        )
        for i in range(n)
    ]


def page_texts(path: Path) -> list[str]:
    pdf = pdfium.PdfDocument(str(path))
    try:
        return [page.get_textpage().get_text_range() for page in pdf]
    finally:
        pdf.close()


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def project(example_copy, tmp_path_factory):
    root = tmp_path_factory.mktemp("order") / "project"
    shutil.copytree(example_copy, root)  # the session's copy stays as it is
    return load_project(root)[0]


@pytest.fixture(scope="module")
def long_order(project, tmp_path_factory) -> tuple[list[OrderRow], Path]:
    """A 1,000-row order, laid out once for the session's workers (conftest.made_once)."""
    rows = make_rows(1000)

    def make(folder: Path) -> None:
        assert order_pdf(project, rows, folder / "print-order.pdf", STAMP, Theme(project)) == []

    return rows, made_once(tmp_path_factory, "long-print-order", make) / "print-order.pdf"


def test_long_order_pages_have_header_and_true_footer(long_order):
    rows, path = long_order
    texts = page_texts(path)
    assert len(texts) > 5 * len(rows) // order.PART_ROWS  # several parts, several pages each
    for n, text in enumerate(texts, 1):
        assert [m.groups() for m in FOOTER.finditer(text)] == [(str(n), str(len(texts)))], n
        assert "序号编号名称类型成品尺寸页数纸张颜色工艺数量文件" in squeezed(text), n
    assert [n for n, text in enumerate(texts) if "宣传资料印刷清单" in squeezed(text)] == [0]


def test_long_order_lists_each_row_once_then_total_notes_and_signatures(long_order):
    rows, path = long_order
    texts = page_texts(path)
    whole = "\n".join(texts)
    ids = re.findall(r"\bm-(\d{4})(?!\.pdf)", whole)
    files = re.findall(r"\bm-(\d{4})\.pdf", whole)
    expected = [f"{i:04d}" for i in range(len(rows))]
    assert ids == expected and files == expected  # each once, in order
    numbers = [int(n) for n in re.findall(r"^(\d+) m-\d{4}\b", whole, re.M)]
    assert numbers == list(range(1, len(rows) + 1))
    total = sum(r.quantity or 0 for r in rows)
    for words in ("合计", "说明：", "经办人："):
        assert [n for n, text in enumerate(texts) if words in text] == [len(texts) - 1], words
        assert whole.count(words) == 1, words
    for kind in ("海报", "三折页"):  # a total per kind
        mine = [r for r in rows if r.kind == kind]
        assert f"{kind} {len(mine)} 种 {sum(r.quantity or 0 for r in mine):,}" in texts[-1]
    assert sum(r.quantity or 0 for r in rows) == total
    assert whole.count("待定") == sum(r.quantity is None for r in rows)


def test_long_order_embeds_each_font_once(long_order):
    _, path = long_order
    with pikepdf.open(path) as pdf:
        programs = {}
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor":
                file = next(obj[k] for k in ("/FontFile", "/FontFile2", "/FontFile3") if k in obj)
                programs.setdefault(str(obj.FontName), set()).add(file.objgen)
    assert programs and all(len(files) == 1 for files in programs.values()), programs


@pytest.mark.parametrize("count, part", [(150, 40), (60, 9)])  # 9 rows: a part of one page takes more
def test_parts_look_like_one_layout_and_are_reproducible(project, tmp_path, monkeypatch, count, part):
    rows, theme = make_rows(count), Theme(project)
    assert order_pdf(project, rows, tmp_path / "one.pdf", STAMP, theme) == []
    monkeypatch.setattr(order, "PART_ROWS", part)
    for name in ("parts.pdf", "again.pdf"):
        assert order_pdf(project, rows, tmp_path / name, STAMP, theme) == []
    assert (tmp_path / "parts.pdf").read_bytes() == (tmp_path / "again.pdf").read_bytes()
    assert page_texts(tmp_path / "parts.pdf") == page_texts(tmp_path / "one.pdf")
    one, parts = pdfium.PdfDocument(str(tmp_path / "one.pdf")), pdfium.PdfDocument(str(tmp_path / "parts.pdf"))
    try:
        assert len(one) == len(parts) > 4
        for n in range(len(one)):
            a, b = (doc[n].render(scale=0.7).to_pil() for doc in (one, parts))
            assert a.tobytes() == b.tobytes(), f"page {n + 1} differs"
    finally:
        one.close()
        parts.close()


def test_short_order_is_one_layout(project, tmp_path, monkeypatch):
    def no_parts(*args):
        raise AssertionError("a short order is laid out in one document")

    monkeypatch.setattr(order, "_in_parts", no_parts)
    rows = make_rows(order.PART_ROWS)
    assert order_pdf(project, rows, tmp_path / "short.pdf", STAMP, Theme(project)) == []
    texts = page_texts(tmp_path / "short.pdf")
    assert [FOOTER.search(t).groups() for t in texts] == [(str(n), str(len(texts))) for n in range(1, len(texts) + 1)]
    assert "\n".join(texts).count("合计") == 1 and "合计" in texts[-1]


def _overflowing(box, cell=None) -> list[str]:
    """Text that runs past the right or left edge of its table cell's content box."""
    from weasyprint.formatting_structure import boxes

    out = []
    if isinstance(box, boxes.TableCellBox):
        cell = box
    elif isinstance(box, boxes.TextBox) and cell is not None and box.text.strip():
        left, right = cell.content_box_x(), cell.content_box_x() + cell.width
        if box.position_x < left - 0.5 or box.position_x + box.width > right + 0.5:
            out.append(box.text)
    for child in getattr(box, "children", ()):
        out += _overflowing(child, cell)
    return out


def test_widest_values_stay_inside_their_cells(project, tmp_path, monkeypatch):
    """Eight-digit quantities in bold, a four-character colour, the longest size text: every
    cell's text within its column (nowrap numbers must not cross the rules)."""
    rows = [
        OrderRow(
            "aids-banner",
            "世界艾滋病日横幅",
            "横幅",
            "7100×700 mm（PDF 为 1:10 校样）",
            1,
            "红色横幅布",
            "白字红底",
            "白色刻字，两端穿绳",
            3,
            "aids-banner.pdf",
        ),
        OrderRow(
            "autism-brochure-second-edition",
            "早识别 早干预 用爱陪伴——儿童孤独症家长手册",
            "宣传册",
            "A5（148×210 mm）",
            24,
            "105g 铜版纸",
            "4/4",
            "骑马钉",
            23_159_000,
            "autism-brochure-second-edition.pdf",
        ),
    ]
    original, laid = order.render_html, []

    def keeping(*args, **kwargs):
        result = original(*args, **kwargs)
        laid.append(result.document)
        return result

    monkeypatch.setattr(order, "render_html", keeping)
    assert order_pdf(project, rows, tmp_path / "wide.pdf", STAMP, Theme(project)) == []
    assert laid and "23,159,000" in "".join(page_texts(tmp_path / "wide.pdf"))
    assert [t for doc in laid for page in doc.pages for t in _overflowing(page._page_box)] == []
