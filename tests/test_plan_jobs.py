"""The plans and private stages render their PDFs in worker processes (`--jobs N`): the files
are byte-identical whatever N is, the cache is used and filled the same way, and
`xuanjiao.workers.run_jobs` keeps results in order and passes errors on."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from xuanjiao.cache import STATS
from xuanjiao.pipeline import BuildOptions, run_build
from xuanjiao.workers import run_jobs

REPO = Path(__file__).resolve().parent.parent
EPOCH = "1767225600"  # 2026-01-01T00:00:00Z


@pytest.fixture
def example(tmp_path, monkeypatch) -> Path:
    """The example project: four campaigns, so that --jobs 2 really uses two workers."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    project = tmp_path / "example"
    for name in ("content", "private"):
        shutil.copytree(REPO / name, project / name, ignore=shutil.ignore_patterns("reports"))
    return project


def _build(project: Path, out: Path, jobs: int) -> dict[str, list[str]]:
    STATS.reset()
    result = run_build(BuildOptions(project, out=out, only=("plans", "private"), jobs=jobs))
    assert result.ok, [d.message for d in result.diagnostics if d.severity == "error"]
    return {ns: sorted(names) for ns, names in STATS.rendered.items()}


def _files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".cache" not in p.relative_to(root).parts
    }


def test_jobs_2_and_jobs_1_write_byte_identical_plans_and_private_files(example, monkeypatch):
    monkeypatch.setenv("XUANJIAO_CACHE", "off")  # every PDF rendered, in the workers for --jobs 2
    one, two = example.parent / "one", example.parent / "two"
    _build(example, one, jobs=1)
    _build(example, two, jobs=2)
    for stage in ("plans", "private"):
        a, b = _files(one / stage), _files(two / stage)
        assert sorted(a) == sorted(b)
        assert sum(name.endswith(".pdf") for name in a) >= 4, sorted(a)
        for name in a:
            assert a[name] == b[name], f"{stage}/{name} differs between --jobs 1 and --jobs 2"


def test_the_cache_works_with_workers_and_private_entries_stay_in_private(example):
    out = example / "build"
    first = _build(example, out, jobs=2)
    assert len(first["plan-pdf"]) >= 4 and len(first["sign-in"]) >= 4  # rendered in the workers
    assert all(name == "plan.html.j2" for name in first["plan-pdf"])
    files = _files(out)
    sign_in = out / "private" / ".cache" / "sign-in"
    assert sign_in.is_dir() and any(sign_in.iterdir())  # stored by the parent, inside private/
    assert not (out / ".cache" / "sign-in").exists()

    again = _build(example, out, jobs=2)
    assert again.get("plans", []) == [] and again.get("private", []) == []
    assert again.get("plan-pdf", []) == [] and again.get("sign-in", []) == []
    assert _files(out) == files

    # a volunteer's team (in roster.xlsx, not on the sign-in sheets): the private folders are
    # written again, their sign-in PDFs come from the cache
    vols = example / "private" / "volunteers.yml"
    vols.write_text(
        vols.read_text(encoding="utf-8").replace("team: 县青年志愿者服务队", "team: 县志愿者服务总队", 1),
        encoding="utf-8",
    )
    third = _build(example, out, jobs=2)
    assert third.get("private") and third.get("sign-in", []) == [] and third.get("plan-pdf", []) == []
    changed = {name for name, data in _files(out).items() if files.get(name) != data}
    assert changed and all(name.startswith("private/") and name.endswith("roster.xlsx") for name in changed), changed


def _square(n: int) -> int:
    return n * n


def _pid(_: int) -> int:
    return os.getpid()


def _fail(n: int) -> int:
    if n == 3:
        raise ValueError("job 3 failed")
    return n


def test_run_jobs_keeps_the_order_of_the_jobs():
    jobs = [5, 1, 4, 2, 3, 9, 0]
    assert run_jobs(_square, jobs, workers=3, cost=lambda n: n) == [n * n for n in jobs]
    assert run_jobs(_square, [], workers=4) == []


def test_run_jobs_runs_here_with_one_worker_and_elsewhere_with_more():
    assert set(run_jobs(_pid, [1, 2, 3], workers=1)) == {os.getpid()}
    assert os.getpid() not in run_jobs(_pid, [1, 2, 3, 4], workers=2)


def test_run_jobs_passes_a_jobs_exception_on():
    with pytest.raises(ValueError, match="job 3 failed"):
        run_jobs(_fail, [1, 2, 3, 4], workers=2)
