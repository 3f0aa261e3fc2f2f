"""The statistics page (宣传活动统计): build/stats/reports.json as tables.

The stats stage writes that file only with `reports: {publish: true}` in site.yml, and only
aggregate numbers; this module turns it into the template's rows in the page's language. It
reads nothing else from the reports, so nothing but those sums can reach the site.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Callable

from .. import i18n
from ..i18n import N_

# the count columns of the 统计表, by their reports.json key
FIELD_LABELS = {
    "reach": N_("宣传服务人数"),
    "materials": N_("发放宣传资料(份)"),
    "consultations": N_("健康咨询(人次)"),
    "clinic": N_("义诊(人次)"),
    "contraceptives": N_("发放避孕药具(份)"),
    "visits": N_("走访慰问(户)"),
    "volunteers": N_("志愿者人次"),
}
# the same, short enough for a column head of a nine-column table (the year summary has the long ones)
COLUMN_LABELS = {
    "reach": N_("服务人数"),
    "materials": N_("发放资料"),
    "consultations": N_("咨询人次"),
    "clinic": N_("义诊人次"),
    "contraceptives": N_("避孕药具"),
    "visits": N_("走访户数"),
    "volunteers": N_("志愿者"),
}


def number(n: int | None) -> str:
    return "—" if n is None else f"{n:,}"


def rate(actual: int, target: int | None) -> str:
    return f"{actual / target:.0%}" if target else "—"


class StatsPage:
    def __init__(self, data: dict[str, Any], lang: str, campaign_url: Callable[[str], str | None]):
        self.data = data
        self.lang = lang
        self.campaign_url = campaign_url
        self.fields = [f for f in data.get("fields", []) if f in FIELD_LABELS]

    def _(self, message: str) -> str:
        return i18n.gettext(message, self.lang)

    def columns(self, totals: dict[str, int]) -> list[str]:
        """The count columns worth a column here: those not 0 throughout (reach and materials always)."""
        return [f for f in self.fields if f in ("reach", "materials") or totals.get(f)]

    def table(
        self, groups: list[dict[str, Any]], label: Callable[[dict[str, Any]], str], cols: list[str]
    ) -> list[dict[str, Any]]:
        return [
            dict(label=label(g), sessions=number(g["sessions"]), values=[number(g["totals"].get(f)) for f in cols])
            for g in groups
        ]

    def kind(self, g: dict[str, Any]) -> str:
        return i18n.label(i18n.VENUE_KIND, g["kind"], self.lang)

    def venue(self, g: dict[str, Any]) -> str:
        return str(g["name"])

    def day(self, g: dict[str, Any]) -> str:
        return i18n.short_date(dt.date.fromisoformat(g["date"]), self.lang)

    def breakdowns(self, scope: dict[str, Any], year: int) -> dict[str, Any]:
        cols = self.columns(scope["totals"])
        out = dict(
            columns=[self._(COLUMN_LABELS[f]) for f in cols],
            by_kind=self.table(scope["by_kind"], self.kind, cols),
            by_venue=self.table(scope["by_venue"], self.venue, cols),
            by_date=self.table(scope.get("by_date", []), self.day, cols),
        )
        if "by_month" in scope:
            out["by_month"] = self.table(
                scope["by_month"], lambda g: i18n.month_text(dt.date(year, int(g["month"]), 1), self.lang), cols
            )
        return out

    def campaign(self, c: dict[str, Any], year: int) -> dict[str, Any]:
        totals = c["totals"]
        goals = c.get("goals") or {}
        checks = [
            (self._("宣传服务人数 / 工作目标"), totals["reach"], goals.get("reach")),
            (self._("宣传服务人数 / 计划预计"), totals["reach"], c.get("planned_reach")),
            (self._("发放宣传资料 / 工作目标"), totals["materials"], goals.get("materials")),
            (self._("发放宣传资料 / 印制数量"), totals["materials"], c.get("printed")),
        ]
        span = i18n.span_in_year(dt.date.fromisoformat(c["start"]), dt.date.fromisoformat(c["end"]), self.lang)
        return dict(
            id=c["id"],
            title=c["title"],
            url=self.campaign_url(c["id"]),
            span=span,
            sessions=number(c["sessions"]),
            reach=number(totals["reach"]),
            materials=number(totals["materials"]),
            printed=number(c.get("printed") or None),
            handed_rate=rate(totals["materials"], c.get("printed")),
            goals=[
                dict(label=label, actual=number(a), target=number(b), rate=rate(a, b)) for label, a, b in checks if b
            ],
            **self.breakdowns(c, year),
        )

    def year(self, y: dict[str, Any]) -> dict[str, Any]:
        totals = y["totals"]
        summary = [(self._("宣传活动"), number(len(y["campaigns"]))), (self._("活动场次"), number(y["sessions"]))]
        summary += [(self._(FIELD_LABELS[f]), number(totals.get(f))) for f in self.columns(totals)]
        summary += [(self._("印制宣传资料(份)"), number(y.get("printed") or None))]
        return dict(
            year=y["year"],
            heading=self._("{year} 年").format(year=y["year"]),
            summary=[dict(label=label, value=value) for label, value in summary],
            campaigns=[self.campaign(c, y["year"]) for c in y["campaigns"]],
            **self.breakdowns(y, y["year"]),
        )

    def context(self) -> dict[str, Any]:
        return dict(years=[self.year(y) for y in self.data.get("years", [])])
