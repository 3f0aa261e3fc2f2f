"""Calendar logic: date rules, the lunar calendar, the official work calendar, venue cycles.

Pure functions over dates; the only I/O is reading the data shipped in
``xuanjiao/data`` (the built-in awareness days and the official holidays).
"""

from __future__ import annotations

from pathlib import Path

from .cycles import Cycle, parse_cycle
from .lunar import LunarDate, to_lunar, to_solar
from .parsing import RuleError
from .rules import DateRule, parse_rule
from .workcal import WorkCalendar

__all__ = [
    "Cycle", "DateRule", "LunarDate", "RuleError", "WorkCalendar",
    "builtin_days_path", "parse_cycle", "parse_rule", "to_lunar", "to_solar",
]  # fmt: skip


def builtin_days_path() -> Path:
    """The packaged list of awareness days (same format as content/awareness-days.yml)."""
    return Path(__file__).resolve().parent.parent / "data" / "awareness-days.yml"
