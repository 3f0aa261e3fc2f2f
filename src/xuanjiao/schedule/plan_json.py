"""plan.json: the machine-readable plan (schema in spec/outputs.md). Volunteer ids only."""

from __future__ import annotations

import json
from typing import Any

from .model import Plan


def plan_dict(plan: Plan) -> dict[str, Any]:
    return {
        "day": plan.day,
        "name": plan.name,
        "year": plan.year,
        "date": plan.date.isoformat(),
        "end": plan.end.isoformat(),
        "campaign": plan.campaign,
        "tasks": [{"id": t.id, "title": t.title, "due": t.due.isoformat(), "owner": t.owner} for t in plan.tasks],
        "sessions": [{"venue": s.venue, "date": s.date.isoformat(), "start": s.start, "end": s.end,
                      "volunteers": list(s.volunteers)} for s in plan.sessions],
        "print": [{"material": q.material, "quantity": q.quantity} for q in plan.print],
        "warnings": list(plan.warnings),
    }


def plan_json(plan: Plan) -> bytes:
    return (json.dumps(plan_dict(plan), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
