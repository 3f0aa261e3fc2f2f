"""plan.pdf: the activity plan on A4 in the look of an official work plan."""

from __future__ import annotations

from ..content.models import Project
from .document import PlanDocument
from .templates import PdfJob, pdf_job, render_pdfs


def plan_job(project: Project, doc: PlanDocument) -> PdfJob:
    return pdf_job(project, "plan.html.j2", "plan.css", doc=doc)


def plan_pdf(project: Project, doc: PlanDocument) -> tuple[bytes, list[str]]:
    return render_pdfs([plan_job(project, doc)])[0]
