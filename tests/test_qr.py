"""QR codes: our mask choice (numpy) is segno's own (ISO/IEC 18004 penalty scores), so the
symbols are the ones segno would draw, across sizes and kinds of content."""

from __future__ import annotations

import io
import random
import string

import pytest
import segno

from xuanjiao import qr


def _addresses() -> list[str]:
    rng = random.Random(18004)
    chars = string.ascii_letters + string.digits + "/-._~?=&%"
    out = [
        "https://example.gov.cn/" + "".join(rng.choice(chars) for _ in range(rng.randint(1, 400))) for _ in range(240)
    ]
    out += [f"https://example.org/bench/materials/bench-m{i:04d}/" for i in range(40)]
    out += ["青禾县卫生健康局" * k for k in (1, 3, 9, 27)] + ["12320", "HTTPS://EXAMPLE.ORG/A"]
    return out


@pytest.mark.parametrize("chunk", range(4))
def test_same_mask_and_modules_as_segno(chunk):
    addresses = _addresses()[chunk::4]
    versions = set()
    for address in addresses:
        ours, theirs = qr.make(address), segno.make(address, error="m", micro=False)
        assert (ours.version, ours.error, ours.mask) == (theirs.version, theirs.error, theirs.mask), address
        assert ours.matrix == theirs.matrix, address
        versions.add(theirs.version)
    assert len(versions) >= 5  # small and large symbols (with version information) alike


def test_every_mask_is_chosen_somewhere():
    """The eight patterns all win for some input: the comparison above covers each of them."""
    assert {qr.make(a).mask for a in _addresses()} == set(range(8))


def test_svg_bytes_equal_segnos():
    for address in _addresses()[::10]:
        ours, theirs = io.BytesIO(), io.BytesIO()
        for code, buf in ((qr.make(address), ours), (segno.make(address, error="m", micro=False), theirs)):
            code.save(buf, kind="svg", scale=4, border=2, xmldecl=False, svgns=True, title="二维码", unit=None)
        assert ours.getvalue() == theirs.getvalue(), address
