"""notice-form.pdf: the notice's form on one A4 landscape page, laid out as notice-form.xlsx."""

from __future__ import annotations

from ..content.models import Project
from ..pdf import render_html
from ..theme import Theme
from .notice_form import NoticeTable, as_text


def notice_html(project: Project, table: NoticeTable) -> str:
    rows = [(label, [as_text(v) for v in values]) for label, values in table.rows]
    total = [as_text(v) for v in table.total] if table.total is not None else None
    return Theme(project, "reports").render("notice-form.html.j2", t=table, rows=rows, total=total)


def notice_pdf(project: Project, table: NoticeTable) -> tuple[bytes, list[str]]:
    theme = Theme(project, "reports")
    rendered = render_html(
        notice_html(project, table), theme.base_dir, [project.root], [theme.stylesheet("notice-form.css")]
    )
    warnings = list(rendered.warnings) + [f"not loaded: {url}" for url in rendered.refused]
    return rendered.document.write_pdf(), warnings
