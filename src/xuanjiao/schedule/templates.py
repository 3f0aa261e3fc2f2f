"""Templates and stylesheets for the plan PDFs, from the project's theme or the built-in one.

A project overrides a file by putting one of the same name in `themes/NAME/plan/`.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined

from ..content.models import Project
from ..pdf import render_html
from ..resources import builtin_theme_dir


def theme_dirs(project: Project) -> list[Path]:
    dirs = [project.root / "themes" / project.site.theme / "plan", builtin_theme_dir() / "plan"]
    return [d for d in dirs if d.is_dir()]


@lru_cache(maxsize=8)
def _env(dirs: tuple[Path, ...]) -> Environment:
    return Environment(loader=ChoiceLoader([FileSystemLoader(str(d)) for d in dirs]), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def stylesheet(project: Project, name: str) -> str:
    for d in theme_dirs(project):
        if (d / name).is_file():
            return (d / name).read_text(encoding="utf-8")
    raise FileNotFoundError(f"theme file plan/{name} not found in {', '.join(map(str, theme_dirs(project)))}")


def render_pdf(project: Project, template: str, css: str, **context: Any) -> tuple[bytes, list[str]]:
    """Render a plan template to PDF bytes; returns WeasyPrint's warnings too."""
    dirs = tuple(theme_dirs(project))
    html = _env(dirs).get_template(template).render(**context)
    rendered = render_html(html, dirs[0], [project.root], [stylesheet(project, css)])
    warnings = list(rendered.warnings) + [f"not loaded: {url}" for url in rendered.refused]
    return rendered.document.write_pdf(), warnings
