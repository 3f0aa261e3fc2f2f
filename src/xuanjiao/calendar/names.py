"""English (and, for weekdays, Chinese) names of weekdays and months, case-insensitive."""

from __future__ import annotations

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

_ZH_WEEKDAYS = "一二三四五六日"


def _weekday_table() -> dict[str, int]:
    table: dict[str, int] = {}
    for i, name in enumerate(WEEKDAYS):
        table[name.lower()] = i
        table[name[:3].lower()] = i
    table.update({"tues": 1, "thur": 3, "thurs": 3})
    for i, ch in enumerate(_ZH_WEEKDAYS):
        table[f"周{ch}"] = i
        table[f"星期{ch}"] = i
    table["周天"] = table["星期天"] = 6
    return table


WEEKDAY_BY_NAME = _weekday_table()
MONTH_BY_NAME = (
    {n.lower(): i + 1 for i, n in enumerate(MONTHS)}
    | {n[:3].lower(): i + 1 for i, n in enumerate(MONTHS)}
    | {"sept": 9}
)


def weekday_number(word: str) -> int | None:
    """0 = Monday ... 6 = Sunday, or None for an unknown name."""
    return WEEKDAY_BY_NAME.get(word.strip().lower())


def month_number(word: str) -> int | None:
    """1 = January ... 12 = December, or None for an unknown name."""
    return MONTH_BY_NAME.get(word.strip().lower())
