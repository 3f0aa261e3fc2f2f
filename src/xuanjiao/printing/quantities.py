"""How many copies to print: from the plans (summed over campaigns), else the material's own
`print.quantity`."""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import Diagnostic, Location, relative
from ..messages import t


def from_plans(out: Path) -> tuple[dict[str, int], list[Diagnostic]]:
    """Quantities the planner wrote into `out/plans/YEAR/DAY/plan.json`."""
    totals: dict[str, int] = {}
    diags: list[Diagnostic] = []
    for path in sorted((out / "plans").glob("*/*/plan.json")):
        where = Location(relative(path, out.parent) if out.parent in path.parents else str(path))
        try:
            plan = json.loads(path.read_text("utf-8"))
            rows = plan.get("print", [])
            for row in rows:
                mid, qty = row["material"], int(row["quantity"])
                if qty < 0:
                    raise ValueError("negative quantity")
                totals[mid] = totals.get(mid, 0) + qty
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            diags.append(where.warning(t("cannot read print quantities from this plan: {exc}", exc=exc)))
    return totals, diags
