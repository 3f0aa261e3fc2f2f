"""plan.json: the machine-readable plan (schema in spec/outputs.md). Volunteer ids only."""

from __future__ import annotations

import json
from typing import Any

from .model import Plan, PrintQuantity, Session


def plan_dict(plan: Plan) -> dict[str, Any]:
    return {
        "day": plan.day,
        "name": plan.name,
        "year": plan.year,
        "date": plan.date.isoformat(),
        "end": plan.end.isoformat(),
        "campaign": plan.campaign,
        "tasks": [{"id": t.id, "title": t.title, "due": t.due.isoformat(), "owner": t.owner} for t in plan.tasks],
        "sessions": [_session(s) for s in plan.sessions],
        "print": [_print(q) for q in plan.print],
        "warnings": list(plan.warnings),
    }


def _session(s: Session) -> dict[str, Any]:
    out: dict[str, Any] = {
        "venue": s.venue,
        "date": s.date.isoformat(),
        "start": s.start,
        "end": s.end,
        "volunteers": list(s.volunteers),
    }
    if s.partners:  # a joint session (联合开展): the other campaigns, and whose 统计表 has its row
        out.update(joint_with=list(s.partners), reported_in=s.host)
    return out


def _print(q: PrintQuantity) -> dict[str, Any]:
    out: dict[str, Any] = {"material": q.material, "quantity": q.quantity}
    if q.shared_with:  # one run for several campaigns: `quantity` is this plan's share
        out.update(shared_with=list(q.shared_with), run=q.run)
    return out


def plan_json(plan: Plan) -> bytes:
    return (json.dumps(plan_dict(plan), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
