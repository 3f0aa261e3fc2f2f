"""The downloads of a publish: the site, the print package and the plans, each one zip made from
that build's output folders. The same files make the same bytes (sorted names, fixed times and
permissions), so two zips of one build compare equal and a USB stick copy can be checked."""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .words import N_

FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can say: no build time leaks into the bytes
PACKED = {".pdf", ".jpg", ".jpeg", ".png", ".webp", ".gif", ".woff", ".woff2", ".xlsx", ".docx", ".zip", ".gz"}


def _everything(rel: str) -> bool:
    return True


def _for_the_shop(rel: str) -> bool:
    """The print shop's files: print PDFs (and brochure spreads), the order, the preflight; not
    the small screen PDFs and previews the site shows."""
    return not rel.endswith((".screen.pdf", ".preview.jpg"))


@dataclass(frozen=True)
class Bundle:
    name: str  # in URLs and on disk: NAME.zip
    label: str  # what the download is called on the page and in its file name (translated there)
    folder: str  # the build's folder it is made from (and the folder inside the zip)
    keep: Callable[[str], bool]
    note: str  # what it is for, beside the download link


BUNDLES = (
    Bundle("site", N_("网站"), "site", _everything, N_("整个网站，可复制到 U 盘或单位的服务器，打开 site/index.html")),
    Bundle("print", N_("印刷包"), "print", _for_the_shop, N_("交给印刷厂：印刷用 PDF、印刷清单、印前检查")),
    Bundle("plans", N_("活动方案"), "plans", _everything, N_("各活动的方案（Word、PDF）、任务日历和统计表")),
)
BY_NAME = {b.name: b for b in BUNDLES}


def members(out: Path, bundle: Bundle) -> list[str]:
    """The files of `bundle` in build folder `out`, relative to its folder, sorted. Hidden files
    (the build's caches) and links are left out: only what the build wrote is shipped."""
    base = out / bundle.folder
    found: list[str] = []
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames[:] = [d for d in dirnames if not d.startswith(".") and not Path(dirpath, d).is_symlink()]
        for name in filenames:
            path = Path(dirpath, name)
            rel = path.relative_to(base).as_posix()
            if not name.startswith(".") and not path.is_symlink() and path.is_file() and bundle.keep(rel):
                found.append(rel)
    return sorted(found)


def write_bundle(out: Path, bundle: Bundle, dest: Path) -> int:
    """Zip `bundle`'s files of build folder `out` into `dest` (replaced in one step); the number
    of files (0: nothing written)."""
    names = members(out, bundle)
    if not names:
        return 0
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.tmp")
    with zipfile.ZipFile(tmp, "w") as archive:
        for rel in names:
            info = zipfile.ZipInfo(f"{bundle.folder}/{rel}", date_time=FIXED_TIME)
            info.create_system = 3  # unix, whoever builds it
            info.external_attr = 0o100644 << 16
            packed = Path(rel).suffix.lower() in PACKED
            info.compress_type = zipfile.ZIP_STORED if packed else zipfile.ZIP_DEFLATED
            archive.writestr(info, (out / bundle.folder / rel).read_bytes(), compresslevel=None if packed else 6)
    os.replace(tmp, dest)
    return len(names)
