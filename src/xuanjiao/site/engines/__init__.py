"""Site engines: adapters that write the one site model into an engine's input and run it.

Every adapter has `build(project, model, work, site_dir) -> list[Diagnostic]` and produces
the same URLs (outputs.md), so links, QR codes and .ics URLs never change with the engine.
MkDocs (+ Material) is the default and a required dependency; Pelican (AGPL-3.0) and
Zensical are optional extras run as separate programs.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Callable

from ...content.models import Project
from ...errors import Diagnostic
from ..model import SiteModel

Engine = Callable[[Project, SiteModel, Path, Path], list[Diagnostic]]

NAMES = ("mkdocs", "pelican", "zensical")


def get_engine(name: str) -> Engine:
    if name not in NAMES:
        raise ValueError(f"unknown site engine {name!r}; choose one of {', '.join(NAMES)}")
    return importlib.import_module(f".{name}", __name__).build


def available(name: str) -> bool:
    """Whether the engine's program is installed (without importing it)."""
    return importlib.import_module(f".{name}", __name__).available()
