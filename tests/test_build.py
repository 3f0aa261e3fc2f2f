"""Build orchestration: failed builds leave build/ untouched, --only, skeletons, privacy."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from PIL import Image

from sitecheck import parse
from xuanjiao.cli import main
from xuanjiao.content.loader import load_project
from xuanjiao.pipeline import PROJECT_CACHE, BuildOptions, run_build
from xuanjiao.uptodate import RECORD

CAMPAIGN = """\
---
day: world-aids-day
year: 2026
title: 艾滋病日活动
---
正文
"""


def tree_digest(root: Path) -> dict[str, str]:
    """Every file of a build, the no-change record aside (it holds the files' times)."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.relative_to(root).as_posix() != RECORD
    }


def test_failed_build_leaves_previous_build_byte_for_byte(make_project):
    proj = make_project({"content/campaigns/aids.md": CAMPAIGN})
    assert run_build(BuildOptions(project_dir=proj, only=("site",))).ok
    before = tree_digest(proj / "build")
    assert before
    (proj / "content/campaigns/aids.md").write_text(CAMPAIGN.replace("world-aids-day", "no-such-day"), "utf-8")
    result = CliRunner().invoke(main, ["build", "--project", str(proj), "--only", "site"])
    assert result.exit_code == 1
    assert "content/campaigns/aids.md:2:6: error: unknown awareness day 'no-such-day'" in result.output
    assert tree_digest(proj / "build") == before
    assert not list(proj.glob(".build.staging-*")), "no staging directory left behind"


def test_only_keeps_other_stage_outputs(make_project):
    proj = make_project({"content/campaigns/aids.md": CAMPAIGN})
    (proj / "build" / "print").mkdir(parents=True)
    (proj / "build" / "print" / "keep.txt").write_text("from an earlier print build")
    assert run_build(BuildOptions(project_dir=proj, only=("site",))).ok
    assert (proj / "build" / "print" / "keep.txt").read_text() == "from an earlier print build"
    assert (proj / "build" / "site" / "index.html").is_file()


def test_timings_file_names_each_stage_that_ran(make_project, tmp_path):
    import json

    proj = make_project({"content/campaigns/aids.md": CAMPAIGN})
    timings = tmp_path / "timings.json"
    result = CliRunner().invoke(
        main, ["build", "--project", str(proj), "--only", "plans,site", "--timings", str(timings)]
    )
    assert result.exit_code == 0, result.output
    seconds = json.loads(timings.read_text(encoding="utf-8"))
    assert set(seconds) == {"load", "plans", "site", "swap"}
    assert all(isinstance(v, float) and 0 <= v < 600 for v in seconds.values())
    assert seconds["site"] > 0.01  # MkDocs really ran
    assert "done: " in result.output and " s)" in result.output


def test_unknown_stage_is_a_usage_error(make_project):
    proj = make_project({})
    result = CliRunner().invoke(main, ["build", "--project", str(proj), "--only", "sight"])
    assert result.exit_code == 2 and "unknown stage sight" in result.output


@pytest.mark.parametrize("what", ["campaign", "material", "page"])
def test_new_writes_a_valid_skeleton_and_never_overwrites(make_project, what):
    proj = make_project({})
    runner = CliRunner()
    result = runner.invoke(main, ["new", what, "fresh-one", "--project", str(proj)])
    assert result.exit_code == 0, result.output
    path = proj / "content" / {"campaign": "campaigns", "material": "materials", "page": "pages"}[what] / "fresh-one.md"
    text = path.read_text("utf-8")
    front = yaml.safe_load(text.split("---")[1])
    assert front  # real keys, with comments explaining them
    assert "#" in text.split("---")[1]
    project, warnings = load_project(proj)
    assert "fresh-one" in {"campaign": project.campaigns, "material": project.materials, "page": project.pages}[what]
    path.write_text(text + "\n我的修改\n", "utf-8")
    again = runner.invoke(main, ["new", what, "fresh-one", "--project", str(proj)])
    assert again.exit_code == 1 and "already exists" in again.output
    assert path.read_text("utf-8").endswith("我的修改\n")
    bad = runner.invoke(main, ["new", what, "Bad_Id", "--project", str(proj)])
    assert bad.exit_code == 1


def test_nothing_private_reaches_the_site(example_built):
    out = example_built / "build"  # the session's full build
    volunteers = yaml.safe_load((example_built / "private" / "volunteers.yml").read_text("utf-8"))
    secrets = {v["name"] for v in volunteers} | {str(v["phone"]) for v in volunteers if v.get("phone")}
    assert len(secrets) >= 20
    for path in (out / "site").rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            text = data.decode("utf-8", "ignore")
            leaked = [s for s in secrets if s in text or s.encode("unicode_escape").decode() in text]
            assert not leaked, (path, leaked)


def test_pip_install_into_a_fresh_venv_finds_themes_as_package_data(example_copy, tmp_path):
    """A non-editable install (wheel) builds a project from another directory."""
    repo = Path(__file__).resolve().parent.parent
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(repo)],
        check=True,
        cwd=tmp_path,
    )
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    # Reuse this environment's dependencies (no network); the package itself comes only from the wheel.
    site_packages = next((venv / "lib").glob("python*/site-packages"))
    deps = [p for p in sys.path if p.endswith("site-packages")]
    (site_packages / "deps.pth").write_text("\n".join(deps) + "\n")
    target = tmp_path / "installed"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--target",
            str(target),
            str(next(wheels.glob("*.whl"))),
        ],
        check=True,
    )
    (site_packages / "aaa-xuanjiao.pth").write_text(str(target) + "\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = (
        "import sys; sys.path = [p for p in sys.path if not p.endswith('/src')]; "
        "import xuanjiao, xuanjiao.resources as r; print(xuanjiao.__file__); print(r.builtin_theme_dir()); "
        "from xuanjiao.cli import main; sys.argv = ['xuanjiao'] + sys.argv[1:]; main()"
    )
    proc = subprocess.run(
        [
            str(venv / "bin" / "python"),
            "-c",
            code,
            "build",
            "--project",
            str(example_copy),
            "--only",
            "site",
            "--out",
            str(tmp_path / "b"),
        ],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert proc.returncode == 0, proc.stderr
    module_file, theme_dir = proc.stdout.splitlines()[:2]
    assert module_file.startswith(str(target)) and theme_dir.startswith(str(target))
    assert (tmp_path / "b" / "site" / "assets" / "xuanjiao.css").is_file()


def test_two_full_builds_are_byte_identical(example_built, tmp_path):
    """The session's full build of the example (into its build/, --jobs as many as the cores)
    and one more of the same folder from nothing into another, with --jobs 1: the same files,
    byte for byte, caches included. Neither had SOURCE_DATE_EPOCH."""
    assert "SOURCE_DATE_EPOCH" not in os.environ  # conftest removes it for the whole session
    result = run_build(BuildOptions(project_dir=example_built, out=tmp_path / "one", jobs=1))
    assert result.ok, [d.format() for d in result.diagnostics]
    digests = [tree_digest(tmp_path / "one"), tree_digest(example_built / "build")]
    assert len(digests[0]) > 50
    assert {"site/index.html", "print/whd-leaflet.pdf", "plans/2026/world-health-day/plan.docx"} <= set(digests[0])
    # the print stage's preview of the first page reaches the material's page
    page = tmp_path / "one" / "site" / "materials" / "whd-poster"
    assert ("img", "src", "preview.jpg") in parse(page / "index.html").links
    with Image.open(page / "preview.jpg") as preview:
        assert preview.format == "JPEG" and preview.width == 600 and preview.height > preview.width
    # the loaded project and the YAML parses, pickled for the next build, hold sets: their order
    # follows the string hashing of the process that built; every other file counts
    pickled = (PROJECT_CACHE + "/project/", PROJECT_CACHE + "/yaml/")
    loaded = [k for k in digests[0] if k.startswith(pickled)]
    assert loaded and {k for k in digests[1] if k.startswith(pickled)} == set(loaded)
    different = [k for k in digests[0] if digests[0][k] != digests[1].get(k) and k not in loaded]
    assert different == [] and digests[0].keys() == digests[1].keys()


def test_kill_9_at_any_moment_leaves_the_previous_build(example_copy, tmp_path):
    import random
    import signal
    import time

    out = tmp_path / "build"
    assert run_build(BuildOptions(project_dir=example_copy, only=("site",), out=out)).ok
    before = tree_digest(out)
    rng = random.Random(1234)
    cmd = [
        sys.executable,
        "-m",
        "xuanjiao",
        "build",
        "--project",
        str(example_copy),
        "--only",
        "site,print",
        "--out",
        str(out),
        "--jobs",
        "1",
    ]
    for _ in range(4):
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3, 4.0))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        assert tree_digest(out) == before
    # the next build cleans what the killed ones left beside build/: staging dirs at once,
    # replaced builds (.build.trash-*) in a background `rm -rf` that the build does not wait for
    assert run_build(BuildOptions(project_dir=example_copy, only=("site",), out=out)).ok
    left = [p.name for p in tmp_path.iterdir() if p.name != "build"]
    assert all(".trash-" in name for name in left), left
    deadline = time.monotonic() + 60
    while len(list(tmp_path.iterdir())) > 1 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [p.name for p in tmp_path.iterdir()] == ["build"]
