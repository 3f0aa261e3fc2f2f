"""What may be published from content/: the policy every referenced file passes.

A file that a page, material or news cover references is published only if it is an image or
PDF, at most `MAX_BYTES`, and (raster images) small enough to decode. SVGs are cleaned rather
than refused: drawing programs export harmless-looking files with `onload=` or `<script>`
the writer never sees, and refusing them would block a poster over a designer's tool; the
writer is told what was removed. Results are cached per file version: check, every language
of the site and print ask about the same files.
"""

from __future__ import annotations

import warnings
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..messages import t

IMAGE_TYPES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg")
LINK_TYPES = IMAGE_TYPES + (".pdf",)
MAX_BYTES = 20 * 1024 * 1024
# Pillow's own decompression-bomb limit: above it WeasyPrint drops the image from the PDF.
MAX_PIXELS = 89_478_485

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
ET.register_namespace("xlink", XLINK_NS)  # the conventional prefix, not ns1
# Elements that run script or embed active content when the SVG is opened on its own.
UNSAFE_ELEMENTS = {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener"}
ANIMATIONS = {"set", "animate", "animatetransform", "animatemotion"}  # can set href to javascript:


@dataclass(frozen=True)
class Checked:
    """A file's verdict: `problem` (message, hint) refuses it; `removed` lists what cleaning took
    out of an SVG; `data` is the cleaned SVG to publish instead of the file (None: copy as is)."""

    problem: tuple[str, str] | None = None
    removed: tuple[str, ...] = ()
    data: bytes | None = None


def check_file(path: Path, image: bool) -> Checked:
    """The policy for one resolved file inside content/ (`image`: used as an image, not a link)."""
    try:
        stat = path.stat()
    except OSError as exc:
        return Checked((t("cannot read {name}: {reason}", name=path.name, reason=exc.strerror or exc), ""))
    return _check(path, image, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=512)
def _check(path: Path, image: bool, mtime_ns: int, size: int) -> Checked:
    suffix = path.suffix.lower()
    allowed = IMAGE_TYPES if image else LINK_TYPES
    if suffix not in allowed:
        kind = suffix or t("extension-less")
        return Checked(
            (
                t("{name}: a {suffix} file cannot be published as an image", name=path.name, suffix=kind)
                if image
                else t("{name}: a {suffix} file cannot be published as a link target", name=path.name, suffix=kind),
                t("only these types are published: {types}", types=" ".join(allowed)),
            )
        )
    if size > MAX_BYTES:
        return Checked(
            (
                t(
                    "{name} is {mb:.0f} MB; files over {limit} MB are not published",
                    name=path.name,
                    mb=size / 2**20,
                    limit=MAX_BYTES // 2**20,
                ),
                t("make it smaller (resize or compress it) and save it again"),
            )
        )
    if suffix == ".svg":
        return _clean_svg(path.read_bytes(), path.name)
    if suffix != ".pdf":
        return _check_raster(path)
    return Checked()


def _check_raster(path: Path) -> Checked:
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as img:  # reads the header only
                width, height = img.size
    except Image.DecompressionBombError:
        width, height = MAX_PIXELS, 2  # over the limit by Pillow's own measure
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        return Checked(
            (
                t("{name} is not a readable image: {reason}", name=path.name, reason=exc),
                t("export it again as PNG or JPEG"),
            )
        )
    if width * height > MAX_PIXELS:
        return Checked(
            (
                t("{name} is too large to print ({width}×{height} px)", name=path.name, width=width, height=height),
                t(
                    "resize it below {mp} megapixels (e.g. 7000×7000 px is enough for an A2 poster)",
                    mp=MAX_PIXELS // 1_000_000,
                ),
            )
        )
    return Checked()


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


def _clean_svg(data: bytes, name: str) -> Checked:
    """Remove script, embedded HTML, event attributes and non-local hrefs with a real XML
    parser (expat refuses external entities and limits entity expansion)."""
    if b"<!ENTITY" in data:
        return Checked(
            (
                t("{name}: SVG files with XML entity declarations are not published", name=name),
                t("export the SVG again from the drawing program"),
            )
        )
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        return Checked(
            (
                t("{name} is not a readable SVG: {reason}", name=name, reason=exc),
                t("export the SVG again from the drawing program"),
            )
        )
    removed: list[str] = ["<?xml-stylesheet?>"] if b"<?xml-stylesheet" in data else []  # dropped by the parser
    _clean_tree(root, removed)
    if not removed:
        return Checked()
    return Checked(removed=tuple(dict.fromkeys(removed)), data=_serialize(root))


def _serialize(root: ET.Element) -> bytes:
    """SVG elements written unprefixed under one xmlns (ElementTree would write ns0:svg)."""
    svg = f"{{{SVG_NS}}}"
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.startswith(svg):
            el.tag = el.tag[len(svg) :]
    root.set("xmlns", SVG_NS)
    return ET.tostring(root, encoding="utf-8", xml_declaration=False)


def _clean_tree(root: ET.Element, removed: list[str]) -> None:
    for parent in list(root.iter()):
        for child in list(parent):
            if not isinstance(child.tag, str):
                continue  # comments and processing instructions are dropped by the parser
            name = _local(child.tag)
            if name in UNSAFE_ELEMENTS or (name in ANIMATIONS and _animates_link(child)):
                parent.remove(child)
                removed.append(f"<{name}>")
    for el in root.iter():
        for attr in list(el.attrib):
            local, value = _local(attr), el.attrib[attr]
            if local.startswith("on"):
                del el.attrib[attr]
                removed.append(f"{local}=")
            elif local == "href" and not _safe_href(value):
                del el.attrib[attr]
                removed.append(f"href={value[:40]}")


def _animates_link(el: ET.Element) -> bool:
    target = _local(el.attrib.get("attributeName", ""))
    return target == "href" or any("script" in v.lower() for v in el.attrib.values())


def _safe_href(value: str) -> bool:
    """Only references inside the SVG itself or embedded raster images."""
    compact = "".join(value.split()).lower()
    return compact.startswith("#") or compact.startswith(
        ("data:image/png", "data:image/jpeg", "data:image/gif", "data:image/webp")
    )
