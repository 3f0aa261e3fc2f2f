"""WeasyPrint, set up once per process and shared by print, plans and reports.

- one `FontConfiguration` per process (rendering in a loop without it grows to ~1 GB);
- a URL fetcher that reads only files inside the allowed folders (the project and the
  package's themes) and `data:` URLs: no network, nothing outside the project;
- WeasyPrint's log warnings captured per document and returned, to become diagnostics;
- stylesheets parsed once per process (the theme's print.css and KIND.css are the same for
  every layout of every material), their parse warnings and refused URLs replayed per call;
- `Rendered.broken` counts the positioned boxes WeasyPrint had to break at a page end (what
  does not fit on the last page is dropped): zero means every box was laid out whole;
- WeasyPrint's PDF writing made faster, process-wide, without changing what it draws
  (`pdf.speedups`: fonts subset in one pass, font files read only when needed, streams
  deflated at level 1).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import sys
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable
from urllib.parse import unquote, urlparse

from ..messages import t
from ..resources import PACKAGE_DIR, builtin_theme_dir
from . import speedups

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
        raise MissingFontError(
            t(
                "no CJK font found (need Noto Sans CJK SC / Noto Serif CJK SC); install it with: apt-get install fonts-noto-cjk"
            )
        )


@lru_cache(maxsize=1)
def font_config():
    import_weasyprint()
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


# what WeasyPrint opens, by the names the dynamic loader knows on Linux
_SONAMES = (
    "libgobject-2.0.so.0",
    "libpango-1.0.so.0",
    "libharfbuzz.so.0",
    "libfontconfig.so.1",
    "libpangoft2-1.0.so.0",
)


def import_weasyprint() -> None:
    """`import weasyprint`, a fifth of a second sooner: it asks for each library under several
    names, and for every name the loader does not know cffi runs `ldconfig` through
    ctypes.util.find_library (22 times). On Linux, where each library opens by its soname (the
    last name WeasyPrint tries), that search finds nothing new and is skipped during the import."""
    if "weasyprint" in sys.modules or not sys.platform.startswith("linux"):
        import weasyprint  # noqa: F401

        return
    try:
        for name in _SONAMES:
            ctypes.CDLL(name)
    except OSError:  # a library under another name: the ordinary import finds it
        import weasyprint  # noqa: F401

        return
    search = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        import weasyprint  # noqa: F401
    finally:
        ctypes.util.find_library = search


@dataclass
class Rendered:
    document: Any  # weasyprint.Document (pages inspectable before writing; imported lazily)
    warnings: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # URLs the fetcher would not read
    broken: int | None = None  # positioned boxes broken at a page end (None: cannot tell)


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


_CSS_CACHE_SIZE = 64
_css_cache: dict[tuple[str, str], tuple[object, object, tuple[str, ...], tuple[str, ...]]] = {}
_broken = [0]  # calls of LayoutContext.add_broken_out_of_flow in this process
_counting: bool | None = None


def _count_broken() -> bool:
    """Count, process-wide, the positioned boxes WeasyPrint breaks at a page end (its layout
    drops what is left over after the last page). False when this WeasyPrint has no such hook."""
    global _counting
    if _counting is None:
        try:
            from weasyprint.layout import LayoutContext

            original = LayoutContext.add_broken_out_of_flow
        except (ImportError, AttributeError):
            _counting = False
            return False

        def add_broken_out_of_flow(self, *args, **kwargs):
            _broken[0] += 1
            return original(self, *args, **kwargs)

        LayoutContext.add_broken_out_of_flow = add_broken_out_of_flow
        _counting = True
    return _counting


def _stylesheet(text: str, base_url: str, fc, fetcher, refused: list[str], capture: "_Capture"):
    """A parsed `CSS`, shared by every layout in this process with the same text and base URL.
    Its parse warnings go to this call's capture each time; a sheet whose parse refused a URL
    is never shared (the refusal must be reported for every document)."""
    from weasyprint import CSS

    hit = _css_cache.get((text, base_url))
    if hit is not None and hit[0] is fc:
        capture.messages.extend(hit[2])
        refused.extend(hit[3])
        return hit[1]
    before, seen = len(capture.messages), len(refused)
    sheet = CSS(string=text, font_config=fc, url_fetcher=fetcher, base_url=base_url)
    if len(refused) == seen:
        if len(_css_cache) >= _CSS_CACHE_SIZE:
            _css_cache.pop(next(iter(_css_cache)))
        _css_cache[(text, base_url)] = (fc, sheet, tuple(capture.messages[before:]), ())
    return sheet


def render_html(
    html: str, base_dir: Path, roots: Iterable[Path], stylesheets: Iterable[str] = (), **options
) -> Rendered:
    """Lay out `html` (relative URLs resolve against `base_dir`); nothing is written yet."""
    import_weasyprint()
    from weasyprint import HTML

    refused: list[str] = []
    fetcher = make_fetcher(roots, refused)
    capture = _Capture()
    logger = logging.getLogger("weasyprint")
    base_url = base_dir.as_uri() + "/"
    with _lock:
        counting = _count_broken()
        speedups.install()
        logger.addHandler(capture)
        try:
            fc = font_config()
            sheets = [_stylesheet(s, base_url, fc, fetcher, refused, capture) for s in stylesheets]
            start = _broken[0]
            doc = HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(
                font_config=fc, stylesheets=sheets, **options
            )
            broken = _broken[0] - start if counting else None
        finally:
            logger.removeHandler(capture)
    return Rendered(doc, capture.messages, refused, broken)
