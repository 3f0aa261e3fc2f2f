"""Flowing a leaflet's text through its panels (never CSS columns, see print-notes.md).

Units (headings, paragraphs, tables, list items) are measured once in a single column, then
packed greedily: a `<!-- break -->` starts the next panel, a heading never ends a panel,
and a unit that does not fit moves on. Whatever is left after the last panel overflows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations, pairwise

from .body import Unit


@dataclass
class Packing:
    panels: list[list[Unit]]
    left_over: list[Unit] = field(default_factory=list)
    too_many_parts: int = -1  # index of the first part that found no panel


def pack(
    units: list[Unit],
    heights: dict[int, tuple[float, float]],
    capacity: float,
    n_panels: int,
    n_parts: int,
    pushed: frozenset[int] = frozenset(),
) -> Packing:
    """Assign units to panels. `heights` maps unit -> (top, bottom) in one measured column;
    `pushed` are units that verification showed must start a new panel."""
    panels: list[list[Unit]] = [[] for _ in range(n_panels)]
    panel = 0
    result = Packing(panels)
    by_part = [[u for u in units if u.part == p] for p in range(n_parts)]
    for p, part_units in enumerate(by_part):
        if p > 0:
            panel += 1
        if panel >= n_panels:
            result.too_many_parts = p
            result.left_over = [u for u in units if u.part >= p]
            return result
        for unit in part_units:
            must_move = unit.index in pushed
            while True:
                if panel >= n_panels:
                    result.left_over.append(unit)
                    break
                current = panels[panel]
                starts_new = must_move and any(u.part == unit.part and u.index < unit.index for u in current)
                if not starts_new and _fits(current + [unit], heights, capacity):
                    current.append(unit)
                    break
                if not current:  # alone it is taller than a panel: it can only overflow
                    result.left_over.append(unit)
                    panel = n_panels
                    break
                carried = _trailing_headings(current)
                del current[len(current) - len(carried) :]
                must_move = False
                panel += 1
                if panel < n_panels:
                    panels[panel].extend(carried)
                else:
                    result.left_over.extend(carried)
    return result


def _fits(chosen: list[Unit], heights: dict[int, tuple[float, float]], capacity: float) -> bool:
    top = heights[chosen[0].index][0]
    bottom = heights[chosen[-1].index][1]
    return bottom - top <= capacity


def _trailing_headings(panel: list[Unit]) -> list[Unit]:
    """Headings at the end of a full panel go with the text they introduce."""
    n = 0
    while n < len(panel) - 1 and panel[len(panel) - 1 - n].keep_with_next:
        n += 1
    return panel[len(panel) - n :] if n else []


def left_over_height(left: list[Unit], heights: dict[int, tuple[float, float]]) -> float:
    if not left:
        return 0.0
    return heights[left[-1].index][1] - heights[left[0].index][0]


CUT_PENALTY = 0.06  # of a panel's height: what a panel not starting at a heading costs


def balanced(
    units: list[Unit],
    heights: dict[int, tuple[float, float]],
    capacity: float,
    inside: int,
    n_panels: int,
    n_parts: int,
) -> Packing | None:
    """The units spread over the `inside` panels so that the fullest is as short as it can
    be: no inside panel stays empty while the text could fill it. A `<!-- break -->` is
    always a cut; a heading never ends a panel; other cuts prefer to fall before a heading
    (a panel that starts mid-section costs CUT_PENALTY). None when no spread fits (more
    parts than panels, an empty part the writer asked for, too few units, or too much text:
    then `pack` fills panels in order and the text runs on to the flap)."""
    n = len(units)
    parts = [u.part for u in units]
    if n_parts > inside or n < inside or len(set(parts)) < n_parts:
        return None
    forced = {i for i in range(1, n) if parts[i] != parts[i - 1]}
    free = [i for i in range(1, n) if i not in forced and not units[i - 1].keep_with_next]
    best: tuple[float, tuple[int, ...]] | None = None
    for cuts in _cut_sets(sorted(forced), free, inside - 1):
        bounds = (0, *cuts, n)
        groups = [units[a:b] for a, b in pairwise(bounds)]
        tall = [_height(g, heights) for g in groups]
        if max(tall) > capacity:
            continue
        score = max(tall) + sum(CUT_PENALTY * capacity for c in cuts if c not in forced and not units[c].keep_with_next)
        if best is None or score < best[0] - 1e-9:
            best = (score, cuts)
    if best is None:
        return None
    bounds = (0, *best[1], n)
    panels = [list(units[a:b]) for a, b in pairwise(bounds)] + [[] for _ in range(n_panels - inside)]
    return Packing(panels)


def _cut_sets(forced: list[int], free: list[int], count: int):
    """Every sorted tuple of `count` cut positions that includes all `forced` ones."""
    extra = count - len(forced)
    if extra < 0:
        return
    for chosen in combinations(free, extra):
        yield tuple(sorted((*forced, *chosen)))


def _height(group: list[Unit], heights: dict[int, tuple[float, float]]) -> float:
    return heights[group[-1].index][1] - heights[group[0].index][0] if group else 0.0
