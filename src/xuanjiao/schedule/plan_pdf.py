"""plan.pdf: the activity plan on A4 in the look of an official work plan."""

from __future__ import annotations

from ..content.models import Project
from .document import PlanDocument
from .templates import render_pdf


def plan_pdf(project: Project, doc: PlanDocument) -> tuple[bytes, list[str]]:
    return render_pdf(project, "plan.html.j2", "plan.css", doc=doc)
