"""Publishing from the workspace (issue 23, acceptance 2): an admin starts the build on the 发布
page of a real server, the progress arrives as server-sent events while it runs, and the result
is the same files `xuanjiao build` makes of the same project (every file's hash compared), offered
as deterministic zips that hold nothing of private/. Errors are links to the field they name; the
last 10 builds are kept; writers, reviewers and coordinators are refused every publish route."""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import httpx
import pytest
import yaml

from workspace_browser import CHROMIUM, REPO, free_port, needs_browser, stop, wait_for
from workspace_client import PASSWORD, app_for, login, project_with_users
from xuanjiao.pipeline import STAGE_ORDER
from xuanjiao.workspace.accounts import Accounts
from xuanjiao.workspace.bundles import BY_NAME, FIXED_TIME, members, write_bundle
from xuanjiao.workspace.publishing import KEEP, RESULTS, BuildLog
from xuanjiao.workspace.web import ACCESS, ROUTES

EPOCH = "1797523200"  # 2026-12-18 00:00 China time: both builds write the same dates
TREES = ("site", "print", "plans")


def _csrf(text: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', text).group(1)


def _hashes(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    }


def _events(response: httpx.Response) -> list[tuple[float, str, dict]]:
    """(arrival time, event name, data) of each server-sent event, read as they come."""
    seen, fields = [], {}
    for line in response.iter_lines():
        if line.startswith(":"):
            continue
        if line:
            key, _, value = line.partition(":")
            fields[key] = value.removeprefix(" ")
            continue
        if "data" in fields:
            seen.append((time.monotonic(), fields.get("event", "message"), json.loads(fields["data"])))
        fields = {}
    return seen


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The lanfeng project with accounts, served by `xuanjiao workspace` (uvicorn)."""
    tmp = tmp_path_factory.mktemp("publish")
    root = project_with_users(tmp / "lanfeng")
    port = free_port()
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "XUANJIAO_LANG": "zh-CN"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "xuanjiao", "workspace", "--project", str(root), "--port", str(port)],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(url + "/login")
        yield root, url, env, tmp
    finally:
        stop(proc)


def _admin(url: str) -> httpx.Client:
    client = httpx.Client(base_url=url, timeout=60)
    token = _csrf(client.get("/login").text)
    r = client.post("/login", data={"csrf": token, "name": "admin", "password": PASSWORD})
    assert r.status_code == 303
    return client


@pytest.fixture(scope="module")
def published(server):
    """One publish from the 发布 page, its events read from the live stream as they come."""
    root, url, env, tmp = server
    admin = _admin(url)
    csrf = _csrf(admin.get("/publish").text)
    started = admin.post("/publish/start", data={"csrf": csrf})
    assert started.status_code == 303
    run = int(started.headers["location"].rsplit("=", 1)[1])
    again = admin.post("/publish/start", data={"csrf": csrf})
    page_while_running = admin.get(f"/publish?run={run}").text
    with admin.stream("GET", f"/publish/events?run={run}", timeout=600) as stream:
        assert stream.headers["content-type"].startswith("text/event-stream")
        events = _events(stream)
    zips = {}
    for name in TREES:
        r = admin.get(f"/publish/{run}/{name}.zip")
        assert r.status_code == 200 and r.headers["content-type"] == "application/zip", name
        zips[name] = r
    page = admin.get(f"/publish?run={run}").text
    cli = tmp / "cli-out"
    done = subprocess.run(
        [sys.executable, "-m", "xuanjiao", "build", "--project", str(root), "--out", str(cli)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return {"run": run, "again": again, "running": page_while_running, "events": events, "zips": zips}, page, cli


def test_publish_gives_the_same_files_as_xuanjiao_build(server, published):
    root, *_ = server
    _, _, cli = published
    for tree in TREES:
        mine, theirs = _hashes(root / "build" / tree), _hashes(cli / tree)
        assert mine and mine == theirs, tree


def test_progress_events_arrive_while_the_build_runs(published):
    seen, _, _ = published
    events = seen["events"]
    progress = [e for e in events if e[1] == "progress"]
    assert events[-1][1] == "done" and events[-1][2]["status"] == "ok"
    assert len(progress) >= 20  # stages, their ends, and the items of each
    # received during the build: the first well before the last
    assert events[-1][0] - progress[0][0] > 5
    stages = [s["name"] for s in events[-1][2]["stages"]]
    assert stages == [*STAGE_ORDER, "zip"]
    kinds = {e[2]["kind"] for e in progress}
    assert kinds == {"stage", "step", "finished"}
    printing = [s for _, _, d in progress for s in d["stages"] if s["name"] == "print" and s["total"]]
    pdfs = len(list(Path(published[2] / "print").glob("*.screen.pdf")))
    assert {s["done"] for s in printing} >= {1, pdfs} and {s["total"] for s in printing} == {pdfs}
    last = printing[-1]
    assert last["slowest"] and last["slowest_seconds"] > 0
    assert re.fullmatch(rf"{pdfs}/{pdfs} · 最慢：\S+ \d+\.\d 秒", last["counts"]), last["counts"]


def test_a_second_start_while_one_runs_says_so_and_the_page_works_without_script(published):
    seen, _, _ = published
    assert seen["again"].status_code == 409
    assert f"第 {seen['run']} 次发布（admin 开始的）还在进行" in seen["again"].text
    running = seen["running"]
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in running
    assert 'data-state="running"' in running and '<ol class="stages" id="run-stages">' in running
    assert '<script src="/static/publish.js" defer></script>' in running
    assert "<script>" not in running  # the policy allows no inline script


def test_zips_hold_the_build_files_are_deterministic_and_nothing_private(server, published):
    root, *_ = server
    seen, page, cli = published
    volunteers = yaml.safe_load((root / "private" / "volunteers.yml").read_text(encoding="utf-8"))
    secrets = [v["name"] for v in volunteers] + [str(v["phone"]) for v in volunteers]
    assert (root / "build" / "private").is_dir()  # the rosters exist in build/, and stay out of every zip
    for name, response in seen["zips"].items():
        bundle = BY_NAME[name]
        archive = zipfile.ZipFile(io.BytesIO(response.content))
        names = archive.namelist()
        assert names == sorted(names) and names == [f"{bundle.folder}/{m}" for m in members(cli, bundle)]
        assert not [n for n in names if "private" in n or "/." in n]
        for info in archive.infolist():
            assert info.date_time == FIXED_TIME
            data = archive.read(info)
            assert data == (cli / info.filename).read_bytes(), info.filename
            if info.filename.endswith((".html", ".md", ".json", ".ics", ".xml", ".txt", ".js")):
                text = data.decode("utf-8", "replace")
                assert not [s for s in secrets if s in text], info.filename
        again = root.parent / f"again-{name}.zip"
        write_bundle(root / "build", bundle, again)
        assert again.read_bytes() == response.content  # the same files make the same bytes
        assert f'href="/publish/{seen["run"]}/{name}.zip"' in page
    shop = zipfile.ZipFile(io.BytesIO(seen["zips"]["print"].content)).namelist()
    assert {"print/print-order.pdf", "print/print-order.xlsx", "print/preflight.html"} <= set(shop)
    assert not [n for n in shop if n.endswith((".screen.pdf", ".preview.jpg"))]
    assert "filename*=utf-8''%E7%BD%91%E7%AB%99-" in seen["zips"]["site"].headers["content-disposition"]


def test_the_page_lists_the_build_and_links_warnings_to_their_fields(published):
    seen, page, _ = published
    assert "已发布 · 用时" in page
    row = re.search(rf'<tr aria-current="true"><td><a href="/publish\?run={seen["run"]}">.*?</tr>', page).group(0)
    assert "<td>admin</td>" in row and "<td>已发布</td>" in row and "<td>0</td>" in row
    assert 'href="/edit/materials/family-doctor-rollup#f-body"' in page
    assert 'href="/edit/campaigns/tb-2027#f-goals-reach"' in page


@needs_browser
def test_in_chromium_the_admin_presses_publish_sees_progress_and_downloads(server, published, tmp_path):
    root, url, _, _ = server
    node = subprocess.run(
        ["node", str(REPO / "tests/browser/workspace_publish.js"), CHROMIUM, url, "admin", PASSWORD, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=400,
        cwd=REPO,
        check=False,
    )
    seen = json.loads(node.stdout.strip().splitlines()[-1]) if node.stdout.strip() else {}
    if os.environ.get("XUANJIAO_KEEP_SHOTS"):
        shutil.copytree(tmp_path, os.environ["XUANJIAO_KEEP_SHOTS"], dirs_exist_ok=True)
    assert node.returncode == 0, node.stderr[-3000:] + json.dumps(seen, ensure_ascii=False)[:2000]
    assert seen["heading"] == "发布网站和印刷文件"
    assert seen["page_errors"] == [] and seen["csp"] == [] and seen["requests"] == []
    assert any("印刷文件 print" in p for p in seen["progress"]) and any("网站 site" in p for p in seen["progress"])
    assert any(re.search(r"\d+/\d+", p) for p in seen["progress"])
    assert seen["status"].startswith("已发布")
    run = seen["run_url"].rsplit("=", 1)[1]
    assert [d["href"] for d in seen["downloads"]] == [f"/publish/{run}/{tree}.zip" for tree in TREES]
    assert seen["download_name"].startswith("网站-") and seen["download_name"].endswith(".zip")
    with zipfile.ZipFile(seen["download_path"]) as archive:
        assert archive.read("site/index.html") == (root / "build" / "site" / "index.html").read_bytes()
    assert len(seen["history"]) == 2 and "admin" in seen["history"][0]
    assert seen["scroll_width"] <= 375
    assert seen["axe"] == []
    # without script: the page refreshed itself while the build ran, then showed the downloads
    assert seen["noscript"]["status"].startswith("已发布") and seen["noscript"]["loads"] >= 2


# -- in-process: errors, the kept builds, who may publish ---------------------------------------------


def _wait(client, run: int) -> str:
    for _ in range(600):
        page = client.get(f"/publish?run={run}").text
        if 'data-state="running"' not in page:
            return page
        time.sleep(0.1)
    raise AssertionError("the build did not end")


def _start(client) -> int:
    r = client.post("/publish/start", data={"csrf": _csrf(client.get("/publish").text)})
    assert r.status_code == 303, r.text
    return int(r.headers["location"].rsplit("=", 1)[1])


def test_errors_are_links_to_the_field_they_name(tmp_path):
    root = project_with_users(tmp_path / "p")
    venues = root / "content" / "venues.yml"
    venues.write_text(venues.read_text("utf-8").replace("  volunteers: 4\n", "  volunteers: lots\n", 1), "utf-8")
    leaflet = root / "content" / "materials" / "iodine-leaflet.md"
    leaflet.write_text(leaflet.read_text("utf-8").replace("size: A4\n", "size: B9\n"), "utf-8")
    admin = login(app_for(root), "admin")  # the project's first commit: every material as it is
    board = root / "content" / "materials" / "eye-board.md"
    board.write_text(board.read_text("utf-8").replace("status: approved", "status: review"), "utf-8")
    subprocess.run(["git", "-C", str(root), "commit", "-qam", "new version"], check=True, capture_output=True)
    run = _start(admin)
    page = _wait(admin, run)
    assert "有错误，没有发布" in page and 'ul class="downloads"' not in page
    # the build's note: the approved version stays published while the new one awaits review
    assert re.search(r"<li>eye-board: the approved version \(commit [0-9a-f]{7}\) is still published", page)
    assert re.search(r'<a href="/edit/venues/gaopo-market#f-volunteers">content/venues.yml 第 \d+ 行</a>：', page)
    assert re.search(
        r'<a href="/edit/materials/iodine-leaflet#f-size">content/materials/iodine-leaflet.md 第 4 行', page
    )
    assert admin.get(f"/publish/{run}/site.zip").status_code == 404
    assert not (root / "build").exists() and not (root / RESULTS / str(run)).exists()
    with admin.stream("GET", f"/publish/events?run={run}") as stream:
        events = _events(stream)
    assert events[-1][1] == "done" and events[-1][2]["status"] == "failed"
    last = events[-1][2]["seq"]
    # a page that reconnects gets only what it has not seen
    with admin.stream("GET", f"/publish/events?run={run}", headers={"Last-Event-ID": str(last - 1)}) as stream:
        assert [data["seq"] for _, _, data in _events(stream)] == [last]


def test_the_last_ten_builds_are_kept_and_older_results_removed(make_project, tmp_path):
    root = project_with_users(tmp_path / "p")
    site = root / "content" / "site.yml"
    good = site.read_text("utf-8")
    admin = login(app_for(root), "admin")
    site.write_text(good + "\nbroken: [\n", "utf-8")  # fails as it loads: quick
    first = _start(admin)
    _wait(admin, first)
    (root / RESULTS / str(first)).mkdir(parents=True)  # as if it had left downloads
    for _ in range(KEEP):
        _wait(admin, _start(admin))
    records = BuildLog(root / "private" / "workspace.sqlite").records(100)
    assert len(records) == KEEP and first not in {r.id for r in records}
    assert {r.name for r in records} == {"admin"} and {r.status for r in records} == {"failed"}
    assert all(r.errors >= 1 for r in records)
    assert not (root / RESULTS / str(first)).exists()
    page = admin.get("/publish").text
    assert page.count('<td><a href="/publish?run=') == KEEP
    assert admin.get(f"/publish/events?run={first}").status_code == 404


def test_a_build_left_running_by_a_stopped_workspace_is_shown_interrupted(tmp_path):
    root = project_with_users(tmp_path / "p")
    log = BuildLog(root / "private" / "workspace.sqlite")
    ident = log.begin("admin")
    admin = login(app_for(root), "admin")
    page = admin.get("/publish").text
    assert "中断（工作台重启）" in page and 'data-state="interrupted"' in page
    with admin.stream("GET", f"/publish/events?run={ident}") as stream:
        events = _events(stream)
    assert [(name, data["status"]) for _, name, data in events] == [("done", "interrupted")]


def test_a_build_that_cannot_start_says_why_in_one_line(tmp_path):
    root = project_with_users(tmp_path / "p")
    (root / "build").write_text("not a folder", encoding="utf-8")
    admin = login(app_for(root), "admin")
    page = _wait(admin, _start(admin))
    assert "中断" in page and 'data-state="crashed"' in page
    assert re.search(
        r'<p class="error">发布中断：refusing to build into \S+/build: it is a file, not a folder</p>', page
    )
    assert "Traceback" not in page
    assert (root / "build").read_text(encoding="utf-8") == "not a folder"


def test_writers_reviewers_and_coordinators_are_refused_every_publish_route(tmp_path):
    root = project_with_users(tmp_path / "p")
    accounts = Accounts(root / "private" / "workspace.sqlite")
    accounts.add("lin", "coordinator", PASSWORD)
    accounts.close()
    app = app_for(root)
    publishing = [(path, name, methods) for path, name, _, methods in ROUTES if name.startswith("publish")]
    assert {name for _, name, _ in publishing} == {"publish", "publish_start", "publish_events", "publish_download"}
    for user in ("ann", "dr-xu", "lin"):
        client = login(app, user)
        csrf = _csrf(client.get("/").text)
        for path, name, methods in publishing:
            assert ACCESS[name] == frozenset({"admin"})
            url = path.replace("{run}", "1").replace("{name}", "site.zip")
            for method in methods:
                r = client.request(method, url, data={"csrf": csrf} if method == "POST" else None)
                assert r.status_code == 403, (user, method, url)
    assert not (root / "build").exists()
