"""The build's progress on stderr (a `stage.Progress`).

On a terminal one line per stage, redrawn in place as items finish: `▶ 印刷文件 print 12/40
· slowest: aids-leaflet 3.2 s`, then `✓ ...` with the stage's time. Elsewhere (CI logs, a file)
plain lines that are never redrawn: the stage as it starts, and a summary when it had items.
"""

from __future__ import annotations

import shutil
import sys
import time
import unicodedata
from typing import TextIO

from ..messages import t
from ..stage import STAGE_LABELS

REDRAW_EVERY = 0.1  # seconds: a terminal line redrawn at most this often (a cached stage ticks fast)


def width(text: str) -> int:
    """Columns `text` takes on a terminal (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def clip(text: str, columns: int) -> str:
    """`text` cut to fit `columns` (a wrapped line could not be redrawn in place)."""
    out: list[str] = []
    used = 0
    for ch in text:
        used += width(ch)
        if used > columns:
            return "".join(out[:-1]) + "…"
        out.append(ch)
    return text


class Display:
    def __init__(self, stream: TextIO | None = None, tty: bool | None = None):
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty() if tty is None else tty
        self.label, self.done, self.total = "", 0, 0
        self.slowest: tuple[str, float] = ("", 0.0)
        self.open = False  # a terminal line is drawn and not ended yet
        self.drawn = 0.0

    def stage(self, name: str) -> None:
        self.close()
        self.label, self.done, self.total, self.slowest = STAGE_LABELS.get(name, name), 0, 0, ("", 0.0)
        if self.tty:
            self._draw("▶ " + self.label)
        else:
            self._line(t("building {stage} ...", stage=self.label))

    def step(self, done: int, total: int, item: str = "", seconds: float = 0.0) -> None:
        self.done, self.total = done, total
        if item and seconds > self.slowest[1]:
            self.slowest = (item, seconds)
        now = time.monotonic()
        if self.tty and (now - self.drawn >= REDRAW_EVERY or done == total):
            self._draw(f"▶ {self.label} {self._counts()}")

    def finished(self, name: str, seconds: float) -> None:
        if self.tty:
            self._draw(f"✓ {self.label} {self._counts()}".rstrip() + f" ({seconds:.1f} s)")
            self.close()
        elif self.total:
            self._line("  " + self._counts())

    def close(self) -> None:
        """End a line left open (before diagnostics or an error are printed under it)."""
        if self.open:
            self.stream.write("\n")
            self.stream.flush()
            self.open = False

    def _counts(self) -> str:
        if not self.total:
            return ""
        text = f"{self.done}/{self.total}"
        item, seconds = self.slowest
        if item:
            text += " · " + t("slowest: {item} {seconds:.1f} s", item=item, seconds=seconds)
        return text

    def _draw(self, text: str) -> None:
        columns = shutil.get_terminal_size((80, 24)).columns - 1
        self.stream.write("\r\033[K" + clip(text, columns))
        self.stream.flush()
        self.open, self.drawn = True, time.monotonic()

    def _line(self, text: str) -> None:
        self.stream.write(text + "\n")
        self.stream.flush()
