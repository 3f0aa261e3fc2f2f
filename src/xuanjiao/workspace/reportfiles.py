"""Returned 统计表 files uploaded from the coordinator's page, kept in private/reports/ and
checked by the same code as `xuanjiao report` (reports.read + reports.rollup), so the page shows
the same cell-located problems the command prints.

An upload is checked together with the files already there (a session reported twice is found
across files) before it is stored: a file with errors is not kept, so one bad return never
blocks the roll-up of the good ones. Names are reduced to safe characters, the size is bounded,
only .xlsx and .csv are taken, and an existing file is replaced only when the person says so.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from openpyxl.utils import get_column_letter

from ..content.models import Project
from ..errors import Diagnostic
from ..reports import YearReport
from ..reports.read import ReportFile, find_files, read_file
from ..reports.rollup import collect
from ..schedule.model import PlanSet
from .words import _

MAX_BYTES = 5 * 1024 * 1024
SUFFIXES = (".xlsx", ".csv")
FOLDER = "private/reports"
_UNSAFE = re.compile(r"[^\w.\-（）()]+")
_ACCEPTING = threading.Lock()  # one upload checked and stored at a time: two returns of one session meet


class ReportUploadError(ValueError):
    pass


def safe_name(filename: str) -> str:
    """The file's own name (no folders), with anything but letters, digits, CJK, '.', '-', '_'
    and brackets turned into '-'; refused when it is not a .xlsx or .csv."""
    name = unicodedata.normalize("NFKC", filename.replace("\\", "/").rsplit("/", 1)[-1]).strip()
    stem, dot, suffix = name.rpartition(".")
    suffix = f".{suffix.lower()}" if dot else ""
    if suffix not in SUFFIXES:
        raise ReportUploadError(_("只收 Excel（.xlsx）或 CSV 文件，“{name}”不是").format(name=name or filename))
    stem = _UNSAFE.sub("-", stem).strip("-._")[:80] or "report"
    return stem + suffix


def check_size(data: bytes) -> None:
    if not data:
        raise ReportUploadError(_("文件是空的"))
    if len(data) > MAX_BYTES:
        raise ReportUploadError(
            _("文件太大（{size:.1f} MB），上限 {limit} MB").format(size=len(data) / 1024 / 1024, limit=MAX_BYTES >> 20)
        )


@dataclass(frozen=True)
class Problem:
    """One diagnostic as the page shows it: the cell ("B7"), the message and its hint."""

    cell: str
    severity: str
    message: str
    hint: str


def file_of(d: Diagnostic) -> str:
    """The project-relative file a report diagnostic is about ("private/reports/a.xlsx")."""
    return d.path.split(":", 1)[0]


def problem(d: Diagnostic) -> Problem:
    if "!" in d.path:  # xlsx: FILE:统计表!B7
        cell = d.path.rsplit("!", 1)[1]
    elif d.line:  # CSV: row and column
        cell = f"{get_column_letter(d.col)}{d.line}" if d.col else _("第 {n} 行").format(n=d.line)
    else:
        cell = ""
    return Problem(cell, d.severity, d.message, d.hint)


def _read_all(project: Project, skip: str | None = None) -> list[ReportFile]:
    from ..schedule.notice import all_extra_figures

    extra = all_extra_figures(project)
    rel = f"{FOLDER}/{skip}" if skip else None
    return [
        read_file(p, project.root, extra)
        for p in find_files(project.root)
        if rel is None or p.relative_to(project.root).as_posix() != rel
    ]


def check_upload(project: Project, planset: PlanSet, year: int, name: str, data: bytes) -> list[Diagnostic]:
    """The upload's problems, read as `xuanjiao report --year YEAR` would read it among the files
    already stored (the one of the same name left out: it is being replaced)."""
    from ..schedule.notice import all_extra_figures

    with tempfile.TemporaryDirectory(prefix="xj-upload-") as tmp:
        path = Path(tmp) / FOLDER / name
        path.parent.mkdir(parents=True)
        path.write_bytes(data)
        new = read_file(path, Path(tmp), all_extra_figures(project))
    _summary, diags = collect(project, planset, year, None, [*_read_all(project, skip=name), new])
    rel = f"{FOLDER}/{name}"
    return [d for d in diags if file_of(d) == rel or (d.severity == "error" and rel in d.message)]


def accept(project: Project, planset: PlanSet, year: int, name: str, data: bytes, replace: bool) -> list[Diagnostic]:
    """Check the upload among the stored files and store it when it has no errors; its problems
    (warnings only when it was stored)."""
    with _ACCEPTING:
        found = check_upload(project, planset, year, name, data)
        if not any(d.severity == "error" for d in found):
            store(project.root, name, data, replace)
        return found


def store(root: Path, name: str, data: bytes, replace: bool) -> Path:
    folder = root / FOLDER
    if folder.is_symlink() or (root / "private").is_symlink():
        raise ReportUploadError(_("private/reports 是一个链接，不能往里写"))
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    if target.is_symlink():
        raise ReportUploadError(_("{name} 是一个链接，不能覆盖").format(name=name))
    if target.exists() and not replace:
        raise FileExistsError(name)
    fd, tmp = tempfile.mkstemp(prefix=".upload-", dir=folder)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    if replace:
        os.replace(tmp, target)
        return target
    try:  # a link fails when the name exists: two uploads of one name at once never overwrite
        os.link(tmp, target)
    finally:
        os.unlink(tmp)
    return target


@dataclass(frozen=True)
class Rollup:
    summary: YearReport | None  # None: a stored file has errors (listed in `problems`)
    files: tuple[str, ...]  # names under private/reports/
    problems: dict[str, tuple[Problem, ...]]  # file name -> its problems
    general: tuple[Problem, ...]  # about no one file (nothing returned yet ...)

    @property
    def key(self) -> str:
        """Names this roll-up's figures (the charts' cache key)."""
        return hashlib.sha256(repr(self.summary).encode("utf-8")).hexdigest()[:20]


def rollup(project: Project, planset: PlanSet, year: int) -> Rollup:
    """The year's roll-up over the stored files, as `xuanjiao report --year YEAR` makes it."""
    summary, diags = collect(project, planset, year, None, _read_all(project))
    prefix = f"{FOLDER}/"
    names = tuple(p.relative_to(project.root / FOLDER).as_posix() for p in find_files(project.root))
    problems: dict[str, list[Problem]] = {}
    general = []
    for d in diags:
        rel = file_of(d)
        if rel.startswith(prefix) and rel.removeprefix(prefix) in names:
            problems.setdefault(rel.removeprefix(prefix), []).append(problem(d))
        else:
            general.append(problem(d))
    return Rollup(summary, names, {k: tuple(v) for k, v in problems.items()}, tuple(general))


def chart_files(root: Path, roll: Rollup) -> Path:
    """The roll-up's charts (reports.charts, as `xuanjiao report` draws them) in the build cache,
    drawn once per set of figures."""
    from ..reports.charts import ChartFontError, charts

    folder = root / "build" / ".cache" / "workspace-charts" / roll.key
    if not (folder / "done").is_file() and roll.summary is not None:
        try:
            drawn = charts(roll.summary)
        except ChartFontError:  # no Chinese font on this computer: the tables stand alone
            return folder
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in drawn.items():
            (folder / name).write_bytes(data)
        (folder / "done").write_text("", encoding="utf-8")
    return folder
