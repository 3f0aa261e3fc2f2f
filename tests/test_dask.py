"""`--executor dask`: the PDF renders on a Dask cluster give the same bytes as the local pool.

Needs the optional extra (pip install 'xuanjiao[dask]'); skipped without it."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed")

from click.testing import CliRunner  # noqa: E402

from conftest import REPO  # noqa: E402
from xuanjiao.cache import STATS  # noqa: E402
from xuanjiao.cli import main  # noqa: E402
from xuanjiao.pipeline import BuildOptions, run_build  # noqa: E402


def _pdfs(out: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted((out / "print").glob("*"))
        if p.suffix in (".pdf", ".png") and not p.name.startswith("print-order")
    }


@pytest.fixture
def project(tmp_path) -> Path:
    dest = tmp_path / "project"
    for name in ("content", "private", "themes"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, dest / name)
    return dest


def test_dask_executor_renders_byte_identical_pdfs(project, tmp_path):
    local = run_build(BuildOptions(project, out=tmp_path / "local", only=("plans", "print"), jobs=1))
    assert local.ok, [d.format() for d in local.diagnostics if d.severity == "error"]
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        STATS.reset()
        remote = run_build(
            BuildOptions(
                project,
                out=tmp_path / "dask",
                only=("plans", "print"),
                executor="dask",
                scheduler=cluster.scheduler_address,
            )
        )
        assert remote.ok, [d.format() for d in remote.diagnostics if d.severity == "error"]
        rendered = set(STATS.rendered["print"]) - {"print-order"}
        with distributed.Client(cluster) as client:  # the renders ran on the cluster, not here
            done = client.run_on_scheduler(lambda dask_scheduler: [str(k) for k in dask_scheduler.task_prefixes])
    assert any("xuanjiao-render" in k for k in done)
    local_pdfs, dask_pdfs = _pdfs(tmp_path / "local"), _pdfs(tmp_path / "dask")
    assert len(local_pdfs) >= 2 * len(rendered) > 0
    assert dask_pdfs == local_pdfs
    assert [d.format() for d in remote.diagnostics] == [d.format() for d in local.diagnostics]


def test_dask_executor_needs_a_scheduler(project):
    result = CliRunner().invoke(main, ["build", "--project", str(project), "--executor", "dask"])
    assert result.exit_code == 2
    assert "--scheduler" in result.output


def test_an_unreachable_scheduler_is_a_diagnostic_not_a_traceback(project, tmp_path):
    import dask

    with dask.config.set({"distributed.comm.timeouts.connect": "3s"}):  # not Dask's 30 s of retries
        result = CliRunner().invoke(
            main,
            [
                "build",
                "--project",
                str(project),
                "--only",
                "print",
                "--out",
                str(tmp_path / "out"),
                "--executor",
                "dask",
                "--scheduler",
                "tcp://127.0.0.1:9",
            ],
        )
    assert result.exit_code == 1
    assert "Dask cluster" in result.output
    assert "Traceback" not in result.output
