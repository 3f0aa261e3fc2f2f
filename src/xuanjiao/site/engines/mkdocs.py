"""MkDocs + Material adapter: writes the site model as a docs tree + mkdocs.yml and builds it.

MkDocs runs in-process (no second Python start-up); its log warnings become diagnostics and
strict mode turns them into errors, as `mkdocs build --strict` would.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
from contextlib import contextmanager
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Iterator
from unittest import mock

import yaml

from ... import i18n
from ...content.models import Project
from ...errors import Diagnostic
from ...i18n import N_
from ...markdown import EXTENSIONS
from ...theme import theme_dirs as shared_theme_dirs
from ..front import split_front
from ..model import SiteModel
from .clean_extension import NAME as CLEAN_EXTENSION
from .files import write_files
from .repairs import repair_site
from .report import engine_diagnostic

if TYPE_CHECKING:
    from ..pagecache import Pages

SEARCH_STRINGS = {
    "label": N_("搜索"),
    "none": N_("没有找到符合条件的结果"),
    "count": N_("找到 {n} 个结果"),
    "results": N_("搜索结果"),
}


def theme_dirs(project: Project) -> list[Path]:
    return shared_theme_dirs(project, "site")


def write_docs(project: Project, model: SiteModel, docs: Path) -> None:
    for page in model.pages:
        target = docs / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(escaped_title(page.markdown), encoding="utf-8")
    write_files(project, model, docs)


def escaped_title(markdown: str) -> str:
    """The page with its front matter `title` HTML-escaped: Material (in MkDocs and Zensical)
    prints it unescaped into <title> and the header; the body is cleaned separately."""
    meta, body = split_front(markdown)
    if not isinstance(meta.get("title"), str):
        return markdown
    meta["title"] = escape(meta["title"])
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n" + body


# The 404 page's words (overrides/404.html).
NOT_FOUND = {
    "title": N_("找不到这个页面"),
    "text": N_("网址可能有误，或页面已经移走。可以从首页或下面的栏目重新查找。"),
    "home": N_("返回首页"),
    "calendar": N_("活动日历"),
    "materials": N_("宣传资料"),
}


def search_strings(lang: str) -> dict[str, str]:
    """The search box's words (partials/header.html), escaped: MkDocs' Jinja does not."""
    return {key: escape(i18n.gettext(message, lang)) for key, message in SEARCH_STRINGS.items()}


def mkdocs_config(project: Project, model: SiteModel, docs: Path, site_dir: Path) -> dict:
    overrides = [d / "overrides" for d in theme_dirs(project) if (d / "overrides").is_dir()]
    # Material prints these as HTML (no autoescape in MkDocs' Jinja): escaped here, once.
    nav = [{escape(page.title): page.path} for page in model.pages if page.nav]
    organization = escape(project.site.organization_in(model.lang))
    cfg = {
        "site_name": escape(project.site.title_in(model.lang)),
        "site_description": organization,
        "docs_dir": str(docs),
        "site_dir": str(site_dir),
        "use_directory_urls": False,  # pages open from a USB stick or shared folder (file://)
        "strict": True,
        "theme": {
            "name": "material",
            "language": model.lang,
            "font": False,  # no Google Fonts: blocked in China, and the site must work offline
            "custom_dir": str(overrides[0]) if overrides else None,
            "features": ["navigation.tabs", "navigation.top", "toc.follow"],
            "palette": {"scheme": "default", "primary": "custom", "accent": "custom"},
            "icon": {"logo": "material/hospital-box-outline"},
            **({"logo": model.logo} if model.logo else {}),
        },
        # Search is the site's own, the same on every engine (engines/search.py, partials/header.html).
        "plugins": ["offline"],
        "markdown_extensions": EXTENSIONS[:-1] + [{"toc": {"permalink": False}}, CLEAN_EXTENSION],
        "extra_css": ["assets/xuanjiao.css"],
        "extra_javascript": ["assets/javascripts/xj-search.js"],
        "extra": {
            "organization": organization,
            "hotline": escape(project.site.hotline or ""),
            "hotline_label": model.strings.get("hotline", "健康热线"),
            "feed_title": escape(i18n.gettext("活动报道", model.lang)),
            "generator": False,
            "search": search_strings(model.lang),
            "not_found": {key: escape(i18n.gettext(message, model.lang)) for key, message in NOT_FOUND.items()},
            # Vendored: the offline plugin would otherwise load this shim from a CDN.
            "polyfills": ["assets/javascripts/iframe-worker-shim.js"],
        },
        "nav": nav,
        "validation": {
            "links": {"absolute_links": "warn", "unrecognized_links": "warn", "anchors": "info"}
        },  # content.links warns at the source line
    }
    if model.alternates:
        cfg["extra"]["alternate"] = model.alternates  # the switcher (overrides/partials/alternate.html)
    if project.site.url:
        cfg["site_url"] = project.site.url + model.prefix
    if cfg["theme"]["custom_dir"] is None:
        del cfg["theme"]["custom_dir"]
    return cfg


def write_config(cfg: dict, path: Path) -> None:
    text = yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False)
    # Chinese heading ids: the same slugify the print side uses (see markdown.py).
    text = text.replace(
        "- toc:\n    permalink: false",
        "- toc:\n    permalink: false\n    slugify: !!python/object/apply:pymdownx.slugs.slugify"
        "\n      kwds: {case: lower}",
    )
    path.write_text(text, encoding="utf-8")


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def build(
    project: Project, model: SiteModel, work: Path, site_dir: Path, pages: Pages | None = None
) -> list[Diagnostic]:
    """Write the docs tree and build it; returns diagnostics (errors when MkDocs warned).
    `pages`: HTML of unchanged pages to write instead of rendering them (site/pagecache.py)."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    docs = work / "docs"
    if docs.exists():
        shutil.rmtree(docs)
    write_docs(project, model, docs)
    cfg = mkdocs_config(project, model, docs, site_dir)
    cfg_path = work / "mkdocs.yml"
    write_config(cfg, cfg_path)
    handler = _Collect()
    log = logging.getLogger("mkdocs")
    log.addHandler(handler)
    old_level = log.level
    log.setLevel(logging.WARNING)
    import jieba

    jieba.setLogLevel(logging.WARNING)  # its start-up chatter is not a diagnostic
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    if model.date is not None:  # MkDocs dates the sitemap by SOURCE_DATE_EPOCH's UTC day, else by now
        noon = dt.datetime(model.date.year, model.date.month, model.date.day, 12, tzinfo=dt.timezone.utc)
        os.environ["SOURCE_DATE_EPOCH"] = str(int(noon.timestamp()))
    try:
        config = load_config(str(cfg_path))
        if pages is not None and pages.templates is not None:
            _compiled_templates(config, pages.templates)
        with _reusing(pages):
            mkdocs_build(config)
        failed = None
    except MkDocsException as exc:
        failed = str(exc)
    finally:
        log.removeHandler(handler)
        log.setLevel(old_level)
        if saved is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved
    diags = [engine_diagnostic(model, work, "mkdocs", r.getMessage()) for r in handler.records]
    if failed and not diags:
        diags.append(engine_diagnostic(model, work, "mkdocs", failed))
    if not failed:
        repair_site("mkdocs", site_dir)
    return diags


def _compiled_templates(config, folder: Path) -> None:
    """Material's templates compiled once, not on every build (Jinja's bytecode cache: an entry
    holds its template's checksum and is used only for that exact source)."""
    from jinja2 import BytecodeCache

    class _Folder(BytecodeCache):
        def load_bytecode(self, bucket) -> None:
            try:
                with open(folder / bucket.key, "rb") as f:
                    bucket.load_bytecode(f)
            except OSError:
                pass

        def dump_bytecode(self, bucket) -> None:  # a new file, renamed: the cache's files are linked
            folder.mkdir(parents=True, exist_ok=True)
            tmp = folder / f".{bucket.key}.{os.getpid()}"
            with open(tmp, "wb") as f:
                bucket.write_bytecode(f)
            os.replace(tmp, folder / bucket.key)

    get_env = config.theme.get_env

    def with_cache():
        env = get_env()
        env.bytecode_cache = _Folder()
        return env

    config.theme.get_env = with_cache


@contextmanager
def _reusing(pages: Pages | None) -> Iterator[None]:
    """While MkDocs builds: a page in `pages.reuse` is read (its front matter: the navigation
    shows its title) but neither rendered nor templated: its stored HTML is written instead;
    every other page is built as usual and its HTML kept in `pages.made`. MkDocs' own
    `--dirty` cannot do this (it decides by file times, and warns, which strict mode refuses)."""
    if pages is None:
        yield
        return
    from mkdocs import utils
    from mkdocs.commands import build as mkdocs_build

    populate, build_page = mkdocs_build._populate_page, mkdocs_build._build_page

    def _populate(page, config, files, dirty=False):
        if page.file.src_uri in pages.reuse:
            page.read_source(config)
            return
        populate(page, config, files, dirty)

    def _build(page, config, doc_files, nav, env, dirty=False, excluded=False):
        html = pages.reuse.get(page.file.src_uri)
        if html is not None:
            utils.write_file(html, page.file.abs_dest_path)
            return
        build_page(page, config, doc_files, nav, env, dirty, excluded)
        dest = Path(page.file.abs_dest_path)
        if page.file.src_uri in pages.keys and dest.is_file():
            pages.made[page.file.src_uri] = dest.read_bytes()

    with (
        mock.patch.object(mkdocs_build, "_populate_page", _populate),
        mock.patch.object(mkdocs_build, "_build_page", _build),
    ):
        yield


def available() -> bool:
    return True  # a required dependency
