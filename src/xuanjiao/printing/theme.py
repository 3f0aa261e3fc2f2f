"""Print templates and stylesheets: `themes/default/print/`, overridable file by file from the
project's `themes/<theme>/print/`."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined

from ..content.models import Project
from ..resources import builtin_theme_dir


def theme_dirs(project: Project) -> list[Path]:
    dirs = [project.root / "themes" / project.site.theme / "print", builtin_theme_dir() / "print"]
    return [d for d in dirs if d.is_dir()]


@lru_cache(maxsize=8)
def _environment(dirs: tuple[Path, ...]) -> Environment:
    return Environment(loader=ChoiceLoader([FileSystemLoader(str(d)) for d in dirs]), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


class Theme:
    def __init__(self, project: Project):
        self.dirs = tuple(theme_dirs(project))
        self.env = _environment(self.dirs)

    def render(self, template: str, **ctx) -> str:
        return self.env.get_template(template).render(**ctx)

    def stylesheet(self, name: str) -> str:
        """A CSS file's text (plain CSS, not a template)."""
        source, _, _ = self.env.loader.get_source(self.env, name)
        return source
