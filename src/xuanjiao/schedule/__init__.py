"""Activity plans (活动方案): tasks, outreach sessions, volunteers, print quantities.

`plan_project` computes (pure); the two build stages write what it computed:

- `plans_stage`   -> build/plans/YEAR/DAY/   plan.json plan.md plan.pdf plan.docx tasks.ics report-form.xlsx
- `private_stage` -> build/private/YEAR/DAY/ roster.xlsx sign-in.pdf volunteers/ID.ics
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..content.models import Project
from ..errors import Diagnostic
from .model import Assignment, Plan, PlanSet, PrintQuantity, Session, Task
from .planner import plan_project, work_calendar

if TYPE_CHECKING:
    from ..pipeline import StageContext

__all__ = ["Assignment", "Plan", "PlanSet", "PrintQuantity", "Session", "Task", "plan_project",
           "plans_stage", "private_stage", "work_calendar"]

_last: tuple[Project, PlanSet] | None = None  # both stages of one build share one computation


def planned(project: Project) -> PlanSet:
    global _last
    if _last is None or _last[0] is not project:
        _last = (project, plan_project(project))
    return _last[1]


def plans_stage(ctx: StageContext) -> list[Diagnostic]:
    from .outputs import relative_dir, write_public

    planset = planned(ctx.project)
    diags = list(planset.diagnostics)
    if any(d.severity == "error" for d in diags):
        return diags
    for plan in planset.plans.values():
        diags += write_public(ctx.project, plan, ctx.out / "plans" / relative_dir(plan), ctx.stamp)
    return diags


def private_stage(ctx: StageContext) -> list[Diagnostic]:
    """Planner warnings were reported by the plans stage; only errors are repeated here."""
    from .outputs import relative_dir, write_private

    planset = planned(ctx.project)
    errors = [d for d in planset.diagnostics if d.severity == "error"]
    if errors:
        return errors
    diags: list[Diagnostic] = []
    for plan in planset.plans.values():
        diags += write_private(ctx.project, plan, ctx.out / "private" / relative_dir(plan), ctx.stamp)
    return diags
