"""A .docx file opened with suspicion: the zip package is checked before any converter reads
it (not a zip, a .doc, encrypted, a zip bomb), and its XML is scanned for the parts the
converter drops or moves, so the writer is told instead of losing them silently."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from ..messages import T_, t

MAX_DOCX_BYTES = 50 * 1024 * 1024  # a doctor's draft with photos is a few MB
MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # zipfile never reads past an entry's declared size
MAX_RATIO = 100  # deflate reaches ~1000:1 only on crafted data; Word's XML packs about 10:1
MAX_ENTRIES = 5000
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # Word 97-2003 .doc (and encrypted .docx)


class WordImportError(Exception):
    """A .docx that cannot be imported: `message` and `hint` in the writer's language."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message, self.hint = message, hint


def open_package(data: bytes, name: str) -> zipfile.ZipFile:
    """The .docx as a zip, or WordImportError saying why it is not one we read."""
    resave = t("open it in Word or WPS and save it as a Word document (.docx), then import that file")
    check_size(len(data), name)
    if data.startswith(OLE_MAGIC):
        raise WordImportError(t("{name} is an old-style .doc file or a password-protected document", name=name), resave)
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        infos = package.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise WordImportError(t("{name} is not a Word .docx file", name=name), resave) from None
    if "word/document.xml" not in package.namelist():
        raise WordImportError(
            t("{name} is a zip file but not a Word document (it has no word/document.xml)", name=name), resave
        )
    _check_sizes(infos, name)
    return package


def check_size(size: int, name: str) -> None:
    """Refuse a file too large to be a doctor's draft (before reading it, when the size is known)."""
    if size > MAX_DOCX_BYTES:
        raise WordImportError(
            t(
                "{name} is {mb:.0f} MB; a Word file over {limit} MB is not imported",
                name=name,
                mb=size / 2**20,
                limit=MAX_DOCX_BYTES // 2**20,
            ),
            t("make the pictures in it smaller (Word: Compress Pictures) and save it again"),
        )


def _check_sizes(infos: list[zipfile.ZipInfo], name: str) -> None:
    bomb = WordImportError(
        t("{name} unpacks to far more data than a Word document holds; it was not opened", name=name),
        t("import the document as Word saved it; this file may be damaged or crafted"),
    )
    if len(infos) > MAX_ENTRIES or sum(i.file_size for i in infos) > MAX_UNPACKED_BYTES:
        raise bomb
    for info in infos:
        if info.flag_bits & 0x1:
            raise WordImportError(
                t("{name} is password-protected", name=name),
                t("remove the password in Word (File > Info > Protect Document) and save again"),
            )
        if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise bomb


def read_part(package: zipfile.ZipFile, part: str) -> bytes:
    """One part's bytes (empty when absent); sizes were checked by `open_package`."""
    try:
        return package.read(part)
    except KeyError:
        return b""
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError):
        raise WordImportError(
            t("{part} inside the Word file is damaged", part=part),
            t("open the document in Word, save it again and import the new file"),
        ) from None


@dataclass(frozen=True)
class Feature:
    """Something Word can hold that the Markdown draft cannot: how to count it, what to say."""

    pattern: bytes
    parts: tuple[str, ...]
    message: str  # template with {count}
    hint: str


BODY = ("word/document.xml",)
NOTES = ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml")
FEATURES = (
    Feature(
        rb"<w:txbxContent[\s>]",
        BODY,
        T_("{count} text box(es): their text was placed after the paragraph they are anchored to, without the box"),
        T_("check that the text box's words read well where they are now"),
    ),
    Feature(
        rb"<v:textpath[\s>/]|prstTxWarp",
        BODY,
        T_("{count} WordArt object(s): the shape and effects were dropped; their text may be missing"),
        T_("type the WordArt's words as an ordinary heading in the draft"),
    ),
    Feature(
        rb"<w:ins[\s>]|<w:moveTo[\s>]",
        NOTES,
        T_("{count} tracked insertion(s) were kept as if accepted"),
        T_("accept or reject all tracked changes in Word (Review > Accept) and import again to be sure"),
    ),
    Feature(
        rb"<w:del[\s>]|<w:moveFrom[\s>]",
        NOTES,
        T_("{count} tracked deletion(s) were dropped as if accepted"),
        T_("accept or reject all tracked changes in Word (Review > Accept) and import again to be sure"),
    ),
    Feature(
        rb"<w:comment[\s>]",
        ("word/comments.xml",),
        T_("{count} comment(s) in the margin were not imported"),
        T_("read the comments in Word and carry what they ask into the draft"),
    ),
    Feature(
        rb"<w:footnoteReference[\s>]",
        BODY,
        T_("{count} footnote(s) were moved to a numbered list at the end"),
        T_("check that the note numbers in the text still match the list"),
    ),
    Feature(
        rb"<w:endnoteReference[\s>]",
        BODY,
        T_("{count} endnote(s) were moved to a numbered list at the end"),
        T_("check that the note numbers in the text still match the list"),
    ),
    Feature(
        rb"<c:chart[\s>]",
        BODY,
        T_("{count} chart(s) were not imported"),
        T_("save each chart as a picture (PNG) and add it to the draft"),
    ),
    Feature(
        rb"<dgm:relIds[\s>]",
        BODY,
        T_("{count} SmartArt diagram(s) were not imported"),
        T_("save each diagram as a picture (PNG) and add it to the draft"),
    ),
    Feature(
        rb"<m:oMath[\s>]",
        BODY,
        T_("{count} equation(s) were not imported"),
        T_("type the formula as text, or add it as a picture"),
    ),
    Feature(
        rb"<o:OLEObject[\s>]|<w:object[\s>]",
        BODY,
        T_("{count} embedded object(s) (Excel sheets, files) were not imported"),
        T_("copy a sheet's cells into a Word table, or add the object as a picture"),
    ),
)


def unsupported(package: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(message, hint) for each kind of part the draft lost or moved, counted in the raw XML."""
    cache: dict[str, bytes] = {}
    found = []
    for feature in FEATURES:
        count = 0
        for part in feature.parts:
            if part not in cache:
                cache[part] = read_part(package, part)
            count += len(re.findall(feature.pattern, cache[part]))
        if count:
            found.append((t(feature.message, count=count), t(feature.hint)))
    return found
