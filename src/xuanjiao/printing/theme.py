"""Print templates and stylesheets: `themes/default/print/`, overridable file by file from the
project's `themes/<theme>/print/`."""

from __future__ import annotations

from ..content.models import Project
from ..theme import Theme as _Theme


class Theme(_Theme):
    def __init__(self, project: Project):
        super().__init__(project, "print")
