"""Theme files for every output: `themes/default/PART/` in the package, overridden file by
file from the project's `themes/<site.theme>/PART/` (PART: site/pages, print, plan, reports)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined

from .content.models import Project
from .resources import builtin_theme_dir


def theme_dirs(project: Project, part: str) -> list[Path]:
    """Project theme first (it overrides), then the built-in one; only folders that exist."""
    dirs = [project.root / "themes" / project.site.theme / part, builtin_theme_dir() / part]
    return [d for d in dirs if d.is_dir()]


@lru_cache(maxsize=16)
def _environment(dirs: tuple[Path, ...], keep_trailing_newline: bool) -> Environment:
    return Environment(loader=ChoiceLoader([FileSystemLoader(str(d)) for d in dirs]), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                       keep_trailing_newline=keep_trailing_newline)


class Theme:
    """Templates (Jinja2, autoescaped) and plain stylesheets of one part of the theme."""

    def __init__(self, project: Project, part: str, keep_trailing_newline: bool = False):
        self.part = part
        self.dirs = tuple(theme_dirs(project, part))
        self.env = _environment(self.dirs, keep_trailing_newline)

    @property
    def base_dir(self) -> Path:
        """Where relative URLs in rendered HTML resolve (the most specific theme folder)."""
        return self.dirs[0]

    def render(self, template: str, **ctx: Any) -> str:
        return self.env.get_template(template).render(**ctx)

    def stylesheet(self, name: str) -> str:
        """A CSS file's text (plain CSS, not a template)."""
        for d in self.dirs:
            if (d / name).is_file():
                return (d / name).read_text(encoding="utf-8")
        raise FileNotFoundError(f"theme file {self.part}/{name} not found in {', '.join(map(str, self.dirs))}")
