"""Which folder a build may replace: never an input, only an earlier build or an empty folder.

The build swaps its whole output folder, so `--out ~/Desktop` or `--out .` would delete what is
there. A folder the build wrote holds `MARKER`; the project's own `build/` is always ours (the
format says it is output, safe to delete), so builds made before the marker existed still work.
"""

from __future__ import annotations

from pathlib import Path

from .errors import UsageProblem
from .messages import t

MARKER = ".xuanjiao-build"
MARKER_TEXT = "Written by xuanjiao build: this folder is replaced as a whole by the next build.\n"
INPUTS = ("content", "private", "themes", ".git")


def check_output(root: Path, out: Path) -> None:
    """Raise UsageProblem unless `out` (resolved) may be replaced by a build of `root` (resolved)."""
    where = str(out)
    if out == root or root.is_relative_to(out):
        raise UsageProblem(
            t(
                "refusing to build into {out}: it holds the project {root}; "
                "the build replaces its output folder as a whole",
                out=where,
                root=str(root),
            )
        )
    for name in INPUTS:
        if out.is_relative_to(root / name):
            raise UsageProblem(
                t(
                    "refusing to build into {out}: it is inside the project's {folder}/, which the build reads",
                    out=where,
                    folder=name,
                )
            )
    if out.exists() and not out.is_dir():
        raise UsageProblem(t("refusing to build into {out}: it is a file, not a folder", out=where))
    if out == root / "build" or not out.is_dir() or (out / MARKER).is_file():
        return
    if any(out.iterdir()):
        raise UsageProblem(
            t(
                "refusing to build into {out}: the folder is not empty and holds no earlier build "
                "(no {marker} file); the build would replace everything in it",
                out=where,
                marker=MARKER,
            )
            + "\n  hint: "
            + t("give an empty or new folder, e.g. --out {suggestion}", suggestion=str(out / "xuanjiao-build"))
        )
