"""The review table (`xuanjiao check --reviews`): who reviewed what, and when it is due again."""

from __future__ import annotations

import datetime as dt
import unicodedata

from .. import i18n
from ..content.models import Project


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def review_table(project: Project, today: dt.date | None = None) -> str:
    today = today or dt.date.today()
    rows = [("资料 material", "状态 status", "审核人 reviewer", "审核日期 reviewed", "复审 due", "")]
    for m in sorted(project.materials.values(), key=lambda m: (m.review_due or dt.date.max, m.id)):
        flag = ""
        if m.status == "approved" and m.review_due:
            if m.review_due < today:
                flag = "已过期 overdue"
            elif (m.review_due - today).days <= 30:
                flag = "即将到期 due soon"
        rows.append(
            (
                m.id,
                i18n.STATUS[m.status],
                m.reviewed_by or "—",
                m.reviewed_on.isoformat() if m.reviewed_on else "—",
                m.review_due.isoformat() if m.review_due else "—",
                flag,
            )
        )
    widths = [max(_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(_pad(c, w) for c, w in zip(r, widths)).rstrip() for r in rows)
