"""Which inks the text of a written PDF prints in: the preflight's 文字用墨 line.

Every text-showing operator (in the pages and their forms) is counted with its effective size
and the fill colour in force. A print shop wants text under 12 pt in one ink (a fine serif in
four inks blurs when the plates are a hair out of register) and black text at K 100 %, not a
screen of black. In an RGB file the separation is not decided yet, so nothing can be counted
but the runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pikepdf

from .cmyk import SMALL_PT, content_streams

FILL_OPS = ("g", "rg", "k", "sc", "scn")


@dataclass
class TextInk:
    runs: int = 0  # text-showing operators
    small: int = 0  # of them under SMALL_PT
    small_several: int = 0  # small text in more than one ink
    rgb: int = 0  # runs filled in RGB
    black_screens: int = 0  # 12 pt and over in a gray between 0 and 20 %: black printed as a screen


def _inks(op: str, values: list[float]) -> int:
    """How many inks a fill prints in (3: an RGB fill, not separated yet)."""
    if op == "g" or len(values) == 1:
        return 1
    if op == "rg" or len(values) == 3:
        return 3
    return sum(1 for v in values if v > 0.001)


def _scale(values: list[float]) -> float:
    return abs(values[0] * values[3] - values[1] * values[2]) ** 0.5 if len(values) >= 4 else 1.0


def text_ink(pdf: pikepdf.Pdf) -> TextInk:
    out = TextInk()
    for holder in content_streams(pdf):
        fill: tuple[str, list[float]] = ("g", [0.0])
        ctm, size, tm = 1.0, 0.0, 1.0
        stack: list[tuple[tuple[str, list[float]], float]] = []
        for instruction in pikepdf.parse_content_stream(holder):
            operands, name = instruction.operands, str(instruction.operator)
            nums = [float(v) for v in operands if isinstance(v, (int, float, Decimal))]
            if name == "q":
                stack.append((fill, ctm))
            elif name == "Q" and stack:
                fill, ctm = stack.pop()
            elif name == "cm":
                ctm *= _scale(nums)
            elif name == "Tm":
                tm = _scale(nums)
            elif name == "Tf" and nums:
                size = nums[0]
            elif name in FILL_OPS and nums:
                fill = (name, nums)
            elif name in ("Tj", "TJ", "'", '"'):
                _count(out, fill, size * tm * ctm)
    return out


def _count(out: TextInk, fill: tuple[str, list[float]], size: float) -> None:
    op, values = fill
    inks = _inks(op, values)
    out.runs += 1
    out.rgb += inks == 3 and op in ("rg", "sc", "scn")
    if size < SMALL_PT - 0.01:
        out.small += 1
        out.small_several += inks > 1
    elif op == "g" and 0.001 < values[0] < 0.2:
        out.black_screens += 1
