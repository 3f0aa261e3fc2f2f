"""The search words cut by the helper process (site/engines/segmenter.py) are those cut in the
build's own process, and a helper that dies costs nothing but time."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

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
