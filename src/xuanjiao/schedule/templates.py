"""Templates and stylesheets for the plan PDFs, from the project's theme or the built-in one.

A project overrides a file by putting one of the same name in `themes/NAME/plan/`.
"""

from __future__ import annotations

from typing import Any

from ..content.models import Project
from ..cache import STATS, current, fonts_hash
from ..pdf import render_html
from ..theme import Theme


def stylesheet(project: Project, name: str) -> str:
    return Theme(project, "plan").stylesheet(name)


def render_pdf(project: Project, template: str, css: str, **context: Any) -> tuple[bytes, list[str]]:
    """Render a plan template to PDF bytes; returns WeasyPrint's warnings too.

    When a stage made a cache active, the PDF is keyed by the HTML, the stylesheet, every
    file of the plan theme and the fonts, and taken from the cache when all are unchanged."""
    theme = Theme(project, "plan")
    html = theme.render(template, **context)
    sheet = theme.stylesheet(css)
    cache = current()
    key = None
    if cache is not None:
        k = cache.key().add("html", html).add("css", sheet).add("fonts", fonts_hash())
        for n, d in enumerate(theme.dirs):
            k.add_tree(f"theme{n}", d)
        key = k.hexdigest()
        hit = cache.load(key)
        if hit is not None:
            return hit[0]["out.pdf"], hit[1]
        STATS.miss(cache.namespace, template)
    rendered = render_html(html, theme.base_dir, [project.root], [sheet])
    warnings = list(rendered.warnings) + [f"not loaded: {url}" for url in rendered.refused]
    pdf = rendered.document.write_pdf()
    if key is not None:
        cache.store(key, {"out.pdf": pdf}, warnings)
    return pdf, warnings
