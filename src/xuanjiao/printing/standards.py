"""PDF/X as a print shop's checker reads it: what a file claims (its PDF/X version), what it
holds (transparency, RGB, an OutputIntent), and whether the claim holds.

PDF/X-1a and PDF/X-3 forbid transparency; WeasyPrint's pages are transparency groups and the
theme uses tints with opacity, and nothing here flattens them, so those variants are refused
(exit 2) instead of labelling a file a checker rejects (the earlier build did, and its own
preflight called the file 通过). PDF/X-4 allows transparency; with --cmyk it gets a CMYK
OutputIntent (cmyk.py).
"""

from __future__ import annotations

import re

import pikepdf

from ..messages import T_

REFUSED_VARIANTS = ("pdf/x-1a", "pdf/x-3")
REFUSED_VARIANT = T_(
    "{variant} allows no transparency, and the print PDFs use it (page groups, tints); this "
    "build does not flatten it, so it will not label files a PDF/X checker rejects. Use "
    "--cmyk --pdf-variant pdf/x-4 (transparency allowed, CMYK with an OutputIntent), or ask the "
    "shop whether PDF/X-4 will do"
)
_XMP_VERSION = re.compile(rb"GTS_PDFXVersion[>=\"']+\s*([^<\"']+)")


def claimed_version(pdf: pikepdf.Pdf) -> str | None:
    """The PDF/X version the file claims (document info or XMP), e.g. 'PDF/X-4'."""
    info = pdf.docinfo.get("/GTS_PDFXVersion")
    if info is not None:
        return str(info)
    meta = pdf.Root.get("/Metadata")
    if isinstance(meta, pikepdf.Stream):
        found = _XMP_VERSION.search(meta.read_bytes())
        if found:
            return found[1].decode("ascii", "replace").strip()
    return None


def has_transparency(pdf: pikepdf.Pdf) -> bool:
    """A transparency group, a soft mask or an opacity below 1 anywhere in the file."""
    for obj in pdf.objects:
        holder = obj.stream_dict if isinstance(obj, pikepdf.Stream) else obj
        if not isinstance(holder, pikepdf.Dictionary):
            continue
        group = holder.get("/Group")
        if isinstance(group, pikepdf.Dictionary) and group.get("/S") == "/Transparency":
            return True
        if holder.get("/S") == "/Transparency":
            return True
        for key in ("/CA", "/ca"):
            value = holder.get(key)
            if value is not None and float(value) < 0.999:
                return True
        mask = holder.get("/SMask")
        if isinstance(mask, (pikepdf.Stream, pikepdf.Dictionary)):
            return True
    return False


def output_intent(pdf: pikepdf.Pdf) -> tuple[str, int] | None:
    """(condition, colour components of its profile) of the first OutputIntent, if any."""
    intents = pdf.Root.get("/OutputIntents")
    if not isinstance(intents, pikepdf.Array) or not len(intents):
        return None
    intent = intents[0]
    profile = intent.get("/DestOutputProfile")
    n = int(profile.get("/N", 0)) if isinstance(profile, pikepdf.Stream) else 0
    name = intent.get("/OutputConditionIdentifier") or intent.get("/Info") or ""
    return str(name), n


def problems(pdf: pikepdf.Pdf, colours: set[str]) -> tuple[str | None, list[str], list[str]]:
    """(claimed version, what a PDF/X checker rejects, what a shop should know) in Chinese."""
    version = claimed_version(pdf)
    bad, notes = [], []
    intent = output_intent(pdf)
    transparent = has_transparency(pdf)
    if version:
        strict = re.search(r"X-1a|X-3", version, re.IGNORECASE)
        if strict and transparent:
            bad.append(f"标为 {version}，却含透明（透明组、柔化蒙版或不透明度），{version} 不允许透明")
        if re.search(r"X-1a", version, re.IGNORECASE) and "RGB" in colours:
            bad.append(f"标为 {version}，却含 RGB 颜色，{version} 只允许 CMYK 与专色")
        if intent is None:
            bad.append(f"标为 {version}，却没有输出意图（OutputIntent）")
        elif "RGB" not in colours and intent[1] == 3:
            bad.append("颜色已是 CMYK，输出意图却是 RGB 特性文件")
    elif intent is None and colours and "RGB" not in colours:
        notes.append("CMYK 文件没有输出意图（OutputIntent），印刷厂无从得知按哪种印刷条件制作")
    return version, bad, notes
