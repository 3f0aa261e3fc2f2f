"""Word import: a doctor's .docx becomes a draft material (content/materials/ID.md) with its
pictures in content/assets/ID/.

mammoth (BSD) reads the document's structure (headings, lists, tables, pictures) into HTML;
`html_markdown` writes that as the project's Markdown. What Word can hold and the draft cannot
(text boxes, WordArt, tracked changes, comments, charts...) comes back as warnings, from
mammoth's own messages and from a scan of the document's XML. `convert_docx` only reads bytes
and returns a frozen result; `write_draft` is the one step that touches the project.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import unicodedata
import warnings
from dataclasses import dataclass
from pathlib import Path

from ..content.assets import MAX_BYTES, MAX_PIXELS
from ..content.models import ID_RE, MaterialKind
from ..messages import t
from .docx_package import WordImportError, open_package, unsupported
from .html_markdown import to_markdown

__all__ = ["ImportedImage", "WordImport", "WordImportError", "convert_docx", "derive_id", "write_draft"]

# Pictures the site, print and WeChat all take; the detected format decides, never the name.
IMAGE_FORMATS = {
    "PNG": ("png", "image/png"),
    "JPEG": ("jpg", "image/jpeg"),
    "GIF": ("gif", "image/gif"),
    "WEBP": ("webp", "image/webp"),
}
# Word's numbered "List Bullet 2" styles look nested but use a list of their own: nest them.
# Documents saved by Chinese editions and WPS may name their styles in Chinese.
STYLE_MAP = """\
p[style-name='Title'] => h1:fresh
p[style-name='Subtitle'] => p:fresh
p[style-name='标题'] => h1:fresh
p[style-name='副标题'] => p:fresh
p[style-name='标题 1'] => h1:fresh
p[style-name='标题 2'] => h2:fresh
p[style-name='标题 3'] => h3:fresh
p[style-name='标题 4'] => h4:fresh
p[style-name='List Bullet 2'] => ul > li > ul > li:fresh
p[style-name='List Bullet 3'] => ul > li > ul > li > ul > li:fresh
p[style-name='List Number 2'] => ol > li > ol > li:fresh
p[style-name='List Number 3'] => ol > li > ol > li > ol > li:fresh
"""
MAX_ID_LENGTH = 60


@dataclass(frozen=True)
class ImportedImage:
    name: str  # generated: image-1.png, never a name from inside the document
    data: bytes
    media_type: str


@dataclass(frozen=True)
class Notice:
    message: str
    hint: str = ""


@dataclass(frozen=True)
class WordImport:
    """A converted document: the draft's whole text (front matter and body), its pictures and
    what was lost or moved on the way."""

    id: str
    title: str
    kind: str
    markdown: str
    images: tuple[ImportedImage, ...]
    warnings: tuple[Notice, ...]

    @property
    def material_path(self) -> str:
        return f"content/materials/{self.id}.md"

    @property
    def assets_path(self) -> str:
        return f"content/assets/{self.id}"


def derive_id(filename: str) -> str:
    """An id from a file name: Chinese as pinyin (高血压防治.docx -> gao-xue-ya-fang-zhi), other
    letters as plain ASCII; '' when nothing usable is left."""
    from pypinyin import lazy_pinyin

    stem = unicodedata.normalize("NFKC", Path(filename).stem)
    words = " ".join(lazy_pinyin(stem))
    ascii_text = unicodedata.normalize("NFKD", words).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if len(slug) > MAX_ID_LENGTH:
        slug = slug[:MAX_ID_LENGTH].rsplit("-", 1)[0] if "-" in slug[:MAX_ID_LENGTH] else slug[:MAX_ID_LENGTH]
    return slug


def convert_docx(
    data: bytes,
    filename: str,
    material_id: str | None = None,
    kind: MaterialKind = "leaflet",
    today: dt.date | None = None,
) -> WordImport:
    """The draft for `data` (a .docx's bytes, named `filename`); WordImportError when the file
    is not a Word document we can read or no id can be had."""
    import mammoth

    name = Path(filename).name
    ident = material_id if material_id is not None else derive_id(name)
    _check_id(ident, material_id is None, name)
    package = open_package(data, name)
    found = [Notice(m, h) for m, h in unsupported(package)]
    images = _ImageCollector(ident)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = mammoth.convert_to_html(
                io.BytesIO(data),
                style_map=STYLE_MAP,
                external_file_access=False,
                convert_image=mammoth.images.img_element(images),
            )
    except WordImportError:
        raise
    except Exception as exc:  # noqa: BLE001 - mammoth's errors on a malformed document vary by part
        raise WordImportError(
            t(
                "{name} could not be read as a Word document: {reason}",
                name=name,
                reason=str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__,
            ),
            t("open the document in Word, save it again and import the new file"),
        ) from None
    converted = to_markdown(result.value)
    found += images.warnings + _mammoth_warnings(result.messages) + _table_warnings(converted.notes)
    if not converted.markdown.strip():
        found.append(
            Notice(
                t("the document has no text besides its title"),
                t("check that this is the right file; the draft's body is empty"),
            )
        )
    title = converted.title or unicodedata.normalize("NFKC", Path(name).stem).strip() or ident
    text = _front_matter(title, kind, name, today or dt.date.today()) + converted.markdown
    return WordImport(ident, title, kind, text, tuple(images.images), tuple(found))


def _check_id(ident: str, derived: bool, name: str) -> None:
    if ID_RE.match(ident):
        return
    if derived:
        raise WordImportError(
            t("no id can be made from the file name {name}", name=name),
            t("give one with --id, e.g. --id hypertension-leaflet"),
        )
    raise WordImportError(
        t("id '{ident}' must be lowercase ASCII letters, digits and '-' (e.g. whd-2027)", ident=ident)
    )


class _ImageCollector:
    """mammoth's image callback: checks each picture's real format and size, names it."""

    def __init__(self, ident: str):
        self.ident = ident
        self.images: list[ImportedImage] = []
        self.warnings: list[Notice] = []
        self.seen = 0

    def __call__(self, image) -> dict[str, str]:
        self.seen += 1
        with image.open() as f:
            data = f.read(MAX_BYTES + 1)
        problem = _image_problem(data, image.content_type or "")
        if problem:
            self.warnings.append(
                Notice(
                    t("picture {number} was not imported: {problem}", number=self.seen, problem=problem),
                    t("save the picture as PNG or JPEG, put it in the draft by hand"),
                )
            )
            return {"src": ""}
        ext, media_type = _format(data)
        name = f"image-{len(self.images) + 1}.{ext}"
        self.images.append(ImportedImage(name, data, media_type))
        attrs = {"src": f"../assets/{self.ident}/{name}"}
        if image.alt_text:
            attrs["alt"] = image.alt_text
        return attrs


def _image_problem(data: bytes, declared: str) -> str | None:
    from PIL import Image, UnidentifiedImageError

    if len(data) > MAX_BYTES:
        return t("it is over {limit} MB", limit=MAX_BYTES // 2**20)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as img:
                fmt, pixels = img.format, img.width * img.height
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError, SyntaxError):
        return t("a {kind} picture is not one of PNG, JPEG, GIF or WebP", kind=declared or t("unknown"))
    if fmt not in IMAGE_FORMATS:
        return t("a {kind} picture is not one of PNG, JPEG, GIF or WebP", kind=fmt or declared)
    if pixels > MAX_PIXELS:
        return t("it has {mp:.0f} million pixels, more than a printer or phone can use", mp=pixels / 1e6)
    return None


def _format(data: bytes) -> tuple[str, str]:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as img:
        return IMAGE_FORMATS[img.format]


def _mammoth_warnings(messages) -> list[Notice]:
    """mammoth's messages: unknown styles summed up in one line (their text arrived as plain
    paragraphs), anything else passed on."""
    styles, other = [], []
    for m in messages:
        found = re.match(r"Unrecognised (?:paragraph|run|table) style: (.+?)(?: \(Style ID: .*\))?$", m.message)
        if found:
            styles.append(found.group(1).strip("'\""))
        elif m.type in ("warning", "error"):
            other.append(Notice(t("Word converter: {message}", message=m.message)))
    if styles:
        other.insert(
            0,
            Notice(
                t("text in these Word styles became plain paragraphs: {styles}", styles=", ".join(sorted(set(styles)))),
                t("use Word's Heading 1-3 and list styles for headings and lists"),
            ),
        )
    return other


def _table_warnings(notes: list[str]) -> list[Notice]:
    out = []
    if "merged" in notes:
        out.append(
            Notice(
                t("a table had merged cells; they were split into plain cells"),
                t("check that table's rows and columns in the draft"),
            )
        )
    if "nested" in notes:
        out.append(Notice(t("a table inside a table was flattened into one cell"), t("check that table in the draft")))
    return out


def _front_matter(title: str, kind: str, source: str, today: dt.date) -> str:
    quoted = json.dumps(title, ensure_ascii=False)  # a JSON string is a YAML string, quotes and all
    origin = "".join(ch for ch in source if ch.isprintable())
    return (
        f"---\n# 由 Word 文档导入 imported from {origin} on {today.isoformat()}\n"
        f"title: {quoted}\nkind: {kind}\nlang: zh-CN\ncampaigns: []\naudiences: []\n"
        "# 草稿：医生审核后才能改为 approved\nstatus: draft\nsources: []\nqr: page\n---\n"
    )


def write_draft(project: Path, imported: WordImport) -> Path:
    """Write the draft and its pictures; never overwrites (WordImportError naming what exists)."""
    content = project / "content"
    if not content.is_dir():
        raise WordImportError(
            t("no content/ folder here"),
            t("run in a project folder or pass --project DIR; `xuanjiao new campaign ID` starts one"),
        )
    target = content / "materials" / f"{imported.id}.md"
    assets = content / "assets" / imported.id
    if target.exists():
        raise WordImportError(
            t("{target} already exists; nothing was changed", target=imported.material_path),
            t("choose another id with --id, or delete the old file first"),
        )
    if imported.images and assets.exists() and any(assets.iterdir()):
        raise WordImportError(
            t("{target} already exists; nothing was changed", target=imported.assets_path),
            t("choose another id with --id, or delete the old folder first"),
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8") as f:  # "x": never overwrite, even in a race
        f.write(imported.markdown)
    if imported.images:
        assets.mkdir(parents=True, exist_ok=True)
        for image in imported.images:
            (assets / image.name).write_bytes(image.data)
    return target
