"""What keeps the workspace quick with many people: a YAML text is parsed once per process,
a burst of checks shares one project load, and people saving different files at once do not
wait for each other beyond the commit itself."""

from __future__ import annotations

import threading
import time

from workspace_client import PASSWORD, app_for, form_of, git_log, login, project_with_users, replace
from xuanjiao.content.source import load_yaml
from xuanjiao.workspace import memo
from xuanjiao.workspace.accounts import Accounts, db_path


def test_a_text_parsed_before_is_restored_as_a_fresh_copy_with_its_marks():
    text = "# a venue list\n- id: a\n  name: 甲\n  days: [1, 2]\n- id: b\n  name: 乙\n"
    first, first_src, _ = load_yaml(text, "content/venues.yml")
    first[0]["name"] = "changed"  # a caller changing its copy ...
    first[1]["days"] = ["x"]
    again, src, diags = load_yaml(text, "content/other.yml", line_offset=3)
    assert not diags and again is not first  # ... changes nothing for the next caller
    assert again[0]["name"] == "甲" and again[0]["days"] == [1, 2] and "days" not in again[1]
    assert (src.path, src.line_offset) == ("content/other.yml", 3)
    assert src.at(1, "name").line == first_src.at(1, "name").line + 3 == 9  # marks kept, offset applied
    broken, _, errors = load_yaml("- id: a\n  name: [\n", "content/venues.yml")
    assert broken is None and errors and load_yaml("- id: a\n  name: [\n", "x.yml")[2]  # errors every time


def test_a_burst_of_checks_shares_a_load(tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "site.yml").write_text("title: x\n", encoding="utf-8")
    loads: list[float] = []

    def compute():
        loads.append(time.monotonic())
        time.sleep(0.3)
        return len(loads)

    first = threading.Thread(target=memo.per_project, args=("burst", tmp_path, compute))
    first.start()
    time.sleep(0.05)  # the first load is under way: files are written, then ten people ask
    (tmp_path / "content" / "site.yml").write_text("title: y\n", encoding="utf-8")
    answers: list[int] = []
    askers = [
        threading.Thread(target=lambda: answers.append(memo.per_project("burst", tmp_path, compute))) for _ in range(10)
    ]
    for t in askers:
        t.start()
    for t in [first, *askers]:
        t.join()
    assert len(loads) == 2 and answers == [2] * 10  # one more load serves all ten, and it saw the change
    assert memo.per_project("burst", tmp_path, compute) == 2  # nothing changed since: no load


def test_people_saving_different_files_at_once(tmp_path):
    root = project_with_users(tmp_path / "p")
    accounts = Accounts(db_path(root))
    for n in range(8):
        accounts.add(f"w{n}", "writer", PASSWORD)
    accounts.close()
    source = (root / "content" / "materials" / "iodine-leaflet.md").read_text(encoding="utf-8")
    for n in range(8):
        (root / "content" / "materials" / f"copy-{n}.md").write_text(source, encoding="utf-8")
    app = app_for(root)
    clients = [login(app, f"w{n}") for n in range(8)]
    forms = [form_of(c.get(f"/edit/materials/copy-{n}").text, "/edit/") for n, c in enumerate(clients)]
    codes: list[int] = []
    start = threading.Barrier(8)

    def save(n: int) -> None:
        start.wait()
        r = clients[n].post(f"/edit/materials/copy-{n}", data=replace(forms[n], summary=f"第{n}人的摘要"))
        codes.append(r.status_code)

    threads = [threading.Thread(target=save, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert codes == [200] * 8
    for n in range(8):
        rel = f"content/materials/copy-{n}.md"
        assert f"summary: 第{n}人的摘要" in (root / rel).read_text(encoding="utf-8")
        assert git_log(root, rel)[0][0] == f"w{n}"  # each save its own commit by its person
