"""The review workflow's rules, over a real project copy in a real git repository (the browser
round is tests/test_workspace_review_browser.py): the signature, refusals that leave the file
as it was, the comment until resubmission, the escaped diff, reviews due within 30 days, and
display names in accounts and on the command line."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
import subprocess
import sys

import pytest

from workspace_client import PASSWORD, app_for, form_of, git_log, login, project_with_users, replace
from xuanjiao.workspace import review
from xuanjiao.workspace.accounts import Accounts, db_path
from xuanjiao.workspace.lists import Item

REL = "content/materials/iodine-leaflet.md"


@pytest.fixture
def fresh(tmp_path):
    root = project_with_users(tmp_path / "p")
    accounts = Accounts(db_path(root))
    accounts.add("dr-wei", "reviewer", PASSWORD, display="岚峰县疾控中心 韦春梅")
    accounts.close()
    return root, app_for(root)


def csrf(page: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def to_review(root, app) -> None:
    """The writer changes the approved leaflet: it awaits a new signature."""
    writer = login(app, "ann")
    pairs = form_of(writer.get("/edit/materials/iodine-leaflet").text, "/edit/")
    body = dict(pairs)["body"] + "\n<script>alert(1)</script> 新加的一句。\n"
    r = writer.post("/edit/materials/iodine-leaflet", data=replace(pairs, body=body))
    assert r.status_code == 200 and "需要重新审核" in r.text
    assert "status: review\n" in (root / REL).read_text(encoding="utf-8")


def test_approval_signs_with_display_name_china_date_and_the_forms_due_date(fresh):
    root, app = fresh
    to_review(root, app)
    doctor = login(app, "dr-wei")
    page = doctor.get("/edit/materials/iodine-leaflet").text
    default = review.default_due(review.china_today()).isoformat()
    assert f'name="review_due" type="date" value="{default}"' in page
    before = (root / REL).read_bytes()
    for bad in ("2020-01-01", "明年", review.china_today().isoformat()):
        r = doctor.post("/approve/materials/iodine-leaflet", data={"csrf": csrf(page), "review_due": bad})
        assert r.status_code == 400 and "复审到期日" in r.text
        assert (root / REL).read_bytes() == before
    due = (review.china_today() + dt.timedelta(days=180)).isoformat()
    r = doctor.post("/approve/materials/iodine-leaflet", data={"csrf": csrf(page), "review_due": due})
    assert r.status_code == 303
    text = (root / REL).read_text(encoding="utf-8")
    assert "status: approved\n" in text and "reviewed_by: 岚峰县疾控中心 韦春梅\n" in text
    assert f"reviewed_on: {review.china_today().isoformat()}\n" in text and f"review_due: {due}\n" in text
    assert git_log(root, REL)[0] == ("dr-wei", "已审核：iodine-leaflet")
    rows = Accounts(db_path(root)).audit_rows(REL)
    assert rows[0][1:3] == ("dr-wei", "approve") and rows[0][5] == f"复审到期 {due}"


def test_acts_that_no_longer_apply_or_lack_a_comment_change_nothing(fresh):
    root, app = fresh
    doctor = login(app, "dr-wei")
    token = csrf(doctor.get("/").text)
    before = (root / REL).read_bytes()  # approved: nothing to approve or return
    r = doctor.post("/approve/materials/iodine-leaflet", data={"csrf": token})
    assert r.status_code == 409 and "已审核" in r.text
    to_review(root, app)
    before = (root / REL).read_bytes()
    r = doctor.post("/return/materials/iodine-leaflet", data={"csrf": token, "comment": "  "})
    assert r.status_code == 400 and "请写下退回意见" in r.text and (root / REL).read_bytes() == before
    writer = login(app, "ann")
    r = writer.post("/submit/materials/iodine-leaflet", data={"csrf": csrf(writer.get("/").text)})
    assert r.status_code == 409 and (root / REL).read_bytes() == before  # already awaiting review


def test_comment_shown_until_resubmitted_and_diff_escaped(fresh):
    root, app = fresh
    to_review(root, app)
    doctor = login(app, "dr-wei")
    page = doctor.get("/edit/materials/iodine-leaflet").text
    assert "与已审核版本（提交" in page
    assert "<script>alert(1)" not in page
    assert '<tr class="add">' in page and "&lt;script&gt;alert(1)&lt;/script&gt; 新加的一句。" in page
    assert '<tr class="del">' in page and "status: approved" in page
    r = doctor.post("/return/materials/iodine-leaflet", data={"csrf": csrf(page), "comment": "<b>数字</b>请核对"})
    assert r.status_code == 303
    writer = login(app, "ann")
    page = writer.get("/edit/materials/iodine-leaflet").text
    notice = re.search(r'<section class="returned".*?</section>', page, re.DOTALL).group(0)
    assert "岚峰县疾控中心 韦春梅" in notice and "&lt;b&gt;数字&lt;/b&gt;请核对" in notice
    r = writer.post("/submit/materials/iodine-leaflet", data={"csrf": csrf(page)})
    assert r.status_code == 303
    assert 'class="returned"' not in writer.get("/edit/materials/iodine-leaflet").text


def test_raw_source_edit_of_an_approved_material_goes_back_to_review(fresh):
    root, app = fresh
    writer = login(app, "ann")
    pairs = form_of(writer.get("/edit/materials/iodine-leaflet").text, "/edit/")
    source = (root / REL).read_text(encoding="utf-8").replace("科学补碘", "科学补碘（改）", 1)
    data = [(k, v) for k, v in pairs if k in ("csrf", "version")] + [("source", source), ("action", "save")]
    assert writer.post("/edit/materials/iodine-leaflet", data=data).status_code == 200
    text = (root / REL).read_text(encoding="utf-8")
    assert "科学补碘（改）" in text and "status: review\n" in text and "status: approved" not in text


def test_due_within_30_days_approved_or_in_review_only():
    today = dt.date(2027, 2, 1)

    def item(ident, days, status="approved"):
        return Item("materials", ident, ident, status, today + dt.timedelta(days=days))

    items = [item("d30", 30), item("d31", 31), item("past", -3), item("rev", 5, "review"), item("dr", 1, "draft")]
    assert [i.ident for i in review.due_soon(items, today)] == ["past", "rev", "d30"]
    assert review.default_due(dt.date(2028, 2, 29)) == dt.date(2029, 2, 28)


def test_accounts_from_before_display_names_open(tmp_path):
    path = tmp_path / "private" / "workspace.sqlite"
    path.parent.mkdir()
    old = sqlite3.connect(path)
    old.execute(
        "CREATE TABLE users (name TEXT PRIMARY KEY, role TEXT NOT NULL, hash TEXT NOT NULL,"
        " disabled INTEGER NOT NULL DEFAULT 0, created REAL NOT NULL)"
    )
    old.execute("INSERT INTO users VALUES ('ann', 'writer', 'x', 0, 0)")
    old.commit()
    old.close()
    accounts = Accounts(path)
    assert accounts.user("ann").shown == "ann"
    accounts.add("dr", "reviewer", PASSWORD, display="  县医院   张医生 ")
    assert accounts.user("dr").shown == "县医院 张医生"
    with pytest.raises(ValueError):
        accounts.add("x", "writer", PASSWORD, display="<b>")


def test_user_add_display_on_the_command_line(tmp_path):
    root = project_with_users(tmp_path / "p")

    def xj(*args, stdin=None):
        return subprocess.run(
            [sys.executable, "-m", "xuanjiao", *args, "--project", str(root)],
            input=stdin,
            capture_output=True,
            text=True,
            check=False,
        )

    added = xj(
        "user", "add", "dr-zhang", "--role", "reviewer", "--display", "张医生", "--password-stdin", stdin=PASSWORD
    )
    assert added.returncode == 0, added.stderr
    listed = xj("user", "list").stdout.splitlines()
    mine = [line.split("\t") for line in listed if line.startswith("dr-zhang\t")]
    assert len(mine) == 1 and mine[0][1] == "reviewer" and mine[0][3] == "张医生"
    assert [line.split("\t")[3:] for line in listed if line.startswith("ann\t")] == [[]]  # no display name
