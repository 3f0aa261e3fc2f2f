"""Reading a finished PDF the way a print shop's preflight does (pikepdf and poppler only):
images with the size they are drawn at, the thinnest stroke, the colour spaces used, crop
marks, and where text lies against the trim. Used by the render checks and the preflight
report, on any PDF (not only ours).

Coordinates are PDF points in default user space unless a name says mm.
"""

from __future__ import annotations

import math
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf

from .geometry import PT_PER_MM

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1, 0, 0, 1, 0, 0)


def _mul(m: Matrix, n: Matrix) -> Matrix:
    """m then n (PDF order: a point is transformed by m first)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])


@dataclass(frozen=True)
class ImageUse:
    page: int
    pixels: tuple[int, int]
    width_mm: float  # as printed (a proof's scale applied)
    height_mm: float
    colorspace: str

    @property
    def ppi(self) -> float:
        return min(self.pixels[0] / (self.width_mm / 25.4), self.pixels[1] / (self.height_mm / 25.4))


@dataclass
class PageInk:
    """What one page draws."""

    images: list[ImageUse] = field(default_factory=list)
    thinnest_mm: float | None = None  # inside the bleed box; 0 = a hairline (device pixel)
    marks: int = 0  # strokes drawn entirely outside the bleed box (crop marks)
    colours: set[str] = field(default_factory=set)  # RGB, CMYK, Gray, Spot, ...
    tofu: bool = False  # shows glyph 0 of a composite font (.notdef: an empty box in print)


def _box(page: pikepdf.Page, name: str) -> tuple[float, float, float, float]:
    raw = page.obj.get(name, page.obj.get("/MediaBox", page.mediabox))
    x0, y0, x1, y1 = (float(v) for v in raw)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _space_name(cs) -> str:
    if cs is None:
        return "?"
    if isinstance(cs, pikepdf.Name):
        return {
            "/DeviceRGB": "RGB",
            "/DeviceCMYK": "CMYK",
            "/DeviceGray": "Gray",
            "/CalRGB": "RGB",
            "/CalGray": "Gray",
            "/Lab": "Lab",
            "/Pattern": "Pattern",
        }.get(str(cs), str(cs).lstrip("/"))
    if isinstance(cs, pikepdf.Array) and len(cs):
        kind = str(cs[0])
        if kind == "/ICCBased":
            n = int(cs[1].get("/N", 3))
            return {1: "Gray", 3: "RGB", 4: "CMYK"}.get(n, "ICC")
        if kind == "/Indexed":
            return _space_name(cs[1])
        if kind in ("/Separation", "/DeviceN"):
            return "Spot"
        return _space_name(cs[0])
    return "?"


@dataclass
class _State:
    """The graphics state a content stream walks through: transform, line width, the path
    being built (and its `re` rectangles as (width, height) in page pt), the current font."""

    ctm: Matrix
    res: pikepdf.Dictionary
    lw: float = 1.0
    stack: list[tuple[Matrix, float]] = field(default_factory=list)
    path: list[tuple[float, float]] = field(default_factory=list)
    rects: list[tuple[float, float]] = field(default_factory=list)
    font: str | None = None

    def __post_init__(self) -> None:
        self.spaces = self.res.get("/ColorSpace") or {}
        self.composite = {
            str(name) for name, font in (self.res.get("/Font") or {}).items() if font.get("/Subtype") == "/Type0"
        }


_STATE_OPS = frozenset({"Tf", "q", "Q", "cm", "w", "gs"})
_PATH_OPS = frozenset({"m", "l", "c", "v", "y", "re", "S", "s", "B", "B*", "b", "b*", "f", "F", "f*", "n"})


class _Walker:
    def __init__(self, page: pikepdf.Page, number: int, scale: float):
        self.number, self.scale = number, scale
        self.bleed = _box(page, "/BleedBox")
        self.ink = PageInk()
        self.seen: set[tuple[int, int]] = set()

    def run(self, stream, resources, ctm: Matrix) -> None:
        st = _State(ctm, resources or pikepdf.Dictionary())
        for operands, op in pikepdf.parse_content_stream(stream):
            o = str(op)
            if o in _STATE_OPS:
                self._state(st, o, operands)
            elif o in _PATH_OPS:
                self._path(st, o, operands)
            else:
                self._paint(st, o, operands)

    def _state(self, st: _State, o: str, operands) -> None:
        if o == "Tf":
            st.font = str(operands[0])
        elif o == "q":
            st.stack.append((st.ctm, st.lw))
        elif o == "Q":
            if st.stack:
                st.ctm, st.lw = st.stack.pop()
        elif o == "cm":
            st.ctm = _mul(tuple(float(v) for v in operands), st.ctm)
        elif o == "w":
            st.lw = float(operands[0])
        elif o == "gs":
            gs = (st.res.get("/ExtGState") or {}).get(str(operands[0]))
            if gs is not None and "/LW" in gs:
                st.lw = float(gs["/LW"])

    def _path(self, st: _State, o: str, operands) -> None:
        ctm = st.ctm
        if o in ("m", "l"):
            st.path.append(_apply(ctm, float(operands[0]), float(operands[1])))
        elif o in ("c", "v", "y"):
            nums = [float(v) for v in operands]
            st.path += [_apply(ctm, nums[i], nums[i + 1]) for i in range(0, len(nums), 2)]
        elif o == "re":
            x, y, w, h = (float(v) for v in operands)
            st.path += [_apply(ctm, x, y), _apply(ctm, x + w, y + h), _apply(ctm, x + w, y), _apply(ctm, x, y + h)]
            sx, sy = math.hypot(ctm[0], ctm[1]), math.hypot(ctm[2], ctm[3])
            st.rects.append((abs(w) * sx, abs(h) * sy))
        else:  # painting (or discarding) the path ends it
            if o in ("S", "s", "B", "B*", "b", "b*"):
                self._stroke(st.path, st.lw, ctm)
            elif o in ("f", "F", "f*"):
                self._fill(st.path, st.rects)
            st.path, st.rects = [], []

    def _paint(self, st: _State, o: str, operands) -> None:
        if o in ("TJ", "Tj", "'", '"'):
            if st.font in st.composite and not self.ink.tofu:
                self.ink.tofu = any(_has_notdef(s) for s in _strings(operands))
        elif o in ("rg", "RG"):
            self._colour("RGB", operands)
        elif o in ("k", "K"):
            self._colour("CMYK", operands)
        elif o in ("g", "G"):
            self.ink.colours.add("Gray")
        elif o in ("cs", "CS"):
            name = operands[0]
            kind = _space_name(st.spaces.get(str(name)) if str(name) in st.spaces else name)
            if kind != "Pattern":
                self.ink.colours.add(kind)
        elif o == "Do":
            xobj = (st.res.get("/XObject") or {}).get(str(operands[0]))
            if xobj is not None:
                self._xobject(xobj, st.ctm)
        elif o == "INLINE IMAGE":
            img = operands[0]
            try:
                w, h = int(img.obj.get("/W", img.obj.get("/Width"))), int(img.obj.get("/H", img.obj.get("/Height")))
                self._image(w, h, _space_name(img.obj.get("/CS", img.obj.get("/ColorSpace"))), st.ctm)
            except (TypeError, ValueError, AttributeError):
                pass

    def _colour(self, kind: str, operands) -> None:
        self.ink.colours.add(kind)

    def _inside_bleed(self, points) -> bool:
        if not points:
            return False
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        x0, y0, x1, y1 = self.bleed
        return not (max(xs) < x0 - 0.5 or min(xs) > x1 + 0.5 or max(ys) < y0 - 0.5 or min(ys) > y1 + 0.5)

    def _record(self, mm: float) -> None:
        mm *= self.scale
        if self.ink.thinnest_mm is None or mm < self.ink.thinnest_mm:
            self.ink.thinnest_mm = mm

    def _stroke(self, path, lw: float, ctm: Matrix) -> None:
        if not path:
            return
        if not self._inside_bleed(path):
            self.ink.marks += 1
            return
        width = lw * math.sqrt(abs(ctm[0] * ctm[3] - ctm[1] * ctm[2]))
        self._record(width / PT_PER_MM)

    def _fill(self, path, rects) -> None:
        """A filled rectangle thinner than 1 mm is a rule (a border, a hairline)."""
        if not self._inside_bleed(path):
            return
        for w, h in rects:
            thin = min(w, h) / PT_PER_MM
            if 0 < thin < 1.0 and max(w, h) / PT_PER_MM > 3 * thin:
                self._record(thin)

    def _xobject(self, xobj, ctm: Matrix) -> None:
        sub = xobj.get("/Subtype")
        if sub == "/Image":
            self._image(
                int(xobj.get("/Width", 0)), int(xobj.get("/Height", 0)), _space_name(xobj.get("/ColorSpace")), ctm
            )
            if xobj.get("/SMask") is not None:
                pass  # a soft mask is not ink
        elif sub == "/Form":
            matrix = tuple(float(v) for v in xobj.get("/Matrix", IDENTITY))
            key = (xobj.objgen, ctm)
            if key in self.seen:
                return
            self.seen.add(key)
            self.run(xobj, xobj.get("/Resources"), _mul(matrix, ctm))

    def _image(self, w: int, h: int, cs: str, ctm: Matrix) -> None:
        if w <= 0 or h <= 0:
            return
        corners = [_apply(ctm, x, y) for x, y in ((0, 0), (1, 0), (0, 1), (1, 1))]
        if not self._inside_bleed(corners):
            return
        width_pt, height_pt = math.hypot(ctm[0], ctm[1]), math.hypot(ctm[2], ctm[3])
        if width_pt < 0.5 or height_pt < 0.5:
            return
        self.ink.colours.add(cs)
        self.ink.images.append(
            ImageUse(self.number, (w, h), width_pt / PT_PER_MM * self.scale, height_pt / PT_PER_MM * self.scale, cs)
        )


MISSING_GLYPHS = (0x0000, 0xFFFF)  # .notdef, and what Pango writes for a character no font has


def _strings(operands):
    for item in operands:
        if isinstance(item, pikepdf.String):
            yield bytes(item)
        elif isinstance(item, pikepdf.Array):
            yield from (bytes(x) for x in item if isinstance(x, pikepdf.String))


def _has_notdef(data: bytes) -> bool:
    """Two-byte glyph ids (composite fonts, Identity-H, as WeasyPrint writes them)."""
    return any((data[i] << 8 | data[i + 1]) in MISSING_GLYPHS for i in range(0, len(data) - 1, 2))


def page_ink(pdf: pikepdf.Pdf, scale: float = 1) -> list[PageInk]:
    out = []
    for number, page in enumerate(pdf.pages, 1):
        walker = _Walker(page, number, scale)
        walker.run(page, page.obj.get("/Resources"), IDENTITY)
        out.append(walker.ink)
    return out


def image_uses(pdf: pikepdf.Pdf, scale: float = 1) -> list[ImageUse]:
    return [use for ink in page_ink(pdf, scale) for use in ink.images]


# --- text against the trim ---------------------------------------------------------------------


@dataclass(frozen=True)
class Word:
    page: int
    text: str
    x0: float  # pt from the MediaBox's left / top edge
    y0: float
    x1: float
    y1: float


_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
_PAGE = re.compile(r"<page\b")


def words(path: Path, first: int | None = None, last: int | None = None) -> list[Word]:
    """Every word with its box, by poppler's pdftotext -bbox (empty when poppler is missing);
    only pages `first`..`last` (1-based) when given."""
    pages = ["-f", str(first), "-l", str(last)] if first is not None and last is not None else []
    try:
        html = subprocess.run(
            ["pdftotext", "-bbox", *pages, str(path), "-"], capture_output=True, text=True, timeout=120
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    out = []
    for number, chunk in enumerate(_PAGE.split(html)[1:], first or 1):
        for m in _WORD.finditer(chunk):
            out.append(Word(number, m.group(5), *(float(m.group(i)) for i in range(1, 5))))
    return out


NEAR_SLACK_MM = 2.0  # a page whose text PDFium finds this much farther than the margin is not read


def pages_near_trim(pdf: pikepdf.Pdf, path: Path, within_mm: float, scale: float = 1) -> list[int] | None:
    """Pages (1-based) with a character closer than `within_mm` (real size) to the trim, by
    PDFium's loose character boxes (font ascent to descent, never smaller than the word boxes
    pdftotext reports): a quick way to leave out pages no word can fail on. None when
    pypdfium2 is missing or cannot read the file."""
    try:
        import pypdfium2
    except ImportError:
        return None
    near = []
    try:
        doc = pypdfium2.PdfDocument(path)
    except Exception:  # noqa: BLE001 - then pdftotext reads every page, as without PDFium
        return None
    try:
        if len(doc) != len(pdf.pages):
            return None
        for number, page in enumerate(doc, 1):
            tx0, ty0, tx1, ty1 = _box(pdf.pages[number - 1], "/TrimBox")
            text = page.get_textpage()
            for i in range(text.count_chars()):
                if chr(pypdfium2.raw.FPDFText_GetUnicode(text.raw, i)).isspace():
                    continue
                x0, y0, x1, y1 = text.get_charbox(i, loose=True)
                if min(x0 - tx0, y0 - ty0, tx1 - x1, ty1 - y1) / PT_PER_MM * scale < within_mm:
                    near.append(number)
                    break
    except Exception:  # noqa: BLE001
        return None
    finally:
        doc.close()
    return near


def words_outside_safe(pdf: pikepdf.Pdf, path: Path, safe_mm: float, scale: float = 1) -> list[tuple[Word, float]]:
    """Words that come closer than `safe_mm` (real size) to the trim, with how close (mm; negative = past it)."""
    boxes = []
    for page in pdf.pages:
        mx0, my0, mx1, my1 = _box(page, "/MediaBox")
        cx0, cy0, cx1, cy1 = _box(page, "/CropBox") if "/CropBox" in page.obj else (mx0, my0, mx1, my1)
        tx0, ty0, tx1, ty1 = _box(page, "/TrimBox")
        # pdftotext measures from the top-left of the crop box, y downwards
        boxes.append((tx0 - cx0, cy1 - ty1, tx1 - cx0, cy1 - ty0))
    near = pages_near_trim(pdf, path, safe_mm + NEAR_SLACK_MM, scale)
    if near is None:
        found = words(path)
    else:  # only the pages where some text comes near the margin
        found = [w for n in near for w in words(path, n, n)]
    out = []
    for word in found:
        if not word.text.strip() or word.page > len(boxes):
            continue
        x0, y0, x1, y1 = boxes[word.page - 1]
        # poppler's word boxes run from the ascent to the descent; trim a little of each
        pad = (word.y1 - word.y0) * 0.12
        gaps = (word.x0 - x0, word.y0 + pad - y0, x1 - word.x1, y1 - (word.y1 - pad))
        closest = min(gaps) / PT_PER_MM * scale
        if closest < safe_mm - 0.05:
            out.append((word, closest))
    return out
