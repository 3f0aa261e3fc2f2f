"""What the coordinator pages show, computed through the library (never by running the
commands): the project's plans as `xuanjiao plan` makes them, a campaign's page (sessions,
roster with shortfalls, tasks by due date), its files made on request, and the volunteers."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .. import i18n
from ..content.models import Project
from ..errors import Diagnostic, has_errors
from ..schedule.model import Plan, PlanSet
from . import words
from .words import N_


@dataclass(frozen=True)
class Planned:
    project: Project | None  # None when the project does not load
    planset: PlanSet
    errors: tuple[Diagnostic, ...]  # what stops planning (shown instead of the plans)


def load(root: Path) -> Planned:
    """The project and its plans, or the errors that stop them (as `check` reports them)."""
    from ..content.loader import load_project
    from ..errors import BuildError
    from ..schedule import plan_project

    try:
        project, diags = load_project(root)
    except BuildError as exc:
        return Planned(None, PlanSet(), tuple(d for d in exc.diagnostics if d.severity == "error"))
    planset = plan_project(project)
    errors = tuple(d for d in [*diags, *planset.diagnostics] if d.severity == "error")
    return Planned(project, planset, errors)


def plan_of(planned: Planned, ident: str) -> Plan:
    """The campaign's plan; KeyError when there is none (a 404)."""
    if planned.project is None or has_errors(planned.errors):
        raise KeyError(ident)
    return planned.planset.plans[ident]


@dataclass(frozen=True)
class SessionRow:
    date: dt.date
    day: str  # the date as people read it, with the weekday
    time: str
    venue: str
    needed: int
    people: tuple[str, ...]  # volunteers' names (coordinator pages only)
    short: int
    partners: tuple[str, ...]  # a joint session: the other campaigns' titles


@dataclass(frozen=True)
class TaskRow:
    due: dt.date
    day: str
    title: str
    owner: str
    on: dt.date | None  # how the deadline is counted: a fixed date, or working days before/after
    before: int | None
    after: int | None
    moved_from: str


def session_rows(project: Project, plan: Plan) -> list[SessionRow]:
    rows = []
    for s in sorted(plan.sessions, key=lambda s: (s.date, s.start, s.venue)):
        venue = project.venues[s.venue].name if s.venue in project.venues else s.venue
        names = tuple(
            project.volunteers[a.volunteer].name if a.volunteer in project.volunteers else a.volunteer
            for a in s.assignments
        )
        partners = tuple(project.campaigns[p].title if p in project.campaigns else p for p in s.partners)
        day = i18n.format_date(s.date, words.current(), weekday=True)
        rows.append(SessionRow(s.date, day, f"{s.start}–{s.end}", venue, s.needed, names, s.short, partners))
    return rows


def task_rows(project: Project, plan: Plan) -> list[TaskRow]:
    from ..schedule import plan_sections

    c = project.campaigns[plan.campaign]
    fallback = c.owner or project.site.organization
    return [
        TaskRow(
            t.due,
            i18n.format_date(t.due, words.current(), weekday=True),
            plan_sections.report_task_title(project, c, t),
            t.owner or fallback,
            t.on,
            t.before,
            t.after,
            i18n.format_date(t.moved_from, words.current(), weekday=True) if t.moved_from else "",
        )
        for t in sorted(plan.tasks, key=lambda t: (t.due, t.id))
    ]


def calendar_basis(project: Project, plan: Plan) -> str:
    from ..schedule import plan_sections

    with i18n.use(words.current()):
        return plan_sections.calendar_basis(project, plan)


@dataclass(frozen=True)
class VolunteerRow:
    ident: str
    name: str
    phone: str
    team: str
    roles: str
    home: str


def volunteer_rows(project: Project) -> list[VolunteerRow]:
    return [
        VolunteerRow(
            v.id,
            v.name,
            v.phone or "",
            v.team or "",
            "、".join(v.roles),
            project.venues[v.home].name if v.home and v.home in project.venues else (v.home or ""),
        )
        for v in sorted(project.volunteers.values(), key=lambda v: v.id)
    ]


# -- files made on request ------------------------------------------------------------------------

MEDIA = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pdf": "application/pdf",
}


def downloads(project: Project, plan: Plan) -> list[tuple[str, str]]:
    """(file name, what it is: translate where shown) of every file the campaign's page offers."""
    files = [
        ("plan.docx", N_("活动方案（Word）")),
        ("plan.pdf", N_("活动方案（PDF）")),
        ("report-form.xlsx", N_("空白统计表（各场次填报）")),
        ("roster.xlsx", N_("志愿者排班表（内部）")),
    ]
    if _notice_form(project, plan) is not None:
        files += [
            ("notice-form.xlsx", N_("上级通知报表（空白，Excel）")),
            ("notice-form.pdf", N_("上级通知报表（空白，PDF）")),
        ]
    return files


def make_file(project: Project, plan: Plan, name: str, stamp: dt.datetime) -> bytes:
    """The named file's bytes, made now (nothing is written into the project); KeyError for a
    name the page does not offer."""
    if name not in dict(downloads(project, plan)):
        raise KeyError(name)
    from ..schedule.document import build_document

    with i18n.use(project.site.languages[0]):
        if name == "plan.docx":
            from ..schedule.plan_docx import plan_docx

            return plan_docx(build_document(project, plan), stamp)
        if name == "plan.pdf":
            from ..schedule.plan_pdf import plan_pdf

            return plan_pdf(project, build_document(project, plan))[0]
    if name == "report-form.xlsx":
        from ..schedule.report_form import report_form

        return report_form(project, plan, stamp)
    if name == "roster.xlsx":
        from ..schedule.private import roster_xlsx

        return roster_xlsx(project, plan, stamp)
    return _blank_notice(project, plan, name, stamp)


def _notice_form(project: Project, plan: Plan):
    from ..schedule.notice import spec_for

    spec = spec_for(project, project.campaigns[plan.campaign])
    return spec.form if spec is not None else None


def _blank_notice(project: Project, plan: Plan, name: str, stamp: dt.datetime) -> bytes:
    """The notice's form with its rows (the unit, or the campaign's venues) and no figures."""
    from ..reports.notice_form import notice_table, notice_xlsx
    from ..reports.notice_pdf import notice_pdf

    form = _notice_form(project, plan)
    table = notice_table(project, form, [], stamp.date())
    empty = tuple(None for _ in form.columns)
    if form.rows == "venue":
        venues = project.campaigns[plan.campaign].venues
        labels = [project.venues[v].name if v in project.venues else v for v in dict.fromkeys(venues)]
    else:
        labels = [label for label, _ in table.rows]
    table = dataclasses.replace(
        table, rows=tuple((label, empty) for label in labels), total=empty if table.total is not None else None
    )
    if name.endswith(".xlsx"):
        return notice_xlsx(table, stamp)
    return notice_pdf(project, table)[0]
