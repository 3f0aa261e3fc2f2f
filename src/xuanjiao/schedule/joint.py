"""Joint sessions (联合开展): campaigns whose outreach windows share a venue's day hold one
session there, not two booked side by side.

The session keeps one time slot (the venue's hours) and one roster: the venue's volunteers
plus one per further campaign, whose materials and questions need a hand of their own. Each
campaign's plan lists it, naming the others; only the host campaign's 统计表 (the campaign
whose day comes first) carries its row, so the forms filled as produced report it once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import replace

from ..content.models import Campaign
from ..errors import Diagnostic, Location
from ..messages import t
from .model import Session

EXTRA_PER_CAMPAIGN = 1  # volunteers a joint session needs beyond the venue's, per further campaign


def join(drafts: Sequence[tuple[str, list[Session]]]) -> dict[str, list[Session]]:
    """Campaign id -> its sessions, those at a venue and date another campaign also holds made
    joint. `drafts` come in host order: the earliest campaign first."""
    served: dict[tuple[str, dt.date], list[str]] = {}
    for cid, sessions in drafts:
        for s in sessions:
            served.setdefault((s.venue, s.date), []).append(cid)
    out: dict[str, list[Session]] = {}
    for cid, sessions in drafts:
        mine = []
        for s in sessions:
            those = served[(s.venue, s.date)]
            if len(those) > 1:
                extra = EXTRA_PER_CAMPAIGN * (len(those) - 1) if s.needed else 0
                s = replace(s, partners=tuple(c for c in those if c != cid), host=those[0], needed=s.needed + extra)
            mine.append(s)
        out[cid] = mine
    return out


def roster_key(s: Session) -> tuple[str, str, dt.date]:
    """The key the roster books a session under: a joint session once, under its host."""
    return (s.host or s.campaign, s.venue, s.date)


def to_staff(sessions: Iterable[Session]) -> list[Session]:
    """One session per slot to staff: a joint session only in its host's copy."""
    return [s for s in sessions if s.reported_here]


def warning(
    c: Campaign, vid: str, place: str, sessions: Sequence[Session], alone: int, where: Location
) -> tuple[str, Diagnostic] | None:
    """A plan note and a diagnostic when this campaign's joint sessions at `vid` (called `place`)
    need more people than it planned there alone (`alone` per session), else None."""
    mine = [s for s in sessions if s.venue == vid and s.partners]
    if not mine or mine[0].needed <= alone:
        return None
    others = ", ".join(dict.fromkeys(p for s in mine for p in s.partners))
    text = t(
        "joint sessions with {others} at {place} on {dates} need {needed} volunteers each, "
        "{extra} more than {id} alone planned ({alone})",
        others=others,
        place=place,
        dates=", ".join(s.date.isoformat() for s in mine),
        needed=mine[0].needed,
        extra=mine[0].needed - alone,
        id=c.id,
        alone=alone,
    )
    return text, where.warning(
        t("{id}: {text}", id=c.id, text=text),
        hint=t(
            "the campaigns hold one session there (联合开展): recruit for the joint "
            "roster, or leave the venue out of one campaign's venues:"
        ),
    )
