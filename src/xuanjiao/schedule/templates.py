"""Templates and stylesheets for the plan PDFs, from the project's theme or the built-in one.

A project overrides a file by putting one of the same name in `themes/NAME/plan/`.
"""

from __future__ import annotations

from typing import Any

from ..content.models import Project
from ..pdf import render_html
from ..theme import Theme


def stylesheet(project: Project, name: str) -> str:
    return Theme(project, "plan").stylesheet(name)


def render_pdf(project: Project, template: str, css: str, **context: Any) -> tuple[bytes, list[str]]:
    """Render a plan template to PDF bytes; returns WeasyPrint's warnings too."""
    theme = Theme(project, "plan")
    html = theme.render(template, **context)
    rendered = render_html(html, theme.base_dir, [project.root], [theme.stylesheet(css)])
    warnings = list(rendered.warnings) + [f"not loaded: {url}" for url in rendered.refused]
    return rendered.document.write_pdf(), warnings
