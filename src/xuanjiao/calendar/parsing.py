"""The one error raised for a bad date rule or venue cycle.

It carries a column so the content loader can point at the offending part of
the YAML scalar (``file:line:col`` = scalar start + col).
"""

from __future__ import annotations


class RuleError(ValueError):
    def __init__(self, message: str, col: int = 0, hint: str = ""):
        super().__init__(message)
        self.message = message
        self.col = col  # 0-based offset within the rule text
        self.hint = hint

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"RuleError({self.message!r}, col={self.col}, hint={self.hint!r})"


def tokens(text: str) -> list[tuple[str, int]]:
    """Whitespace-separated words with their 0-based columns."""
    out: list[tuple[str, int]] = []
    col = 0
    for word in text.split():
        col = text.index(word, col)
        out.append((word, col))
        col += len(word)
    return out


def join_hints(*parts: str) -> str:
    """Join non-empty hint parts ("did you mean 'X'?" reads best followed by a space)."""
    out = ""
    for part in filter(None, parts):
        out += ("" if not out else " " if out.endswith("?") else "; ") + part
    return out
