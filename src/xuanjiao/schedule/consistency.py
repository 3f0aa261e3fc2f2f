"""A plan that contradicts itself is caught while planning: goals the plan's own figures
cannot reach, and a material two campaigns share counted in full by both.

- Goals: the campaign's `goals: {reach, materials}` against the plan's expected reach (the
  venues' reach over its sessions) and the hand-out copies it prints; a shortfall is a warning
  at the `goals:` line, before the plan goes up for approval.
- Shared materials: a material used by several campaigns of a year with a fixed
  `print.quantity` is one print run; each plan gets a share in proportion to its expected
  reach (shares add up to the run), and every plan names the others. A computed quantity is
  already each campaign's own need; it is only marked as shared.
"""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

from ..content.models import Campaign, Project
from ..errors import Diagnostic, Location
from ..messages import t
from .model import Plan, PrintQuantity
from .quantities import LARGE_KINDS


def handouts(project: Project, plan: Plan) -> int:
    """Copies handed out that the plan prints (boards, roll-ups and banners are put up)."""
    return sum(
        q.quantity
        for q in plan.print
        if q.basis != "per-venue" and getattr(project.materials.get(q.material), "kind", "") not in LARGE_KINDS
    )


def goal_warnings(project: Project, c: Campaign, plan: Plan, where) -> tuple[list[str], list[Diagnostic]]:
    """(plan notes, diagnostics at the goals line) where the plan falls short of the goals.
    `where(campaign, *path)` locates a field of the campaign."""
    notes: list[str] = []
    diags: list[Diagnostic] = []
    checks = (
        (
            "reach",
            c.goals.reach,
            plan.reach,
            t(
                "goal reach {goal} is more than the plan expects ({planned}: the venues' reach over {n} sessions)",
                goal=c.goals.reach,
                planned=plan.reach,
                n=len(plan.sessions),
            ),
            t("add sessions or venues, or set the goal to what the plan can reach"),
        ),
        (
            "materials",
            c.goals.materials,
            handouts(project, plan),
            t(
                "goal materials {goal} is more than the plan prints ({planned} copies to hand out)",
                goal=c.goals.materials,
                planned=handouts(project, plan),
            ),
            t("raise print: quantity: of a material, or set the goal to what is printed"),
        ),
    )
    for key, goal, planned, text, hint in checks:
        if goal and planned < goal:
            notes.append(text)
            at: Location = where(c, "goals", key)
            diags.append(at.warning(t("{id}: {text}", id=c.id, text=text), hint=hint))
    return notes, diags


def share_materials(project: Project, plans: dict[str, Plan]) -> dict[str, Plan]:
    """Plans whose shared materials are marked, a fixed run split between its campaigns."""
    users: dict[tuple[int, str], list[Plan]] = {}
    for p in plans.values():
        for q in p.print:
            users.setdefault((p.year, q.material), []).append(p)
    shared = {key: mine for key, mine in users.items() if len(mine) > 1}
    if not shared:
        return plans
    out = {}
    for cid, p in plans.items():
        rows = []
        for q in p.print:
            mine = shared.get((p.year, q.material))
            rows.append(q if mine is None else _shared(project, q, p, mine))
        out[cid] = replace(p, print=tuple(rows))
    return out


def _shared(project: Project, q: PrintQuantity, plan: Plan, users: list[Plan]) -> PrintQuantity:
    others = tuple(u.campaign for u in users if u.campaign != plan.campaign)
    if q.basis != "fixed":
        run = sum(next(x.quantity for x in u.print if x.material == q.material) for u in users)
        return replace(q, shared_with=others, run=run)
    shares = split(q.quantity, [u.reach for u in users])
    mine = shares[[u.campaign for u in users].index(plan.campaign)]
    return replace(q, quantity=mine, shared_with=others, run=q.quantity)


def split(total: int, weights: list[int]) -> list[int]:
    """`total` in whole parts proportional to `weights` (largest remainders), adding up to it."""
    if not any(weights):
        weights = [1] * len(weights)
    whole = sum(weights)
    exact = [Fraction(total * w, whole) for w in weights]
    parts = [int(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts
