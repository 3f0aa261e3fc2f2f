"""Images uploaded from the editor, stored in content/assets/ and nowhere else: the name is
checked (no folders, no '..', no absolute paths), an existing symlink is never written
through, the size is bounded and the bytes must be the image their name says."""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

from .words import _

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a decompression bomb is not a photo
MIN_PRINT_WIDTH = 600  # px: below this a printed image looks blurred
FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".gif": "GIF", ".webp": "WEBP"}
SAFE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,60}$")


class UploadError(ValueError):
    pass


def store_image(root: Path, filename: str, data: bytes) -> tuple[str, list[str]]:
    """Save the image; return its name in content/assets/ and warnings for the writer."""
    name = _safe_name(filename, data)
    if len(data) > MAX_BYTES:
        raise UploadError(
            _("图片太大（{size} MB），上限 {limit} MB").format(
                size=len(data) // 1024 // 1024, limit=MAX_BYTES // 1024 // 1024
            )
        )
    warnings = _check_image(name, data)
    assets = root / "content" / "assets"
    if assets.is_symlink():
        raise UploadError(_("content/assets 是一个链接，不能往里写"))
    assets.mkdir(parents=True, exist_ok=True)
    target = assets / name
    stem, suffix = target.stem, target.suffix
    n = 1
    while target.exists() or target.is_symlink():
        if not target.is_symlink() and target.read_bytes() == data:
            return target.name, warnings
        n += 1
        target = assets / f"{stem}-{n}{suffix}"
    if target.resolve().parent != assets.resolve():
        raise UploadError(_("文件名不合法"))
    target.write_bytes(data)
    return target.name, warnings


def _safe_name(filename: str, data: bytes) -> str:
    if not filename or "/" in filename or "\\" in filename or ".." in filename or filename.startswith("."):
        raise UploadError(_("文件名不能包含路径（/、\\ 或 ..）"))
    stem, dot, ext = filename.rpartition(".")
    ext = "." + ext.lower()
    if not dot or ext not in FORMATS:
        raise UploadError(_("只能上传 PNG、JPEG、GIF 或 WebP 图片"))
    if not SAFE.match(stem):  # e.g. 微信图片_2024.jpg: a name every tool can read
        stem = "image-" + hashlib.sha256(data).hexdigest()[:10]
    return stem + ext


def _check_image(name: str, data: bytes) -> list[str]:
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as img:
            fmt, (width, height) = img.format, img.size
            if width * height > MAX_PIXELS:
                raise UploadError(_("图片像素太多，请缩小后再上传"))
            img.verify()
    except UploadError:
        raise
    except Exception as exc:
        raise UploadError(_("这个文件不是图片（内容与扩展名不符）")) from exc
    if fmt != FORMATS[Path(name).suffix]:
        raise UploadError(_("文件内容是 {fmt}，与扩展名 {suffix} 不符").format(fmt=fmt, suffix=Path(name).suffix))
    if width < MIN_PRINT_WIDTH:
        return [
            _("图片只有 {width}×{height} 像素，印刷出来可能模糊（建议宽度至少 {least} 像素）").format(
                width=width, height=height, least=MIN_PRINT_WIDTH
            )
        ]
    return []
