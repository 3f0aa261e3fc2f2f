"""Pelican adapter: writes the site model as Pelican pages + pelicanconf.py and runs Pelican.

Pelican is AGPL-3.0, so it is an optional extra (`pip install 'xuanjiao[pelican]'`) and runs
as a separate program (`python -m pelican`); this package never imports it. Every model page
becomes a Pelican *page* saved at the model's URL (Pelican's own index, archives, categories
and feeds are switched off; feed.xml is ours, as in every engine). Pages are Markdown in the
same dialect (`xuanjiao.markdown` extensions, set as MARKDOWN in pelicanconf.py). Search is the
site's own, as on every engine (engines/search.py).
"""

from __future__ import annotations

import importlib.util
import os
import posixpath
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

from ... import i18n
from ...content.models import Project
from ...errors import Diagnostic, Location
from ...i18n import N_
from ...markdown import EXTENSIONS
from ...messages import t
from ...theme import theme_dirs
from ..model import SiteModel, SitePage
from . import files as site_files
from .clean_extension import NAME as CLEAN_EXTENSION
from .report import engine_diagnostic

INSTALL_HINT = "pip install 'xuanjiao[pelican]'"
# .md links (MkDocs resolves them) become the .html URLs every engine publishes.
MD_LINK = re.compile(r"""(?<=[("'])([^()"'\s<>]*?)index\.md(?=[#)"'\s])""")


# The theme's own words (templates/base.html, the search box), in the build's language.
CHROME = (
    N_("跳到正文"),
    N_("搜索"),
    N_("栏目"),
    N_("语言"),
    N_("健康热线"),
    N_("活动报道"),
    N_("活动报道订阅（Atom）"),
    N_("没有找到符合条件的结果"),
    N_("找到 {n} 个结果"),
    N_("搜索结果"),
    N_("找不到这个页面"),
    N_("网址可能有误，或页面已经移走。可以从首页或下面的栏目重新查找。"),
    N_("返回首页"),
    N_("活动日历"),
    N_("宣传资料"),
)


def available() -> bool:
    return importlib.util.find_spec("pelican") is not None


def page_source(page: SitePage) -> str:
    """A Pelican Markdown page: its metadata header, then the body with links rewritten."""
    slug = page.url.removesuffix("/index.html").removesuffix(".html").replace("/", "-") or "home"
    title = " ".join(page.title.split())
    head = [
        f"Title: {title}",
        f"Slug: {slug}",
        f"Save_as: {page.url}",
        f"URL: {page.url}",
        "Template: page",
        f"Kind: {page.kind}",
        f"Xj_path: {page.url}",
        "Status: published",
    ]
    return "\n".join(head) + "\n\n" + MD_LINK.sub(r"\1index.html", page.body)


def nav(model: SiteModel) -> list[dict[str, str]]:
    """Top tabs: a section tab (campaigns/, materials/, news/) is active for its whole folder."""
    out = []
    for page in model.pages:
        if page.nav:
            folder = posixpath.dirname(page.url)
            prefix = folder + "/" if folder in ("calendar", "campaigns", "materials", "news") else page.url
            out.append(dict(title=page.title, url=page.url, prefix=prefix))
    return out


def _root_path(url: str | None, prefix: str) -> str:
    """The path the language's site is served under, without its last slash: "/jiankang/en"."""
    return (urlsplit(url).path if url else "/").rstrip("/") + ("/" + prefix.rstrip("/") if prefix else "")


def pelican_conf(project: Project, model: SiteModel, theme: Path, content: Path, out: Path) -> str:
    settings = {
        "PATH": str(content),
        "OUTPUT_PATH": str(out),
        "THEME": str(theme),
        "SITENAME": project.site.title_in(model.lang),
        "SITEURL": "",
        "RELATIVE_URLS": True,  # works from file://
        "DEFAULT_LANG": model.lang,
        "XJ_LANG": model.lang,  # Pelican lower-cases DEFAULT_LANG
        "TIMEZONE": project.site.timezone,
        "LOCALE": ["C"],
        "ARTICLE_PATHS": [],
        "PAGE_PATHS": [""],
        "STATIC_PATHS": [],
        "READERS": {"html": None, "rst": None},
        # The one page of its own: notfound.html as 404.html, its links from the site's root path.
        "DIRECT_TEMPLATES": ["notfound"],
        "NOTFOUND_SAVE_AS": "404.html",
        "XJ_ROOT": _root_path(project.site.url, model.prefix),
        "PAGINATED_TEMPLATES": {},
        "INDEX_SAVE_AS": "",
        "DELETE_OUTPUT_DIRECTORY": False,
        "CACHE_CONTENT": False,
        "LOAD_CONTENT_CACHE": False,
        "THEME_STATIC_DIR": "assets/pelican",
        "THEME_STATIC_PATHS": ["static"],
        "DISPLAY_PAGES_ON_MENU": False,
        "DISPLAY_CATEGORIES_ON_MENU": False,
        "XJ_T": {message: i18n.gettext(message, model.lang) for message in CHROME},
        "XJ_ALTERNATES": model.alternates,  # the language switcher's links (see model.alternates)
        "XJ_NAV": nav(model),
        "XJ_ORGANIZATION": project.site.organization_in(model.lang),
        "XJ_HOTLINE": project.site.hotline or "",
        "XJ_LOGO": model.logo or "",
        "TYPOGRIFY": False,
        "SLUGIFY_SOURCE": "basename",
        "OUTPUT_SOURCES": False,
        # Titles and site settings are text, escaped by the templates; page content is HTML,
        # cleaned where Markdown makes it (CLEAN_EXTENSION) and marked |safe in page.html.
        "JINJA_ENVIRONMENT": {"trim_blocks": True, "lstrip_blocks": True, "extensions": [], "autoescape": True},
    }
    for key in (
        "FEED_ALL_ATOM",
        "FEED_ALL_RSS",
        "CATEGORY_FEED_ATOM",
        "CATEGORY_FEED_RSS",
        "AUTHOR_FEED_ATOM",
        "AUTHOR_FEED_RSS",
        "TAG_FEED_ATOM",
        "TAG_FEED_RSS",
        "TRANSLATION_FEED_ATOM",
        "TRANSLATION_FEED_RSS",
    ):
        settings[key] = None
    for key in (
        "ARCHIVES",
        "AUTHORS",
        "CATEGORIES",
        "TAGS",
        "CATEGORY",
        "TAG",
        "AUTHOR",
        "YEAR_ARCHIVE",
        "MONTH_ARCHIVE",
        "DAY_ARCHIVE",
    ):
        settings[f"{key}_SAVE_AS"] = ""
    lines = [
        '"""Generated by xuanjiao for Pelican; edits are overwritten on the next build."""',
        "from pymdownx.slugs import slugify",
        "",
    ]
    lines += [f"{k} = {v!r}" for k, v in settings.items()]
    # The same dialect as MkDocs and print, cleaned as they are; Chinese heading ids.
    exts = {e: {} for e in EXTENSIONS if e != "toc"}
    exts[CLEAN_EXTENSION] = {}
    lines.append(
        f"MARKDOWN = {{'extension_configs': {{**{exts!r}, 'toc': {{'slugify': slugify(case='lower'), "
        "'permalink': False}}, 'output_format': 'html'}"
    )
    return "\n".join(lines) + "\n"


def log_problems(output: str) -> list[str]:
    """Pelican's WARNING/ERROR lines, without its clock and source-line decorations.

    Decorative images (news thumbnails beside their own title) have alt="" on purpose, as
    accessibility guidelines ask, so Pelican's warning about them is not a problem."""
    out = []
    for line in output.splitlines():
        m = re.match(r"^(?:\[[\d:]+\])?\s*(WARNING|ERROR|CRITICAL)\s+(.*?)(?:\s+\S+\.py:\d+)?\s*$", line)
        if m and not m.group(2).startswith("Empty alt attribute"):
            out.append(f"{m.group(1).lower()}: {m.group(2)}")
    return out


def merged_theme(project: Project, dest: Path) -> Path:
    """The built-in Pelican theme with the project's overrides on top, file by file."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for d in reversed(theme_dirs(project, "pelican")):
        shutil.copytree(d, dest, dirs_exist_ok=True)
    return dest


def build(project: Project, model: SiteModel, work: Path, site_dir: Path) -> list[Diagnostic]:
    where = Location("content/site.yml", 0, 0)
    if not available():
        return [
            where.error(
                t("site.yml chose `engine: pelican`, but Pelican is not installed"),
                hint=t("{install_hint}  (or set `engine: mkdocs`)", install_hint=INSTALL_HINT),
            )
        ]
    root = work / "pelican"
    if root.exists():
        shutil.rmtree(root)
    content = root / "content"
    for page in model.pages:
        target = content / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page_source(page), encoding="utf-8")
    theme = merged_theme(project, root / "theme")
    conf = root / "pelicanconf.py"
    conf.write_text(pelican_conf(project, model, theme, content, site_dir), encoding="utf-8")
    site_dir.mkdir(parents=True, exist_ok=True)
    site_files.write_files(project, model, site_dir)
    env = {**os.environ, "COLUMNS": "200", "TERM": "dumb", "NO_COLOR": "1", "PYTHONHASHSEED": "0"}
    proc = subprocess.run(
        [sys.executable, "-m", "pelican", str(content), "-s", str(conf), "-o", str(site_dir)],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
    )
    diags = [engine_diagnostic(model, work, "pelican", msg) for msg in log_problems(proc.stdout + proc.stderr)]
    if proc.returncode != 0 and not diags:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        diags.append(engine_diagnostic(model, work, "pelican", f"exit code {proc.returncode}: {' / '.join(tail)}"))
    return diags
