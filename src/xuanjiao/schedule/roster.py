"""Volunteer assignment: who goes to which session.

Rules, in order of strength:

1. a volunteer is only assigned on a day `available_on` allows;
2. nobody is in two places at once: two sessions on the same date whose hours overlap never
   share a volunteer, whichever campaigns they belong to;
3. the load is spread: candidates are taken by fewest sessions so far, ties by id;
4. each session gets at least one 宣讲 or 咨询 volunteer when one is free (they answer
   questions; the others hand out materials);
5. when people are scarce, sessions share them: each session of a date first gets a team of
   up to `FIRST_TEAM`, then the sessions are topped up to what their venue asks for (rather
   than the first market of the morning taking everyone and the station getting nobody);
6. people stay near home: a session first takes volunteers whose `home` is its venue, then
   those whose team is named after the venue's town (高坡镇卫生院志愿服务队 at 高坡镇赶场点),
   then the rest, and last those who belong near another session of that day, so a market is
   not left short while its own people are sent to the station.

Sessions are filled in time order (date, start, end, campaign, venue), so the result is
deterministic. A session that cannot be filled keeps the volunteers it got; the planner turns
the gap into a warning.

Cost: per date the free volunteers are kept sorted by (load, id); a scan stops as soon as the
session is full, and a time slot known to be exhausted is not scanned again, so 50 campaigns ×
100 venues × 500 volunteers plan in well under a second.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from itertools import groupby

from ..content.models import Venue, Volunteer
from .model import Assignment, Session

KEY_ROLES = ("宣讲", "咨询")
FIRST_TEAM = 2  # one to explain, one to hand out
DEFAULT_ROLE = "志愿服务"

Slot = tuple[int, int]  # minutes since midnight, [start, end)
# A town's name inside a team's or venue's name: 高坡镇 in 高坡镇卫生院志愿服务队. County-level
# words are left out, so 岚峰县高坡镇 gives 高坡镇 and a county-wide team names no town.
_TOWN = re.compile(r"[^\s县市省区镇乡（）()]{1,6}?(?:镇|乡|街道)")


def town(text: str | None) -> str | None:
    found = _TOWN.search(text or "")
    return found.group(0) if found else None


def locals_of(venue: Venue, people: Iterable[Volunteer]) -> list[str]:
    """Ids of the volunteers who belong at `venue`: its `home` people first, then its town's teams."""
    people = list(people)
    home = [v.id for v in people if v.home == venue.id]
    place = f"{venue.name} {venue.address or ''}"
    team = [v.id for v in people if v.home is None and (t := town(v.team)) is not None and t in place]
    return home + team


def _minutes(hhmm: str) -> int:
    return int(hhmm[:2]) * 60 + int(hhmm[3:5])


def _key_role(v: Volunteer) -> str | None:
    """The volunteer's first 宣讲/咨询 role (in the order they listed their roles)."""
    return next((r for r in v.roles if r in KEY_ROLES), None)


def session_order(s: Session) -> tuple:
    return (s.date, s.start, s.end, s.campaign, s.venue)


class _Day:
    """Bookkeeping for one date: free candidates sorted by (load, id), who is busy when."""

    def __init__(self, available: list[Volunteer], load: dict[str, int], key: set[str]):
        self.load = load
        self.key = key
        self.order = sorted((load[v.id], v.id) for v in available)
        self.here = {v.id for v in available}
        self.key_order = [item for item in self.order if item[1] in key]
        self.busy: dict[str, list[Slot]] = {}
        self.exhausted: list[Slot] = []  # slots where everyone available was busy
        self.no_key: list[Slot] = []  # slots where every 宣讲/咨询 volunteer was busy

    def free(self, vid: str, slot: Slot) -> bool:
        return all(slot[0] >= e or slot[1] <= s for s, e in self.busy.get(vid, ()))

    @staticmethod
    def _covered(slot: Slot, known: list[Slot]) -> bool:
        """`slot` contains a slot known to have nobody free: nobody is free for it either."""
        return any(slot[0] <= s and e <= slot[1] for s, e in known)

    def _candidates(self, mine: Sequence[str], elsewhere: AbstractSet[str]) -> Iterator[str]:
        """This session's own people (by load), the others, then other sessions' own people."""
        first = set(mine)
        yield from sorted((v for v in mine if v in self.here), key=lambda v: (self.load[v], v))
        later = []
        for _, vid in self.order:
            if vid in first:
                continue
            if vid in elsewhere:
                later.append(vid)
            else:
                yield vid
        yield from later

    def pick(
        self, slot: Slot, need: int, want_key: bool, mine: Sequence[str] = (), elsewhere: AbstractSet[str] = frozenset()
    ) -> tuple[list[str], str | None]:
        """Up to `need` free volunteers, and which of them is the 宣讲/咨询 one (if any)."""
        if need <= 0 or self._covered(slot, self.exhausted):
            return [], None
        chosen: list[str] = []
        for vid in self._candidates(mine, elsewhere):
            if self.free(vid, slot):
                chosen.append(vid)
                if len(chosen) == need:
                    break
        if len(chosen) < need:
            self.exhausted.append(slot)
        keyed = next((vid for vid in chosen if vid in self.key), None)
        if want_key and keyed is None and chosen and not self._covered(slot, self.no_key):
            spare = next((vid for _, vid in self.key_order if vid not in chosen and self.free(vid, slot)), None)
            if spare is None:
                self.no_key.append(slot)
            else:
                chosen[-1] = keyed = spare
        return chosen, keyed

    def book(self, vid: str, slot: Slot) -> None:
        old = (self.load[vid], vid)
        self.load[vid] += 1
        new = (self.load[vid], vid)
        for order in (self.order, self.key_order) if vid in self.key else (self.order,):
            del order[bisect.bisect_left(order, old)]
            bisect.insort(order, new)
        self.busy.setdefault(vid, []).append(slot)


def assign(
    sessions: Iterable[Session], volunteers: Mapping[str, Volunteer], venues: Mapping[str, Venue] | None = None
) -> dict[tuple, tuple[Assignment, ...]]:
    """Volunteers for every session, keyed by `Session.key`; each tuple is ordered by id."""
    people = [volunteers[i] for i in sorted(volunteers)]
    locals_at = {vid: locals_of(venue, people) for vid, venue in (venues or {}).items()}
    load = {v.id: 0 for v in people}
    key_roles = {v.id: role for v in people if (role := _key_role(v))}
    first_role = {v.id: (v.roles[0] if v.roles else DEFAULT_ROLE) for v in people}
    out: dict[tuple, tuple[Assignment, ...]] = {}
    patterns = [tuple(v.available) for v in people]
    for date, group in groupby(sorted(sessions, key=session_order), key=lambda s: s.date):
        day = _Day(_available(people, patterns, date), load, set(key_roles))
        todo = list(group)
        belong = {v for s in todo for v in locals_at.get(s.venue, ())}
        team: dict[tuple, list[str]] = {s.key: [] for s in todo}
        keyed: dict[tuple, str | None] = {}
        others = {s.venue: belong.difference(locals_at.get(s.venue, ())) for s in todo}  # once per venue
        for first in (True, False):
            for s in todo:
                slot = (_minutes(s.start), _minutes(s.end))
                want = min(s.needed, FIRST_TEAM) if first else s.needed - len(team[s.key])
                mine = locals_at.get(s.venue, [])
                chosen, key_person = day.pick(slot, want, want_key=first, mine=mine, elsewhere=others[s.venue])
                if first:
                    keyed[s.key] = key_person
                for vid in chosen:
                    day.book(vid, slot)
                team[s.key] += chosen
        for s in todo:
            out[s.key] = tuple(
                sorted(
                    (
                        Assignment(vid, key_roles[vid] if vid == keyed[s.key] else first_role[vid])
                        for vid in team[s.key]
                    ),
                    key=lambda a: a.volunteer,
                )
            )
    return out


def _available(people: list[Volunteer], patterns: list[tuple], date: dt.date) -> list[Volunteer]:
    """`available_on` asked once per distinct availability (`patterns`: each person's, as a
    tuple; most people share a few), not once per person: 500 volunteers on 350 dates were a
    tenth of planning."""
    answers: dict[tuple, bool] = {}
    out = []
    for v, pattern in zip(people, patterns):
        ok = answers.get(pattern)
        if ok is None:
            ok = answers[pattern] = v.available_on(date)
        if ok:
            out.append(v)
    return out
