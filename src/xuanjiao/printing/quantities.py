"""How many copies to print: from the plans (summed over campaigns), else the material's own
`print.quantity`."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..schedule.model import PlanSet


def from_plans(plans: PlanSet | None) -> dict[str, int]:
    """Each material's copies over every campaign's plan (the build's plans, see StageContext)."""
    totals: dict[str, int] = {}
    for plan in plans.plans.values() if plans is not None else ():
        for row in plan.print:
            totals[row.material] = totals.get(row.material, 0) + row.quantity
    return totals
