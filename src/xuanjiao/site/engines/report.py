"""An engine's messages as diagnostics about the writer's files, never about the build's
own: a page's generated docs file is named as the content file it came from, and every other
path inside the engine's work folder (a staging dir, .work/...) is shortened to what follows
the engine's input folder, so no message names a temporary path."""

from __future__ import annotations

import re
from pathlib import Path

from ...errors import Diagnostic, Location
from ...messages import t
from ..model import SiteModel

SITE_FILE = "content/site.yml"  # what a message about no page in particular is about


def engine_diagnostic(model: SiteModel, work: Path, engine: str, message: str) -> Diagnostic:
    text = _shorten(message, work)
    # The page named first is the one at fault ("Doc file 'a' contains a link 'b'…"); among pages
    # found at one place, the longest name is the exact one.
    named = [(text.index(page), -len(page), src) for page, src in model.sources.items() if page in text]
    path = min(named)[2] if named else SITE_FILE
    hint = t("paths in content files are relative to the Markdown file") if path != SITE_FILE else ""
    return Location(path).error(t("site ({engine}): {message}", engine=engine, message=text), hint=hint)


def _shorten(message: str, work: Path) -> str:
    """`/…/.build.staging-1/.work/site/_default/docs/materials/x/index.md` -> `materials/x/index.md`."""
    for root in dict.fromkeys((str(work.resolve()), str(work))):
        pattern = re.compile(re.escape(root) + r"(/[^\s'\"`]*)?")
        message = pattern.sub(lambda mt: _inner(mt.group(1) or ""), message)
    return message


def _inner(rest: str) -> str:
    """What follows the engine's input folder (docs/, content/) or its config, else the name."""
    parts = [p for p in rest.split("/") if p]
    for marker in ("docs", "content", "site"):
        if marker in parts[:-1]:
            return "/".join(parts[parts.index(marker) + 1 :])
    return parts[-1] if parts else "."
