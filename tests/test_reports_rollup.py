"""`xuanjiao report`: filled report-form.xlsx files (written by the planner, filled with openpyxl)
and CSVs (UTF-8 with BOM, GB18030) rolled up into build/reports/YEAR/; every bad cell located."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from xuanjiao.schedule.report_form import HEADER

EPOCH = "1767225600"

FILES = {
    "content/plan.yml": """\
        window: {before: 2, after: 1}
        tasks:
          - {id: report, title: 报送活动总结和统计表, after: 5}
        print_spare: 0.1
        """,
    "content/venues.yml": """\
        - {id: station, name: 县火车站站前广场, kind: station, hours: "07:30-11:00", volunteers: 1, reach: 800, days: daily}
        - {id: market, name: 柳河镇集市, kind: market, hours: "07:00-11:00", volunteers: 1, reach: 1000, days: "lunar 3,8"}
        - {id: clinic, name: 城关社区卫生服务中心, kind: hospital, hours: "08:00-11:30", volunteers: 1, reach: 300, days: daily}
        """,
    "private/volunteers.yml": """\
        - {id: v001, name: 林晓禾, roles: [宣讲], available: []}
        - {id: v002, name: 周一帆, roles: [发放资料], available: []}
        - {id: v003, name: 何春燕, roles: [咨询], available: []}
        """,
    "content/campaigns/whd-2026.md": """\
        ---
        day: world-health-day
        year: 2026
        title: 2026 年世界卫生日宣传活动
        venues: [station, market]
        materials: [whd-leaflet]
        goals: {reach: 5000, materials: 4000}
        ---
        正文。
        """,
    "content/campaigns/aids-2026.md": """\
        ---
        day: world-aids-day
        year: 2026
        title: 2026 年世界艾滋病日宣传活动
        venues: [station, clinic]
        goals: {reach: 2000}
        ---
        正文。
        """,
    "content/materials/whd-leaflet.md": """\
        ---
        title: 健康生活每一天
        kind: leaflet
        size: A4
        campaigns: [whd-2026]
        status: approved
        reviewed_by: 县疾控中心 许医生
        reviewed_on: 2026-03-01
        ---
        正文。
        """,
}


def run(root: Path, *args: str):
    from xuanjiao.cli import main

    if "report" not in main.commands:  # until xuanjiao.cli registers it
        from xuanjiao.commands.report import report_command

        main.add_command(report_command)
    return CliRunner().invoke(main, [*args, "--project", str(root)], env={"SOURCE_DATE_EPOCH": EPOCH})


@pytest.fixture(scope="module")
def planned(tmp_path_factory):
    """A project planned once; each test copies it (the plan step is the slow part)."""
    from conftest import write_project

    root = write_project(tmp_path_factory.mktemp("reports") / "proj", FILES)
    result = run(root, "plan", "--year", "2026")
    assert result.exit_code == 0, result.output
    return root


def copy_of(planned: Path, where: Path) -> Path:
    root = where / "proj"
    shutil.copytree(planned, root)
    (root / "private" / "reports").mkdir(exist_ok=True)
    return root


@pytest.fixture
def project(planned, tmp_path):
    return copy_of(planned, tmp_path)


def form(root: Path, day: str) -> Path:
    return root / "build" / "plans" / "2026" / day / "report-form.xlsx"


def fill_xlsx(
    root: Path, day: str, dest: str, values: dict[int, list] | None = None, extra: list[list] | None = None
) -> list[list]:
    """Fill the planner's report-form.xlsx: row n (2-based) gets `values[n]` in D..K, or a default.

    Returns the filled rows as [date, venue, counts...] for the test's own sums."""
    wb = load_workbook(form(root, day))
    ws = wb["统计表"]
    filled = []
    for n in range(2, ws.max_row + 1):
        counts = (values or {}).get(n, [100 * n, 80 * n, 10, 2, 5, 1, 3])
        for i, v in enumerate(counts):
            ws.cell(row=n, column=4 + i, value=v)
        filled.append([ws.cell(row=n, column=1).value.date(), ws.cell(row=n, column=2).value, *counts])
    for row in extra or []:
        ws.append(row)
    path = root / "private" / "reports" / dest
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return filled


def write_csv(path: Path, rows: list[list], encoding: str) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(HEADER)
    w.writerows(rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buf.getvalue().encode(encoding))


def total_row(ws) -> list:
    for row in ws.iter_rows(values_only=True):
        if row[0] == "合计":
            return list(row)
    raise AssertionError("no 合计 row")


def errors(result) -> list[str]:
    return [line for line in result.output.splitlines() if ": error: " in line]


# -- the happy path ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def rolled(planned, tmp_path_factory):
    """One full run shared by the read-only tests (tests that run again work on a copy)."""
    project = copy_of(planned, tmp_path_factory.mktemp("rolled"))
    whd = fill_xlsx(project, "world-health-day", "townships/柳河镇/report-form.xlsx")
    # the AIDS day: one session in a UTF-8-with-BOM CSV (full-width digits, thousands separator),
    # one in GB18030 as Chinese Excel saves it
    wb = load_workbook(form(project, "world-aids-day"))
    sessions = [(r[0].value.date(), r[1].value, r[2].value) for r in wb["统计表"].iter_rows(min_row=2)]
    assert len(sessions) >= 2
    (d1, v1, n1), (d2, v2, n2) = sessions[:2]
    write_csv(
        project / "private" / "reports" / "aids-a.csv",
        [[d1.isoformat(), v1, n1, "１,２３４", "2,000", "", "4", "300", "0", "5", "张三 组长"]],
        "utf-8-sig",
    )
    write_csv(
        project / "private" / "reports" / "aids-b.csv",
        [[d2.strftime("%Y/%m/%d"), v2, n2, "56", "70", "8", "", "", "", "2", "备注：下雨"]],
        "gb18030",
    )
    aids = [[d1, v1, 1234, 2000, 0, 4, 300, 0, 5], [d2, v2, 56, 70, 8, 0, 0, 0, 2]]
    result = run(project, "report", "--year", "2026")
    assert result.exit_code == 0, result.output
    return project, whd, aids


def sums(rows: list[list]) -> list[int]:
    return [sum(r[2 + i] for r in rows) for i in range(7)]


def test_summary_xlsx_totals_match_the_filled_forms(rolled):
    root, whd, aids = rolled
    out = root / "build" / "reports" / "2026"
    assert sorted(p.name for p in out.iterdir()) == ["charts", "summary.pdf", "summary.xlsx"]
    wb = load_workbook(out / "summary.xlsx")
    assert wb.sheetnames == ["2026年汇总", "世界卫生日", "世界艾滋病日"]
    assert total_row(wb["世界卫生日"])[3:10] == sums(whd)
    assert total_row(wb["世界艾滋病日"])[3:10] == sums(aids)
    year = total_row(wb["2026年汇总"])
    assert year[2] == len(whd) + len(aids)
    assert year[3:10] == [a + b for a, b in zip(sums(whd), sums(aids))]
    ws = wb["世界卫生日"]
    assert ws.freeze_panes == "A2" and ws.column_dimensions["C"].width > 20
    # per-row values add up to the total on every sheet's main table
    detail = [r for r in ws.iter_rows(min_row=2, values_only=True)][: len(whd)]
    assert [sum(r[3 + i] for r in detail) for i in range(7)] == sums(whd)


def test_breakdowns_and_goals(rolled):
    root, whd, aids = rolled
    wb = load_workbook(root / "build" / "reports" / "2026" / "summary.xlsx")
    rows = list(wb["世界卫生日"].iter_rows(values_only=True))
    start = rows.index(next(r for r in rows if r[0] == "按场所"))
    venues = {r[0]: r for r in rows[start + 2 : start + 4]}
    station = [r for r in whd if r[1] == "station"]
    assert venues["县火车站站前广场"][1] == "火车站"
    assert venues["县火车站站前广场"][2] == len(station)
    assert venues["县火车站站前广场"][3] == sum(r[2] for r in station)
    goals = {r[0]: r for r in rows if r[0] and "/" in str(r[0])}
    assert goals["宣传服务人数 / 目标"][1:3] == (sum(r[2] for r in whd), 5000)
    assert goals["发放宣传资料 / 目标"][1:3] == (sum(r[3] for r in whd), 4000)
    printed = goals["发放宣传资料 / 印制数量"][2]
    assert isinstance(printed, int) and printed > 0


def test_pdf_has_cjk_text_and_the_charts(rolled, tmp_path):
    from pypdf import PdfReader

    root = rolled[0]
    pdf = root / "build" / "reports" / "2026" / "summary.pdf"
    reader = PdfReader(pdf)
    text = "".join(p.extract_text() for p in reader.pages)
    for words in ("2026年健康宣传活动统计汇总", "全年汇总", "世界卫生日", "县火车站站前广场", "合计"):
        assert words in text.replace(" ", "")
    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=1)
    # the SVG charts are drawn as vector paths: their labels are glyph outlines (Bézier curves,
    # operator `c`), which the text and the tables (fonts, straight lines) never produce
    curves = [len(re.findall(rb"\bc\n", p.get_contents().get_data())) for p in reader.pages]
    assert curves[0] > 300 and curves[1] > 600, curves  # chart 1 on page 1, charts 2 and 3 on page 2
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-r", "50", "-png", str(pdf), str(tmp_path / "page")], check=True)
        assert len(list(tmp_path.glob("page*.png"))) == len(reader.pages)


def test_svgs_draw_chinese_as_paths_with_a_cjk_font(rolled):
    from xuanjiao.reports.charts import cjk_font, missing_glyphs

    root = rolled[0]
    charts = root / "build" / "reports" / "2026" / "charts"
    assert sorted(p.name for p in charts.iterdir()) == [
        "materials-printed-vs-handed.svg",
        "reach-by-venue.svg",
        "reach-over-year.svg",
    ]
    assert "CJK" in cjk_font()[0]
    assert not missing_glyphs("县火车站站前广场柳河镇集市世界卫生日宣传服务人数印制实际发放累计月份")
    for svg in charts.iterdir():
        text = svg.read_text("utf-8")
        assert "<text" not in text  # every label is a path: no font needed, no tofu possible
        assert text.count("<path") > 20
        # glyph paths are defined once per character: CJK code points appear in their ids
        assert re.search(r'id="[^"]*-(4e[0-9a-f]{2}|5[0-9a-f]{3}|[6-9][0-9a-f]{3})"', text), svg.name


def test_a_rerun_gives_identical_xlsx_and_svgs(rolled, tmp_path):
    root = copy_of(rolled[0], tmp_path)
    out = root / "build" / "reports" / "2026"
    before = {p.name: p.read_bytes() for p in [out / "summary.xlsx", *(out / "charts").iterdir()]}
    assert run(root, "report", "--year", "2026").exit_code == 0
    after = {p.name: p.read_bytes() for p in [out / "summary.xlsx", *(out / "charts").iterdir()]}
    assert before == after


def test_day_filter_writes_a_day_folder_and_keeps_the_year(rolled, tmp_path):
    root, whd = copy_of(rolled[0], tmp_path), rolled[1]
    result = run(root, "report", "--year", "2026", "--day", "world-health-day")
    assert result.exit_code == 0, result.output
    day = root / "build" / "reports" / "2026" / "world-health-day"
    wb = load_workbook(day / "summary.xlsx")
    assert wb.sheetnames == ["2026年汇总", "世界卫生日"]
    assert total_row(wb["2026年汇总"])[3:10] == sums(whd)
    assert (root / "build" / "reports" / "2026" / "summary.xlsx").is_file()
    # a later full run keeps the day folder
    assert run(root, "report", "--year", "2026").exit_code == 0
    assert (day / "summary.xlsx").is_file()


def test_nothing_reaches_the_site(rolled):
    root = rolled[0]
    site = root / "build" / "site"
    if site.is_dir():
        for p in site.rglob("*"):
            if p.is_file() and p.suffix in (".html", ".json", ".xml", ".txt"):
                assert "张三" not in p.read_text("utf-8", errors="replace")


# -- errors: exact locations, all at once, nothing written ----------------------------------------


def test_every_bad_cell_is_located_and_nothing_is_written(project):
    fill_xlsx(
        project,
        "world-health-day",
        "a.xlsx",
        values={3: ["一百", 10, -2, 1.5, None, None, None]},
        extra=[["2026-04-20", "station", "县火车站站前广场", 5], ["2026-04-06", "statoin", "", 5]],
    )
    write_csv(
        project / "private" / "reports" / "b.csv",
        [["2026/4/6", "station", "", "x1", "", "", "", "", "", "", ""], ["不是日期", "market", "", "3"]],
        "gb18030",
    )
    out = project / "build" / "reports" / "2026"
    out.mkdir(parents=True)
    (out / "summary.xlsx").write_bytes(b"previous")
    result = run(project, "report", "--year", "2026")
    assert result.exit_code == 1
    errs = errors(result)
    joined = "\n".join(errs)
    assert "private/reports/a.xlsx:统计表!D3: error: 宣传服务人数(人次)" not in joined
    assert "private/reports/a.xlsx:统计表!D3: error: 宣传服务人数: '一百' is not a number" in errs
    assert "private/reports/a.xlsx:统计表!F3: error: 健康咨询(人次): -2 is negative" in errs
    assert "private/reports/a.xlsx:统计表!G3: error: 义诊(人次): 1.5 is not a whole number" in errs
    rows = load_workbook(project / "private" / "reports" / "a.xlsx")["统计表"].max_row
    assert any(
        e.startswith(f"private/reports/a.xlsx:统计表!A{rows - 1}: error: 2026-04-20 is outside the campaign window")
        for e in errs
    )
    assert f"private/reports/a.xlsx:统计表!B{rows}: error: unknown venue 'statoin'" in errs
    assert "private/reports/b.csv:2:4: error: 宣传服务人数: 'x1' is not a number" in errs
    assert "private/reports/b.csv:3:1: error: '不是日期' is not a date" in errs
    assert "did you mean 'station'?" in result.output
    assert (out / "summary.xlsx").read_bytes() == b"previous"
    assert sorted(p.name for p in out.iterdir()) == ["summary.xlsx"]


def test_a_session_reported_twice_names_both_places(project):
    whd = fill_xlsx(project, "world-health-day", "one.xlsx")
    d, venue = whd[0][0], whd[0][1]
    write_csv(project / "private" / "reports" / "z/two.csv", [[d.isoformat(), venue, "", "9"]], "utf-8")
    result = run(project, "report", "--year", "2026")
    assert result.exit_code == 1
    assert errors(result) == [
        f"private/reports/z/two.csv:2:1: error: session {d} at '{venue}' is reported twice: "
        f"here and at private/reports/one.xlsx:统计表!A2"
    ]


def test_the_same_session_twice_in_one_file(project):
    whd = fill_xlsx(project, "world-health-day", "one.xlsx", extra=[])
    wb = load_workbook(project / "private" / "reports" / "one.xlsx")
    ws = wb["统计表"]
    ws.append([whd[1][0], whd[1][1], "", 1])
    wb.save(project / "private" / "reports" / "one.xlsx")
    result = run(project, "report", "--year", "2026")
    assert result.exit_code == 1
    assert errors(result) == [
        f"private/reports/one.xlsx:统计表!A{ws.max_row}: error: session {whd[1][0]} at "
        f"'{whd[1][1]}' is reported twice: here and at private/reports/one.xlsx:统计表!A3"
    ]


def test_a_wrong_header_and_no_reports(project):
    (project / "private" / "reports" / "x.csv").write_text("日期,场所,人数\n2026-04-06,station,5\n", "utf-8")
    result = run(project, "report", "--year", "2026")
    assert result.exit_code == 1
    assert "private/reports/x.csv:1:2: error: header should be '场所编号', found '场所'" in result.output
    (project / "private" / "reports" / "x.csv").unlink()
    result = run(project, "report", "--year", "2026")  # nothing returned yet: an empty summary and a warning
    assert result.exit_code == 0, result.output
    assert "private/reports: warning: no filled 统计表 for 2026" in result.output
    ws = load_workbook(project / "build" / "reports" / "2026" / "summary.xlsx").worksheets[0]
    assert total_row(ws)[2:] == [0] * (len(total_row(ws)) - 2)


def test_unknown_day_is_a_usage_error(project):
    result = run(project, "report", "--year", "2026", "--day", "world-helth-day")
    assert result.exit_code == 2
    assert "did you mean 'world-health-day'?" in result.output


def test_number_parsing():
    from xuanjiao.reports.read import parse_count, parse_date

    assert parse_count("１，８５０") == (1850, "")
    assert parse_count("1,850") == (1850, "")
    assert parse_count(" 12 ") == (12, "")
    assert parse_count(None) == (0, "")
    assert parse_count(3.0) == (3, "")
    assert parse_count("1,85")[0] is None
    assert str(parse_date("２０２６年４月５日")) == "2026-04-05"
    assert parse_date("2026-02-30") is None


def test_excel_serial_dates():
    """Excel (1900 date system) stores 2026-04-01 as 46113: a number cell, or text in its CSVs."""
    from xuanjiao.reports.read import parse_date

    for v in (46113, 46113.0, "46113", " 46113 ", "46113.0", "４６１１３"):
        assert parse_date(v) == dt.date(2026, 4, 1), v
    assert parse_date(36526) == dt.date(2000, 1, 1)
    assert parse_date(45658) == dt.date(2025, 1, 1)
    for v in (285, "285", 46113.5, True, "46113x", 99999, 0, -46113):
        assert parse_date(v) is None, v


def test_serial_dates_in_xlsx_and_csv_are_counted(project):
    """Date cells typed as plain numbers (xlsx) or exported as numbers (CSV) roll up as dates."""
    path = project / "private" / "reports" / "serial.xlsx"
    whd = fill_xlsx(project, "world-health-day", "serial.xlsx")
    wb = load_workbook(path)
    ws = wb["统计表"]
    for n in range(2, ws.max_row + 1):
        cell = ws.cell(row=n, column=1)
        cell.value, cell.number_format = (cell.value.date() - dt.date(1899, 12, 30)).days, "General"
    wb.save(path)
    wb = load_workbook(form(project, "world-aids-day"))
    day, venue, _name = (c.value for c in next(wb["统计表"].iter_rows(min_row=2, max_col=3)))
    serial = str((day.date() - dt.date(1899, 12, 30)).days)
    write_csv(project / "private" / "reports" / "aids.csv", [[serial, venue, "", "12", "3"]], "gb18030")
    result = run(project, "report", "--year", "2026")
    assert result.exit_code == 0, result.output
    wb = load_workbook(project / "build" / "reports" / "2026" / "summary.xlsx")
    assert total_row(wb["世界卫生日"])[3:10] == sums(whd)
    assert total_row(wb["世界艾滋病日"])[3:5] == [12, 3]
    # a number that is no date in range is still located as a bad date
    write_csv(project / "private" / "reports" / "aids.csv", [["285", venue, "", "12"]], "utf-8")
    result = run(project, "report", "--year", "2026")
    assert result.exit_code == 1
    assert "private/reports/aids.csv:2:1: error: '285' is not a date" in errors(result)


def test_other_years_files_are_left_alone(project):
    whd = fill_xlsx(project, "world-health-day", "2026/whd.xlsx")
    write_csv(project / "private" / "reports" / "2025" / "old.csv", [["2025-04-07", "gone-venue", "", "12"]], "gb18030")
    result = run(project, "report", "--year", "2026")
    assert result.exit_code == 0, result.output
    wb = load_workbook(project / "build" / "reports" / "2026" / "summary.xlsx")
    assert total_row(wb["2026年汇总"])[3:10] == sums(whd)
    assert "no filled 统计表 for aids-2026" in result.output  # a warning: its figures are 0
