"""What the program says when it, or the machine it runs on, fails (not the content).

The command line's entry point hands every exception that escapes a command to `explain`:
a missing package and a full, read-only or locked disk are one line saying what to do; anything
else is a bug, reported in one line with the full trace written to a file (or printed with
XUANJIAO_DEBUG=1), never as a stack on the writer's screen.
"""

from __future__ import annotations

import errno
import os
import tempfile
import time
import traceback
from pathlib import Path

from .errors import MissingPackage, UsageProblem
from .messages import T_, t

EXIT_CONTENT, EXIT_USAGE, EXIT_INTERNAL = 1, 2, 3

# errno -> (what happened, what to do)
ENVIRONMENT = {
    errno.ENOSPC: (T_("the disk is full"), T_("free some space, or build elsewhere with --out DIR, and run again")),
    errno.EDQUOT: (
        T_("the disk quota is used up"),
        T_("free some space, or build elsewhere with --out DIR, and run again"),
    ),
    errno.EROFS: (
        T_("the file system is read-only"),
        T_("copy the project to a writable folder, or build with --out DIR"),
    ),
    errno.EACCES: (T_("permission denied"), T_("check who owns it and that you may write there")),
    errno.EPERM: (
        T_("operation not permitted"),
        T_("check that it is not locked or immutable (lsattr; chattr -i) and that you may write there"),
    ),
    errno.EBUSY: (
        T_("the file or folder is busy"),
        T_("close the programs that use it (a file manager, a server) and run again"),
    ),
}


def explain(exc: BaseException) -> tuple[str, int]:
    """(one line for stderr, exit code) for an exception that escaped a command."""
    if isinstance(exc, UsageProblem):
        return t("error: {problem}", problem=str(exc)), EXIT_USAGE
    if isinstance(exc, MissingPackage):
        return t("error: {problem}", problem=str(exc)), EXIT_USAGE
    if isinstance(exc, ModuleNotFoundError) and exc.name and not exc.name.startswith("xuanjiao"):
        package = exc.name.split(".")[0]
        return t(
            "error: the Python package '{package}' is not installed: pip install {package} "
            "(or reinstall xuanjiao: pip install --force-reinstall xuanjiao)",
            package=package,
        ), EXIT_USAGE
    if isinstance(exc, OSError) and exc.errno in ENVIRONMENT:
        what, todo = ENVIRONMENT[exc.errno]
        path = exc.filename if exc.filename is not None else t("a file")
        return t("error: {path}: {what}; {todo}", path=os.fsdecode(path), what=t(what), todo=t(todo)), EXIT_CONTENT
    return internal_error(exc), EXIT_INTERNAL


def internal_error(exc: BaseException) -> str:
    """One line naming the exception and where its full trace was written."""
    message = str(exc).splitlines()[0][:300] if str(exc) else ""
    head = t("internal error, please report: {kind}: {message}", kind=type(exc).__name__, message=message)
    trace = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    if os.environ.get("XUANJIAO_DEBUG") == "1":
        return trace + head
    where = Path(tempfile.gettempdir()) / f"xuanjiao-crash-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.txt"
    try:
        where.write_text(trace, encoding="utf-8")
    except OSError:
        return head + t(" (run again with XUANJIAO_DEBUG=1 to see the trace)")
    return head + t(" (full trace in {path})", path=str(where))
