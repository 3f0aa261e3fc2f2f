"""Checks of a `reports:` section (plan.yml or a campaign's front matter) that its model
cannot express: a due date given one way, figure names written as names, no column twice."""

from __future__ import annotations

import re

from ..errors import Diagnostic
from ..messages import t
from . import models as m
from .source import SourceMap

FIGURE_RE = re.compile(r"^[a-z][a-z0-9_]*$")


def check_reports(spec: m.ReportSpec | None, src: SourceMap | None) -> list[Diagnostic]:
    if spec is None or src is None:
        return []
    out: list[Diagnostic] = []
    if spec.due is not None and (spec.due.on is None) == (spec.due.after is None):
        out.append(
            src.at("reports", "due").error(
                t("reports: due: needs exactly one of on: (a date) or after: (working days after the campaign)"),
                hint=t("e.g. `due: {on: 2027-03-01}` or `due: {after: 5}`"),
            )
        )
    if spec.form is None:
        return out
    seen: set[str] = set()
    for i, col in enumerate(spec.form.columns):
        if col.label in seen:
            out.append(
                src.at("reports", "form", "columns", i, "label").error(
                    t("column '{label}' is on the form twice", label=col.label)
                )
            )
        seen.add(col.label)
        for name in col.sum or ():
            if not FIGURE_RE.match(name):
                out.append(
                    src.at("reports", "form", "columns", i, "sum").error(
                        t("'{name}' is not a figure name (lowercase letters, digits and _)", name=name),
                        hint=t(
                            "built-in figures: reached, materials, consultations, clinics, contraceptives, visits, "
                            "volunteers; any other name adds a column to the field form"
                        ),
                    )
                )
    return out
