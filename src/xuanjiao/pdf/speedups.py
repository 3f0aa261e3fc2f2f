"""WeasyPrint's PDF writing made faster, process-wide, without changing what it draws.

Each speed-up replaces one piece of WeasyPrint or pydyf and keeps the original when this
version lacks what it needs; `install()` applies them once per process. A WeasyPrint or pydyf
upgrade should re-run tests/test_print_speed.py, which compares each with the original.

- `one_pass_subset`: fonts subset in one HarfBuzz pass instead of two;
- `lazy_font_files`: a font's whole file (16-25 MB for a CJK face) is copied out of HarfBuzz
  only if something reads it, not for every font of every document;
- `fast_deflate`: streams deflated at zlib level 1 instead of 9.

They reach into private parts of WeasyPrint and pydyf, so they are applied only to the versions
they were tested with (`TESTED`, the same bounds as pyproject.toml); any other version is left
stock, with one warning.
"""

from __future__ import annotations

import re
import threading
import warnings
import zlib
from importlib import metadata

from ..messages import t

# package -> (lowest tested, first untested) version; keep in step with pyproject.toml
TESTED = {"weasyprint": ((67,), (71,)), "pydyf": ((0, 11), (0, 14))}

_DROP_TABLES = (b"BASE", b"DSIG", b"EBDT", b"EBLC", b"EBSC", b"GPOS", b"GSUB", b"JSTF", b"LTSH", b"PCLT", b"SVG ")
_installed: dict[str, bool] = {}


def install() -> dict[str, bool]:
    """Apply every speed-up (once per process). -> which of them took (none on a WeasyPrint or
    pydyf outside the tested versions: stock WeasyPrint then writes the PDFs, only slower)."""
    if not _installed:
        outside = untested()
        if outside:
            warnings.warn(
                t(
                    "{packages}: not a version xuanjiao's PDF speed-ups were tested with; "
                    "PDFs are written by stock WeasyPrint (slower)",
                    packages=", ".join(outside),
                ),
                RuntimeWarning,
                stacklevel=2,
            )
            _installed.update(one_pass_subset=False, lazy_font_files=False, fast_deflate=False)
        else:
            _installed.update(
                one_pass_subset=one_pass_subset(), lazy_font_files=lazy_font_files(), fast_deflate=fast_deflate()
            )
    return dict(_installed)


def untested() -> list[str]:
    """`name version` of each patched package installed at a version outside `TESTED`."""
    out = []
    for name, (low, high) in TESTED.items():
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue  # not installed: nothing to patch (and nothing renders)
        if not low <= _release(version) < high:
            out.append(f"{name} {version}")
    return out


def _release(version: str) -> tuple[int, ...]:
    """(70, 0) for "70.0", "70.0rc1" or "70.0.dev0" (a pre-release counts as its release)."""
    found = re.match(r"\d+(?:\.\d+)*", version)
    return tuple(int(n) for n in found.group().split(".")) if found else ()


def one_pass_subset() -> bool:
    """Subset embedded fonts in one HarfBuzz pass.

    WeasyPrint subsets each font twice: once keeping the used glyphs at their ids, then again
    keeping every id up to the last used one, only to drop the trailing glyphs the first pass
    added by closure (Unicode variation sequences of the used characters). For a CJK font,
    whose used ids run to ~63,000, each pass costs 10-15 ms, and the second one was a third of
    a leaflet's whole write. One pass with the same flags (hinting dropped in it) gives the same
    glyphs at the same ids, draws identically and extracts the same text; the font may keep a
    few unused variant glyphs. False (WeasyPrint's subsetting stays) when this WeasyPrint or
    HarfBuzz lacks the pieces."""
    try:
        from weasyprint.pdf.fonts import Font
        from weasyprint.text.ffi import ffi, harfbuzz
        from weasyprint.text.ffi import harfbuzz_subset as hs
        from weasyprint.text.fonts import get_hb_object_data

        original = Font._harfbuzz_subset
        retain = (
            hs.HB_SUBSET_FLAGS_RETAIN_GIDS
            | hs.HB_SUBSET_FLAGS_PASSTHROUGH_UNRECOGNIZED
            | hs.HB_SUBSET_FLAGS_DESUBROUTINIZE
        )
        no_hinting, notdef, drop_set = (
            hs.HB_SUBSET_FLAGS_NO_HINTING,
            hs.HB_SUBSET_FLAGS_NOTDEF_OUTLINE,
            hs.HB_SUBSET_SETS_DROP_TABLE_TAG,
        )
        drop = sorted(harfbuzz.hb_tag_from_string(tag, -1) for tag in _DROP_TABLES)
    except (ImportError, AttributeError):
        return False

    def add(target, values: list[int]) -> None:
        harfbuzz.hb_set_add_sorted_array(target, ffi.new(f"hb_codepoint_t[{len(values)}]", values), len(values))

    def one_pass(self, to_unicode, hinting):
        plan = ffi.gc(hs.hb_subset_input_create_or_fail(), hs.hb_subset_input_destroy)
        if plan == ffi.NULL:
            return original(self, to_unicode, hinting)
        add(hs.hb_subset_input_glyph_set(plan), sorted(to_unicode))
        add(hs.hb_subset_input_set(plan, drop_set), drop)
        flags = retain | (0 if hinting else no_hinting) | (notdef if self.missing else 0)
        hs.hb_subset_input_set_flags(plan, flags)
        face = ffi.gc(hs.hb_subset_or_fail(self.hb_face, plan), harfbuzz.hb_face_destroy)
        data = get_hb_object_data(face) if face != ffi.NULL else None
        if not data:  # let WeasyPrint try (and warn) in its own way
            return original(self, to_unicode, hinting)
        self.file_content = data

    one_pass.weasyprints = original  # for the test that compares the two
    Font._harfbuzz_subset = one_pass
    return True


_LATER = object()  # what Font.__init__ is given instead of the whole font file
_in_init = threading.local()


def lazy_font_files() -> bool:
    """Read a font's whole file only when something asks for it.

    `Font.__init__` copies the face's whole blob into Python bytes (`file_content`) for every
    font of every document: ~5 ms and 60 MB of allocation a document with three CJK faces.
    Subsetting then replaces it unread (HarfBuzz subsets from the face, not the bytes). Here
    `file_content` becomes a property that copies the blob on first read (a font embedded
    whole, a variable or colour font that fontTools rewrites) and stores what is assigned."""
    try:
        from weasyprint.pdf import fonts

        Font, original_get, original_init = fonts.Font, fonts.get_hb_object_data, fonts.Font.__init__
    except (ImportError, AttributeError):
        return False
    if isinstance(Font.__dict__.get("file_content"), property):  # already lazy
        return True

    def get_hb_object_data(hb_object, ot_color=None, glyph=None):
        if ot_color is None and glyph is None and getattr(_in_init, "on", False):
            return _LATER
        return original_get(hb_object, ot_color, glyph)

    def __init__(self, *args, **kwargs):
        _in_init.on = True
        try:
            original_init(self, *args, **kwargs)
        finally:
            _in_init.on = False

    def read(self):
        data = self.__dict__.get("_file_content")
        if data is None:
            data = self.__dict__["_file_content"] = original_get(self.hb_face)
        return data

    def write(self, value):
        if value is _LATER:
            self.__dict__.pop("_file_content", None)
        else:
            self.__dict__["_file_content"] = value

    get_hb_object_data.weasyprints, __init__.weasyprints = original_get, original_init  # for the tests
    fonts.get_hb_object_data = get_hb_object_data
    Font.__init__ = __init__
    Font.file_content = property(read, write)
    return True


DEFLATE_LEVEL = 1


class _Deflate:
    """pydyf's `zlib`, deflating at `DEFLATE_LEVEL` whatever level pydyf asks for.

    pydyf deflates every stream at level 9; on the subset CJK fonts that fill a print PDF,
    level 1 is 2.4x as fast for 2 % more bytes (level 6: 1.5x, 0.1 %). The fonts were a tenth
    of a leaflet's write. Deflate at any level is read by every PDF reader alike."""

    def __getattr__(self, name):
        return getattr(zlib, name)

    @staticmethod
    def compressobj(level: int = -1, *args, **kwargs):
        return zlib.compressobj(DEFLATE_LEVEL, *args, **kwargs)

    @staticmethod
    def compress(data, level: int = -1, **kwargs):
        return zlib.compress(data, DEFLATE_LEVEL, **kwargs)


def fast_deflate() -> bool:
    try:
        import pydyf
    except ImportError:
        return False
    if getattr(pydyf, "zlib", None) is not zlib and not isinstance(getattr(pydyf, "zlib", None), _Deflate):
        return False  # pydyf no longer deflates through the zlib module: leave it alone
    pydyf.zlib = _Deflate()
    return True
