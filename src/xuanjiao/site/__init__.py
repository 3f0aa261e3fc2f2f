"""The site stage: project -> site model -> engine adapter -> build/site.

One build per language of `site.yml` `languages`: the first at build/site/, each other
under build/site/<lang>/ (e.g. /en/), with the same page paths, so the language switcher
and a page's translations are the same URL under another prefix.

Each language's whole site is cached (cache.py), keyed by everything the engine reads: the
model's pages and files, the copied downloads, theme and content assets, site.yml, the build
clock and the versions of the engine's packages. A rebuild where nothing the site shows
changed links the previous site instead of running the engine.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from ..cache import STATS, Cache, Key, Memo, package_versions
from ..content.models import Project
from ..errors import Diagnostic, has_errors
from ..theme import theme_dirs
from ..workers import run_jobs
from .calendar_page import calendar_ics
from .engines import get_engine
from .engines.search import search_index_js
from .feed import write_feed
from .model import QRCode, SiteModel, build_model
from .pagecache import Pages, look_up, page_keys
from .pagecache import store as store_pages
from .sitemap import write_sitemap
from .urls import language_prefix

if TYPE_CHECKING:
    from ..schedule.model import PlanSet

# Packages whose code shapes the site: a new version, a new site.
ENGINE_PACKAGES = (
    "mkdocs",
    "mkdocs-material",
    "pymdown-extensions",
    "markdown",
    "jieba",
    "pygments",
    "jinja2",
    "segno",
    "pelican",
    "zensical",
)


def site_model(
    project: Project,
    out: Path | None,
    *,
    drafts: bool,
    today: dt.date,
    stamp: dt.datetime,
    lang: str | None = None,
    plans: PlanSet | None = None,
    memo: Memo | None = None,
) -> SiteModel:
    """Everything every engine publishes: pages, calendar.ics, feed.xml, downloads, QR codes.
    `memo`: earlier builds' search sections of unchanged pages (engines/search.py)."""
    model = build_model(project, drafts=drafts, today=today, outputs=out, lang=lang, plans=plans)
    lang, prefix = model.lang, model.prefix
    model.files["calendar.ics"] = calendar_ics(project, today, stamp, [], lang)
    model.files["feed.xml"] = write_feed(
        title=project.site.title_in(lang),
        author=project.site.organization_in(lang),
        site_url=project.site.url + prefix if project.site.url else None,
        entries=model.feed,
        stamp=stamp,
        lang=lang,
    )
    model.files["search/index.js"] = search_index_js(model, memo)  # every engine's search (engines/search.py)
    return model


def build_site(
    project: Project,
    out: Path,
    work: Path,
    *,
    drafts: bool,
    today: dt.date,
    stamp: dt.datetime,
    jobs: int = 1,
    plans: PlanSet | None = None,
    step: Callable[[int, int, str, float], None] | None = None,
) -> list[Diagnostic]:
    """Build the public site into `out/site`; `out` is the staging dir other stages wrote to.
    Languages not in the cache are built side by side in up to `jobs` processes, each into
    its own folder, then moved into place (the default language at site/, the others under it)."""
    diags: list[Diagnostic] = []
    cache = Cache(out / ".cache", "site", keep=4)  # a whole site each: a few, for undo
    qr_cache = Cache(out / ".cache", "qr", keep=4)
    prefixes = {language_prefix(project, lang) for lang in project.site.languages} - {""}
    todo: list[tuple[str, str, _Job]] = []  # (cache key, the language's prefix, its build)
    sections = Memo(out / ".cache", "search", "sections")
    pages = Memo(out / ".cache", "site-pages", "pages")
    for lang in project.site.languages:
        model = site_model(project, out, drafts=drafts, today=today, stamp=stamp, lang=lang, plans=plans, memo=sections)
        where = language_prefix(project, lang)
        key = "" if cache.off else site_key(cache.key(), project, model, stamp).hexdigest()
        # looked up even when the whole language is stored: what is used is kept for the next edit
        reuse = _stored_pages(pages, project, model, stamp)
        stored = None if cache.off else cache.get(key, out / "site" / where)
        if stored is not None:
            diags += stored
            continue
        STATS.miss("site", lang)
        _draw_qr_codes(qr_cache, model)
        todo.append((key, where, _Job(project, model, work / (where or "_default"), reuse)))
    sections.save()
    languages = len(project.site.languages)
    if step:
        step(languages - len(todo), languages, "", 0.0)
    results = run_jobs(_build_language, [job for *_, job in todo], jobs)
    if step and todo:
        step(languages, languages, "", 0.0)
    failed = False
    for (key, where, job), (found, made) in sorted(zip(todo, results), key=lambda t: t[0][1]):  # the default first
        diags += found
        if made is not None and not has_errors(found):
            store_pages(pages, made)
        if has_errors(found):
            failed = True
            continue
        dest = out / "site" / where
        dest.parent.mkdir(parents=True, exist_ok=True)
        os.rename(job.work / "site", dest)
        cache.put(key, dest, _outputs(dest, set() if where else prefixes), found)
    if not failed:
        cache.prune()
        qr_cache.prune()
        pages.save()
    return diags


def _stored_pages(memo: Memo, project: Project, model: SiteModel, stamp: dt.datetime) -> Pages | None:
    """The language's pages an earlier build rendered from the same inputs (MkDocs only)."""
    if memo.cache.off or project.site.engine != "mkdocs":
        return None
    return look_up(memo, page_keys(project, model, package_versions(ENGINE_PACKAGES), stamp))


@dataclass(frozen=True)
class _Job:
    project: Project
    model: SiteModel
    work: Path  # the engine's input goes here, its site into work/site
    pages: Pages | None = None  # MkDocs: pages it need not render (pagecache.py)


def _build_language(job: _Job) -> tuple[list[Diagnostic], Pages | None]:
    """Runs in a worker: -> (diagnostics, the pages with the HTML MkDocs rendered)."""
    job.work.mkdir(parents=True, exist_ok=True)
    engine = get_engine(job.project.site.engine)
    if job.pages is not None:
        found = engine(job.project, job.model, job.work, job.work / "site", job.pages)  # type: ignore[call-arg]
    else:
        found = engine(job.project, job.model, job.work, job.work / "site")
    if not has_errors(found):
        write_sitemap(job.model, job.project.site.url, job.work / "site")
    return job.model.diagnostics + found, job.pages


def _draw_qr_codes(cache: Cache, model: SiteModel) -> None:
    """Replace the model's QR codes by their SVGs, drawn once for a given set of codes: an
    edit to a page's text changes no QR code, and drawing one takes milliseconds."""
    codes = sorted({v for v in model.files.values() if isinstance(v, QRCode)}, key=repr)
    if not codes:
        return
    names = {code: f"{n}.svg" for n, code in enumerate(codes)}
    key = cache.key().add("versions", package_versions(ENGINE_PACKAGES)).add("codes", codes).hexdigest()
    hit = cache.load(key)
    svgs = hit[0] if hit else {names[code]: bytes(code) for code in codes}
    if hit is None:
        cache.store(key, svgs, None)
    for rel, value in model.files.items():
        if isinstance(value, QRCode):
            model.files[rel] = svgs[names[value]]


def site_key(key: Key, project: Project, model: SiteModel, stamp: dt.datetime) -> Key:
    """Every input of one language's site (see the module docstring)."""
    key.add("engine", project.site.engine).add("versions", package_versions(ENGINE_PACKAGES)).add("stamp", stamp)
    key.add("site.yml", project.site.model_dump(mode="json"))
    key.add("model", (model.lang, model.prefix, model.alternates, sorted(model.strings.items()), model.vocabulary))
    for page in model.pages:
        key.add("page", (page.path, page.title, page.nav, page.kind)).add("markdown", page.markdown)
    for rel in sorted(model.files):
        key.add(f"file:{rel}", model.files[rel])  # bytes, or a QRCode by its URL and title
    for rel in sorted(model.copies):
        key.add_file(f"copy:{rel}", model.copies[rel])
    for part in ("site", project.site.engine):  # the shared site theme, and the engine's own (pelican/)
        for n, theme in enumerate(theme_dirs(project, part)):
            key.add_tree(f"{part}-theme{n}", theme)
    return key  # content assets: the model's copies and files, above


def _outputs(dest: Path, skip: set[str]) -> list[str]:
    """Files of one language's site, relative to `dest`, without the other languages' folders."""
    return sorted(
        p.relative_to(dest).as_posix()
        for p in dest.rglob("*")
        if p.is_file() and p.relative_to(dest).parts[0] not in skip
    )
