"""What the review workflow shows and decides: China's date for signatures, the default next
review, the reviewer's comment a writer still has to address, the diff against the version
the doctor signed, and which reviews fall due soon.

Statuses (docs/content.md): draft → review (待审核) → approved, or back to draft with the
reviewer's comment. Saving an approved material changes it, so the saved version goes back to
review: it needs a new signature, and the build keeps publishing the signed one meanwhile
(content/approved.py). Its reviewed_by/reviewed_on/review_due stay as they were: they still
describe the version that is published, and the next approval replaces them.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass
from pathlib import Path

from ..content.approved import Approved, last_approved
from .accounts import Accounts
from .words import N_

CHINA = dt.timezone(dt.timedelta(hours=8), "Asia/Shanghai")  # no daylight saving since 1991
DUE_WITHIN = dt.timedelta(days=30)
ACTIONS = ("submit", "approve", "return")
# shown after the save (translated there)
REOPENED = N_(
    "这份资料已审核过：修改后的新版本需要重新审核，现为“待审核”；审核通过前，网站和印刷文件仍使用已审核的版本。"
)


def china_today() -> dt.date:
    return dt.datetime.now(CHINA).date()


def default_due(day: dt.date) -> dt.date:
    """One year after `day` (28 February after a 29 February)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


@dataclass(frozen=True)
class Returned:
    """The reviewer's comment on a material sent back, shown until it is resubmitted."""

    reviewer: str
    when: str
    comment: str


def returned(accounts: Accounts, rel: str) -> Returned | None:
    """The last review act on `rel` when it was a return (None after a resubmission)."""
    for at, name, action, _file, _commit, detail in accounts.audit_rows(rel, 1000):
        if action not in ACTIONS:
            continue
        if action != "return":
            return None
        user = accounts.user(name)
        when = dt.datetime.fromtimestamp(at, CHINA).strftime("%Y-%m-%d %H:%M")
        return Returned(user.shown if user else name, when, detail)
    return None


@dataclass(frozen=True)
class DiffLine:
    kind: str  # "same", "add", "del", "gap"
    old: int | None  # line number in the approved version
    new: int | None  # line number in the working file
    text: str


@dataclass(frozen=True)
class SinceApproval:
    commit: str
    lines: tuple[DiffLine, ...]


def since_approval(root: Path, rel: str, text: str) -> SinceApproval | None:
    """What changed since the last approved version (None when there is none or nothing
    changed): every changed line with three lines of context around it."""
    approved: Approved | None = last_approved(root, rel)
    if approved is None or approved.text == text:
        return None
    old, new = approved.text.splitlines(), text.splitlines()
    lines: list[DiffLine] = []
    for group in difflib.SequenceMatcher(None, old, new, autojunk=False).get_grouped_opcodes(3):
        if lines:
            lines.append(DiffLine("gap", None, None, "⋯"))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                lines += [DiffLine("same", i + 1, j + 1, old[i]) for i, j in zip(range(i1, i2), range(j1, j2))]
                continue
            lines += [DiffLine("del", i + 1, None, old[i]) for i in range(i1, i2)]
            lines += [DiffLine("add", None, j + 1, new[j]) for j in range(j1, j2)]
    return SinceApproval(approved.commit, tuple(lines))


def due_soon(items: list, today: dt.date) -> list:
    """Approved (or re-submitted) materials whose review falls due within 30 days, or is past."""
    limit = today + DUE_WITHIN
    found = [m for m in items if m.review_due and m.status in ("approved", "review") and m.review_due <= limit]
    return sorted(found, key=lambda m: (m.review_due, m.ident))


@dataclass(frozen=True)
class Panel:
    """The review part of a material's edit page."""

    status: str
    returned: Returned | None
    since: SinceApproval | None
    due_default: dt.date  # what the approve form proposes


def panel(root: Path, accounts: Accounts, rel: str, text: str, status: str) -> Panel:
    since = since_approval(root, rel, text) if status != "approved" else None
    return Panel(status, returned(accounts, rel), since, default_due(china_today()))
