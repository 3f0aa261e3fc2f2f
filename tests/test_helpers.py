"""The helper processes of a build (workers.Helper): the search words cut by the segmenter
(site/engines/segmenter.py) and the PDFs rendered by the print helper (printing/pool.py) are
those of the build's own process, and a helper that dies costs nothing but time."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from test_print_kit import CAMPAIGN, material
from xuanjiao.site.engines import segmenter

TEXT = "高血压患者应每天测量血压，少盐少油；尿毒症早期没有明显症状，定期体检很重要。Blood pressure 120/80."
VOCAB = ("尿毒症", "人民广场")


def test_the_helper_cuts_as_this_process_does_and_a_dead_helper_is_replaced_by_cutting_here():
    script = textwrap.dedent(
        f"""
        import json, multiprocessing, os, signal, sys
        from xuanjiao.site.engines import segmenter
        segmenter.start()
        helpers = multiprocessing.active_children()
        via_helper = segmenter.words_of({TEXT!r}, {VOCAB!r})
        loaded_here = segmenter._dictionary.cache_info().currsize
        for p in helpers:
            os.kill(p.pid, signal.SIGKILL)
            p.join()
        after_death = segmenter.words_of({TEXT!r}, {VOCAB!r})
        print(json.dumps([len(helpers), via_helper, loaded_here, after_death]))
        """
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True)
    helpers, via_helper, loaded_here, after_death = json.loads(out.stdout)
    here = segmenter._cut(TEXT, VOCAB)
    assert helpers == 1
    assert loaded_here == 0  # the dictionary was read by the helper, not by the build's process
    assert via_helper == here == after_death
    assert "尿毒症" in here and "高血压" in here and "blood" in here  # the project's word kept whole


def test_a_process_with_threads_does_not_fork_and_cuts_here():
    script = textwrap.dedent(
        f"""
        import json, multiprocessing, threading
        from xuanjiao.site.engines import segmenter
        stop = threading.Event()
        other = threading.Thread(target=stop.wait)
        other.start()
        segmenter.start()
        helpers = len(multiprocessing.active_children())
        words = segmenter.words_of({TEXT!r}, {VOCAB!r})
        stop.set()
        print(json.dumps([helpers, words]))
        """
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True)
    helpers, words = json.loads(out.stdout)
    assert helpers == 0
    assert words == segmenter._cut(TEXT, VOCAB)


def test_no_helper_is_left_behind_when_the_build_process_ends():
    script = textwrap.dedent(
        """
        import multiprocessing
        from xuanjiao.site.engines import segmenter
        segmenter.start()
        print(multiprocessing.active_children()[0].pid)
        """
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True)
    pid = int(out.stdout)
    deadline = time.monotonic() + 10
    while _running(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    if _running(pid):
        os.kill(pid, signal.SIGKILL)
        raise AssertionError(f"helper {pid} outlived its build")


def _running(pid: int) -> bool:
    """Alive and not a zombie (a zombie has ended; only its exit status waits to be read)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state not in ("Z", "X")


def test_a_build_renders_its_pdfs_in_the_print_helper_byte_for_byte_as_alone(make_project):
    """The build's own process never imports WeasyPrint when the helper renders, and the PDFs
    are those of a build with XUANJIAO_HELPERS=off."""
    root = make_project(
        {
            "content/campaigns/aids-2026.md": CAMPAIGN,
            "content/materials/f.md": material("预防艾滋病", "flyer", "## 要点\n\n每次都要正确使用安全套。\n"),
        }
    )
    script = textwrap.dedent(
        f"""
        import json, sys
        from pathlib import Path
        from xuanjiao.pipeline import BuildOptions, run_build
        out = Path({str(root)!r}) / sys.argv[1]
        r = run_build(BuildOptions(Path({str(root)!r}), out=out, only=("print",), jobs=1))
        assert r.ok, [d.format() for d in r.diagnostics]
        print(json.dumps("weasyprint" in sys.modules))
        """
    )
    env = {**os.environ, "XUANJIAO_CACHE": "off"}
    helped = subprocess.run([sys.executable, "-c", script, "a"], capture_output=True, text=True, env=env, check=True)
    alone = subprocess.run(
        [sys.executable, "-c", script, "b"],
        capture_output=True,
        text=True,
        env={**env, "XUANJIAO_HELPERS": "off"},
        check=True,
    )
    assert json.loads(helped.stdout) is False  # rendered in the helper
    assert json.loads(alone.stdout) is True  # the check above can see an import
    pdfs = sorted(p.name for p in (root / "a" / "print").glob("*.pdf"))
    assert "f.pdf" in pdfs and "f.screen.pdf" in pdfs
    for name in pdfs:
        assert (root / "a" / "print" / name).read_bytes() == (root / "b" / "print" / name).read_bytes(), name


def test_helpers_end_with_a_build_killed_by_sigkill():
    """No atexit runs after kill -9: each helper must see its pipe close, which it only does if
    no process (itself, the other helper) holds a copy of the build's end."""
    script = textwrap.dedent(
        """
        import multiprocessing, sys, time
        from xuanjiao.printing.pool import helping
        from xuanjiao.site.engines import segmenter
        with helping():
            segmenter.start()
            print(" ".join(str(p.pid) for p in multiprocessing.active_children()), flush=True)
            time.sleep(60)
        """
    )
    build = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        pids = [int(p) for p in build.stdout.readline().split()]
        assert len(pids) == 2
    finally:
        build.kill()
        build.wait()
    deadline = time.monotonic() + 20
    while any(_running(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [p for p in pids if _running(p)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert not left, f"helpers {left} outlived their build"


def test_a_lock_the_build_held_while_a_helper_was_forked_is_free_when_the_build_lets_go(tmp_path):
    """The segmenter outlives the moment it was forked in; a descriptor it inherited (here a
    locked file, as a test harness or the caller of run_build may hold) must not keep the lock."""
    lock = tmp_path / "held.lock"
    script = textwrap.dedent(
        f"""
        import fcntl, subprocess, sys
        from xuanjiao.site.engines import segmenter
        with open({str(lock)!r}, "w") as held:
            fcntl.flock(held, fcntl.LOCK_EX)
            segmenter.start()
            segmenter.words_of("健康", ())  # the helper is up and answering
        try_lock = "import fcntl; f = open({str(lock)!r}, 'w'); fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)"
        print(subprocess.run([sys.executable, "-c", try_lock]).returncode)
        """
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True)
    assert out.stdout.strip() == "0", out.stderr
