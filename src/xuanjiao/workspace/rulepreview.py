"""The next three dates a date rule (awareness days) or a venue cycle gives, shown under the
field so that a rule's meaning is seen before it is saved."""

from __future__ import annotations

import datetime as dt

from ..calendar.cycles import parse_cycle
from ..calendar.parsing import RuleError
from ..calendar.rules import parse_rule
from .words import _

COUNT = 3


def next_rule_dates(text: str, today: dt.date, dates: dict | None = None) -> str:
    """'2027-04-07、2028-04-07、2029-04-07', or why the rule cannot be read."""
    try:
        rule = parse_rule(str(text))
    except (RuleError, ValueError) as exc:
        return _("规则无法识别：{problem}").format(problem=exc)
    announced = {int(y): d for y, d in (dates or {}).items() if isinstance(d, dt.date)}
    found: list[dt.date] = []
    for year in range(today.year, today.year + 12):
        found += [d for d in rule.dates_in(year, announced) if d >= today]
        if len(found) >= COUNT:
            break
    return _("、").join(d.isoformat() for d in found[:COUNT]) or _(
        "近几年没有日期（如 announced 需在“各年日期”里写明）"
    )


def next_cycle_dates(text: str, today: dt.date) -> str:
    try:
        cycle = parse_cycle(str(text))
    except (RuleError, ValueError) as exc:
        return _("规则无法识别：{problem}").format(problem=exc)
    found = cycle.dates(today, today + dt.timedelta(days=60))[:COUNT]
    return _("、").join(d.isoformat() for d in found) or _("两个月内没有日期")


def hints(kind_name: str, data: dict, today: dt.date | None = None) -> dict[str, str]:
    """Field name -> the dates its rule gives, for the kinds that have rules."""
    today = today or dt.date.today()
    if kind_name == "days" and data.get("date"):
        return {"date": _("接下来：") + next_rule_dates(data["date"], today, data.get("dates"))}
    if kind_name == "venues" and data.get("days"):
        return {"days": _("接下来：") + next_cycle_dates(data["days"], today)}
    return {}
