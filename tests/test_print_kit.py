"""Print tests, part 1: helpers shared by the other test_print_* files (a small project with one
material of each kind, and PDF readers independent of the code under test) and fast unit tests."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pikepdf
from pypdf import PdfReader

MM = 72 / 25.4

FRONT = """\
---
title: {title}
kind: {kind}
{size}campaigns: [aids-2026]
audiences: [{audiences}]
status: {status}
reviewed_by: 县疾控中心 王医生
reviewed_on: 2026-11-02
sources: ["国家卫生健康委《健康素养》"]
print: {{{print}}}
---
"""


def material(
    title: str,
    kind: str,
    body: str,
    *,
    size: str = "",
    audiences: str = "青年学生",
    status: str = "approved",
    print_: str = "quantity: 1000",
) -> str:
    return (
        FRONT.format(
            title=title,
            kind=kind,
            size=f"size: {size}\n" if size else "",
            audiences=audiences,
            status=status,
            print=print_,
        )
        + body
    )


CAMPAIGN = """\
---
day: world-aids-day
year: 2026
title: 2026 年世界艾滋病日宣传活动
slogan: 知艾防艾 关爱不歧视
---
正文
"""

POSTER = material(
    "海报标题甲",
    "poster",
    """\
## 海报小标题乙

- 海报要点丙
- 海报要点丁

**咨询热线 12320**
""",
    print_="quantity: 200",
)

LEAFLET = material(
    "折页标题甲",
    "leaflet",
    """\
## 第一面板

- 面板一内容：每次都用安全套。

<!-- break -->

## 第二面板

面板二内容：发生高风险行为后 72 小时内就医。

<!-- break -->

## 第三面板

- 面板三内容：县疾控中心免费检测。

<!-- break -->

## 内折页

面板四内容：关爱感染者，不歧视。
""",
    print_="quantity: 2000",
)

BROCHURE = material(
    "手册标题甲",
    "brochure",
    "\n\n<!-- break -->\n\n".join(f"## 第{n}章\n\n手册第{n}页正文，标记{m}。" for n, m in zip("一二三四五", "ABCDE"))
    + "\n",
    print_="quantity: 500",
)

FLYER = material(
    "传单标题甲",
    "flyer",
    """\
## 正面

正面内容：不共用针具。

<!-- break -->

## 背面

背面内容：免费检测，严格保密。
""",
    size="A5",
    print_="quantity: 3000",
)

FILES = {
    "content/campaigns/aids-2026.md": CAMPAIGN,
    "content/materials/t-poster.md": POSTER,
    "content/materials/t-leaflet.md": LEAFLET,
    "content/materials/t-brochure.md": BROCHURE,
    "content/materials/t-flyer.md": FLYER,
}

TRIMS = {"t-poster": (297, 420), "t-leaflet": (297, 210), "t-brochure": (148, 210), "t-flyer": (148, 210)}
QUANTITIES = {"t-poster": 200, "t-leaflet": 2000, "t-brochure": 500, "t-flyer": 3000}


def box_mm(page: pikepdf.Page, name: str) -> tuple[float, float]:
    x0, y0, x1, y1 = (float(v) for v in page.obj[name])
    return (x1 - x0) / MM, (y1 - y0) / MM


def page_texts(path: Path) -> list[str]:
    return [p.extract_text() or "" for p in PdfReader(str(path)).pages]


def unembedded_fonts(path: Path) -> list[str]:
    bad = []
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            for font in (page.obj.Resources.get("/Font") or {}).values():
                desc = font
                if font.get("/Subtype") == "/Type0":
                    desc = font.DescendantFonts[0]
                if font.get("/Subtype") == "/Type3":
                    continue
                fd = desc.get("/FontDescriptor")
                if fd is None or not any(k in fd for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                    bad.append(str(font.get("/BaseFont")))
    return bad


def text_in_box(pdf: Path, page: int, x_mm: float, y_mm: float, w_mm: float, h_mm: float) -> str:
    """Text of a rectangle (mm from the top-left of the page's MediaBox), by poppler's pdftotext."""
    res = 72
    args = [
        "pdftotext",
        "-r",
        str(res),
        "-f",
        str(page),
        "-l",
        str(page),
        "-x",
        str(round(x_mm * MM)),
        "-y",
        str(round(y_mm * MM)),
        "-W",
        str(round(w_mm * MM)),
        "-H",
        str(round(h_mm * MM)),
        "-layout",
        str(pdf),
        "-",
    ]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def font_sizes_of(path: Path, page: int, needle: str) -> list[float]:
    """Effective font sizes (pt) of text runs containing `needle`."""
    sizes: list[float] = []

    def visit(text, cm, tm, font, size):
        if needle in text:
            sizes.append(abs(size * tm[0] * cm[0]))

    PdfReader(str(path)).pages[page].extract_text(visitor_text=visit)
    return sizes


# --- fast unit tests ------------------------------------------------------------------------


def test_saddle_stitch_order():
    from xuanjiao.printing.impose import saddle_order

    assert saddle_order(8) == [(8, 1), (2, 7), (6, 3), (4, 5)]
    assert saddle_order(4) == [(4, 1), (2, 3)]
    sides = saddle_order(12)
    assert sorted(p for side in sides for p in side) == list(range(1, 13))
    assert sides[0] == (12, 1) and sides[-1] == (6, 7)


def test_roll_fold_panels_fill_the_sheet_and_the_flap_is_narrower():
    from xuanjiao.printing.geometry import leaflet_panels

    outside, inside = leaflet_panels(297)
    assert sum(p.width for p in outside) == sum(p.width for p in inside) == 297
    flap, back, cover = outside
    assert back.width == cover.width and 1 <= back.width - flap.width <= 3
    assert inside[2].width == flap.width  # the flap's other side, after turning the sheet over
    assert [p.role for p in outside] == ["flap", "back", "cover"]


def test_parts_know_their_lines(tmp_path):
    from xuanjiao.content.models import Material
    from xuanjiao.printing.body import parts, units

    text = "## 甲\n\n- 一\n- 二\n\n<!-- break -->\n\n## 乙\n\n段落。\n"
    m = Material(id="x", title="t", kind="leaflet", body=text, body_line=10, path=tmp_path / "x.md")
    got = parts(m)
    assert [(p.line, p.break_line) for p in got] == [(10, 0), (17, 15)]
    found = units(got)
    assert [u.line for u in found] == [10, 12, 13, 17, 19]
    assert [u.keep_with_next for u in found] == [True, False, False, True, False]
    assert found[1].list_key == found[2].list_key != -1


def test_pack_moves_headings_with_their_text_and_honours_breaks(tmp_path):
    from xuanjiao.content.models import Material
    from xuanjiao.printing.body import parts, units
    from xuanjiao.printing.flow import pack

    text = "## A\n\n- 1\n- 2\n- 3\n\n## B\n\n- 4\n\n<!-- break -->\n\n## C\n"
    m = Material(id="x", title="t", kind="leaflet", body=text, body_line=1, path=tmp_path / "x.md")
    ps = parts(m)
    us = units(ps)
    heights = {u.index: (u.index * 10.0, u.index * 10.0 + 8) for u in us}
    got = pack(us, heights, capacity=50, n_panels=3, n_parts=len(ps))
    texts = [[u.html.split(">")[1].split("<")[0] for u in panel] for panel in got.panels]
    assert texts == [["A", "1", "2", "3"], ["B", "4"], ["C"]]  # B does not end panel 1
    assert not got.left_over
    tight = pack(us, heights, capacity=50, n_panels=2, n_parts=len(ps))
    assert tight.too_many_parts == 1 and [u.index for u in tight.left_over] == [6]  # C found no panel


def counted_layouts(monkeypatch) -> list[str]:
    """Every WeasyPrint layout the print code makes, each a real one, only counted (the
    stylesheets of each, joined). Rendered in the test's process: no helper (workers.Helper)."""
    from xuanjiao import pdf
    from xuanjiao.printing import large, laying

    calls: list[str] = []

    def counting(html, base_dir, roots, stylesheets=(), **kwargs):
        calls.append("".join(stylesheets))
        return pdf.render_html(html, base_dir, roots, stylesheets, **kwargs)

    monkeypatch.setenv("XUANJIAO_HELPERS", "off")
    monkeypatch.setattr(laying, "render_html", counting)
    monkeypatch.setattr(large, "render_html", counting)
    return calls
