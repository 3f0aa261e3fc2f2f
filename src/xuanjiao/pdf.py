"""WeasyPrint, set up once per process and shared by print, plans and reports.

- one `FontConfiguration` per process (rendering in a loop without it grows to ~1 GB);
- a URL fetcher that reads only files inside the allowed folders (the project and the
  package's themes) and `data:` URLs: no network, nothing outside the project;
- WeasyPrint's log warnings captured per document and returned, to become diagnostics.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable
from urllib.parse import unquote, urlparse

from .resources import PACKAGE_DIR, builtin_theme_dir

_lock = threading.Lock()  # WeasyPrint's logger is global; one capture at a time per process


class MissingFontError(RuntimeError):
    pass


CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Serif CJK SC")


def check_cjk_fonts() -> None:
    """Fail early and clearly when no CJK font is installed (print would show tofu boxes)."""
    import subprocess

    try:
        out = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, timeout=20).stdout
    except (OSError, subprocess.SubprocessError):
        out = ""
    if not any(f in out for f in CJK_FAMILIES):
        raise MissingFontError("no CJK font found (need Noto Sans CJK SC / Noto Serif CJK SC); "
                               "install it with: apt-get install fonts-noto-cjk")


@lru_cache(maxsize=1)
def font_config():
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


@dataclass
class Rendered:
    document: object  # weasyprint.Document (pages inspectable before writing)
    warnings: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # URLs the fetcher would not read


def make_fetcher(roots: Iterable[Path], refused: list[str]):
    from weasyprint.urls import URLFetcher

    allowed = [r.resolve() for r in roots] + [builtin_theme_dir().resolve(), PACKAGE_DIR]

    class ProjectFetcher(URLFetcher):
        def fetch(self, url, headers=None):  # noqa: D401 - WeasyPrint's signature
            scheme = urlparse(url).scheme.lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme == "file":
                path = Path(unquote(urlparse(url).path)).resolve()
                if any(path.is_relative_to(root) for root in allowed):
                    return super().fetch(url, headers)
            refused.append(url)
            raise ValueError(f"not allowed: {url} (only files inside the project are read)")

    return ProjectFetcher()


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def render_html(html: str, base_dir: Path, roots: Iterable[Path], stylesheets: Iterable[str] = (),
                **options) -> Rendered:
    """Lay out `html` (relative URLs resolve against `base_dir`); nothing is written yet."""
    from weasyprint import CSS, HTML

    refused: list[str] = []
    fetcher = make_fetcher(roots, refused)
    capture = _Capture()
    logger = logging.getLogger("weasyprint")
    with _lock:
        logger.addHandler(capture)
        try:
            fc = font_config()
            sheets = [CSS(string=s, font_config=fc, url_fetcher=fetcher, base_url=base_dir.as_uri() + "/")
                      for s in stylesheets]
            doc = HTML(string=html, base_url=base_dir.as_uri() + "/", url_fetcher=fetcher).render(
                font_config=fc, stylesheets=sheets, **options)
        finally:
            logger.removeHandler(capture)
    return Rendered(doc, capture.messages, refused)
