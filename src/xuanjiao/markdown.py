"""The one Markdown dialect, shared by the site (MkDocs) and print (WeasyPrint).

MkDocs gets `EXTENSIONS`/`EXTENSION_CONFIGS` in mkdocs.yml; print renders with `render`
using the same list, so a leaflet and its web page never disagree about the markup.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

import markdown as md
from pymdownx.slugs import slugify

from .sanitize import clean

BREAK = "<!-- break -->"
BREAK_RE = re.compile(r"^[ \t]*<!--\s*break\s*-->[ \t]*$", re.MULTILINE)

# fenced_code: MkDocs always adds it; print must read ``` blocks the same way. toc stays last
# (the MkDocs adapter replaces it with its own configuration).
EXTENSIONS = ["tables", "fenced_code", "attr_list", "md_in_html", "admonition", "def_list", "sane_lists", "toc"]


def heading_slug(text: str, sep: str = "-") -> str:
    """Heading ids that keep Chinese characters (the default slugify drops them)."""
    return slugify(case="lower")(text, sep)


EXTENSION_CONFIGS = {"toc": {"slugify": heading_slug, "permalink": False}}


_local = threading.local()


def _converter() -> md.Markdown:
    """This thread's converter: a Markdown instance holds state while it converts, so threads
    (the workspace serves several people at once) never share one."""
    conv = getattr(_local, "converter", None)
    if conv is None:
        conv = _local.converter = md.Markdown(
            extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS, output_format="html"
        )
    return conv


@lru_cache(maxsize=256)  # check compares every body with its cleaned form on every load
def render_raw(text: str) -> str:
    """The HTML exactly as Markdown makes it: only for comparing with its cleaned form."""
    conv = _converter()
    conv.reset()
    return conv.convert(text)


@lru_cache(maxsize=256)  # check, print and the search index render the same bodies
def render(text: str) -> str:
    """Rendered and sanitized (see `xuanjiao.sanitize`): the HTML any output may use."""
    return clean(render_raw(text))


def split_breaks(text: str) -> list[str]:
    """Split a body at `<!-- break -->` lines (leaflet panels, brochure pages)."""
    return [part.strip("\n") for part in BREAK_RE.split(text)]


def strip_breaks(text: str) -> str:
    return BREAK_RE.sub("", text)
