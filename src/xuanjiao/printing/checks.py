"""Checks a print shop would make, run on the written PDF: fonts embedded; which characters no
font has (the pages that show them: `inspect.PageInk.tofu`)."""

from __future__ import annotations

import subprocess
from functools import lru_cache

import pikepdf


def fonts(pdf: pikepdf.Pdf) -> dict[str, bool]:
    """Every font used by a page (or a form on it): base name -> embedded?"""
    found: dict[str, bool] = {}
    seen: set[tuple[int, int]] = set()

    def visit(resources) -> None:
        if resources is None:
            return
        for font in (resources.get("/Font") or {}).values():
            found[str(font.get("/BaseFont", font.get("/Name", "?")))] = _embedded(font)
        for xobj in (resources.get("/XObject") or {}).values():
            if xobj.get("/Subtype") == "/Form" and xobj.objgen not in seen:
                seen.add(xobj.objgen)
                visit(xobj.get("/Resources"))

    for page in pdf.pages:
        visit(page.obj.get("/Resources"))
    return found


def _embedded(font) -> bool:
    if font.get("/Subtype") == "/Type3":
        return True  # glyphs are drawn by the font's own procedures
    if font.get("/Subtype") == "/Type0":
        font = font["/DescendantFonts"][0]
    desc = font.get("/FontDescriptor")
    return desc is not None and any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def uncovered(text: str, first_line: int) -> list[tuple[int, int, str]]:
    """(line, column, character) of characters no installed font can draw (asks fontconfig)."""
    out = []
    for n, line in enumerate(text.splitlines()):
        for col, char in enumerate(line, 1):
            if ord(char) > 0x2000 and not _covered(char):
                out.append((first_line + n, col, char))
    return out


@lru_cache(maxsize=4096)
def _covered(char: str) -> bool:
    try:
        found = subprocess.run(
            ["fc-list", f":charset={ord(char):x}", "family"], capture_output=True, text=True, timeout=20
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return True  # cannot tell; the PDF check has already reported the page
    return bool(found.strip())
