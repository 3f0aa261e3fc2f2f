"""QR codes: segno draws them; the mask pattern is chosen here, in numpy.

ISO/IEC 18004 has the encoder try all eight mask patterns and keep the one with the lowest
penalty score. segno scores them in pure Python, about 80 % of the 7 ms a code takes, which
a site of 1,000 materials pays 1,000 times. `make` asks segno for the code with mask 0,
recovers the unmasked symbol from it, scores the eight masks exactly as segno does (a test
compares the choice with segno's own over hundreds of addresses) and asks segno for the
code with the winning mask: the same symbol, about three times sooner.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import segno
from segno import encoder

ERROR = "m"  # error correction M: survives a smudged print


def make(content: str) -> segno.QRCode:
    """The QR code (never Micro QR) of `content`, identical to `segno.make(content, error="m")`."""
    code = segno.make(content, error=ERROR, micro=False, mask=0)
    best, masked = _choose(code)
    if best:  # the data with the chosen mask, then the format and version information for it
        matrix = tuple(bytearray(row.tobytes()) for row in masked)
        encoder.add_format_info(matrix, code.version, encoder.normalize_errorlevel(code.error), best)
        encoder.add_version_info(matrix, code.version)
        code.matrix, code.mask = matrix, best
    return code


def best_mask(code: segno.QRCode) -> int:
    """The mask segno would choose for `code`'s data (given `code` drawn with mask 0)."""
    return _choose(code)[0]


def _choose(code: segno.QRCode) -> tuple[int, np.ndarray]:
    final = _array(code.matrix)
    base, region, masks = _frame(final.shape[0])
    data = np.where(region, final ^ masks[0], base)  # mask 0 undone; format areas as before writing
    candidates = [np.where(region, data ^ m, data) for m in masks]
    best = int(np.argmin([_penalty(c) for c in candidates]))  # the first of equal scores, as segno
    return best, candidates[best]


@lru_cache(maxsize=None)
def _frame(size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For a symbol of `size` modules: the function patterns with the format and version areas
    reserved (0), as the encoder has them when it scores masks; where the data goes; and the
    eight mask patterns (1 = flip)."""
    matrix = encoder.make_matrix(size, size)
    encoder.add_finder_patterns(matrix, size, size)
    encoder.add_alignment_patterns(matrix, size, size)
    base = _array(matrix)
    region = base > 1
    i, j = np.indices((size, size))
    functions = encoder.get_data_mask_functions(False)
    masks = np.array([np.vectorize(fn)(i, j) for fn in functions], dtype=np.uint8) & region
    return base, region, masks


def _array(matrix) -> np.ndarray:
    return np.frombuffer(b"".join(bytes(row) for row in matrix), dtype=np.uint8).reshape(len(matrix), -1)


_N3 = bytes((1, 0, 1, 1, 1, 0, 1))


def _penalty(m: np.ndarray) -> int:
    """segno's `encoder.mask_scores` (N1 + N2 + N3 + N4), vectorised where it can be."""
    size = m.shape[0]
    score = 0
    for a in (m, m.T):  # N1: runs of five or more modules of one colour, in rows and columns
        change = np.ones((size, size + 1), dtype=bool)
        change[:, 1:size] = a[:, 1:] != a[:, :-1]
        runs = np.diff(np.flatnonzero(change))  # the 1s between rows never reach 5
        score += int((runs[runs >= 5] - 2).sum())
        score += sum(_n3(bytes(line), size) for line in a)  # N3: finder-like patterns
    block = (m[1:, 1:] == m[1:, :-1]) & (m[1:, 1:] == m[:-1, 1:]) & (m[1:, 1:] == m[:-1, :-1])
    score += 3 * int(block.sum())  # N2: 2 x 2 blocks of one colour
    percent = float(int(m.sum())) / (size**2)
    return score + 10 * int(abs(percent * 100 - 50) / 5)  # N4: dark modules away from half


def _n3(seq: bytes, size: int) -> int:
    """segno's count of 1:1:3:1:1 patterns with four light modules on one side, unchanged."""
    count = 0
    idx = seq.find(_N3)
    while idx != -1:
        offset = idx + 7
        if (
            idx in (0, size - 7)
            or not any(seq[max(idx - 4, 0) : min(idx, size)])
            or not any(seq[max(offset, 0) : min(offset + 4, size)])
        ):
            count += 40
        else:
            offset = idx + 4
        idx = seq.find(_N3, offset)
    return count
