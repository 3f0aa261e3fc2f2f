"""Activity plans (活动方案): tasks, outreach sessions, volunteers, print quantities.

`plan_project` computes (pure); the two build stages write what it computed:

- `plans_stage`   -> build/plans/YEAR/DAY/   plan.json plan.md plan.pdf plan.docx tasks.ics report-form.xlsx
- `private_stage` -> build/private/YEAR/DAY/ roster.xlsx sign-in.pdf volunteers/ID.ics
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..cache import STATS, Cache, active, fonts_hash
from ..content.models import Project
from ..errors import Diagnostic, errors_in, has_errors
from ..theme import Theme
from .model import Assignment, Plan, PlanSet, PrintQuantity, Session, Task
from .planner import plan_project, work_calendar

if TYPE_CHECKING:
    from ..stage import StageContext

__all__ = [
    "Assignment",
    "Plan",
    "PlanSet",
    "PrintQuantity",
    "Session",
    "Task",
    "plan_project",
    "plans_stage",
    "private_stage",
    "work_calendar",
]


def planned(ctx: StageContext) -> PlanSet:
    """The build's plans (computed once by the pipeline); computed here for a context without."""
    return ctx.plans if ctx.plans is not None else plan_project(ctx.project)


def plans_stage(ctx: StageContext) -> list[Diagnostic]:
    from .outputs import public_files, public_pdf_job

    planset = planned(ctx)
    diags = list(planset.diagnostics)
    if has_errors(diags):
        return diags
    folders = Cache(ctx.out / ".cache", "plans")  # a campaign's whole folder, when nothing it uses changed
    with active(Cache(ctx.out / ".cache", "plan-pdf")):  # else plan.pdf alone, when its HTML is unchanged
        diags += _write_plans(ctx, folders, planset, ctx.out / "plans", public_files, "plan.pdf", public_pdf_job)
    folders.prune()
    return diags


def private_stage(ctx: StageContext) -> list[Diagnostic]:
    """Planner warnings were reported by the plans stage; only errors are repeated here."""
    from .outputs import private_files, private_pdf_job

    planset = planned(ctx)
    errors = errors_in(planset.diagnostics)
    if errors:
        return errors
    # these files name volunteers: their cache stays inside private/ (the pipeline carries it over)
    folders = Cache(ctx.out / "private" / ".cache", "private")
    with active(Cache(ctx.out / "private" / ".cache", "sign-in")):
        diags = _write_plans(
            ctx, folders, planset, ctx.out / "private", private_files, "sign-in.pdf", private_pdf_job, private=True
        )
    folders.prune()
    return diags


def _write_plans(
    ctx: StageContext, folders: Cache, planset: PlanSet, out, make_files, pdf_name: str, make_job, private: bool = False
) -> list[Diagnostic]:
    """Each campaign's folder under `out`: from `folders` when nothing it uses changed, else
    written. The PDFs are laid out in `ctx.jobs` worker processes while this one makes the
    other files; the cache is looked up and filled here, in this process."""
    from .outputs import finish, relative_dir
    from .templates import rendering

    diags: list[Diagnostic] = []
    todo = []
    for plan in planset.plans.values():
        dest = out / relative_dir(plan)
        key = plan_key(folders, ctx.project, plan, ctx.stamp, private=private)
        hit = folders.get(key, dest)
        if hit is not None:
            diags += hit
        else:
            STATS.miss(folders.namespace, dest.name)
            todo.append((plan, dest, key, make_job(ctx.project, plan)))
    jobs = [job for *_, job in todo if job is not None]
    finished = len(planset.plans) - len(todo)
    ctx.step(finished, len(planset.plans))
    with rendering(jobs, ctx.jobs) as pdfs:
        others = [make_files(ctx.project, plan, ctx.stamp) for plan, *_ in todo]  # while the workers render
        n = 0
        for (plan, dest, key, job), files in zip(todo, others):
            pdf = None
            if job is not None:
                pdf, n = pdfs.result(n), n + 1
            written = finish(ctx.project, plan, dest, files, pdf_name, pdf)
            diags += written
            finished += 1
            ctx.step(finished, len(planset.plans), plan.campaign)
            if not has_errors(written):
                folders.put(
                    key, dest, sorted(p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file()), written
                )
    return diags


def plan_key(cache: Cache, project: Project, plan: Plan, stamp, private: bool = False) -> str:
    """Everything one campaign's plan files are made of: the planner's result for it, the
    campaign, its day, the site, venues, plan settings, the materials it prints or that name
    it, the campaigns it shares sessions or materials with, the build clock, the plan theme and
    fonts (and, for private/, the volunteers)."""
    c = project.campaigns[plan.campaign]
    key = cache.key().add("plan", plan).add("stamp", stamp).add("campaign", _dump(c))
    key.add("day", _dump(project.days.get(c.day))).add("site", _dump(project.site))
    key.add("plan-settings", _dump(project.plan)).add("fonts", fonts_hash())
    key.add("venues", sorted((k, _dump(v)) for k, v in project.venues.items()))
    used = {q.material for q in plan.print} | {m.id for m in project.materials.values() if c.id in m.campaigns}
    # A material's text is not in any plan file: editing it re-renders its PDFs, not the plans.
    key.add(
        "materials", [(mid, _dump(project.materials.get(mid), exclude={"body", "body_line"})) for mid in sorted(used)]
    )
    # joint sessions and shared materials quote the other campaigns (titles, days, key messages)
    others = sorted({p for s in plan.sessions for p in s.partners} | {p for q in plan.print for p in q.shared_with})
    key.add(
        "partners",
        [
            (
                cid,
                _dump(project.campaigns.get(cid)),
                _dump(project.days.get(project.campaigns[cid].day) if cid in project.campaigns else None),
            )
            for cid in others
        ],
    )
    if private:
        key.add("volunteers", _dump(project.volunteers))
    for n, d in enumerate(Theme(project, "plan").dirs):
        key.add_tree(f"theme{n}", d)
    return key.hexdigest()


def _dump(value, exclude: set[str] = frozenset()):
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json", exclude={"src", *exclude})
    if isinstance(value, (list, tuple)):
        return [_dump(v) for v in value]
    if isinstance(value, dict):
        return sorted((k, _dump(v)) for k, v in value.items())
    return value
