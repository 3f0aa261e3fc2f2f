"""Writing a plan's files: the public set under plans/YEAR/DAY/, the private set under
private/YEAR/DAY/. Each writer returns bytes; this module puts them on disk.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

from ..content.models import Project
from ..errors import Diagnostic
from ..messages import t
from .calendars import tasks_ics, volunteer_calendars
from .document import PlanDocument, build_document
from .model import Plan
from .plan_json import plan_json
from .plan_md import plan_markdown
from .plan_pdf import plan_job, plan_pdf
from .planner import where
from .sign_in import sign_in_job, sign_in_pdf
from .templates import PdfJob

PUBLIC_FILES = ("plan.json", "plan.md", "plan.pdf", "plan.docx", "tasks.ics", "report-form.xlsx")


def relative_dir(plan: Plan) -> Path:
    return Path(str(plan.year)) / plan.day


def _pdf_warnings(project: Project, plan: Plan, name: str, messages: list[str]) -> list[Diagnostic]:
    c = project.campaigns[plan.campaign]
    return [where(c).warning(t("{name}: {m}", name=name, m=m)) for m in messages]


def write_public(project: Project, plan: Plan, dest: Path, stamp: dt.datetime) -> list[Diagnostic]:
    """plans/YEAR/DAY/: nothing here names a volunteer."""
    doc = build_document(project, plan)
    return finish(project, plan, dest, public_files(project, plan, stamp, doc), "plan.pdf", plan_pdf(project, doc))


def write_private(project: Project, plan: Plan, dest: Path, stamp: dt.datetime) -> list[Diagnostic]:
    """private/YEAR/DAY/: roster, sign-in sheets and each volunteer's calendar."""
    pdf = sign_in_pdf(project, plan) if plan.sessions else None
    return finish(project, plan, dest, private_files(project, plan, stamp), "sign-in.pdf", pdf)


# The build stages make the PDFs in worker processes (`*_pdf_job`) while this process makes the
# other files (`*_files`); `finish` puts them together.


def public_files(project: Project, plan: Plan, stamp: dt.datetime, doc: PlanDocument | None = None) -> dict[str, bytes]:
    """plans/YEAR/DAY/ but plan.pdf."""
    from .plan_docx import plan_docx  # python-docx and openpyxl: imported only when a plan is written
    from .report_form import report_form

    doc = doc or build_document(project, plan)
    return {
        "plan.json": plan_json(plan),
        "plan.md": plan_markdown(doc),
        "plan.docx": plan_docx(doc, stamp),
        "tasks.ics": tasks_ics(project, plan, stamp),
        "report-form.xlsx": report_form(project, plan, stamp),
    }


def public_pdf_job(project: Project, plan: Plan) -> PdfJob:
    """plan.pdf's job."""
    return plan_job(project, build_document(project, plan))


def private_files(project: Project, plan: Plan, stamp: dt.datetime) -> dict[str, bytes]:
    """private/YEAR/DAY/ but sign-in.pdf."""
    from .private import roster_xlsx

    files = {"roster.xlsx": roster_xlsx(project, plan, stamp)}
    for vid, data in volunteer_calendars(project, plan, stamp).items():
        files[f"volunteers/{vid}.ics"] = data
    return files


def private_pdf_job(project: Project, plan: Plan) -> PdfJob | None:
    """sign-in.pdf's job; None when the plan has no sessions (and so no sign-in sheets)."""
    return sign_in_job(project, plan) if plan.sessions else None


def finish(
    project: Project, plan: Plan, dest: Path, files: dict[str, bytes], name: str, pdf: tuple[bytes, list[str]] | None
) -> list[Diagnostic]:
    """Write `files` and the PDF `name` (if any) into `dest`; the PDF's warnings as diagnostics."""
    if pdf is None:
        _write(dest, files)
        return []
    _write(dest, {**files, name: pdf[0]})
    return _pdf_warnings(project, plan, name, pdf[1])


def _write(dest: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        path = dest / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def write_into_build(project: Project, plans: Iterable[Plan], out: Path, stamp: dt.datetime) -> list[Diagnostic]:
    """`xuanjiao plan`: (re)write only the given plans' folders of an existing build/.

    Each folder is written aside first and swapped in when complete, so an interrupted run
    leaves the previous files of that campaign in place.
    """
    staging = out / f".plan-staging-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    diags: list[Diagnostic] = []
    try:
        moves = []
        for plan in plans:
            rel = relative_dir(plan)
            diags += write_public(project, plan, staging / "plans" / rel, stamp)
            diags += write_private(project, plan, staging / "private" / rel, stamp)
            moves += [Path("plans") / rel, Path("private") / rel]
        for rel in moves:
            _swap(staging / rel, out / rel)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return diags


def _swap(new: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if target.exists():
        os.rename(target, old)
    os.rename(new, target)
    shutil.rmtree(old, ignore_errors=True)
