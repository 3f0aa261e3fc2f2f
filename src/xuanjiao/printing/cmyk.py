"""`build --cmyk`: print PDFs in CMYK, black text in black ink only (K), for print shops that
refuse RGB files or four-colour black text.

WeasyPrint writes RGB. Ghostscript (AGPL, so an external program found on PATH, never a
dependency; `apt-get install ghostscript`) converts the colours. Converted as they are, black
and the theme's near-black text would come out as four-colour black (C72 M68 Y67 K88), which
smears when the plates are a hair out of register. So dark neutral colours are first made
DeviceGray 0 (K 100 %, not a screen), which Ghostscript keeps as gray, and a press prints gray
on the black plate alone. Text under 12 pt of any other colour goes on the black plate too, as
a tint of its lightness (fine lines of four inks never register). The converted file carries an
OutputIntent with the CMYK profile it was converted for (Ghostscript's default_cmyk.icc from
Debian's libgs-common, or the shop's own: --icc PATH).
Coloured text and tints are converted by Ghostscript's default profiles. Only the print PDF
is converted: the screen PDF and the preview stay RGB, for screens.
"""

from __future__ import annotations

import functools
import hashlib
import io
import shutil
import subprocess
import tempfile
from pathlib import Path

import pikepdf

from ..messages import T_
from .boxes import save

GS_HINT = T_("install Ghostscript (apt-get install ghostscript), or build without --cmyk")
NEUTRAL_SPREAD = 0.05  # the largest difference between R, G and B of a colour taken for gray
DARK = 0.25  # only colours this dark: text and rules (light tints keep their hue)


def ghostscript() -> str | None:
    return shutil.which("gs")


@functools.lru_cache(maxsize=1)
def version_hash() -> str:
    """Ghostscript's version, for cache keys (its output is stored)."""
    gs = ghostscript()
    if gs is None:
        return "no gs"
    try:
        out = subprocess.run([gs, "--version"], capture_output=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        out = b"gs failed"
    return hashlib.sha256(out).hexdigest()


def _gray(operands) -> float | None:
    try:
        r, g, b = (float(v) for v in operands)
    except (TypeError, ValueError):
        return None
    if max(r, g, b) - min(r, g, b) <= NEUTRAL_SPREAD and max(r, g, b) <= DARK:
        return 0.0  # solid black ink: a 0.125 gray printed as an 87.5 % screen, ragged at text edges
    return None


def content_streams(pdf: pikepdf.Pdf):
    """Every content stream holder: the pages and each form XObject (once)."""
    seen: set[tuple[int, int]] = set()
    todo = [page.obj for page in pdf.pages]
    while todo:
        holder = todo.pop()
        yield holder
        xobjects = (holder.get("/Resources") or {}).get("/XObject") or {}
        for _, xobj in xobjects.items():
            if isinstance(xobj, pikepdf.Stream) and xobj.get("/Subtype") == "/Form" and xobj.objgen not in seen:
                seen.add(xobj.objgen)
                todo.append(xobj)


def _rewrite(pdf: pikepdf.Pdf, holder, ops: list) -> None:
    """Write changed operators back to a page or form XObject."""
    data = pikepdf.unparse_content_stream(ops)
    if isinstance(holder, pikepdf.Stream):
        holder.write(data)
    else:
        pikepdf.Page(holder).obj.Contents = pdf.make_stream(data)


def dark_neutrals_to_gray(pdf: pikepdf.Pdf) -> int:
    """Rewrite `r g b rg` / `RG` of dark neutral colours as `v g` / `G`. -> how many."""
    changed = 0
    for holder in content_streams(pdf):
        ops, count = [], 0
        for operands, op in pikepdf.parse_content_stream(holder):
            name = str(op)
            if name in ("rg", "RG"):
                gray = _gray(operands)
                if gray is not None:
                    ops.append(([gray], pikepdf.Operator("g" if name == "rg" else "G")))
                    count += 1
                    continue
            ops.append((operands, op))
        if count:
            _rewrite(pdf, holder, ops)
            changed += count
    return changed


SMALL_PT = 12.0  # text under this size prints in one ink
DEFAULT_ICC = Path("/usr/share/color/icc/ghostscript/default_cmyk.icc")  # Debian: libgs-common


def default_icc() -> Path | None:
    return DEFAULT_ICC if DEFAULT_ICC.is_file() else None


def _scale(operands) -> float:
    a, b, c, d = (float(v) for v in list(operands)[:4])
    return abs(a * d - b * c) ** 0.5


def _small_text_gray(rgb, size_pt: float) -> float | None:
    """The K tint small coloured or grey text prints in (None: leave it: big enough, or white)."""
    r, g, b = rgb
    if size_pt >= SMALL_PT or min(r, g, b) >= 0.97:
        return None
    if _gray(rgb) is not None:
        return 0.0  # black text stays solid black
    return round(0.299 * r + 0.587 * g + 0.114 * b, 4)


def small_text_one_ink(pdf: pikepdf.Pdf) -> int:
    """Before each text-showing operator whose text is under SMALL_PT and filled in RGB, set a
    gray fill of the same lightness (black plate only), and the RGB fill back after it. -> how many."""
    changed = 0
    for holder in content_streams(pdf):
        out, count = [], 0
        ctm, fill, size, tm = 1.0, None, 0.0, 1.0
        stack: list[tuple[float, object]] = []
        for operands, op in pikepdf.parse_content_stream(holder):
            name = str(op)
            if name == "q":
                stack.append((ctm, fill))
            elif name == "Q" and stack:
                ctm, fill = stack.pop()
            elif name == "cm":
                ctm *= _scale(operands)
            elif name == "BT":
                tm = 1.0
            elif name == "Tm":
                tm = _scale(operands)
            elif name == "Tf":
                size = float(operands[1])
            elif name == "rg":
                fill = [float(v) for v in operands]
            elif name in ("g", "k", "sc", "scn", "cs"):
                fill = None
            elif name in ("Tj", "TJ", "'", '"') and fill is not None:
                gray = _small_text_gray(fill, size * tm * ctm)
                if gray is not None:
                    out += [([gray], pikepdf.Operator("g")), (operands, op), (fill, pikepdf.Operator("rg"))]
                    count += 1
                    continue
            out.append((operands, op))
        if count:
            _rewrite(pdf, holder, out)
            changed += count
    return changed


def add_output_intent(pdf: pikepdf.Pdf, icc: Path) -> None:
    """The CMYK profile the colours were converted for, as the document's OutputIntent (a
    print shop reads which press condition the file targets from it)."""
    name = icc.stem
    profile = pdf.make_stream(icc.read_bytes(), N=4, Alternate=pikepdf.Name.DeviceCMYK)
    intent = pikepdf.Dictionary(
        Type=pikepdf.Name.OutputIntent,
        S=pikepdf.Name.GTS_PDFX,
        OutputConditionIdentifier=pikepdf.String(name),
        OutputCondition=pikepdf.String(name),
        Info=pikepdf.String(f"CMYK: {name}"),
        RegistryName=pikepdf.String(""),
        DestOutputProfile=profile,
    )
    pdf.Root.OutputIntents = pikepdf.Array([intent])


def to_cmyk(data: bytes, gs: str, icc: Path | None = None) -> bytes:
    """The PDF `data` with its colours in CMYK and dark neutrals as gray (K only), and the
    original's document info and XMP, so builds stay byte-identical. Ghostscript moves each
    page's origin to its MediaBox corner and shifts TrimBox and BleedBox with it."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        info = {key: str(value) for key, value in pdf.docinfo.items()}
        meta = pdf.Root.get("/Metadata")
        xmp = meta.read_bytes() if isinstance(meta, pikepdf.Stream) else None
        small_text_one_ink(pdf)
        dark_neutrals_to_gray(pdf)
        grayed = save(pdf)
    icc = icc or default_icc()
    with tempfile.TemporaryDirectory(prefix="xuanjiao-cmyk-") as tmp:
        src, dst = Path(tmp) / "in.pdf", Path(tmp) / "out.pdf"
        src.write_bytes(grayed)
        cmd = [
            gs,
            "-q",
            "-dBATCH",
            "-dNOPAUSE",
            "-dSAFER",
            "-sDEVICE=pdfwrite",
            "-dAutoRotatePages=/None",
            "-sColorConversionStrategy=CMYK",
            "-sProcessColorModel=DeviceCMYK",
            "-dCompatibilityLevel=1.6",
            *([f"-sOutputICCProfile={icc}"] if icc else []),
            f"-sOutputFile={dst}",
            str(src),
        ]
        proc = subprocess.run(cmd, capture_output=True, timeout=600)
        if proc.returncode != 0 or not dst.is_file():
            raise RuntimeError(f"Ghostscript failed: {(proc.stderr or proc.stdout).decode(errors='replace')[-300:]}")
        converted = dst.read_bytes()
    # Ghostscript stamps its clock, its name and a random id: the original's are put back
    with pikepdf.open(io.BytesIO(converted)) as pdf:
        for key in list(pdf.docinfo.keys()):
            del pdf.docinfo[key]
        for key, value in info.items():
            pdf.docinfo[key] = value
        if "/Metadata" in pdf.Root:
            del pdf.Root["/Metadata"]
        if xmp is not None:
            pdf.Root.Metadata = pdf.make_stream(xmp, Type=pikepdf.Name.Metadata, Subtype=pikepdf.Name.XML)
        _blend_in_cmyk(pdf)
        if icc is not None:
            add_output_intent(pdf, icc)
        return save(pdf)


def _blend_in_cmyk(pdf: pikepdf.Pdf) -> None:
    """Ghostscript converts what is painted but leaves transparency groups blending in
    DeviceRGB, which PDF/X checkers reject (WeasyPrint #2723); with every colour now CMYK or
    gray, the groups blend in DeviceCMYK, as a preflight fix-up would set them."""

    def fix(group) -> None:
        if isinstance(group, pikepdf.Dictionary) and group.get("/CS") == "/DeviceRGB":
            group.CS = pikepdf.Name.DeviceCMYK

    for page in pdf.pages:
        fix(page.obj.get("/Group"))
    for obj in pdf.objects:
        holder = obj.stream_dict if isinstance(obj, pikepdf.Stream) else obj
        if isinstance(holder, pikepdf.Dictionary):
            if holder.get("/Type") == "/Group" or holder.get("/S") == "/Transparency":
                fix(holder)
            fix(holder.get("/Group"))
