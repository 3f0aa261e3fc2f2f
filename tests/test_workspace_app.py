"""The workspace application over a real project copy: login, roles, CSRF, saving through the
real form (byte-identical when unchanged, one commit by the person), diagnostics at their
field, uploads confined to assets/, conflicts, history."""

from __future__ import annotations

import html
import io
import re
import sqlite3

import pytest
from PIL import Image
from starlette.testclient import TestClient

from workspace_client import (
    PASSWORD,
    app_for,
    form_of,
    git_log,
    login,
    project_with_users,
    replace,
)
from xuanjiao.content.loader import load_project
from xuanjiao.workspace.web import ACCESS, ROUTES

REL = "content/materials/iodine-leaflet.md"


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    """One project and app for the read-mostly tests (the others make their own)."""
    root = project_with_users(tmp_path_factory.mktemp("ws") / "p")
    return root, app_for(root)


@pytest.fixture
def fresh(tmp_path):
    root = project_with_users(tmp_path / "p")
    return root, app_for(root)


def _png(width=800, height=600) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(buf, format="PNG")
    return buf.getvalue()


def test_login_form_is_labelled_and_start_page_lists_materials(shared):
    _root, app = shared
    page = TestClient(app).get("/login")
    assert re.search(r'<label for="name">用户名</label>', page.text)
    assert re.search(r'<label for="password">密码</label>', page.text)
    assert '<button type="submit">登录</button>' in page.text
    home = login(app, "ann").get("/")
    assert home.status_code == 200
    for title in ("科学补碘 健康一生", "咳嗽两周要警惕", "家庭医生 签约服务"):
        assert title in home.text
    assert "我的草稿" in home.text and "待审核" in home.text and "即将到期复审" in home.text


def test_wrong_password_refused_and_login_throttled(shared):
    _root, app = shared
    client = TestClient(app, follow_redirects=False)
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text).group(1)
    for _ in range(5):
        r = client.post("/login", data={"csrf": token, "name": "bob", "password": "wrong-password"})
        assert r.status_code == 401 and "用户名或密码不对" in r.text
    r = client.post("/login", data={"csrf": token, "name": "bob", "password": PASSWORD})
    assert r.status_code == 401 and "次数太多" in r.text
    assert "xj_session" not in r.cookies


def test_every_route_without_a_session_goes_to_login(shared):
    _root, app = shared
    client = TestClient(app, follow_redirects=False)
    assert {name for _, name, _, _ in ROUTES} == set(ACCESS)
    for path, _name, _, methods in ROUTES:
        url = re.sub(r"\{kind\}", "materials", path)
        url = re.sub(r"\{[a-z]+\}", "iodine-leaflet", url)
        for method in methods:
            r = client.request(method, url)
            assert r.status_code == 303 and r.headers["location"] == "/login", (method, url)


def test_session_cookie_is_httponly_and_lax(fresh):
    _root, app = fresh
    client = TestClient(app, follow_redirects=False)
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text).group(1)
    r = client.post("/login", data={"csrf": token, "name": "ann", "password": PASSWORD})
    cookie = next(v for k, v in r.headers.multi_items() if k == "set-cookie" and v.startswith("xj_session="))
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" not in cookie
    secure = TestClient(app, base_url="https://testserver", follow_redirects=False)
    token = re.search(r'name="csrf" value="([^"]+)"', secure.get("/login").text).group(1)
    r = secure.post("/login", data={"csrf": token, "name": "ann", "password": PASSWORD})
    assert "Secure" in next(v for k, v in r.headers.multi_items() if k == "set-cookie" and "xj_session=" in v)


def test_writer_cannot_approve_publish_or_manage_users(fresh):
    root, app = fresh
    writer = login(app, "ann")
    csrf = re.search(r'name="csrf" value="([^"]+)"', writer.get("/").text).group(1)
    before = (root / REL).read_bytes()
    assert writer.post("/approve/materials/iodine-leaflet", data={"csrf": csrf}).status_code == 403
    assert writer.post("/return/materials/iodine-leaflet", data={"csrf": csrf}).status_code == 403
    assert writer.post("/publish/start", data={"csrf": csrf}).status_code == 403
    assert writer.get("/publish").status_code == 403
    assert writer.get("/users").status_code == 403
    r = writer.post("/users", data={"csrf": csrf, "name": "eve", "role": "admin", "password": "x" * 12})
    assert r.status_code == 403
    assert writer.post("/users/bob/disable", data={"csrf": csrf}).status_code == 403
    assert (root / REL).read_bytes() == before
    assert "eve" not in [
        u[0] for u in sqlite3.connect(root / "private/workspace.sqlite").execute("SELECT name FROM users")
    ]


def test_post_without_csrf_token_is_refused(fresh):
    root, app = fresh
    writer = login(app, "ann")
    pairs = form_of(writer.get("/edit/materials/iodine-leaflet").text, "/edit/")
    before = (root / REL).read_bytes()
    stripped = [(k, v) for k, v in replace(pairs, title="被篡改") if k != "csrf"]
    assert writer.post("/edit/materials/iodine-leaflet", data=stripped).status_code == 403
    forged = replace(pairs, title="被篡改", csrf="forged")
    assert writer.post("/edit/materials/iodine-leaflet", data=forged).status_code == 403
    assert (root / REL).read_bytes() == before


def test_passwords_are_not_stored_in_clear(shared):
    root, _ = shared
    data = (root / "private" / "workspace.sqlite").read_bytes()
    assert PASSWORD.encode() not in data
    hashes = [h for (h,) in sqlite3.connect(root / "private/workspace.sqlite").execute("SELECT hash FROM users")]
    assert hashes and all(h.startswith("$argon2id$") for h in hashes)


def test_saving_unchanged_form_keeps_bytes_and_a_change_is_one_commit_by_the_writer(fresh):
    root, app = fresh
    writer = login(app, "ann")
    pairs = form_of(writer.get("/edit/materials/iodine-leaflet").text, "/edit/")
    before = (root / REL).read_bytes()
    assert writer.post("/edit/materials/iodine-leaflet", data=pairs).status_code == 200
    assert (root / REL).read_bytes() == before
    commits = len(git_log(root, REL))
    r = writer.post("/edit/materials/iodine-leaflet", data=replace(pairs, title="科学补碘 健康一生（修订）"))
    assert r.status_code == 200 and "已保存" in r.text and "需要重新审核" in r.text
    after = (root / REL).read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(before.decode().splitlines(), after) if a != b]
    # an approved material that changed awaits a new signature (review.py)
    assert changed == [
        ("title: 科学补碘 健康一生", "title: 科学补碘 健康一生（修订）"),
        ("status: approved", "status: review"),
    ]
    log = git_log(root, REL)
    assert len(log) == commits + 1 and log[0][0] == "ann"


def test_unknown_venue_is_marked_at_its_field(fresh):
    _root, app = fresh
    writer = login(app, "ann")
    pairs = form_of(writer.get("/edit/materials/iodine-leaflet").text, "/edit/")
    r = writer.post("/edit/materials/iodine-leaflet", data=replace(pairs, venue="no-such-market"))
    field = html.unescape(re.search(r'<div class="field field-ref has-error">.*?</div>', r.text, re.DOTALL).group(0))
    assert 'name="venue"' in field and "unknown venue 'no-such-market'" in field
    assert 'aria-invalid="true"' in field


def test_title_with_script_is_inert(fresh):
    _root, app = fresh
    writer = login(app, "ann")
    pairs = form_of(writer.get("/edit/materials/iodine-leaflet").text, "/edit/")
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    writer.post("/edit/materials/iodine-leaflet", data=replace(pairs, title=evil, body="正文 " + evil))
    for url in ("/", "/edit/materials/iodine-leaflet", "/search?q=script"):
        page = writer.get(url).text
        assert "<script>alert" not in page and "<img src=x" not in page
        assert "&lt;script&gt;alert" in page
    assert "script-src" not in writer.get("/").headers["content-security-policy"]  # default-src 'self' rules


def test_private_files_are_never_served(fresh):
    root, app = fresh
    (root / "content" / "assets" / "evil.png").symlink_to(root / "private" / "workspace.sqlite")
    writer = login(app, "ann")
    for url in (
        "/private/workspace.sqlite",
        "/assets/..%2Fprivate%2Fvolunteers.yml",
        "/assets/../../private/volunteers.yml",
        "/static/..%2F..%2F..%2Fprivate%2Fvolunteers.yml",
        "/assets/evil.png",
        "/assets/%2e%2e%2fsite.yml",
    ):
        r = writer.get(url)
        assert r.status_code == 404, url
        assert b"SQLite" not in r.content and "电话" not in r.text
    assert writer.get("/assets/iodized-salt.png").status_code == 200


def _upload(client, root, filename, data, alt="图"):
    pairs = form_of(client.get("/edit/materials/iodine-leaflet").text, "/edit/")
    return client.post(
        "/edit/materials/iodine-leaflet",
        data=replace(pairs) + [("image_alt", alt)],
        files={"image": (filename, data, "image/png")},
    )


def test_uploads_cannot_escape_assets(fresh, tmp_path):
    root, app = fresh
    writer = login(app, "ann")
    before = sorted(p.name for p in (root / "content" / "assets").iterdir())
    outside = tmp_path / "outside.png"
    (root / "content" / "assets" / "link.png").symlink_to(outside)
    for name, data in (
        ("../escape.png", _png()),
        ("/tmp/abs.png", _png()),
        ("..\\win.png", _png()),
        ("fake.png", b"<?php system($_GET[1]); ?>" + b"x" * 100),
        ("big.png", b"\x89PNG" + b"0" * (11 * 1024 * 1024)),
        ("notes.txt", b"hello"),
    ):
        r = _upload(writer, root, name, data)
        assert r.status_code in (400, 413), name
    r = _upload(writer, root, "link.png", _png())
    assert r.status_code == 200 and not outside.exists()
    assert not (root / "content" / "escape.png").exists() and not (root.parent / "escape.png").exists()
    assert not (root / "content" / "assets" / "..").resolve().joinpath("escape.png").exists()
    now = sorted(p.name for p in (root / "content" / "assets").iterdir())
    assert set(now) - set(before) == {"link.png", "link-2.png"}  # the good one beside the symlink


def test_upload_stores_image_and_places_it_in_the_body(fresh):
    root, app = fresh
    writer = login(app, "ann")
    r = _upload(writer, root, "微信图片_2026.png", _png(400, 300), alt="碘盐")
    assert r.status_code == 200 and "印刷出来可能模糊" in r.text
    saved = [p for p in (root / "content" / "assets").glob("image-*.png")]
    assert len(saved) == 1 and saved[0].read_bytes() == _png(400, 300)
    assert f"![碘盐](../assets/{saved[0].name})" in (root / REL).read_text(encoding="utf-8")
    load_project(root)  # the file still passes check


def test_two_people_saving_the_same_field_see_a_conflict_and_nothing_is_lost(fresh):
    root, app = fresh
    ann, bob = login(app, "ann"), login(app, "bob")
    ann_form = form_of(ann.get("/edit/materials/iodine-leaflet").text, "/edit/")
    bob_form = form_of(bob.get("/edit/materials/iodine-leaflet").text, "/edit/")
    assert ann.post("/edit/materials/iodine-leaflet", data=replace(ann_form, title="安的标题")).status_code == 200
    r = bob.post("/edit/materials/iodine-leaflet", data=replace(bob_form, title="鲍的标题"))
    assert r.status_code == 303 and r.headers["location"].startswith("/conflict/")
    page = bob.get(r.headers["location"])
    assert page.status_code == 409 and "安的标题" in page.text and "鲍的标题" in page.text
    assert "title: 安的标题" in (root / REL).read_text(encoding="utf-8")
    resolve = form_of(page.text, "/conflict/") + [("choice", "mine")]
    assert bob.post(r.headers["location"], data=resolve).status_code == 303
    assert "title: 鲍的标题" in (root / REL).read_text(encoding="utf-8")
    authors = [a for a, _ in git_log(root, REL)]
    assert authors[:2] == ["bob", "ann"]


def _conflict(app, ann_values: dict, bob_values: dict):
    """Ann and Bob open the leaflet; Ann saves, then Bob's save meets the conflict page."""
    ann, bob = login(app, "ann"), login(app, "bob")
    ann_form = form_of(ann.get("/edit/materials/iodine-leaflet").text, "/edit/")
    bob_form = form_of(bob.get("/edit/materials/iodine-leaflet").text, "/edit/")
    assert ann.post("/edit/materials/iodine-leaflet", data=replace(ann_form, **ann_values)).status_code == 200
    r = bob.post("/edit/materials/iodine-leaflet", data=replace(bob_form, **bob_values))
    assert r.status_code == 303 and r.headers["location"].startswith("/conflict/")
    return bob, r.headers["location"]


def _cells(page: str, table: str) -> list[list[str]]:
    """The rows of a comparison table as text (tags stripped, entities decoded)."""
    body = re.search(rf'<table class="compare {table}">(.*?)</table>', page, re.S).group(1)
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", body.split("<tbody>")[1], re.S)
    return [
        [html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", r, re.S)]
        for r in rows
    ]


def test_conflict_page_shows_both_versions_side_by_side(fresh):
    root, app = fresh
    body = (root / REL).read_text(encoding="utf-8").split("---\n", 2)[2]
    theirs_body = body.replace("- 碘是合成甲状腺激素的原料。", "- 碘是<b>甲状腺</b>激素的原料。")
    mine_body = body.replace("- 碘是合成甲状腺激素的原料。", "- 碘是合成甲状腺激素的<script>x</script>原料。")
    bob, url = _conflict(
        app,
        {"title": "安的标题", "body": theirs_body.replace("\n", "\r\n")},
        {"title": "<script>鲍</script>", "print__paper": "80g 胶版纸", "body": mine_body.replace("\n", "\r\n")},
    )
    page = bob.get(url)
    assert page.status_code == 409
    fields = _cells(page.text, "compare-fields")
    assert ["标题", "安的标题", "<script>鲍</script>"] in fields  # per field, their value beside mine
    assert ["印刷要求 › 纸张", "157g 铜版纸", "80g 胶版纸"] in fields
    assert len(fields) == 2  # fields both versions share are not listed
    lines = _cells(page.text, "compare-lines")
    changed = [r for r in lines if len(r) == 4 and r[1] != r[3]]
    assert changed == [["3", "- 碘是<b>甲状腺</b>激素的原料。", "3", "- 碘是合成甲状腺激素的<script>x</script>原料。"]]
    assert any("行相同" in r[0] for r in lines if len(r) == 1)  # long unchanged runs fold
    assert "<script>" not in page.text and "<b>甲状腺" not in page.text  # escaped, inert
    assert 'class="row-changed"' in page.text and "<del>" in page.text and "<ins>" in page.text


@pytest.mark.parametrize("choice", ["theirs", "merged"])
def test_resolving_a_conflict_keeps_both_versions_in_history(fresh, choice):
    root, app = fresh
    bob, url = _conflict(app, {"title": "安的标题"}, {"title": "鲍的标题"})
    form = form_of(bob.get(url).text, "/conflict/")
    merged = dict(form)["text"].replace("title: 鲍的标题", "title: 安和鲍的标题")
    assert bob.post(url, data=replace(form, text=merged) + [("choice", choice)]).status_code == 303
    now = (root / REL).read_text(encoding="utf-8")
    assert ("title: 安的标题" if choice == "theirs" else "title: 安和鲍的标题") in now
    log = git_log(root, REL)
    assert [a for a, _ in log[:3]] == ["bob", "bob", "ann"]  # Bob's own version went in first
    shown = [bob.get(f"/history/materials/iodine-leaflet/{c}").text for c in _commits(root, 3)]
    assert "鲍的标题" in html.unescape(shown[1]) and "安的标题" in html.unescape(shown[2])
    assert bob.get(url).status_code == 404  # settled


def test_a_conflict_that_moved_again_is_shown_anew(fresh):
    root, app = fresh
    bob, url = _conflict(app, {"title": "安的标题"}, {"title": "鲍的标题"})
    form = form_of(bob.get(url).text, "/conflict/")
    (root / REL).write_text(
        (root / REL).read_text(encoding="utf-8").replace("安的标题", "第三个标题"), encoding="utf-8"
    )
    r = bob.post(url, data=form + [("choice", "mine")])
    assert r.status_code == 409 and "又被修改" in r.text and "第三个标题" in r.text
    assert "title: 第三个标题" in (root / REL).read_text(encoding="utf-8")  # nothing written over it


def _commits(root, n: int) -> list[str]:
    import subprocess

    out = subprocess.run(
        ["git", "-C", str(root), "log", f"-{n}", "--format=%H", "--", REL], capture_output=True, text=True
    )
    return out.stdout.split()


def test_edits_of_different_lines_are_merged(fresh):
    root, app = fresh
    ann, bob = login(app, "ann"), login(app, "bob")
    ann_form = form_of(ann.get("/edit/materials/iodine-leaflet").text, "/edit/")
    bob_form = form_of(bob.get("/edit/materials/iodine-leaflet").text, "/edit/")
    ann.post("/edit/materials/iodine-leaflet", data=replace(ann_form, title="安的标题"))
    r = bob.post("/edit/materials/iodine-leaflet", data=replace(bob_form, summary="鲍的摘要"))
    assert r.status_code == 200 and "两处修改都已保存" in r.text
    text = (root / REL).read_text(encoding="utf-8")
    assert "title: 安的标题" in text and "summary: 鲍的摘要" in text


def test_history_shows_diffs_and_restores(fresh):
    root, app = fresh
    writer = login(app, "ann")
    original = (root / REL).read_bytes()
    pairs = form_of(writer.get("/edit/materials/iodine-leaflet").text, "/edit/")
    writer.post("/edit/materials/iodine-leaflet", data=replace(pairs, title="改过的标题"))
    history = writer.get("/history/materials/iodine-leaflet")
    commits = re.findall(r'/history/materials/iodine-leaflet/([0-9a-f]{40})"', history.text)
    assert len(commits) == 2
    diff = writer.get(f"/history/materials/iodine-leaflet/{commits[0]}")
    assert "<ins>+title: 改过的标题</ins>" in diff.text
    csrf = re.search(r'name="csrf" value="([^"]+)"', history.text).group(1)
    assert writer.post(f"/restore/materials/iodine-leaflet/{commits[1]}", data={"csrf": csrf}).status_code == 303
    assert (root / REL).read_bytes() == original
    assert git_log(root, REL)[0][0] == "ann"


def test_review_workflow_submit_needs_no_errors_then_reviewer_approves(fresh):
    root, app = fresh
    writer, doctor = login(app, "ann"), login(app, "dr-xu")
    pairs = form_of(writer.get("/new/materials").text, "/new/")
    pairs = replace(pairs, ident="salt-leaflet", title="少盐", kind="leaflet", body="少吃盐。\n")
    assert writer.post("/new/materials", data=pairs).status_code == 303
    path = root / "content" / "materials" / "salt-leaflet.md"
    assert path.read_text(encoding="utf-8") == "---\ntitle: 少盐\nkind: leaflet\n---\n少吃盐。\n"
    edit = form_of(writer.get("/edit/materials/salt-leaflet").text, "/edit/")
    writer.post("/edit/materials/salt-leaflet", data=edit + [("campaigns", "no-such-campaign")])
    csrf = dict(edit)["csrf"]
    r = writer.post("/submit/materials/salt-leaflet", data={"csrf": csrf})
    assert r.status_code == 400 and "改正后才能提交审核" in r.text
    edit = form_of(writer.get("/edit/materials/salt-leaflet").text, "/edit/")
    writer.post("/edit/materials/salt-leaflet", data=[(k, v) for k, v in edit if k != "campaigns"])
    assert writer.post("/submit/materials/salt-leaflet", data={"csrf": csrf}).status_code == 303
    assert "status: review" in path.read_text(encoding="utf-8")
    doc_csrf = re.search(r'name="csrf" value="([^"]+)"', doctor.get("/").text).group(1)
    assert doctor.post("/approve/materials/salt-leaflet", data={"csrf": doc_csrf}).status_code == 303
    text = path.read_text(encoding="utf-8")
    assert "status: approved" in text and "reviewed_by: dr-xu" in text
    assert git_log(root, "content/materials/salt-leaflet.md")[0][0] == "dr-xu"


def test_admin_adds_and_disables_users(fresh):
    _root, app = fresh
    admin = login(app, "admin")
    csrf = re.search(r'name="csrf" value="([^"]+)"', admin.get("/users").text).group(1)
    r = admin.post("/users", data={"csrf": csrf, "name": "carol", "role": "writer", "password": "long-enough-pw"})
    assert r.status_code == 200 and "已添加用户 carol" in r.text
    carol = login(app, "carol", "long-enough-pw")
    assert carol.get("/").status_code == 200
    admin.post("/users/carol/disable", data={"csrf": csrf})
    assert carol.get("/", follow_redirects=False).status_code == 303  # her session ended


def test_check_shows_diagnostics_and_preview_without_saving(fresh):
    root, app = fresh
    writer = login(app, "ann")
    before = (root / REL).read_bytes()
    commits = len(git_log(root, REL))
    pairs = form_of(writer.get("/edit/materials/iodine-leaflet").text, "/edit/")
    body = "## 新的小标题\n\n**加粗**的话\n\n<!-- break -->\n\n第二栏<script>alert(1)</script>\n"
    r = writer.post(
        "/edit/materials/iodine-leaflet", data=replace(pairs, venue="no-such-market", body=body) + [("action", "check")]
    )
    assert r.status_code == 200 and "尚未保存" in r.text
    assert (root / REL).read_bytes() == before and len(git_log(root, REL)) == commits
    assert 'aria-invalid="true"' in r.text and "no-such-market" in html.unescape(r.text)
    preview = re.search(r'<section class="preview".*?</section>', r.text, re.DOTALL).group(0)
    assert "<h2" in preview and "新的小标题" in preview and "<strong>加粗</strong>" in preview
    assert preview.count('class="panel"') == 2 and "<script>" not in preview
    new = form_of(r.text, "/edit/")  # the checked draft is what the form now holds
    assert dict(new)["venue"] == "no-such-market" and dict(new)["version"] == dict(pairs)["version"]


def test_new_material_checked_before_it_exists(fresh):
    root, app = fresh
    writer = login(app, "ann")
    pairs = replace(
        form_of(writer.get("/new/materials").text, "/new/"),
        ident="salt",
        title="少盐",
        kind="leaflet",
        venue="nowhere",
        body="少吃盐。",
    )
    r = writer.post("/new/materials", data=pairs + [("action", "check")])
    assert r.status_code == 200 and "unknown venue &#39;nowhere&#39;" in r.text
    assert not (root / "content" / "materials" / "salt.md").exists()
    assert dict(form_of(r.text, "/new/"))["ident"] == "salt"


def test_print_preview_pages_and_draft_pdf_follow_each_save(fresh):
    import subprocess

    root, app = fresh
    path = root / REL
    path.write_text(path.read_text(encoding="utf-8").replace("status: approved", "status: draft"), encoding="utf-8")
    writer = login(app, "ann")
    first = writer.get("/print/materials/iodine-leaflet/pages").json()
    assert first["problems"] == [] and len(first["pages"]) == 2  # a leaflet: outside and inside
    png = writer.get(first["pages"][0])
    assert png.headers["content-type"] == "image/png"
    assert Image.open(io.BytesIO(png.content)).size[0] == 720
    pdf = writer.get(first["pdf"])
    assert pdf.content.startswith(b"%PDF") and "attachment" in pdf.headers["content-disposition"]
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf.content, capture_output=True, check=True).stdout
    assert "样稿" in "".join(text.decode().split())  # the stamp is set diagonally
    pairs = form_of(writer.get("/edit/materials/iodine-leaflet").text, "/edit/")
    writer.post("/edit/materials/iodine-leaflet", data=replace(pairs, title="科学补碘（新版）"))
    second = writer.get("/print/materials/iodine-leaflet/pages").json()
    assert second["pages"][0] != first["pages"][0]
    assert writer.get(first["pages"][0]).status_code == 404  # an old key names nothing
    page = writer.get("/print/materials/iodine-leaflet")
    assert page.status_code == 200 and page.text.count('<img src="/print/materials/iodine-leaflet/') == 2
    (root / "content" / "materials" / "no-image.md").write_text(
        "---\ntitle: 缺图的海报\nkind: poster\nsize: A3\n---\n![图](../assets/missing.png)\n", encoding="utf-8"
    )
    broken = writer.get("/print/materials/no-image/pages").json()  # the project does not pass check
    assert broken["pages"] == [] and any("no-image.md" in p for p in broken["problems"])


def test_date_rules_and_venue_cycles_show_their_next_dates(fresh):
    _, app = fresh
    admin = login(app, "admin")
    day = admin.get("/edit/days/lanfeng-duanwu-hygiene-day")
    dates = re.search(r'<p class="help rule-dates">接下来：([^<]+)</p>', day.text).group(1).split("、")
    assert len(dates) == 3 and all(re.fullmatch(r"\d{4}-\d\d-\d\d", d) for d in dates)
    assert dates == sorted(dates) and len({d[:4] for d in dates}) == 3  # lunar 05-05, once a year
    venue = admin.get("/edit/venues/gaopo-market")
    found = re.search(r'<p class="help rule-dates">接下来：([^<]+)</p>', venue.text).group(1).split("、")
    assert len(found) == 3


def test_edits_made_outside_the_workspace_are_picked_up(fresh):
    root, app = fresh
    writer = login(app, "ann")
    writer.get("/")  # lists and checks cached
    path = root / REL
    path.write_text(
        path.read_text(encoding="utf-8").replace("title: 科学补碘 健康一生", "title: 编辑器里改的标题"),
        encoding="utf-8",
    )
    assert "编辑器里改的标题" in writer.get("/").text
    pairs = form_of(writer.get("/edit/materials/iodine-leaflet").text, "/edit/")
    assert dict(pairs)["title"] == "编辑器里改的标题"
    writer.post("/edit/materials/iodine-leaflet", data=replace(pairs, summary="工作台加的摘要"))
    text = path.read_text(encoding="utf-8")
    assert "title: 编辑器里改的标题" in text and "summary: 工作台加的摘要" in text
    assert git_log(root, REL)[0][0] == "ann"


def test_reviewer_returns_with_a_comment_and_roles_guard_each_kind(fresh):
    root, app = fresh
    from xuanjiao.workspace.accounts import Accounts, db_path

    accounts = Accounts(db_path(root))
    accounts.add("coco", "coordinator", PASSWORD)
    accounts.close()
    path = root / REL
    path.write_text(path.read_text(encoding="utf-8").replace("status: approved", "status: review"), encoding="utf-8")
    doctor = login(app, "dr-xu")
    csrf = re.search(r'name="csrf" value="([^"]+)"', doctor.get("/").text).group(1)
    r = doctor.post("/return/materials/iodine-leaflet", data={"csrf": csrf, "comment": "碘摄入量的数字请再核对"})
    assert r.status_code == 303 and "status: draft" in path.read_text(encoding="utf-8")
    page = login(app, "ann").get("/edit/materials/iodine-leaflet").text
    assert "退回修改——碘摄入量的数字请再核对" in page
    seen = doctor.get("/edit/venues/gaopo-market").text
    assert 'value="save"' not in seen and re.search(r'<input id="f-name" name="name"[^>]* readonly', seen)
    writer = login(app, "ann")
    pairs = form_of(writer.get("/edit/venues/gaopo-market").text, "/edit/")
    assert writer.post("/edit/venues/gaopo-market", data=replace(pairs, name="改名")).status_code == 403
    coordinator = login(app, "coco")
    pairs = form_of(coordinator.get("/edit/venues/gaopo-market").text, "/edit/")
    before = (root / "content" / "venues.yml").read_text(encoding="utf-8").splitlines()
    assert coordinator.post("/edit/venues/gaopo-market", data=replace(pairs, name="高坡镇赶场点")).status_code == 200
    after = (root / "content" / "venues.yml").read_text(encoding="utf-8").splitlines()
    assert [(a, b) for a, b in zip(before, after) if a != b] == [
        ("  name: 高坡镇赶场点（逢三逢八）", "  name: 高坡镇赶场点")
    ]


def test_new_venue_awareness_day_and_holiday_year_are_appended_and_committed(fresh):
    root, app = fresh
    admin = login(app, "admin")
    home = admin.get("/").text
    assert 'href="/new/venues"' in home and 'href="/new/days"' in home and 'href="/new/holidays"' in home
    files = {k: (root / "content" / f).read_bytes() for k, f in
             (("venues", "venues.yml"), ("days", "awareness-days.yml"), ("holidays", "holidays.yml"))}  # fmt: skip
    entries = {
        "venues": {"ident": "dongmen-market", "name": "东门集市", "kind": "market", "days": "lunar 2,7"},
        "days": {
            "ident": "lanfeng-salt-day",
            "name": "{zh-CN: 岚峰县少盐日}",
            "date": "05-20",
            "topics": "少盐、高血压",
        },
        "holidays": {"ident": "2028", "holidays": "2028-01-01\n2028-01-02", "workdays": ""},
    }
    for kind, values in entries.items():
        form = form_of(admin.get(f"/new/{kind}").text, f"/new/{kind}")
        r = admin.post(f"/new/{kind}", data=replace(form, **values) + [("action", "save")])
        assert r.status_code == 303 and r.headers["location"] == f"/edit/{kind}/{values['ident']}?created=1", r.text
        path = root / "content" / {"venues": "venues.yml", "days": "awareness-days.yml"}.get(kind, "holidays.yml")
        now = path.read_bytes()
        assert now.startswith(files[kind]) and len(now) > len(files[kind])  # appended, the rest untouched
        assert git_log(root, str(path.relative_to(root)))[0][0] == "admin"
        assert admin.get(f"/edit/{kind}/{values['ident']}").status_code == 200
    project, diags = load_project(root)  # the project still passes check, with the new things in it
    assert not [d for d in diags if d.severity == "error"]
    assert project.venues["dongmen-market"].days == "lunar 2,7" and project.venues["dongmen-market"].name == "东门集市"
    text = (root / "content" / "holidays.yml").read_text(encoding="utf-8")
    assert text.endswith("2028:\n  holidays:\n    - 2028-01-01\n    - 2028-01-02\n")


def test_new_venue_refusals(fresh):
    root, app = fresh
    admin, writer = login(app, "admin"), login(app, "ann")
    before = (root / "content" / "venues.yml").read_bytes()
    form = form_of(admin.get("/new/venues").text, "/new/venues")
    taken = admin.post("/new/venues", data=replace(form, ident="gaopo-market", name="重复"))
    assert taken.status_code == 400 and "gaopo-market" in taken.text and "重复" in taken.text  # the form is kept
    checked = admin.post(
        "/new/venues", data=replace(form, ident="x-market", name="某地", hours="9-8") + [("action", "check")]
    )
    assert checked.status_code == 200 and 'aria-invalid="true"' in checked.text and "尚未保存" in checked.text
    assert writer.get("/new/venues").status_code == 403
    w_csrf = re.search(r'name="csrf" value="([^"]+)"', writer.get("/").text).group(1)
    assert writer.post("/new/venues", data={"csrf": w_csrf, "ident": "y", "name": "y"}).status_code == 403
    assert admin.get("/new/site").status_code == 403  # one site.yml: nothing to add
    assert (root / "content" / "venues.yml").read_bytes() == before
