"""The higher authority's form, configured in plan.yml `reports:` (issue 19): the field form
derives its extra columns from it, `xuanjiao report` fills notice-form.xlsx/.pdf with the
per-session sums converted (万 units to two decimals, 合计 adding the rounded rows), and the
sheet prints on one A4 landscape page in LibreOffice. Checked with openpyxl, pypdf and soffice."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

EPOCH = "1767225600"  # 2026-01-01

COLUMNS = [  # (label, unit, sum)
    ("宣传服务", "万人", "reached"),
    ("发放宣传资料", "万份", "materials"),
    ("提供政策咨询服务", "万人次", "consultations"),
    ("发放避孕药具", "万人次", "contraceptives"),
    ("办理和补办证明", "件", "certificates"),
    ("走访慰问流动人口", "万人", "visits"),
    ("关心留守老人妇女和儿童", "万人", "left_behind"),
    ("解决困难办实事", "件", "deeds"),
    ("发放补助金和物品", "万元", "subsidy_yuan"),
    ("奖励补助", "人", "reward_people"),
    ("奖励补助金额", "万元", "reward_yuan"),
    ("补种疫苗", "人次", "vaccinations"),
    ("传染病防控", "人次", "disease_control"),
    ("采集完善信息", "条", "records"),
    ("计划生育技术服务", "万人次", "family_planning"),
    ("备注", None, None),
]
TITLE = "春节期间开展流动人口关怀关爱活动有关情况统计表"
FOOTER = ["填报单位(章)", "负责人", "填表人", "填表日期"]


def plan_yml(rows: str = "unit") -> str:
    cols = "\n".join(
        f"      - {{label: {label}" + (f", unit: {unit}" if unit else "") + (f", sum: {s}" if s else "") + "}"
        for label, unit, s in COLUMNS
    )
    return f"""\
window: {{before: 1, after: 1}}
tasks:
  - {{id: plan, title: 制定活动方案并报批, before: 5, owner: 宣传科}}
  - {{id: report, title: 报送活动总结和统计表, after: 5, owner: 办公室}}
requirements: 各单位要高度重视，按时完成。
reports:
  due: {{on: 2026-03-01}}
  to: 市卫生健康委计划生育服务科
  contact: {{name: 杨某, phone: "0633-8781187", email: jsk@example.cn}}
  attach: [照片, 音像资料]
  form:
    title: {TITLE}
    row_label: 县（市、区）
    rows: {rows}
    footer: [{", ".join(FOOTER)}]
    columns:
{cols}
"""


FILES = {
    "content/site.yml": "title: 测试县卫生健康宣传\norganization: 测试县卫生健康局\nregion: 测试县\n",
    "content/venues.yml": """\
        - {id: station, name: 县火车站, kind: station, hours: "08:00-11:00", volunteers: 0, reach: 800, days: daily}
        - {id: market, name: 柳河镇集市, kind: market, hours: "07:00-11:00", volunteers: 0, reach: 500, days: daily}
        """,
    "content/campaigns/spring-2026.md": """\
        ---
        day: spring-festival
        year: 2026
        title: 2026 年春节流动人口关怀关爱活动
        venues: [station, market]
        ---
        ## 活动目的

        关怀关爱流动人口。
        """,
}


def run(root: Path, *args: str):
    from xuanjiao.cli import main

    return CliRunner().invoke(main, [*args, "--project", str(root)], env={"SOURCE_DATE_EPOCH": EPOCH})


def make(make_project, name: str, rows: str = "unit") -> Path:
    root = make_project({**FILES, "content/plan.yml": plan_yml(rows)}, name=name)
    result = run(root, "plan", "--year", "2026")
    assert result.exit_code == 0, result.output
    return root


def field_form(root: Path) -> Path:
    return root / "build" / "plans" / "2026" / "spring-festival" / "report-form.xlsx"


def fill(root: Path, values: list[dict[str, int]]) -> list[dict[str, int]]:
    """Rows 2.. of the field form get `values` (by figure name, through the header's labels)."""
    from xuanjiao.schedule.notice import BUILTIN

    wb = load_workbook(field_form(root))
    ws = wb["统计表"]
    header = [c.value for c in ws[1]]
    names = {**{v: k for k, v in BUILTIN.items()}}
    names.update({f"{label}({unit.removeprefix('万')})": s for label, unit, s in COLUMNS if s and s not in BUILTIN})
    col = {names[h]: i + 1 for i, h in enumerate(header) if h in names}
    for n, row in enumerate(values, 2):
        for name, v in row.items():
            ws.cell(row=n, column=col[name], value=v)
    (root / "private" / "reports").mkdir(parents=True, exist_ok=True)
    wb.save(root / "private" / "reports" / "filled.xlsx")
    return values


def expected(total: int, unit: str | None) -> float | int:
    if unit and unit.startswith("万"):
        return float((Decimal(total) / 10000).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
    return total


def values_for(n: int) -> dict[str, int]:
    return {s: 1000 * n + 37 * i + 4449 for i, (_, _, s) in enumerate(COLUMNS) if s}


def test_the_field_form_has_a_column_for_each_figure_of_the_notice(make_project):
    root = make(make_project, "field")
    header = [c.value for c in load_workbook(field_form(root))["统计表"][1]]
    assert header[:10] == [
        "日期",
        "场所编号",
        "场所",
        "宣传服务人数",
        "发放宣传资料(份)",
        "健康咨询(人次)",
        "义诊(人次)",
        "发放避孕药具(份)",
        "走访慰问(户)",
        "志愿者人数",
    ]
    extra = [
        f"{label}({unit.removeprefix('万')})"
        for label, unit, s in COLUMNS
        if s and s not in ("reached", "materials", "consultations", "contraceptives", "visits")
    ]
    assert header[10:-2] == extra and header[-2:] == ["备注", "服务活动"]
    assert "发放补助金和物品(元)" in header and "办理和补办证明(件)" in header


def test_report_fills_the_notice_form_with_the_converted_sums(make_project):
    root = make(make_project, "unit")
    rows = fill(root, [values_for(n) for n in range(1, 5)])
    result = run(root, "report", "--year", "2026")
    assert result.exit_code == 0, result.output
    ws = load_workbook(root / "build" / "reports" / "2026" / "notice-form.xlsx")["统计表"]
    assert ws["A1"].value == TITLE and "A1" in str(ws.merged_cells)
    assert ws["A2"].value == "县（市、区）"
    assert [ws.cell(row=2, column=c).value for c in range(2, len(COLUMNS) + 2)] == [c[0] for c in COLUMNS]
    assert [ws.cell(row=3, column=c).value for c in range(2, len(COLUMNS) + 2)] == [c[1] for c in COLUMNS]
    assert ws["A4"].value == "测试县" and ws["A5"].value == "合计"
    for i, (label, unit, s) in enumerate(COLUMNS, 2):
        want = expected(sum(r[s] for r in rows), unit) if s else None
        assert ws.cell(row=4, column=i).value == want, label
        assert ws.cell(row=5, column=i).value == want, label
        if unit and unit.startswith("万"):
            assert ws.cell(row=4, column=i).number_format == "#,##0.00"
    footer = [ws.cell(row=7, column=c).value for c in range(1, len(COLUMNS) + 2) if ws.cell(row=7, column=c).value]
    assert [f.split("：")[0] for f in footer] == FOOTER
    assert footer[0] == "填报单位(章)：测试县卫生健康局" and footer[-1] == "填表日期：2026年1月1日"
    ps = ws.page_setup
    assert ps.orientation == "landscape" and str(ps.paperSize) == "9" and ps.fitToWidth == ps.fitToHeight == 1
    from pypdf import PdfReader

    pdf = PdfReader(str(root / "build" / "reports" / "2026" / "notice-form.pdf"))
    assert len(pdf.pages) == 1
    box = pdf.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)  # A4 landscape, in points
    text = pdf.pages[0].extract_text()
    assert TITLE in text.replace(" ", "").replace("\n", "")
    reach = expected(sum(r["reached"] for r in rows), "万人")
    assert f"{reach:.2f}" in text


def test_per_venue_rows_round_each_and_the_total_adds_the_rounded(make_project):
    root = make(make_project, "venue", rows="venue")
    # sessions in date order, station before market each day: 4449 people at each venue
    rows = fill(root, [{"reached": 2224}, {"reached": 2224}, {"reached": 2225}, {"reached": 2225}])
    result = run(root, "report", "--year", "2026")
    assert result.exit_code == 0, result.output
    ws = load_workbook(root / "build" / "reports" / "2026" / "notice-form.xlsx")["统计表"]
    assert [ws["A4"].value, ws["A5"].value, ws["A6"].value] == ["县火车站", "柳河镇集市", "合计"]
    assert [ws["B4"].value, ws["B5"].value] == [0.44, 0.44]  # 4449 people: 0.4449 万人
    assert ws["B6"].value == 0.88  # adds up as printed, not 0.89 from 8898 people
    assert sum(r["reached"] for r in rows) == 8898


def test_a_gb18030_csv_of_the_field_form_is_read(make_project):
    root = make(make_project, "csv")
    wb = load_workbook(field_form(root))
    ws = wb["统计表"]
    header = [c.value for c in ws[1]]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header)
    first = [c.value for c in ws[2]]
    row = [first[0].date().isoformat(), "", first[2]] + [""] * (len(header) - 3)  # the id left out: the name is read
    row[header.index("宣传服务人数")] = "1,234"
    row[header.index("发放补助金和物品(元)")] = "56000"
    row[header.index("备注")] = "春运返乡高峰"
    w.writerow(row)
    (root / "private" / "reports").mkdir(parents=True, exist_ok=True)
    (root / "private" / "reports" / "柳河镇.csv").write_bytes(buf.getvalue().encode("gb18030"))
    result = run(root, "report", "--year", "2026")
    assert result.exit_code == 0, result.output
    ws = load_workbook(root / "build" / "reports" / "2026" / "notice-form.xlsx")["统计表"]
    labels = [ws.cell(row=2, column=c).value for c in range(1, len(COLUMNS) + 2)]
    assert ws.cell(row=4, column=labels.index("宣传服务") + 1).value == 0.12
    assert ws.cell(row=4, column=labels.index("发放补助金和物品") + 1).value == 5.6


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_prints_the_notice_form_on_one_a4_landscape_page(make_project, tmp_path):
    from pypdf import PdfReader

    root = make(make_project, "lo")
    fill(root, [values_for(n) for n in range(1, 5)])
    assert run(root, "report", "--year", "2026").exit_code == 0
    out = tmp_path / "lo"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/lo-profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(root / "build" / "reports" / "2026" / "notice-form.xlsx"),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = PdfReader(str(out / "notice-form.pdf"))
    assert len(pdf.pages) == 1
    box = pdf.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)
    text = pdf.pages[0].extract_text().replace(" ", "").replace("\n", "")
    assert TITLE in text and "合计" in text and "填报单位(章)" in text


def test_a_wrong_reports_section_is_errors_at_their_lines(make_project):
    bad = plan_yml().replace("due: {on: 2026-03-01}", "due: {on: 2026-03-01, after: 3}")
    bad = bad.replace("sum: reached}", "sum: Reached}").replace("    title: ", "    titel: ")
    root = make_project({**FILES, "content/plan.yml": bad})
    result = run(root, "check")
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if ": error: " in line]
    assert any(e.startswith("content/plan.yml:12:5:") and "unknown key 'titel'" in e for e in errors), errors
    assert "Traceback" not in result.output
    fixed = bad.replace("titel: ", "title: ")
    (root / "content" / "plan.yml").write_text(fixed, "utf-8")
    errors = [line for line in run(root, "check").output.splitlines() if ": error: " in line]
    assert [e.split(": error: ")[0] for e in errors] == ["content/plan.yml:7:8", "content/plan.yml:17:38"]
    assert "exactly one of on:" in errors[0] and "'Reached' is not a figure name" in errors[1]
