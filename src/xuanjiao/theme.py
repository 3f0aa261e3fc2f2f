"""Theme files for every output: `themes/default/PART/` in the package, overridden file by
file from the project's `themes/<site.theme>/PART/` (PART: site/pages, print, plan, reports)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, pass_context

from . import i18n
from .content.models import Project
from .resources import builtin_theme_dir


def theme_dirs(project: Project, part: str) -> list[Path]:
    """Project theme first (it overrides), then the built-in one; only folders that exist."""
    dirs = [project.root / "themes" / project.site.theme / part, builtin_theme_dir() / part]
    return [d for d in dirs if d.is_dir()]


def _template_lang(context: Any) -> str | None:
    """The language a template speaks: `xj_lang` if given, else the material's (`m.lang`,
    print templates), else the current one (`i18n.use`)."""
    lang = context.get("xj_lang")
    if lang:
        return lang
    m = context.get("m")
    if isinstance(m, dict) and isinstance(m.get("lang"), str):
        return m["lang"]
    return None


@pass_context
def _gettext(context: Any, message: str) -> str:
    return i18n.gettext(message, _template_lang(context))


@pass_context
def _ngettext(context: Any, singular: str, plural: str, n: int) -> str:
    return i18n.ngettext(singular, plural, n, _template_lang(context))


@lru_cache(maxsize=16)
def _environment(dirs: tuple[Path, ...], keep_trailing_newline: bool) -> Environment:
    env = Environment(
        loader=ChoiceLoader([FileSystemLoader(str(d)) for d in dirs]),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=keep_trailing_newline,
        extensions=["jinja2.ext.i18n"],
    )
    # {{ _("活动日历") }} in any theme template: the catalogs of xuanjiao.i18n.
    env.install_gettext_callables(_gettext, _ngettext, newstyle=True)  # type: ignore[attr-defined]
    return env


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
