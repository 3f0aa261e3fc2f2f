"""The files of the plans and private stages, read back with the tools people open them with:
plan.json, tasks.ics and volunteer calendars (icalendar), plan.docx (python-docx), the xlsx
files (openpyxl), the PDFs (pypdf); privacy of plans/ and byte-identical rebuilds."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from xuanjiao.pipeline import BuildOptions, run_build

EPOCH = "1767225600"  # 2026-01-01T00:00:00Z

FILES = {
    "content/plan.yml": """\
        window: {before: 2, after: 1}
        tasks:
          - {id: plan, title: 制定活动方案并报批, before: 20, owner: 宣传科}
          - {id: volunteers, title: 志愿者招募与培训, before: 8, owner: 志愿者服务队}
          - {id: report, title: 报送活动总结和统计表, after: 5}
        print_spare: 0.1
        """,
    "content/venues.yml": """\
        - id: station
          name: 县火车站站前广场
          kind: station
          address: 站前路 1 号
          hours: "07:30-11:00"
          volunteers: 3
          reach: 800
          days: daily
        - id: market
          name: 柳河镇集市
          kind: market
          address: 柳河镇老街
          hours: "07:00-11:00"
          volunteers: 2
          reach: 1000
          days: "lunar 3,8"
        """,
    "private/volunteers.yml": """\
        - {id: v001, name: 林晓禾, phone: "13812340001", team: 青年志愿者服务队, roles: [宣讲, 咨询], available: []}
        - {id: v002, name: 周一帆, phone: "13812340002", roles: [发放资料], available: []}
        - {id: v003, name: 何春燕, phone: "13812340003", roles: [咨询], available: [Sun, Mon, Tue]}
        - {id: v004, name: 陶立新, phone: "13812340004", roles: [发放资料], available: [2026-04-05]}
        """,
    "content/campaigns/whd-2026.md": """\
        ---
        day: world-health-day
        year: 2026
        title: 2026 年世界卫生日宣传活动
        slogan: 健康生活每一天
        audiences: [流动人口, 老年人]
        venues: [station, market]
        materials: [whd-leaflet]
        goals: {reach: 5000, materials: 4000}
        owner: 县卫生健康局宣传科
        ---
        ## 活动目的

        普及健康生活方式。

        ## 核心信息

        - **合理膳食**：少盐少油少糖。
        - **适量运动**：每周至少 150 分钟。
        - **戒烟限酒**：戒烟越早越好。
        - **心理平衡**：睡好觉。
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
        print: {paper: 157g 铜版纸}
        ---
        正文。
        """,
}

NAMES = ("林晓禾", "周一帆", "何春燕", "陶立新")
PHONES = ("13812340001", "13812340002", "13812340003", "13812340004")


def build(root: Path, out: Path) -> Path:
    result = run_build(BuildOptions(root, out=out, only=("plans", "private")))
    assert result.ok, [d.format() for d in result.diagnostics]
    return out


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    from conftest import write_project

    base = tmp_path_factory.mktemp("plans")
    root = write_project(base / "proj", FILES)
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
    try:
        first = build(root, base / "out1")
        second = build(root, base / "out2")
    finally:
        mp.undo()
    return root, first, second


@pytest.fixture(scope="module")
def out(builds):
    return builds[1]


@pytest.fixture(scope="module")
def plan_dir(out):
    return out / "plans" / "2026" / "world-health-day"


@pytest.fixture(scope="module")
def private_dir(out):
    return out / "private" / "2026" / "world-health-day"


@pytest.fixture(scope="module")
def plan(plan_dir):
    return json.loads((plan_dir / "plan.json").read_text("utf-8"))


def test_the_expected_files_are_written(plan_dir, private_dir):
    assert sorted(p.name for p in plan_dir.iterdir()) == sorted(
        ["plan.json", "plan.md", "plan.pdf", "plan.docx", "tasks.ics", "report-form.xlsx"]
    )
    assert {p.name for p in private_dir.iterdir()} == {"roster.xlsx", "sign-in.pdf", "volunteers"}


# -- plan.json ---------------------------------------------------------------------------------


def test_plan_json_matches_the_schema(plan):
    assert list(plan) == ["day", "name", "year", "date", "end", "campaign", "tasks", "sessions", "print", "warnings"]
    assert (plan["day"], plan["name"], plan["year"], plan["date"], plan["end"], plan["campaign"]) == (
        "world-health-day",
        "世界卫生日",
        2026,
        "2026-04-07",
        "2026-04-07",
        "whd-2026",
    )
    for task in plan["tasks"]:
        assert list(task) == ["id", "title", "due", "owner"]
        assert dt.date.fromisoformat(task["due"]) and isinstance(task["title"], str)
        assert task["owner"] is None or isinstance(task["owner"], str)
    assert [t["id"] for t in plan["tasks"]] == ["plan", "volunteers", "report"]
    assert plan["tasks"][0]["due"] == "2026-03-09"
    assert plan["tasks"][2] == {"id": "report", "title": "报送活动总结和统计表", "due": "2026-04-14", "owner": None}
    for s in plan["sessions"]:
        assert list(s) == ["venue", "date", "start", "end", "volunteers"]
        assert all(isinstance(v, str) and v.startswith("v") for v in s["volunteers"])
    assert [(s["venue"], s["date"]) for s in plan["sessions"]] == [
        ("market", "2026-04-05"),
        ("station", "2026-04-05"),
        ("station", "2026-04-06"),
        ("station", "2026-04-07"),
        ("station", "2026-04-08"),
    ]
    # 4 × 800 + 1000 = 4200 people, × 1.1 = 4620 -> 4700
    assert plan["print"] == [{"material": "whd-leaflet", "quantity": 4700}]
    assert isinstance(plan["warnings"], list) and all(isinstance(w, str) for w in plan["warnings"])


def test_the_shortfall_is_listed_in_plan_json(plan):
    # 04-05 (Sun): market 07:00-11:00 and station 07:30-11:00 overlap; 4 people, 5 places.
    assert any(w.startswith("volunteer shortfall: ") and "2026-04-05" in w for w in plan["warnings"])
    day = [s for s in plan["sessions"] if s["date"] == "2026-04-05"]
    assert sorted(v for s in day for v in s["volunteers"]) == ["v001", "v002", "v003", "v004"]


# -- calendars -----------------------------------------------------------------------------------


def events(data: bytes):
    from icalendar import Calendar

    cal = Calendar.from_ical(data)
    return cal, [c for c in cal.walk("VEVENT")]


def test_tasks_ics_parses_and_round_trips(plan_dir, plan):
    data = (plan_dir / "tasks.ics").read_bytes()
    cal, evs = events(data)
    assert cal.to_ical() == data  # parse + serialise gives the same bytes
    assert len(evs) == len(plan["tasks"]) + len(plan["sessions"])
    assert len({str(e["UID"]) for e in evs}) == len(evs)
    deadlines = [e for e in evs if str(e["SUMMARY"]).startswith("【截止】")]
    assert len(deadlines) == 3
    for e in deadlines:
        start, end = e.decoded("DTSTART"), e.decoded("DTEND")
        assert type(start) is dt.date and end == start + dt.timedelta(days=1)
    timed = [e for e in evs if e not in deadlines]
    first = timed[0].decoded("DTSTART")
    assert first.tzinfo is not None and first.utcoffset() == dt.timedelta(hours=8)
    assert first.replace(tzinfo=None) == dt.datetime(2026, 4, 5, 7, 0)
    assert "柳河镇老街" in str(timed[0]["LOCATION"])
    assert b"TZID:Asia/Shanghai" in data


def test_ics_uids_are_stable_across_builds(builds):
    _, first, second = builds
    rel = Path("plans/2026/world-health-day/tasks.ics")
    uids = [sorted(str(e["UID"]) for e in events((b / rel).read_bytes())[1]) for b in (first, second)]
    assert uids[0] == uids[1]


def test_every_volunteer_gets_their_own_sessions(private_dir, plan):
    files = sorted((private_dir / "volunteers").glob("*.ics"))
    assigned = {v for s in plan["sessions"] for v in s["volunteers"]}
    assert [f.stem for f in files] == sorted(assigned)
    for f in files:
        data = f.read_bytes()
        cal, evs = events(data)
        assert cal.to_ical() == data
        mine = [s for s in plan["sessions"] if f.stem in s["volunteers"]]
        assert len(evs) == len(mine)
        starts = sorted(e.decoded("DTSTART").replace(tzinfo=None) for e in evs)
        assert starts == sorted(dt.datetime.fromisoformat(f"{s['date']}T{s['start']}") for s in mine)
        text = str(evs[0]["DESCRIPTION"])
        assert "合理膳食：少盐少油少糖。" in text and "心理平衡" not in text  # three key messages, no stars
        assert "12320" in text and "岗位：" in text
    v004 = events((private_dir / "volunteers" / "v004.ics").read_bytes())[1]
    assert {e.decoded("DTSTART").date() for e in v004} == {dt.date(2026, 4, 5)}


# -- Word -----------------------------------------------------------------------------------------


def test_plan_docx_has_real_styles_a4_and_east_asian_fonts(plan_dir):
    import docx
    from docx.oxml.ns import qn
    from docx.shared import Mm

    doc = docx.Document(str(plan_dir / "plan.docx"))
    section = doc.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(1) and abs(section.page_height - Mm(297)) < Mm(1)
    titles = [p.text for p in doc.paragraphs if p.style.name == "Title"]
    assert titles == ["2026 年世界卫生日宣传活动方案"]
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings == [
        "一、活动目的",
        "二、活动时间和地点",
        "三、活动安排",
        "四、工作任务",
        "五、宣传资料及印制数量",
        "六、联系方式",
    ]
    assert len(doc.tables) == 3
    schedule, tasks, materials = doc.tables
    assert [c.text for c in schedule.rows[0].cells] == ["序号", "日期", "时间", "活动地点", "志愿者"]
    assert len(schedule.rows) == 1 + 5
    assert [c.text for c in tasks.rows[0].cells] == ["序号", "工作任务", "责任部门", "完成时限"]
    assert tasks.rows[1].cells[1].text == "制定活动方案并报批" and tasks.rows[1].cells[3].text == "3月9日（周一）"
    assert materials.rows[1].cells[4].text == "4700份"
    assert all(t.style.name == "Table Grid" for t in doc.tables)
    fonts = doc.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "仿宋" and fonts.get(qn("w:asciiTheme")) is None
    assert doc.styles["Heading 1"].element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "黑体"
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "县火车站站前广场" in body and "12320" in body and body.rstrip().endswith("2026年3月9日")
    assert doc.core_properties.created == dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)


# -- Excel ---------------------------------------------------------------------------------------

REPORT_HEADER = [
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
    "备注",
    "服务活动",
]


def test_report_form_has_the_header_in_row_1_and_one_row_per_session(plan_dir, plan):
    import openpyxl

    wb = openpyxl.load_workbook(plan_dir / "report-form.xlsx")
    assert wb.sheetnames == ["统计表"]
    ws = wb["统计表"]
    assert [c.value for c in ws[1]] == REPORT_HEADER
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(plan["sessions"])
    names = {"station": "县火车站站前广场", "market": "柳河镇集市"}
    for row, s in zip(rows, plan["sessions"]):
        assert row[0].date() == dt.date.fromisoformat(s["date"])
        assert row[1:3] == (s["venue"], names[s["venue"]])
        assert all(v is None for v in row[3:-1])
        assert row[-1] == "世界卫生日"  # the campaign it serves, by its day's name
    assert ws.column_dimensions["B"].hidden  # venue ids are for reading back, not for people
    assert ws["A2"].number_format == "yyyy-mm-dd"
    assert all(ws.cell(row=2, column=c).number_format == "#,##0" for c in range(4, 11))
    assert ws.freeze_panes == "A2"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert str(ws.page_setup.paperSize) == "9"  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert all(ws.column_dimensions[col].width >= 10 for col in "ABCDEFGHIJK")
    assert ws.data_validations.dataValidation[0].type == "whole"


def test_roster_lists_names_phones_and_roles(private_dir, plan):
    import openpyxl

    ws = openpyxl.load_workbook(private_dir / "roster.xlsx")["排班表"]
    header = [c.value for c in ws[1]]
    assert header[:9] == ["日期", "时间", "场所编号", "场所", "志愿者编号", "姓名", "电话", "岗位", "服务队"]
    rows = [r for r in ws.iter_rows(min_row=2, values_only=True) if r[4]]
    assert len(rows) == sum(len(s["volunteers"]) for s in plan["sessions"])
    v001 = next(r for r in rows if r[4] == "v001")
    assert v001[5:9] == ("林晓禾", "13812340001", "宣讲", "青年志愿者服务队")
    assert any(r[9] and r[9].startswith("尚缺") for r in ws.iter_rows(min_row=2, values_only=True))


# -- PDFs ------------------------------------------------------------------------------------------


def pdf_text(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(str(path)).pages]


def test_plan_pdf_is_a4_with_the_sections_and_page_numbers(plan_dir):
    from pypdf import PdfReader

    reader = PdfReader(str(plan_dir / "plan.pdf"))
    box = reader.pages[0].mediabox
    assert (round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)) == (210, 297)
    text = "".join(pdf_text(plan_dir / "plan.pdf"))
    for heading in (
        "一、活动目的",
        "二、活动时间和地点",
        "三、活动安排",
        "四、工作任务",
        "五、宣传资料及印制数量",
        "六、联系方式",
    ):
        assert heading in text
    assert "— 1 —" in text and "青禾" not in text and "测试县卫生健康局" in text


def test_sign_in_pdf_has_one_sheet_per_session_with_the_names(private_dir, plan):
    pages = pdf_text(private_dir / "sign-in.pdf")
    assert len(pages) == len(plan["sessions"])
    assert "志愿者签到表" in pages[0].replace(" ", "") and "柳河镇集市" in pages[0]  # letter-spaced title
    first = plan["sessions"][0]["volunteers"]
    names = dict(zip(("v001", "v002", "v003", "v004"), NAMES))
    assert all(names[v] in pages[0] for v in first)


# -- privacy and reproducibility -------------------------------------------------------------------


def texts_of(path: Path) -> str:
    data = path.read_bytes()
    if path.suffix == ".pdf":
        return "\n".join(pdf_text(path))
    if path.suffix in (".xlsx", ".docx"):
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    return data.decode("utf-8")


def test_no_volunteer_name_or_phone_anywhere_in_plans(out):
    files = [p for p in (out / "plans").rglob("*") if p.is_file()]
    assert len(files) == 6
    for path in files:
        text = texts_of(path)
        for secret in NAMES + PHONES:
            assert secret not in text, (path.name, secret)
    assert "林晓禾" in texts_of(out / "private" / "2026" / "world-health-day" / "sign-in.pdf")  # the check works


def test_two_builds_are_byte_identical(builds):
    _, first, second = builds

    def files(root):
        # caches are not output: a pickled set's order follows the process's string hashing
        return sorted(p.relative_to(root) for p in root.rglob("*") if p.is_file() and ".cache" not in p.parts)

    names = files(first)
    assert names == files(second)
    assert len(names) > 8
    for rel in names:
        assert (first / rel).read_bytes() == (second / rel).read_bytes(), rel


def test_zip_entries_carry_the_build_clock(plan_dir):
    with zipfile.ZipFile(plan_dir / "report-form.xlsx") as z:
        assert {i.date_time for i in z.infolist()} == {(2026, 1, 1, 0, 0, 0)}
        assert b"2026-01-01T00:00:00Z" in z.read("docProps/core.xml")


# -- the command ----------------------------------------------------------------------------------


def test_plan_command_writes_one_day(builds, tmp_path, monkeypatch):
    import shutil

    from xuanjiao.cli import main

    root = tmp_path / "proj"
    shutil.copytree(builds[0] / "content", root / "content")
    shutil.copytree(builds[0] / "private", root / "private")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    result = CliRunner().invoke(main, ["plan", "--year", "2026", "--day", "world-health-day", "--project", str(root)])
    assert result.exit_code == 0, result.output
    assert "warning: whd-2026: not enough volunteers at 'station'" in result.output
    written = root / "build" / "plans" / "2026" / "world-health-day"
    assert (written / "plan.json").read_bytes() == (builds[1] / "plans/2026/world-health-day/plan.json").read_bytes()
    assert (root / "build" / "private" / "2026" / "world-health-day" / "roster.xlsx").is_file()
    assert not list((root / "build").glob(".plan-staging-*"))


def test_plan_command_rejects_an_unknown_day(builds, tmp_path):
    from xuanjiao.cli import main

    args = ["plan", "--year", "2026", "--day", "world-helth-day", "--project", str(builds[0])]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert "did you mean 'world-health-day'?" in result.output
    result = CliRunner().invoke(main, ["plan", "--year", "2030", "--project", str(builds[0])])
    assert result.exit_code == 1 and "no campaign in 2030" in result.output


def test_plan_for_an_announced_day_without_a_date_is_a_content_error(make_project):
    """Not a wrong --day (exit 2) but a missing date in the content (exit 1), at the day's
    entry: the project's awareness-days.yml, or the built-in list."""
    from xuanjiao.cli import main

    root = make_project(
        {
            "content/awareness-days.yml": """\
        - id: county-day
          name: {zh-CN: 县健康日}
          date: announced
          dates: {2025: 2025-05-01}
        """
        }
    )
    result = CliRunner().invoke(main, ["plan", "--year", "2026", "--day", "county-day", "--project", str(root)])
    assert result.exit_code == 1, result.output
    assert (
        "content/awareness-days.yml:4:10: error: 'county-day' is announced each year and has no date in 2026"
        in result.output
    )
    assert "hint: add `dates: {2026: 2026-MM-DD}`" in result.output
    builtin = CliRunner().invoke(
        main, ["plan", "--year", "2026", "--day", "national-nutrition-week", "--project", str(root)]
    )
    assert builtin.exit_code == 1, builtin.output
    assert "data/awareness-days.yml:" in builtin.output and "has no date in 2026" in builtin.output
