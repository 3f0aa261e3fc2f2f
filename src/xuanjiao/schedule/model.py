"""What the planner computes: plain frozen records, no I/O, no formatting.

A `Plan` is one campaign's activity plan (活动方案); a `PlanSet` holds the plans of a whole
project, because volunteers are shared between campaigns whose dates overlap.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from ..errors import Diagnostic


@dataclass(frozen=True)
class Task:
    id: str
    title: str
    due: dt.date  # a working day on the official calendar
    owner: str | None
    before: int | None = None  # working days before the day, as in plan.yml
    after: int | None = None  # working days after the last day
    on: dt.date | None = None  # a fixed date, as in plan.yml
    moved_from: dt.date | None = None  # the computed date fell on a non-working day: moved before it


@dataclass(frozen=True)
class Assignment:
    volunteer: str  # volunteer id (names live only in the private outputs)
    role: str


@dataclass(frozen=True)
class Session:
    """One outreach session: a venue on one date at the venue's hours."""

    campaign: str
    venue: str
    date: dt.date
    start: str  # "HH:MM"
    end: str
    needed: int  # volunteers the venue asks for (a joint session: one more per other campaign)
    assignments: tuple[Assignment, ...] = ()
    partners: tuple[str, ...] = ()  # a joint session (联合开展): the other campaigns it serves
    host: str = ""  # a joint session: the campaign whose 统计表 carries its row

    @property
    def campaigns(self) -> tuple[str, ...]:
        """Every campaign this session serves, host first."""
        rest = sorted({self.campaign, *self.partners} - {self.host or self.campaign})
        return (self.host or self.campaign, *rest)

    @property
    def reported_here(self) -> bool:
        """Whether this campaign's 统计表 carries the session's row (a joint session's host only)."""
        return not self.host or self.host == self.campaign

    @property
    def key(self) -> tuple[str, str, dt.date]:
        return (self.campaign, self.venue, self.date)

    @property
    def volunteers(self) -> tuple[str, ...]:
        return tuple(sorted(a.volunteer for a in self.assignments))

    def staffed(self, assignments: tuple[Assignment, ...]) -> Session:
        """This session with its volunteers (`dataclasses.replace` at a fraction of the cost:
        the planner does it for every session)."""
        return Session(**{**self.__dict__, "assignments": assignments})

    @property
    def short(self) -> int:
        return max(0, self.needed - len(self.assignments))

    def start_at(self) -> dt.datetime:
        return dt.datetime.combine(self.date, dt.time.fromisoformat(self.start))

    def end_at(self) -> dt.datetime:
        return dt.datetime.combine(self.date, dt.time.fromisoformat(self.end))


Basis = Literal["reach", "fixed", "per-venue"]


@dataclass(frozen=True)
class PrintQuantity:
    material: str
    quantity: int
    basis: Basis  # reach: computed from sessions; fixed: print.quantity; per-venue: large formats
    reach: int = 0  # expected people over the sessions (the basis of a computed quantity)
    shared_with: tuple[str, ...] = ()  # other campaigns of the year that use this material
    run: int = 0  # a shared material: copies printed for all its campaigns together (0: not shared)


@dataclass(frozen=True)
class Plan:
    campaign: str
    day: str
    name: str  # the awareness day's Chinese name
    year: int
    date: dt.date  # first day of the observance
    end: dt.date  # last day (inclusive)
    window_start: dt.date  # outreach window (sessions fall inside it)
    window_end: dt.date
    tasks: tuple[Task, ...]
    sessions: tuple[Session, ...]
    print: tuple[PrintQuantity, ...]
    reach: int = 0  # people expected over all sessions (sum of the venues' reach)
    unofficial_years: tuple[int, ...] = ()  # due dates counted on plain Mon-Fri: no official data
    warnings: tuple[str, ...] = ()  # public wording: ids and dates, never names

    @property
    def shortfall(self) -> int:
        return sum(s.short for s in self.sessions)


@dataclass(frozen=True)
class PlanSet:
    plans: dict[str, Plan] = field(default_factory=dict)  # campaign id -> plan
    diagnostics: tuple[Diagnostic, ...] = ()

    def for_year(self, year: int) -> list[Plan]:
        return [p for p in self.plans.values() if p.year == year]
