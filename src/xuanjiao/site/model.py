"""The site as data: every page's path, front matter and Markdown, and the files beside them.

Built once from the `Project`; an engine adapter (site/engines/) writes it into its own input
format. Keeping the model engine-neutral is what lets a second engine share URLs and words.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from .. import i18n, qr
from ..content import derive
from ..content.models import Campaign, Material, Project
from ..errors import Diagnostic, Location
from ..markdown import strip_breaks
from ..messages import t
from ..theme import Theme
from . import news
from .content_links import site_body
from .feed import FeedEntry
from .front import split_front, yaml_str
from .urls import alternates, campaign_path, language_prefix, link, material_path

if TYPE_CHECKING:
    from ..schedule.model import PlanSet


@dataclass(frozen=True)
class SitePage:
    path: str  # docs-relative, e.g. "materials/whd-leaflet/index.md"
    title: str
    markdown: str  # YAML front matter (MkDocs page meta) + body
    nav: bool = False  # listed in the top navigation
    kind: str = "page"  # the template it came from: home, calendar, campaign, material, news, ...

    @property
    def url(self) -> str:
        """The page's site-relative URL, the same in every engine: "materials/x/index.html"."""
        return self.path.removesuffix(".md") + ".html"

    @property
    def meta(self) -> dict[str, Any]:
        return split_front(self.markdown)[0]

    @property
    def body(self) -> str:
        """The Markdown without its front matter."""
        return split_front(self.markdown)[1]

    def search_text(self) -> str:
        """The page's words as plain text (rendered with the shared dialect, tags dropped)."""
        from ..markdown import render

        html = render(self.body)
        html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
        return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


@dataclass
class SiteModel:
    pages: list[SitePage] = field(default_factory=list)
    files: dict[str, bytes | QRCode] = field(default_factory=dict)  # docs-relative path -> content
    copies: dict[str, Path] = field(default_factory=dict)  # docs-relative path -> file to copy
    feed: list[FeedEntry] = field(default_factory=list)  # news posts, for feed.xml
    diagnostics: list[Diagnostic] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)  # page path -> its content file, for engine messages
    lang: str = i18n.DEFAULT  # the language of this build's own words
    prefix: str = ""  # where it is published under the site root: "" (default language), "en/"
    # The language switcher: each language's name, tag and the path from this build's root to
    # that language's root ("", "en/", "../"); a page's URL is appended to stay on the page.
    alternates: list[dict[str, str]] = field(default_factory=list)
    strings: dict[str, str] = field(default_factory=dict)  # words the engine's own templates show
    date: dt.date | None = None  # the build clock's date: what an engine stamps (MkDocs' sitemap)
    logo: str | None = None  # docs-relative path of the project's logo (content/assets/logo.svg), for the header
    vocabulary: list[str] = field(default_factory=list)  # the project's own words, for search (engines/search.py)


class SiteBuilder:
    def __init__(
        self,
        project: Project,
        *,
        drafts: bool,
        today: dt.date,
        outputs: Path | None,
        lang: str | None = None,
        plans: PlanSet | None = None,
    ):
        self.p = project
        self.drafts = drafts
        self.today = today
        self.outputs = outputs  # the build's staging dir, where print and plans already wrote
        self.plans = plans  # the build's plans: each campaign's sessions
        self.theme = Theme(project, "site/pages", keep_trailing_newline=True)
        self.default = project.site.languages[0]
        self.lang = lang or self.default
        # what the page templates see as `site`: the title and organization in this language
        self.site = project.site.model_copy(
            update=dict(
                title=project.site.title_in(self.lang),
                organization=project.site.organization_in(self.lang),
                region=project.site.region_in(self.lang),
            )
        )
        self.model = SiteModel(
            lang=self.lang,
            prefix=language_prefix(project, self.lang),
            date=today,
            alternates=alternates(project, self.lang),
            strings=dict(hotline=i18n.gettext("健康热线", self.lang)),
        )
        self.materials = project.published_materials(drafts)
        self.material_ids = {m.id for m in self.materials}

    def _(self, message: str) -> str:
        return i18n.gettext(message, self.lang)

    def language_in(self, lang: str) -> str:
        """A language's name in this build's language: 中文 -> "Chinese"."""
        return i18n.label(i18n.LANGUAGE_IN, lang, self.lang) if lang in i18n.LANGUAGE_IN else lang

    def only_in(self, lang: str) -> str:
        return self._("本页仅有{language}版。").format(language=self.language_in(lang))

    def render(self, template: str, path: str, title: str, nav: bool = False, **ctx: Any) -> None:
        ctx.setdefault("notice", None)
        with i18n.use(self.lang):
            text = self.theme.render(template, site=self.site, xj_lang=self.lang, **ctx)
        kind = template.removesuffix(".md.j2")
        self.model.pages.append(SitePage(path, title, text, nav, kind))

    # -- contexts -------------------------------------------------------------------------------

    def campaign_ctx(self, c: Campaign, here: str) -> dict[str, Any]:
        span = derive.campaign_span(self.p, c)
        day = self.p.days[c.day]
        return dict(
            id=c.id,
            title=c.title,
            slogan=c.slogan,
            url=link(here, campaign_path(c.id)),
            day_name=day.title(self.lang),
            date=span.start if span else None,
            date_label=nobr_dates(
                i18n.span(span.start, span.end, self.lang)
                if span
                else self._("{year}年（日期待定）").format(year=c.year)
            ),
            owner=c.owner,
            audiences=i18n.join(c.audiences, self.lang),
        )

    def material_ctx(self, m: Material, here: str) -> dict[str, Any]:
        return dict(
            id=m.id,
            title=m.title,
            url=link(here, material_path(m.id)),
            kind_label=i18n.label(i18n.KIND, m.kind, self.lang),
            audiences=i18n.join(m.audiences, self.lang) or self._("公众"),
            reviewed_on=m.reviewed_on.isoformat() if m.reviewed_on else "—",
            draft=m.status != "approved",
            downloads=self.downloads(m, here),
        )

    def downloads(self, m: Material, here: str) -> list[dict[str, str]]:
        """PDFs the print stage wrote for this material, copied into downloads/."""
        out = []
        if self.outputs is None:
            return out
        # the imposed brochure is for the print shop only (build/print/), not for readers
        for suffix, label in ((".screen.pdf", self._("手机阅读版 PDF")), (".pdf", self._("印刷版 PDF（含出血）"))):
            src = self.outputs / "print" / f"{m.id}{suffix}"
            if src.is_file():
                target = f"downloads/{m.id}{suffix}"
                self.model.copies[target] = src
                out.append(dict(label=label, url=link(here, target)))
        return out

    # -- pages ---------------------------------------------------------------------------------

    def build(self) -> SiteModel:
        self.home()
        self.calendar()
        self.campaigns()
        self.material_pages()
        news.add_news(self)
        self.stats()
        self.ordinary_pages()
        self.model.vocabulary = project_words(self.p, self.materials, self.lang)
        self.model.logo = self.logo()
        return self.model

    def sorted_campaigns(self, here: str) -> list[dict[str, Any]]:
        items = [self.campaign_ctx(c, here) for c in self.p.campaigns.values()]
        return sorted(items, key=lambda c: (c["date"] or dt.date(9999, 1, 1), c["id"]))

    def home(self) -> None:
        here = "index.md"
        camps = self.sorted_campaigns(here)
        upcoming = [c for c in camps if c["date"] and c["date"] >= self.today] or camps[-4:]
        newest = sorted(self.materials, key=lambda m: (m.reviewed_on or dt.date.min, m.id), reverse=True)
        self.render(
            "home.md.j2",
            here,
            self._("首页"),
            nav=True,
            upcoming=upcoming[:6],
            newest=[self.material_ctx(m, here) for m in newest[:8]],
            news=news.posts_ctx(self, here)[:3],
            news_url=link(here, "news/index.md"),
        )

    def calendar(self) -> None:
        from .calendar_page import calendar_context, webcal

        here = "calendar/index.md"
        ctx = calendar_context(self.p, here, self.today, self.campaign_ctx, self.lang)
        ctx["ics_qr"] = ctx["subscribe"] = ctx["ics_url"] = None
        if self.p.site.url:  # volunteers scan it from the WeChat group to subscribe
            ctx["ics_url"] = f"{self.p.site.url}{self.model.prefix}calendar.ics"
            ctx["subscribe"] = webcal(ctx["ics_url"])
            self.model.files["calendar/calendar-qr.svg"] = QRCode(ctx["subscribe"], self._("日历订阅二维码"))
            ctx["ics_qr"] = "calendar-qr.svg"
        self.render("calendar.md.j2", here, self._("活动日历"), nav=True, **ctx)

    def fallback(self) -> str | None:
        """Content written in the default language, shown on another language's page."""
        return self.only_in(self.default) if self.lang != self.default else None

    def campaigns(self) -> None:
        self.render(
            "campaigns.md.j2",
            "campaigns/index.md",
            self._("宣传活动"),
            nav=True,
            campaigns=self.sorted_campaigns("campaigns/index.md"),
        )
        for c in self.p.campaigns.values():
            here = campaign_path(c.id)
            ctx = self.campaign_ctx(c, here)
            ctx.update(
                title_yaml=yaml_str(c.title),
                body=Markup(site_body(self, c, here)),
                venues=[self.venue_ctx(v) for v in c.venues if v in self.p.venues],
                materials=[
                    self.material_ctx(m, here)
                    for m in derive.campaign_materials(self.p, c)
                    if m.id in self.material_ids
                ],
                sessions=self.sessions(c),
                plan_downloads=self.plan_downloads(c, here),
                bring=c.bring,
                news=news.posts_ctx(self, here, campaign=c.id),
            )
            self.render("campaign.md.j2", here, c.title, c=ctx, notice=self.fallback())

    def venue_ctx(self, vid: str) -> dict[str, Any]:
        v = self.p.venues[vid]
        return dict(
            name=v.name,
            kind_label=i18n.label(i18n.VENUE_KIND, v.kind, self.lang),
            address=v.address or "",
            hours=v.hours,
            days_label=i18n.cycle(v.days, self.lang),
        )

    def plan_dir(self, c: Campaign) -> Path | None:
        if self.outputs is None:
            return None
        d = self.outputs / "plans" / str(c.year) / c.day
        return d if d.is_dir() else None

    def sessions(self, c: Campaign) -> list[dict[str, str]]:
        """Outreach sessions from the build's plans, public fields only (no volunteers)."""
        plan = self.plans.plans.get(c.id) if self.plans is not None else None
        if plan is None:
            return []
        out = []
        for s in sorted(plan.sessions, key=lambda s: (s.date, s.start, s.venue)):
            venue = self.p.venues.get(s.venue)
            out.append(
                dict(
                    date_label=nobr_dates(i18n.short_date(s.date, self.lang)),
                    start=s.start,
                    end=s.end,
                    venue=venue.name if venue else s.venue,
                    address=venue.address or "" if venue else "",
                )
            )
        return out

    def plan_downloads(self, c: Campaign, here: str) -> list[dict[str, str]]:
        d = self.plan_dir(c)
        out = []
        if d is None:
            return out
        for name, label in (
            ("plan.pdf", self._("活动方案 PDF")),
            ("plan.docx", self._("活动方案 Word")),
            ("tasks.ics", self._("工作日程 .ics")),
        ):
            if (d / name).is_file():
                target = f"downloads/plans/{c.year}-{c.day}-{name}"
                self.model.copies[target] = d / name
                out.append(dict(label=label, url=link(here, target)))
        return out

    def material_pages(self) -> None:
        groups: dict[str, list] = {}
        for m in self.materials:
            groups.setdefault(m.kind, []).append(self.material_ctx(m, "materials/index.md"))
        order = list(i18n.KIND)
        self.render(
            "materials.md.j2",
            "materials/index.md",
            self._("宣传资料"),
            nav=True,
            groups=[dict(label=i18n.label(i18n.KIND, k, self.lang), materials=groups[k]) for k in order if k in groups],
        )
        for m in self.materials:
            self.material_page(m)

    def material_page(self, m: Material) -> None:
        here = material_path(m.id)
        ctx = self.material_ctx(m, here)
        review = ""
        if m.reviewed_by:
            review = m.reviewed_by + (
                self._("　{date}").format(date=i18n.format_date(m.reviewed_on, self.lang)) if m.reviewed_on else ""
            )
        qr_url = self.qr_target(m)
        if qr_url:
            self.model.files[f"materials/{m.id}/qr.svg"] = QRCode(qr_url, self._("二维码"))
        preview = None
        image = self.outputs / "print" / f"{m.id}.preview.jpg" if self.outputs else None
        if image is not None and image.is_file():
            self.model.copies[f"materials/{m.id}/preview.jpg"] = image
            preview = "preview.jpg"
        others = [t for t in derive.translations(self.p, m) if t.id in self.material_ids]
        ctx.update(
            title_yaml=yaml_str(m.title),
            body=Markup(strip_breaks(site_body(self, m, here))),
            lang=m.lang,
            review=review,
            qr=bool(qr_url),
            preview=preview,
            sources=m.sources,
            campaigns=[
                dict(title=c.title, url=link(here, campaign_path(c.id)).replace("index.md", "index.html"))
                for c in derive.material_campaigns(self.p, m)
            ],
            translations=[
                dict(
                    url=link(here, material_path(t.id)).replace("index.md", "index.html"),
                    lang=t.lang,
                    lang_label=self._("{language}：{title}").format(language=i18n.language_name(t.lang), title=t.title),
                )
                for t in others
            ],
        )
        self.render("material.md.j2", here, m.title, m=ctx, notice=self.material_notice(m, here, others))

    def material_notice(self, m: Material, here: str, others: list[Material]) -> Markup | None:
        """On a page whose material is in another language: its translation, or "only in X"."""
        if m.lang == self.lang:
            return None
        mine = next((t for t in others if t.lang == self.lang), None)
        if mine is None:
            return Markup("%s") % self._("本资料仅有{language}版。").format(language=self.language_in(m.lang))
        url = link(here, material_path(mine.id)).replace("index.md", "index.html")
        text = self._("本资料另有{language}版：").format(language=self.language_in(self.lang))
        return Markup('%s<a href="%s" hreflang="%s">%s</a>') % (text, url, mine.lang, mine.title)

    def qr_target(self, m: Material) -> str | None:
        if m.qr == "none":
            return None
        if m.qr != "page":
            return m.qr
        if not self.p.site.url:
            return None
        return f"{self.p.site.url}{self.model.prefix}materials/{m.id}/"

    def logo(self) -> str | None:
        """The organisation's logo, published like any content asset (an SVG cleaned)."""
        from ..content import links
        from .content_links import publish_asset

        for name in ("logo.svg", "logo.png"):
            found = links.resolve(links.Ref(f"assets/{name}", 0, 0, 1, True), self.p.content_dir, self.p)
            if isinstance(found, links.Resolved):
                return publish_asset(self, found)
        return None

    def stats(self) -> None:
        """Aggregate report figures: only with reports: {publish: true} and the stats stage's file."""
        from .stats_page import StatsPage

        src = self.outputs / "stats" / "reports.json" if self.outputs is not None else None
        if not self.p.site.reports.publish or src is None or not src.is_file():
            return
        here = "stats/index.md"
        page = StatsPage(
            json.loads(src.read_text("utf-8")),
            self.lang,
            lambda cid: link(here, campaign_path(cid)) if cid in self.p.campaigns else None,
        )
        self.render("stats.md.j2", here, self._("宣传活动统计"), nav=True, **page.context())

    def ordinary_pages(self) -> None:
        for page in sorted(self.p.pages.values(), key=lambda p: (p.order, p.id)):
            has_h1 = any(line.startswith("# ") for line in page.body.splitlines())
            here = f"pages/{page.id}/index.md"
            ctx = dict(
                title=page.title,
                title_yaml=yaml_str(page.title),
                body=Markup(site_body(self, page, here)),
                has_h1=has_h1,
            )
            self.render("page.md.j2", here, page.title, nav=True, p=ctx, notice=self.fallback())


_BRACKETED = re.compile(r"[^\s—–~～、，,]*（[^）]*）|[^\s—–~～、，,]*\([^)]*\)")


def nobr_dates(text: str) -> Markup:
    """`text` escaped, each date with a bracketed part (3月4日（周四）) kept on one line: a
    phone must never break it inside the brackets."""
    out, at = Markup(""), 0
    for m in _BRACKETED.finditer(text):
        out += Markup('%s<span class="xj-nobr">%s</span>') % (text[at : m.start()], m.group(0))
        at = m.end()
    return out + text[at:]


_TERMS = re.compile(r"^#{1,4}\s+(.+?)\s*$|\*\*(.+?)\*\*", re.MULTILINE)


def project_words(project: Project, materials: list[Material], lang: str) -> list[str]:
    """Words the search must keep whole though jieba's dictionary lacks them: venue, material,
    campaign and awareness-day names, and a material's headings and bold terms (disease names)."""
    words = {v.name for v in project.venues.values()} | {m.title for m in materials}
    words |= {c.title for c in project.campaigns.values()} | {d.title(lang) for d in project.days.values()}
    for m in materials:
        words |= {t for found in _TERMS.findall(m.body) for t in found if t}
    return sorted(w for w in {w.strip() for w in words} if 2 <= len(w) <= 12 and " " not in w)


@dataclass(frozen=True)
class QRCode:
    """A QR code, drawn when its file is written (`bytes(code)`): the URL and title are all a
    cache key needs, and drawing one (choosing its mask) takes milliseconds."""

    url: str
    title: str = "二维码"

    def __bytes__(self) -> bytes:
        return qr_svg(self.url, self.title)


def qr_svg(url: str, title: str = "二维码") -> bytes:
    """An SVG QR code; error correction M survives a smudged print."""
    import io

    buf = io.BytesIO()
    qr.make(url).save(buf, kind="svg", scale=4, border=2, xmldecl=False, svgns=True, title=title, unit=None)
    return buf.getvalue()


def build_model(
    project: Project,
    *,
    drafts: bool,
    today: dt.date,
    outputs: Path | None,
    lang: str | None = None,
    plans: PlanSet | None = None,
) -> SiteModel:
    builder = SiteBuilder(project, drafts=drafts, today=today, outputs=outputs, lang=lang, plans=plans)
    model = builder.build()
    if builder.lang == builder.default and not project.site.url and any(m.qr == "page" for m in builder.materials):
        model.diagnostics.append(
            Location("content/site.yml", 1, 1).warning(
                t("site.yml has no url:, so material pages and print carry no QR code"),
                hint=t("add e.g. `url: https://jiankang.example.gov.cn/`"),
            )
        )
    return model
