"""WeChat export: a material or news post as one HTML file for the official account's editor
(公众号), with its pictures and QR code beside it (`build/wechat/ID/`).

Every style is inline (css-inline applies the theme's wechat/article.css, then every class
goes): the editor keeps `style=""` and nothing else. The body is rendered and sanitized by the
same path as the site (xuanjiao.markdown.render) before `wechat_html` rewrites lists, links
and pictures into shapes the editor keeps. Nothing is loaded from anywhere: pictures are local
files the writer uploads with the article.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from markupsafe import Markup

from .. import i18n
from ..content import links
from ..content import models as m
from ..errors import did_you_mean
from ..markdown import render, strip_breaks
from ..messages import t
from . import wechat_html as wx

WEB_IMAGES = {".png", ".jpg", ".jpeg", ".gif"}  # what the editor uploads; others are converted to PNG
NOTE_SCHEMES = ("http", "https")


class WechatError(Exception):
    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message, self.hint = message, hint


@dataclass(frozen=True)
class ArticleFile:
    name: str  # beside article.html
    data: bytes


@dataclass(frozen=True)
class WechatArticle:
    """The article's HTML (a whole page: open it, select all, copy, paste into the editor),
    the files to upload with it, its link notes and what could not be carried over."""

    id: str
    title: str
    html: str
    files: tuple[ArticleFile, ...]
    notes: tuple[tuple[str, str], ...]
    warnings: tuple[str, ...]
    cover: str | None = None  # a news post's cover picture, for the editor's 封面 field


def find_document(project: m.Project, ident: str) -> m.Material | m.NewsPost:
    if ident in project.materials:
        return project.materials[ident]
    if ident in project.news:
        return project.news[ident]
    known = [*project.materials, *project.news]
    raise WechatError(
        t("no material or news post '{ident}'", ident=ident),
        did_you_mean(ident, known) or t("materials are content/materials/ID.md, news posts content/news/ID.md"),
    )


def wechat_article(project: m.Project, ident: str) -> WechatArticle:
    doc = find_document(project, ident)
    lang = getattr(doc, "lang", None) or project.site.languages[0]
    files = _Files(project, doc)
    body = wx.parse(render(strip_breaks(doc.body)))
    notes: list[tuple[str, str]] = []
    wx.images(body, files.place_image)
    wx.links_to_notes(body, lambda href: _note_url(project, doc, href), notes)
    wx.flatten_lists(body)
    wx.mark_blocks(body)
    qr_url = _page_url(project, doc)
    qr = files.add("qr.png", _qr_png(qr_url)) if qr_url else None
    if qr_url is None and getattr(doc, "qr", "page") == "page":
        files.warnings.append(t("no QR code at the end: content/site.yml has no url: for the page to open"))
    cover = files.cover() if isinstance(doc, m.NewsPost) else None
    html = _page(project, doc, lang, Markup(wx.serialize(body)), notes, qr, qr_url)
    if isinstance(doc, m.Material) and doc.status != "approved":
        files.warnings.insert(
            0,
            t(
                "'{ident}' is not approved (status: {status}); publish it only after a doctor's review",
                ident=doc.id,
                status=doc.status,
            ),
        )
    return WechatArticle(doc.id, doc.title, html, tuple(files.files), tuple(notes), tuple(files.warnings), cover)


def _page(project: m.Project, doc, lang: str, body: Markup, notes, qr: str | None, qr_url: str | None) -> str:
    import css_inline

    from ..theme import Theme

    theme = Theme(project, "wechat")
    with i18n.use(lang):
        date = i18n.format_date(doc.date, lang) if isinstance(doc, m.NewsPost) else None
        page = theme.render(
            "article.html.j2",
            xj_lang=lang,
            title=doc.title,
            body=body,
            notes=notes,
            qr=qr,
            qr_url=qr_url,
            date=date,
            summary=getattr(doc, "summary", None),
            organization=project.site.organization_in(lang),
            hotline=project.site.hotline,
        )
    inliner = css_inline.CSSInliner(
        load_remote_stylesheets=False,
        keep_style_tags=False,
        keep_link_tags=False,
        extra_css=theme.stylesheet("article.css"),
    )
    return _without_classes(inliner.inline(page))


def _without_classes(html: str) -> str:
    import lxml.html

    root = lxml.html.document_fromstring(html)
    for el in root.iter():
        if isinstance(el.tag, str):
            el.attrib.pop("class", None)
    return "<!DOCTYPE html>\n" + lxml.html.tostring(root, encoding="unicode", method="html") + "\n"


def _note_url(project: m.Project, doc, href: str) -> str | None:
    """What a link's note prints: the URL itself, or the site page a relative link names
    (when the site's address is known); None for anchors and files that have no address."""
    parts = urlsplit(href)
    if parts.scheme.lower() == "mailto":
        return unquote(parts.path) or None  # the address is what a reader types
    if parts.scheme:
        return href if parts.scheme.lower() in NOTE_SCHEMES else None
    if href.startswith("//") or not parts.path:
        return None
    found = links.resolve(links.Ref(href, -1, 0, 0, False), doc.path.parent, project)
    if isinstance(found, tuple) or found.kind != "page" or not project.site.url:
        return None
    group, _, name = found.rel.partition("/")
    return f"{project.site.url}{group}/{Path(name).stem}/"


def _page_url(project: m.Project, doc) -> str | None:
    """The QR code's address: a material's `qr:` (page, a URL or none), a news post's page."""
    if isinstance(doc, m.Material):
        if doc.qr == "none":
            return None
        if doc.qr != "page":
            return doc.qr
        return f"{project.site.url}materials/{doc.id}/" if project.site.url else None
    return f"{project.site.url}news/{doc.id}/" if project.site.url else None


def _qr_png(url: str) -> bytes:
    import io

    from .. import qr

    buf = io.BytesIO()
    qr.make(url).save(buf, kind="png", scale=8, border=2)
    return buf.getvalue()


class _Files:
    """The files beside the article: pictures under generated names, converted when the editor
    cannot take them; what was left out, as warnings."""

    def __init__(self, project: m.Project, doc):
        self.project, self.doc = project, doc
        self.files: list[ArticleFile] = []
        self.warnings: list[str] = []
        self.by_source: dict[Path, str] = {}

    def add(self, name: str, data: bytes) -> str:
        self.files.append(ArticleFile(name, data))
        return name

    def place_image(self, src: str) -> str | None:
        found = links.resolve(links.Ref(src, -1, 0, 0, True), self.doc.path.parent, self.project)
        if isinstance(found, tuple) or found.kind != "asset" or found.file is None:
            self.warnings.append(
                t("picture {src} was left out: only pictures inside content/ are exported", src=src[:80])
            )
            return None
        return self._picture(found, f"image-{len(self.by_source) + 1}")

    def cover(self) -> str | None:
        found, _ = links.resolve_cover(self.doc, self.project)
        return self._picture(found, "cover") if found is not None and found.file is not None else None

    def _picture(self, found: links.Resolved, stem: str) -> str | None:
        assert found.file is not None
        if found.file in self.by_source:
            return self.by_source[found.file]
        suffix = found.file.suffix.lower()
        data = found.checked.data if found.checked and found.checked.data else found.file.read_bytes()
        if suffix not in WEB_IMAGES:
            from .raster import to_png

            converted = to_png(data, suffix)
            if converted is None:
                self.warnings.append(
                    t("picture {name} was left out: it could not be converted to PNG", name=found.file.name)
                )
                return None
            data, suffix = converted, ".png"
        name = self.add(f"{stem}{'.jpg' if suffix == '.jpeg' else suffix}", data)
        self.by_source[found.file] = name
        return name


def write_article(article: WechatArticle, out: Path) -> Path:
    """Replace `out` (build/wechat/ID) with the article and its files, all at once. A folder
    that is neither empty nor an earlier export is refused, never replaced."""
    if out.is_dir() and any(out.iterdir()) and not (out / "article.html").is_file():
        raise WechatError(
            t("{out} holds other files; it is not replaced", out=out), t("move them away, or export to an empty folder")
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{article.id}-", dir=out.parent))
    staging.chmod(0o755)  # mkdtemp's 0700 would hide the folder from the writer's other programs
    try:
        (staging / "article.html").write_text(article.html, encoding="utf-8")
        for f in article.files:
            (staging / f.name).write_bytes(f.data)
        if out.exists():
            old = out.with_name(f".{out.name}-old")
            shutil.rmtree(old, ignore_errors=True)
            os.replace(out, old)
            os.replace(staging, out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(staging, out)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return out / "article.html"
