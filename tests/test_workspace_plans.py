"""The coordinator's pages over a real project copy (issue 23, acceptance 5): each campaign's
plan as a page, its files made on request, returned 统计表 forms uploaded into private/reports/
with the same cell-located problems as `xuanjiao report`, the roll-up and its charts, and the
volunteers' names and phones for coordinators and admins only."""

from __future__ import annotations

import html
import io
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook
from starlette.testclient import TestClient

from workspace_client import app_for, login, project_with_users
from xuanjiao.workspace.accounts import Accounts, db_path
from xuanjiao.workspace.web import ACCESS, ROUTES

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CAMPAIGN = "tb-2027"


def _with_coordinator(root: Path) -> Path:
    accounts = Accounts(db_path(root))
    accounts.add("cora", "coordinator", "correct-horse-1")
    accounts.close()
    return root


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    root = _with_coordinator(project_with_users(tmp_path_factory.mktemp("plans") / "p"))
    return root, app_for(root)


@pytest.fixture
def fresh(tmp_path):
    root = _with_coordinator(project_with_users(tmp_path / "p"))
    return root, app_for(root)


def _csrf(page: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def blank_form(client: TestClient, campaign: str = CAMPAIGN) -> bytes:
    r = client.get(f"/plans/{campaign}/files/report-form.xlsx")
    assert r.status_code == 200 and r.headers["content-type"] == XLSX
    return r.content


def filled(blank: bytes, rows: dict[int, tuple]) -> bytes:
    """The blank form the tool produced, filled in as a team does (D.. = counts) with openpyxl."""
    wb = load_workbook(io.BytesIO(blank))
    ws = wb["统计表"]
    for row, counts in rows.items():
        for col, value in enumerate(counts, start=4):
            ws.cell(row=row, column=col, value=value)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def upload(client: TestClient, name: str, data: bytes, replace: bool = False, campaign: str = CAMPAIGN):
    page = client.get(f"/plans/{campaign}").text
    fields = {"csrf": _csrf(page)} | ({"replace": "yes"} if replace else {})
    return client.post(f"/plans/{campaign}/reports", data=fields, files={"report": (name, data, XLSX)})


class Tables(HTMLParser):
    """The body rows of each <table> by its class, as lists of cell texts (th and td)."""

    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.current: str | None = None
        self.cell: list[str] | None = None
        self.part = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self.current = a.get("class", "")
            self.tables[self.current] = []
        elif tag in ("tbody", "tfoot", "thead"):
            self.part = tag
        elif tag == "tr" and self.current is not None and self.part != "thead":
            self.tables[self.current].append([])
        elif tag in ("td", "th") and self.current is not None and self.part != "thead":
            self.cell = []
        elif tag == "br" and self.cell is not None:
            self.cell.append(" ")

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.tables[self.current][-1].append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "table":
            self.current = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def tables(page: str) -> dict[str, list[list[str]]]:
    parser = Tables()
    parser.feed(page)
    return parser.tables


def day(d) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def test_plan_page_shows_sessions_roster_shortfalls_and_tasks_by_due_date(shared):
    root, app = shared
    coordinator = login(app, "cora")
    index = coordinator.get("/plans")
    assert index.status_code == 200 and f'href="/plans/{CAMPAIGN}"' in index.text
    page = coordinator.get(f"/plans/{CAMPAIGN}")
    assert page.status_code == 200
    from xuanjiao.content.loader import load_project
    from xuanjiao.schedule import plan_project

    project, _ = load_project(root)
    plan = plan_project(project).plans[CAMPAIGN]
    shown = tables(page.text)
    expected = sorted(plan.sessions, key=lambda s: (s.date, s.start, s.venue))
    assert len(shown["sessions"]) == len(expected)
    for row, s in zip(shown["sessions"], expected):
        names = "、".join(project.volunteers[a.volunteer].name for a in s.assignments) or "—"
        assert row[0].startswith(day(s.date) + "（周")
        assert row[1:5] == [f"{s.start}–{s.end}", project.venues[s.venue].name, str(s.needed), names]
        assert row[5] == (f"缺 {s.short} 人" if s.short else "已排满")
    tasks = sorted(plan.tasks, key=lambda t: (t.due, t.id))
    assert [r[0][: len(day(t.due))] for r, t in zip(shown["tasks"], tasks)] == [day(t.due) for t in tasks]
    assert len(shown["tasks"]) == len(tasks)
    for row, t in zip(shown["tasks"], tasks):
        if t.before is not None:
            assert row[3].startswith(f"活动前 {t.before} 个工作日")
        if t.after is not None:
            assert row[3].startswith(f"活动结束后 {t.after} 个工作日")
    assert "完成时限均为工作日" in page.text


def test_shortfall_is_marked_on_the_session(fresh):
    root, app = fresh
    vol = root / "private" / "volunteers.yml"
    text = vol.read_text(encoding="utf-8")
    vol.write_text(text.split("\n- id: gp02")[0] + "\n", encoding="utf-8")  # one volunteer left
    page = login(app, "cora").get(f"/plans/{CAMPAIGN}")
    assert page.status_code == 200
    assert re.search(r'<tr class="is-short">.*?<strong class="short">缺 \d+ 人</strong>', page.text, re.S)
    assert re.search(r"志愿者尚缺 \d+ 人次", page.text)


def test_downloads_are_made_on_request_and_nothing_lands_in_content(shared):
    root, app = shared
    coordinator = login(app, "cora")
    before = sorted(p.relative_to(root).as_posix() for p in (root / "content").rglob("*"))
    r = coordinator.get(f"/plans/{CAMPAIGN}/files/plan.docx")
    assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
    document = docx.Document(io.BytesIO(r.content))
    assert any("方案" in p.text for p in document.paragraphs[:3])
    pdf = coordinator.get(f"/plans/{CAMPAIGN}/files/plan.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    out = subprocess.run(["pdftotext", "-", "-"], input=pdf.content, capture_output=True, check=True).stdout
    assert "工作任务".encode() in out
    ws = load_workbook(io.BytesIO(blank_form(coordinator)))["统计表"]
    assert [c.value for c in ws[1]][:4] == ["日期", "场所编号", "场所", "宣传服务人数"]
    roster = load_workbook(io.BytesIO(coordinator.get(f"/plans/{CAMPAIGN}/files/roster.xlsx").content))
    assert roster["排班表"]["F1"].value == "姓名"
    assert coordinator.get(f"/plans/{CAMPAIGN}/files/..%2Fprivate%2Fvolunteers.yml").status_code == 404
    assert coordinator.get(f"/plans/{CAMPAIGN}/files/plan.md").status_code == 404
    assert coordinator.get("/plans/no-such-campaign").status_code == 404
    assert sorted(p.relative_to(root).as_posix() for p in (root / "content").rglob("*")) == before


def test_blank_notice_form_of_a_campaign_with_reports(example_copy, tmp_path):
    import shutil

    root = tmp_path / "example"
    shutil.copytree(example_copy, root, ignore=shutil.ignore_patterns("build", "workspace.sqlite*"))
    _with_coordinator(root)
    app = app_for(root)
    coordinator = login(app, "cora")
    page = coordinator.get("/plans/spring-migrant-2026")
    assert page.status_code == 200 and "notice-form.xlsx" in page.text
    r = coordinator.get("/plans/spring-migrant-2026/files/notice-form.xlsx")
    assert r.status_code == 200
    ws = load_workbook(io.BytesIO(r.content)).active
    values = [c.value for row in ws.iter_rows() for c in row if c.value is not None]
    assert any("合计" == v for v in values)
    assert not any(isinstance(v, (int, float)) for v in values)  # blank: no figures
    pdf = coordinator.get("/plans/spring-migrant-2026/files/notice-form.pdf")
    assert pdf.content.startswith(b"%PDF")


def test_bad_cell_is_shown_at_its_cell_then_a_good_form_is_rolled_up(fresh):
    """Acceptance 5: a coordinator uploads a filled form with a bad cell and sees the error at
    its cell (the same message as `xuanjiao report`); the corrected form shows in the roll-up."""
    root, app = fresh
    coordinator = login(app, "cora")
    blank = blank_form(coordinator)
    bad = filled(blank, {2: (180, "两百", 12, 0, 0, 0, 4), 3: (95, 120, 8, None, None, None, 3)})
    r = upload(coordinator, "高坡镇 统计表.xlsx", bad)
    assert r.status_code == 400
    assert not (root / "private" / "reports").exists() or not any((root / "private" / "reports").iterdir())
    item = re.search(r'<li class="diag diag-error"><strong>([A-Z]+\d+)</strong>：([^<]+)', r.text)
    assert item is not None, r.text[-3000:]
    assert item.group(1) == "E2"
    assert html.unescape(item.group(2)) == "发放宣传资料(份): '两百' is not a number"
    # the command says the same, at the same cell
    (root / "private" / "reports").mkdir(parents=True, exist_ok=True)
    (root / "private" / "reports" / "probe.xlsx").write_bytes(bad)
    cli = subprocess.run(
        [sys.executable, "-m", "xuanjiao", "report", "--year", "2027", "--project", str(root)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert cli.returncode == 1
    assert "private/reports/probe.xlsx:统计表!E2: error: 发放宣传资料(份): '两百' is not a number" in cli.stderr
    (root / "private" / "reports" / "probe.xlsx").unlink()

    good = filled(blank, {2: (180, 200, 12, 0, 0, 0, 4), 3: (95, 120, 8, None, None, None, 3)})
    r = upload(coordinator, "高坡镇 统计表.xlsx", good)
    assert r.status_code == 303 and r.headers["location"].startswith(f"/plans/{CAMPAIGN}?saved=")
    stored = root / "private" / "reports" / "高坡镇-统计表.xlsx"
    assert stored.read_bytes() == good
    page = coordinator.get(r.headers["location"])
    assert "已保存 高坡镇-统计表.xlsx，检查通过。" in page.text
    rollup = tables(page.text)["rollup"]  # the campaign's venues first, then the year's campaigns
    assert ["合计", "2", "275", "320", "20", "0", "0", "0", "7"] in rollup
    charts = re.findall(r'<img src="(/plans/[^"]+\.svg)"', page.text)
    assert len(charts) == 3
    svg = coordinator.get(charts[0])
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")
    assert b"<svg" in svg.content[:2000]


def test_upload_is_confined_and_never_overwrites_without_asking(fresh):
    root, app = fresh
    coordinator = login(app, "cora")
    good = filled(blank_form(coordinator), {2: (50, 60, 0, 0, 0, 0, 2)})
    r = upload(coordinator, "../../content/site.xlsx", good)
    assert r.status_code == 303
    assert (root / "private" / "reports" / "site.xlsx").read_bytes() == good
    assert not (root / "content" / "site.xlsx").exists()
    again = filled(blank_form(coordinator), {2: (51, 60, 0, 0, 0, 0, 2)})
    r = upload(coordinator, "site.xlsx", again)
    assert r.status_code == 409 and "替换同名文件" in r.text
    assert (root / "private" / "reports" / "site.xlsx").read_bytes() == good
    r = upload(coordinator, "site.xlsx", again, replace=True)
    assert r.status_code == 303 and (root / "private" / "reports" / "site.xlsx").read_bytes() == again
    r = upload(coordinator, "notes.docx", b"PK\x03\x04 not a form")
    assert r.status_code == 400 and "只收 Excel" in r.text
    r = upload(coordinator, "huge.xlsx", b"0" * (5 * 1024 * 1024 + 10))
    assert r.status_code == 400 and "文件太大" in r.text
    r = upload(coordinator, "broken.xlsx", b"PK\x03\x04 broken zip")
    assert r.status_code == 400 and "cannot read this file" in html.unescape(r.text)
    assert sorted(p.name for p in (root / "private" / "reports").iterdir()) == ["site.xlsx"]


def test_the_same_session_in_two_files_is_refused_naming_both(fresh):
    root, app = fresh
    coordinator = login(app, "cora")
    form = filled(blank_form(coordinator), {2: (50, 60, 0, 0, 0, 0, 2)})
    assert upload(coordinator, "first.xlsx", form).status_code == 303
    r = upload(coordinator, "second.xlsx", form)
    assert r.status_code == 400
    assert "reported twice" in r.text and "private/reports/first.xlsx:统计表!A2" in html.unescape(r.text)
    assert not (root / "private" / "reports" / "second.xlsx").exists()


def test_volunteers_page_for_coordinator_and_admin_only(shared):
    root, app = shared
    from xuanjiao.content.loader import load_project

    project, _ = load_project(root)
    phones = [v.phone for v in project.volunteers.values() if v.phone]
    assert phones
    for name in ("cora", "admin"):
        page = login(app, name).get("/volunteers")
        assert page.status_code == 200 and all(p in page.text for p in phones)
    for name in ("ann", "dr-xu"):
        client = login(app, name)
        assert client.get("/volunteers").status_code == 403
        assert client.get(f"/plans/{CAMPAIGN}").status_code == 403
        assert client.get(f"/plans/{CAMPAIGN}/files/roster.xlsx").status_code == 403
        r = client.post(f"/plans/{CAMPAIGN}/reports", data={"csrf": _csrf(client.get("/").text)})
        assert r.status_code == 403


def test_no_page_a_writer_can_open_shows_a_volunteer_phone(shared):
    """Every GET route the writer's role may use, opened for every item: no phone, no name of
    a volunteer who is not also a content author."""
    root, app = shared
    from xuanjiao.content.loader import load_project
    from xuanjiao.workspace.catalog import KINDS, idents

    project, _ = load_project(root)
    phones = [v.phone for v in project.volunteers.values() if v.phone]
    writer = login(app, "ann")
    opened = 0
    for path, name, _fn, methods in ROUTES:
        if "GET" not in methods or "writer" not in ACCESS[name]:
            continue
        urls = [path]
        if "{kind}" in path:
            urls = [
                path.replace("{kind}", k).replace("{ident}", i)
                for k in KINDS
                for i in (idents(root, KINDS[k]) if "{ident}" in path else [""])
            ]
        for url in urls:
            if "{" in url:
                continue
            r = writer.get(url + ("?q=139" if url == "/search" else ""))
            opened += 1
            for phone in phones:
                assert phone not in r.text, (url, phone)
    assert opened > 10


def test_csv_return_in_gb18030_is_checked_and_rolled_up(fresh):
    """A return saved by Chinese Excel as CSV (GB18030): read as `xuanjiao report` reads it; a bad
    cell is named by its column letter and row."""
    root, app = fresh
    coordinator = login(app, "cora")
    ws = load_workbook(io.BytesIO(blank_form(coordinator)))["统计表"]
    header = [c.value for c in ws[1]]
    first = [c.value for c in ws[2]]
    date, venue, name = first[0].date().isoformat(), first[1], first[2]
    rows = [header, [date, venue, name, "88", "九十", "", "", "", "", "2", "", first[-1] or ""]]
    data = "\r\n".join(",".join(str(v or "") for v in row[: len(header)]) for row in rows).encode("gb18030")
    r = upload(coordinator, "返回.csv", data)
    assert r.status_code == 400
    assert re.search(r"<strong>E2</strong>：发放宣传资料\(份\): &#39;九十&#39; is not a number", r.text)
    rows[1][4] = "90"
    data = "\r\n".join(",".join(str(v or "") for v in row[: len(header)]) for row in rows).encode("gb18030")
    r = upload(coordinator, "返回.csv", data)
    assert r.status_code == 303
    page = coordinator.get(r.headers["location"])
    assert ["合计", "1", "88", "90", "0", "0", "0", "0", "2"] in tables(page.text)["rollup"]
    assert (root / "private" / "reports" / "返回.csv").read_bytes() == data


def test_a_warning_keeps_the_file_and_is_shown_next_to_it(fresh):
    """A session the plan does not have is counted anyway (as `xuanjiao report` does), with a
    warning at the venue cell beside the stored file."""
    import datetime as dt

    from xuanjiao.content.loader import load_project
    from xuanjiao.schedule import plan_project

    root, app = fresh
    coordinator = login(app, "cora")
    plan = plan_project(load_project(root)[0]).plans[CAMPAIGN]
    wb = load_workbook(io.BytesIO(blank_form(coordinator)))
    ws = wb["统计表"]
    span = [plan.window_start + dt.timedelta(days=n) for n in range((plan.window_end - plan.window_start).days + 1)]
    row, day = next(
        (r, d)
        for r in range(2, ws.max_row + 1)
        for d in span
        if d not in {s.date for s in plan.sessions if s.venue == ws.cell(row=r, column=2).value}
    )
    ws.cell(row=row, column=1, value=day)
    for col, value in enumerate((40, 50, 0, 0, 0, 0, 2), start=4):
        ws.cell(row=row, column=col, value=value)
    buf = io.BytesIO()
    wb.save(buf)
    r = upload(coordinator, "extra.xlsx", buf.getvalue())
    assert r.status_code == 303
    page = coordinator.get(r.headers["location"]).text
    assert "已保存 extra.xlsx，有 1 条提醒" in page
    item = re.search(rf'<li class="diag diag-warning"><strong>B{row}</strong>：([^<]+)', page)
    assert item is not None and "has no planned session on" in html.unescape(item.group(1))


def test_coordinator_pages_in_english(tmp_path):
    root = _with_coordinator(project_with_users(tmp_path / "p"))
    coordinator = login(app_for(root, "en"), "cora")
    page = coordinator.get(f"/plans/{CAMPAIGN}").text
    assert '<label for="report-file">Upload a filled report form (.xlsx or .csv)</label>' in page
    assert "Sessions and volunteer roster" in page and "working days before" in page
    assert re.search(r"<td>[A-Z][a-z]{2} \d+ March 2027</td>", page)  # dates in English too
    assert "Internal: names and phone numbers" in coordinator.get("/volunteers").text
