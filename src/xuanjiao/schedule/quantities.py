"""Print quantities: how many copies of each material a campaign needs.

Hand-out materials (posters, leaflets, brochures, flyers): the expected reach of every session
of the campaign × (1 + print_spare), rounded up to a whole hundred, unless the material sets
`print.quantity`. Large formats (宣传栏 sheets, 易拉宝, 横幅) are not handed out: one per venue
that holds sessions, unless `print.quantity` says otherwise.

Arithmetic is exact (Decimal): 1000 × 1.1 must give 1100, not 1100.0000000000002 → 1200.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_CEILING, Decimal

from ..content.models import Material
from .model import PrintQuantity, Session

LARGE_KINDS = frozenset({"board", "rollup", "banner"})
ROUND_TO = 100


def round_up(value: Decimal, step: int = ROUND_TO) -> int:
    """`value` rounded up to a multiple of `step` (0 stays 0)."""
    return int((value / step).to_integral_value(rounding=ROUND_CEILING)) * step


def copies_for(reach: int, spare: float) -> int:
    return round_up(Decimal(reach) * (1 + Decimal(str(spare))))


def quantities(
    materials: Iterable[Material], sessions: Iterable[Session], reach_of: dict[str, int], spare: float
) -> tuple[PrintQuantity, ...]:
    """One `PrintQuantity` per material, in the order given.

    `reach_of` maps venue id -> people expected per session.
    """
    sessions = list(sessions)
    reach = sum(reach_of.get(s.venue, 0) for s in sessions)
    venues = len({s.venue for s in sessions})
    out = []
    for m in materials:
        if m.print.quantity is not None:
            out.append(PrintQuantity(m.id, m.print.quantity, "fixed", reach))
        elif m.kind in LARGE_KINDS:
            out.append(PrintQuantity(m.id, venues, "per-venue", reach))
        else:
            out.append(PrintQuantity(m.id, copies_for(reach, spare), "reach", reach))
    return tuple(out)
