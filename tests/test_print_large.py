"""Large formats: 宣传栏 (board), 易拉宝 (rollup), 横幅 (banner). Built at small sizes (size: WxH)
so the tests stay quick; geometry is read back from the PDFs and the rollup's base zone is
checked on a rendering."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pikepdf
import pytest
from openpyxl import load_workbook
from PIL import Image

from conftest import write_project
from test_print_kit import MM, box_mm, page_texts
from xuanjiao.pipeline import BuildOptions, run_build

SITE = """\
title: 测试县卫生健康宣传
organization: 测试县卫生健康局
hotline: "12320"
url: https://jiankang.test.example/
"""
VENUES = """\
- id: east-market
  name: 东关集市
  days: daily
  boards: 2
"""
CAMPAIGN = """\
---
day: world-aids-day
year: 2026
title: 2026 年世界艾滋病日宣传活动
slogan: 知艾防艾 关爱不歧视
---
正文
"""
HEAD = """\
---
title: {title}
kind: {kind}
{extra}campaigns: [aids-2026]
status: approved
reviewed_by: 县疾控中心 王医生
reviewed_on: 2026-11-02
sources: ["国家卫生健康委《健康素养》"]
print: {{quantity: 2{print_extra}}}
---
"""


def mat(title, kind, body, extra="", print_extra=""):
    return HEAD.format(title=title, kind=kind, extra=extra, print_extra=print_extra) + body


BOARD_BODY = "".join(f"## 栏目{n}\n\n- 要点{n}甲\n- 要点{n}乙\n\n" for n in "一二三四")
BOARD = mat("宣传栏标题", "board", BOARD_BODY, "size: 1200x600\nissue: 7\nvenue: east-market\nposted_on: 2026-11-20\n")
ROLLUP = mat("易拉宝标题", "rollup", "## 哪里检测\n\n- 县疾控中心\n- 乡镇卫生院\n", "size: 400x1000\n")
BANNER_SHORT = mat("横幅甲", "banner", "关爱健康\n")
BANNER_LONG = mat("横幅乙", "banner", "知艾防艾 主动检测 关爱不歧视\n")


def build(root: Path):
    return run_build(BuildOptions(project_dir=root, out=root / "build", only=("print",), jobs=1))


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = write_project(
        tmp_path_factory.mktemp("large") / "p",
        {
            "content/site.yml": SITE,
            "content/venues.yml": VENUES,
            "content/campaigns/aids-2026.md": CAMPAIGN,
            "content/materials/t-board.md": BOARD,
            "content/materials/t-rollup.md": ROLLUP,
            "content/materials/t-banner-short.md": BANNER_SHORT,
            "content/materials/t-banner-long.md": BANNER_LONG,
        },
    )
    result = build(root)
    assert result.ok, [d.format() for d in result.diagnostics]
    return root / "build" / "print"


def boxes(path: Path) -> dict[str, tuple[float, float]]:
    with pikepdf.open(path) as pdf:
        assert len(pdf.pages) == 1
        page = pdf.pages[0]
        return {n: box_mm(page, f"/{n}") for n in ("TrimBox", "BleedBox", "MediaBox")}


@pytest.mark.parametrize("mid, trim, bleed", [("t-board", (1200, 600), 10), ("t-rollup", (400, 1000), 10)])
def test_large_trim_and_bleed(built, mid, trim, bleed):
    b = boxes(built / f"{mid}.pdf")
    assert b["TrimBox"] == pytest.approx(trim, abs=0.3)
    assert b["BleedBox"] == pytest.approx((trim[0] + 2 * bleed, trim[1] + 2 * bleed), abs=0.3)
    assert b["MediaBox"][0] > b["BleedBox"][0] + 20, "crop marks outside the 10 mm bleed"


def test_board_footer_and_blocks(built):
    text = page_texts(built / "t-board.pdf")[0].replace(" ", "")
    assert "第7期" in text and "制作单位：测试县卫生健康局" in text and "更换年月：2026年11月" in text
    assert all(f"栏目{n}" in text for n in "一二三四")


def test_rollup_bottom_zone_is_empty(built, tmp_path):
    dpi = 20
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(dpi), "-singlefile", str(built / "t-rollup.pdf"), str(tmp_path / "r")],
        check=True,
    )
    img = Image.open(tmp_path / "r.png").convert("RGB")
    with pikepdf.open(built / "t-rollup.pdf") as pdf:
        page = pdf.pages[0]
        mx0, my0, mx1, my1 = (float(v) for v in page.obj.MediaBox)
        tx0, ty0, tx1, ty1 = (float(v) for v in page.obj.TrimBox)
    px = dpi / 72
    left, right = round((tx0 - mx0) * px) + 1, round((tx1 - mx0) * px) - 1
    bottom = round((my1 - ty0) * px) - 1
    top_of_zone = round((my1 - ty0 - 150 * MM) * px) + 1
    colours = {img.getpixel((x, y)) for x in range(left, right) for y in range(top_of_zone, bottom)}
    assert colours == {(255, 255, 255)}, "the 150 mm hidden by the stand holds nothing"
    # and the footer sits right above it
    assert img.getpixel(((left + right) // 2, top_of_zone - 4)) != (255, 255, 255)


def test_banner_is_a_one_to_ten_proof_whose_length_follows_the_text(built):
    short, long_ = boxes(built / "t-banner-short.pdf"), boxes(built / "t-banner-long.pdf")
    assert short["TrimBox"][1] == pytest.approx(70, abs=0.2) and long_["TrimBox"][1] == pytest.approx(70, abs=0.2)
    assert short["BleedBox"][1] == pytest.approx(72, abs=0.2)  # 10 mm real
    # 4 vs 12 characters (+ 2 word spaces): each character about 0.6 × 700 mm × 1.12 wide
    per_char = (long_["TrimBox"][0] - short["TrimBox"][0]) * 10 / 9
    assert 420 <= per_char <= 560
    for b in (short, long_):
        assert (b["TrimBox"][0] * 10) % 100 == pytest.approx(0, abs=0.5) or (
            b["TrimBox"][0] * 10
        ) % 100 == pytest.approx(100, abs=0.5)
    rows = {r[0]: r for r in load_workbook(built / "print-order.xlsx").active.iter_rows(values_only=True)}
    real = round(short["TrimBox"][0] * 10)
    assert rows["t-banner-short"][3].startswith(f"{real}×700 mm")
    assert "关爱健康" in page_texts(built / "t-banner-short.pdf")[0].replace(" ", "")


@pytest.mark.parametrize(
    "name, text, message",
    [
        (
            "banner",
            mat("横", "banner", "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一\n"),
            "31 characters",
        ),
        (
            "rollup",
            mat(
                "易",
                "rollup",
                "".join(f"## 第{n}节\n\n- 很长的一条要点文字，反复出现，占满版面。\n- 又一条\n\n" for n in range(30)),
                "size: 400x1000\n",
            ),
            "bottom",
        ),
        (
            "board",
            mat(
                "栏",
                "board",
                "".join(f"## 栏{n}\n\n要点\n\n" for n in range(6)),
                "size: 600x300\nissue: 1\nposted_on: 2026-01-05\n",
            ),
            "section 6",
        ),
    ],
)
def test_large_format_errors(make_project, name, text, message):
    root = make_project(
        {"content/site.yml": SITE, "content/campaigns/aids-2026.md": CAMPAIGN, f"content/materials/x-{name}.md": text},
        name=name,
    )
    result = build(root)
    errors = [d.format() for d in result.diagnostics if d.severity == "error"]
    assert not result.ok and any(message in e for e in errors), errors
