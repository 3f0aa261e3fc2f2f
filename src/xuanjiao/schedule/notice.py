"""The higher authority's report, as configured by `reports:` (plan.yml, or a campaign's front
matter, which replaces it): which per-session figures the teams fill in, when the report is
due and to whom, and how the figures go into the notice's own form.

Per-session figures: the seven built-in columns of today's 统计表, plus any figure a notice's
form sums that is not built in (its column's label and base unit name it on the field form).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..calendar.workcal import WorkCalendar
from ..content.models import Campaign, FormColumn, Project, ReportSpec

# name -> the built-in field-form column it is (report_form.HEADER[3:10], in that order)
BUILTIN = {
    "reached": "宣传服务人数",
    "materials": "发放宣传资料(份)",
    "consultations": "健康咨询(人次)",
    "clinics": "义诊(人次)",
    "contraceptives": "发放避孕药具(份)",
    "visits": "走访慰问(户)",
    "volunteers": "志愿者人数",
}
FIGURE_RE = re.compile(r"^[a-z][a-z0-9_]*$")
REPORT_TASK = "report"
DEFAULT_REPORT_TITLE = "报送活动总结和统计表"


def spec_for(project: Project, c: Campaign) -> ReportSpec | None:
    """The campaign's own `reports:`, else the project's (plan.yml), else None."""
    return c.reports if c.reports is not None else project.plan.reports


def base_unit(unit: str | None) -> str:
    """What a team counts in at the venue: 万人 -> 人, 万元 -> 元; other units as they are."""
    return (unit or "").removeprefix("万")


def scale(unit: str | None) -> int:
    return 10000 if (unit or "").startswith("万") else 1


@dataclass(frozen=True)
class Figure:
    name: str  # as in `sum:`
    header: str  # the field form's column heading


def extra_figures(spec: ReportSpec | None) -> tuple[Figure, ...]:
    """Figures the notice's form sums that today's 统计表 has no column for, in form order."""
    if spec is None or spec.form is None:
        return ()
    out: dict[str, Figure] = {}
    for col in spec.form.columns:
        names = [n for n in col.sum or () if n not in BUILTIN]
        for name in names:
            label = col.label if len(names) == 1 else f"{col.label}·{name}"
            unit = base_unit(col.unit)
            out.setdefault(name, Figure(name, f"{label}({unit})" if unit else label))
    return tuple(out.values())


def all_extra_figures(project: Project) -> dict[str, str]:
    """Field-form heading -> figure name, over every `reports:` of the project (for reading)."""
    specs = [project.plan.reports] + [c.reports for c in project.campaigns.values()]
    return {f.header: f.name for spec in specs for f in extra_figures(spec)}


def column_value(col: FormColumn, figures: dict[str, int]) -> int:
    """The summed base-unit figure of one form column (before any 万 scaling)."""
    return sum(figures.get(name, 0) for name in col.sum or ())


def due_of(spec: ReportSpec | None, last_day: dt.date, cal: WorkCalendar) -> dt.date | None:
    """The report's due date as configured (a fixed date, or working days after the last day)."""
    if spec is None or spec.due is None:
        return None
    if spec.due.on is not None:
        return spec.due.on
    if spec.due.after is not None:
        return cal.workday_after(last_day, spec.due.after)
    return None


def form_file(project: Project, c: Campaign) -> str | None:
    """The notice form's file name under build/reports/YEAR/: notice-form.xlsx for the project's
    form, notice-form-CAMPAIGN.xlsx for a campaign's own; None without a form."""
    if c.reports is not None:
        return f"notice-form-{c.id}.xlsx" if c.reports.form is not None else None
    spec = project.plan.reports
    return "notice-form.xlsx" if spec is not None and spec.form is not None else None
