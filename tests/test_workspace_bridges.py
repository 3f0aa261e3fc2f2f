"""The bridges in the workspace (issue 23): 从 Word 导入 makes the same draft as `xuanjiao import`
from an uploaded .docx, committed as the person who uploaded it, with what was not carried over
listed on the page; 复制到公众号 shows the same article as `xuanjiao wechat` in a sandboxed frame
375 px wide, with its pictures as downloads."""

from __future__ import annotations

import html
import re
import subprocess
import sys

import lxml.html
import pytest
from starlette.testclient import TestClient

from test_word_import import list_items, split
from wordfixtures import health_doc
from workspace_client import app_for, git_log, login, project_with_users
from xuanjiao.markdown import render, strip_breaks
from xuanjiao.workspace.accounts import Accounts, db_path

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
NAME = "高血压的预防与控制（2026版）.docx"
IDENT = "gao-xue-ya-de-yu-fang-yu-kong-zhi-2026-ban"


@pytest.fixture
def fresh(tmp_path):
    root = project_with_users(tmp_path / "p")
    accounts = Accounts(db_path(root))
    accounts.add("cora", "coordinator", "correct-horse-1")
    accounts.close()
    return root, app_for(root)


def _csrf(page: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def send(client: TestClient, data: bytes, name: str = NAME, kind: str = "leaflet", ident: str = ""):
    token = _csrf(client.get("/import").text)
    return client.post(
        "/import", data={"csrf": token, "kind": kind, "ident": ident}, files={"docx": (name, data, DOCX)}
    )


def test_import_from_the_start_page_makes_the_commands_draft_committed_as_the_writer(fresh, tmp_path):
    root, app = fresh
    writer = login(app, "ann")
    home = writer.get("/").text
    assert '<a class="button" href="/import">从 Word 导入</a>' in home
    assert '<a class="button" href="/import">从 Word 导入</a>' in writer.get("/new/materials").text
    assert "/import" not in login(app, "dr-xu").get("/").text  # a reviewer does not import
    form = writer.get("/import").text
    assert '<label for="docx-file">Word 文件（.docx）' in form and '<label for="docx-kind">资料类型</label>' in form
    made = health_doc()
    r = send(writer, made.data)
    assert r.status_code == 200, r.text[-2000:]
    rel = f"content/materials/{IDENT}.md"
    assert f"已从 {NAME} 导入为草稿 {rel}，图片 2 张在 content/assets/{IDENT}/" in r.text
    shown = html.unescape(r.text)
    for lost in ("1 text box(es)", "1 tracked insertion(s) were kept", "1 tracked deletion(s) were dropped"):
        assert lost in shown
    assert f'href="/edit/materials/{IDENT}"' in r.text
    # the same draft, item by item, as `xuanjiao import` writes
    meta, body = split((root / rel).read_text(encoding="utf-8"))
    assert meta["title"] == made.title and meta["kind"] == "leaflet" and meta["status"] == "draft"
    page = lxml.html.fragment_fromstring(render(strip_breaks(body)), create_parent="div")
    assert [h.text_content() for h in page.iter("h2", "h3")] == made.headings
    assert [b.text_content() for b in page.iter("strong")] == made.bold
    assert list_items(page.find("ul")) == made.items
    assert [[c.text_content() for c in tr] for tr in page.iter("tr")] == made.table
    sources = [img.get("src") for img in page.iter("img")]
    assert [((root / rel).parent / s).resolve().read_bytes() for s in sources] == made.images
    cli = tmp_path / "cli"
    cli_root = project_with_users(cli)
    src = tmp_path / NAME
    src.write_bytes(made.data)
    run = [sys.executable, "-m", "xuanjiao", "import", str(src), "--kind", "leaflet", "--project", str(cli_root)]
    subprocess.run(run, check=True, capture_output=True)
    assert (cli_root / rel).read_text(encoding="utf-8") == (root / rel).read_text(encoding="utf-8")
    # one commit by the writer holds the draft and its pictures
    assert git_log(root, rel) == [("ann", f"从 Word 导入宣传资料 {IDENT}（{NAME}）")]
    assert git_log(root, f"content/assets/{IDENT}") == git_log(root, rel)
    tracked = subprocess.run(
        ["git", "-C", str(root), "ls-files", f"content/assets/{IDENT}"], capture_output=True, text=True, check=True
    )
    assert tracked.stdout.split() == [f"content/assets/{IDENT}/image-1.png", f"content/assets/{IDENT}/image-2.jpg"]
    check = subprocess.run(
        [sys.executable, "-m", "xuanjiao", "check", "--project", str(root)], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stderr


def test_import_with_an_id_and_kind_and_refusals(fresh):
    root, app = fresh
    writer = login(app, "ann")
    made = health_doc(text_box=False, tracked=False)
    r = send(writer, made.data, kind="poster", ident="bp-poster")
    assert r.status_code == 200
    assert split((root / "content/materials/bp-poster.md").read_text(encoding="utf-8"))[0]["kind"] == "poster"
    before = (root / "content/materials/bp-poster.md").read_bytes()
    again = send(writer, made.data, ident="bp-poster")  # never overwrites
    assert again.status_code == 400 and "already exists; nothing was changed" in html.unescape(again.text)
    assert (root / "content/materials/bp-poster.md").read_bytes() == before
    bad = send(writer, b"not a word file at all", name="notes.docx")
    assert bad.status_code == 400 and 'role="alert"' in bad.text
    assert send(writer, made.data, ident="Bad Id!").status_code == 400
    assert send(writer, made.data, kind="website").status_code == 400
    assert [a for a, _ in git_log(root, "content/materials")] == ["ann", "xuanjiao 工作台"]  # the poster only
    for name in ("dr-xu", "cora"):
        other = login(app, name)
        assert other.get("/import").status_code == 403
        token = _csrf(other.get("/").text)
        r = other.post("/import", data={"csrf": token}, files={"docx": (NAME, made.data, DOCX)})
        assert r.status_code == 403


@pytest.mark.parametrize("kind,ident", [("materials", "iodine-leaflet"), ("news", None)])
def test_wechat_view_shows_the_commands_article_in_a_375px_frame(fresh, kind, ident):
    root, app = fresh
    if ident is None:
        ident = sorted(p.stem for p in (root / "content" / "news").glob("*.md"))[0]
    writer = login(app, "ann")
    edit = writer.get(f"/edit/{kind}/{ident}").text
    assert f'href="/wechat/{kind}/{ident}">复制到公众号</a>' in edit
    page = writer.get(f"/wechat/{kind}/{ident}")
    assert page.status_code == 200
    frame = re.search(r"<iframe [^>]*>", page.text).group(0)
    assert 'sandbox="allow-same-origin"' in frame and f'src="/wechat/{kind}/{ident}/article.html"' in frame
    assert '<button type="button" class="primary" id="wechat-copy"' in page.text
    article = writer.get(f"/wechat/{kind}/{ident}/article.html")
    assert article.status_code == 200
    assert "script-src" not in article.headers["content-security-policy"]
    assert "default-src 'none'" in article.headers["content-security-policy"]
    # the same bytes `xuanjiao wechat` writes
    written = (root / "build" / "wechat" / ident / "article.html").read_bytes()
    assert article.content == written
    assert b"<style" not in written and b"class=" not in written
    pictures = re.findall(rf'href="(/wechat/{kind}/{ident}/[^"?]+)\?download=1" download>', page.text)
    assert pictures, page.text[-2000:]
    for url in pictures:
        got = writer.get(url + "?download=1")
        name = url.rsplit("/", 1)[1]
        assert got.status_code == 200 and got.content == (root / "build" / "wechat" / ident / name).read_bytes()
        assert got.headers["content-disposition"] == f'attachment; filename="{name}"'
    assert writer.get(f"/wechat/{kind}/{ident}/..%2F..%2F..%2Fprivate%2Fvolunteers.yml").status_code == 404
    assert writer.get(f"/wechat/{kind}/{ident}/.hidden").status_code == 404
    assert writer.get("/wechat/campaigns/tb-2027").status_code == 404
    assert "复制到公众号" not in writer.get("/edit/campaigns/tb-2027").text
    assert writer.get("/wechat/materials/no-such-thing").status_code == 404
