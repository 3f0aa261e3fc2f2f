"""sign-in.pdf (private): one A4 sign-in sheet per session, assigned volunteers prefilled
(name, phone, their role in 备注) and blank rows for walk-in helpers."""

from __future__ import annotations

from .. import i18n
from ..content.models import Project
from .model import Plan
from .templates import PdfJob, pdf_job, render_pdfs

MIN_ROWS = 15  # fills an A4 sheet; walk-in helpers sign on the blank rows
BLANK_AFTER = 3


def sheets(project: Project, plan: Plan) -> list[dict]:
    """One dict per session. `rows` has every row, blank ones included; the built-in template
    uses `filled` (the assigned volunteers) and `blank` (how many empty rows follow)."""
    out = []
    for s in plan.sessions:
        venue = project.venues.get(s.venue)
        rows = []
        for a in s.assignments:
            v = project.volunteers.get(a.volunteer)
            rows.append(
                dict(name=v.name if v else a.volunteer, phone=(v.phone or "") if v else "", note=f"岗位：{a.role}")
            )
        filled = list(rows)
        blank = max(MIN_ROWS - len(rows), BLANK_AFTER)
        rows += [dict(name="", phone="", note="")] * blank
        out.append(
            dict(
                date=i18n.date_zh(s.date, weekday=True),
                time=f"{s.start}-{s.end}",
                venue=venue.name if venue else s.venue,
                address=venue.address if venue else None,
                needed=s.needed,
                assigned=len(s.assignments),
                short=s.short,
                rows=rows,
                filled=filled,
                blank=blank,
            )
        )
    return out


def sign_in_job(project: Project, plan: Plan) -> PdfJob:
    c = project.campaigns[plan.campaign]
    return pdf_job(
        project,
        "sign-in.html.j2",
        "sign-in.css",
        title=c.title,
        organization=project.site.organization,
        sheets=sheets(project, plan),
    )


def sign_in_pdf(project: Project, plan: Plan) -> tuple[bytes, list[str]]:
    return render_pdfs([sign_in_job(project, plan)])[0]
