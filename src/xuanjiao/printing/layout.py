"""HTML for each kind of material: the words around the body (title, slogan, organization,
hotline, QR code, review line, print run) and the page geometry, handed to the theme's
templates. No layout decisions are made here that the CSS could make instead."""

from __future__ import annotations

import base64
import datetime as dt
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from markupsafe import Markup, escape

from .. import qr
from ..content import derive, links
from ..content.models import Material, Project
from .geometry import Trim, leaflet_panels
from .words import date_text, month_text, words

LARGE_AUDIENCES = ("老年人",)  # 中老年人 and 老年人群 too: matched inside the audience's name
PROBE_EXTRA_MM = 3000
_CALLOUT = re.compile(r"<p><strong>((?:(?!</?strong>).)*)</strong></p>", re.S)
_LAST_CHARS = re.compile(r"([^<>\s]{3})((?:</(?:strong|b|em|a|span|code)>)*</(?:p|li|h[1-6]|td|th|dd|dt)>)")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_OL_START = re.compile(r'<ol\b([^>]*?)\sstart="(\d+)"([^>]*)>')


def is_large_print(material: Material) -> bool:
    return material.print.large or any(word in a for a in material.audiences for word in LARGE_AUDIENCES)


def qr_target(project: Project, material: Material) -> str | None:
    """What the printed QR code opens: the material's own site page, a given URL, or nothing."""
    if material.qr == "none":
        return None
    if material.qr != "page":
        return material.qr
    if not project.site.url:
        return None
    return f"{project.site.url}materials/{material.id}/"


@lru_cache(maxsize=256)  # every layout of a material prints the same code
def qr_data_uri(url: str) -> str:
    """An SVG QR code (error correction M survives a smudged print), as a data: URI."""
    buf = io.BytesIO()
    qr.make(url).save(buf, kind="svg", scale=10, border=0, xmldecl=False, svgns=True, unit=None, dark="#000")
    return "data:image/svg+xml;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def logo_uri(project: Project) -> str | None:
    """The organization's logo: content/assets/logo.svg (or .png), if the project has one."""
    for name in ("logo.svg", "logo.png"):
        path = project.content_dir / "assets" / name
        if path.is_file():
            return path.resolve().as_uri()
    return None


def cover_file(project: Project, material: Material) -> Path | None:
    """The material's `cover:` picture as a file (None without one, or when `check` reports it)."""
    found, _ = links.resolve_cover(material, project)
    return found.file.resolve() if found is not None and found.file is not None else None


def phrases(title: str, lang: str) -> list[str]:
    """A Chinese title's space-separated phrases, kept whole when lines wrap (管住嘴 迈开腿 量血压)."""
    if lang.startswith("zh"):
        return [p for p in re.split(r"[\s\u3000]+", title.strip()) if p]
    return [title.strip()]


MAX_WHOLE_PHRASE = 8  # characters; a longer phrase may not fit a line and wraps like text


def title_markup(parts: list[str]) -> Markup:
    """The title with the phrases a writer separated by spaces kept whole (管住嘴 迈开腿). A title
    without spaces, or a phrase too long for a line, wraps like any text: kept whole it would
    run past the trim."""
    whole = len(parts) > 1
    return Markup(" ").join(
        Markup('<span class="phrase">{}</span>').format(p) if whole and len(p) <= MAX_WHOLE_PHRASE else escape(p)
        for p in parts
    )


def split_title(title: str) -> tuple[str, str | None]:
    """ "早识别 早干预——儿童孤独症家长手册": the part after a dash is a subtitle."""
    main, dash, sub = title.partition("——")
    if dash and main.strip() and sub.strip():
        return main.strip(), sub.strip()
    return title, None


def has_cjk(text: str | None) -> bool:
    return bool(text and _CJK.search(text))


@dataclass(frozen=True)
class Facts:
    """What the stage knows about a material besides its file."""

    quantity: int | None
    today: dt.date
    stamp: dt.datetime
    draft: bool
    sessions: tuple = ()  # sessions.Session: where and when the campaign meets people (the leaflet's flap)
    print_due: dt.date | None = None  # the plan's print task for the material (the print order's 付印日期)


def common(project: Project, material: Material, facts: Facts, draw_qr: bool = True) -> dict:
    """What every template may print besides the body (`draw_qr=False`: the QR code's target
    instead of its drawing, which is all a cache key needs)."""
    lang, w, site = material.lang, words(material.lang), project.site
    campaigns = derive.material_campaigns(project, material)
    slogan = next((c.slogan for c in campaigns if c.slogan), None)
    if lang == "en" and has_cjk(slogan):
        slogan = None  # campaigns have Chinese slogans only; never mix them into English print
    title, subtitle = split_title(material.title)
    parts = phrases(title, lang)
    url = qr_target(project, material)
    run = None
    if facts.quantity:
        run = w["print_run"].format(n=f"{facts.quantity:,}" if lang == "en" else facts.quantity)
    return dict(
        lang=lang,
        w=w,
        kind=material.kind,
        id=material.id,
        title=material.title,
        title_phrases=parts,
        title_html=title_markup(parts),
        subtitle=subtitle,
        slogan=slogan,
        day_label=_day_label(project, campaigns, lang),
        audiences=(", " if lang == "en" else "、").join(material.audiences),
        organization=site.organization_in(lang),
        address=site.address,
        hotline=site.hotline,
        qr=(qr_data_uri(url) if draw_qr else url) if url else None,
        logo=logo_uri(project),
        cover=cover.as_uri() if (cover := cover_file(project, material)) else None,
        review=_review_line(material, w),
        print_run=run,
        printed=w["printed"].format(org=site.organization_in(lang), date=month_text(facts.today, lang)),
        sources=material.sources,
        draft=facts.draft,
        sessions=facts.sessions,
        large=is_large_print(material),
        stamp=facts.stamp.strftime("%Y-%m-%dT%H:%M:%SZ"),
    )


def _review_line(material: Material, w: dict[str, str]) -> Markup | None:
    """审核：NAME　DATE (the date never split over two lines)."""
    if not material.reviewed_by:
        return None
    line = escape(w["review"] + material.reviewed_by)
    if material.reviewed_on:
        sep = ", " if material.lang == "en" else "\u3000"
        line += Markup(sep + '<span class="nobr">%s</span>') % date_text(material.reviewed_on, material.lang)
    return line


def _day_label(project: Project, campaigns: list, lang: str) -> str | None:
    """The awareness day of the material's first campaign: 世界卫生日 · 2026."""
    if not campaigns or campaigns[0].day not in project.days:
        return None
    name = project.days[campaigns[0].day].title(lang)
    return f"{name} {campaigns[0].year}" if lang == "en" else f"{name} · {campaigns[0].year}"


def page_css(trim: Trim, probe: bool = False) -> str:
    """The page box is the trim; WeasyPrint's bleed holds the crop marks (see geometry).

    A probe (a fitting pass) makes the page very tall: WeasyPrint drops whatever of an
    absolutely positioned box runs past the page bottom, and overflow must be measured,
    not lost. Every side keeps its own trim-sized sheet, so positions are the same.
    """
    size = f"{trim.width:g}mm {trim.height + PROBE_EXTRA_MM:g}mm" if probe else trim.css_size()
    return (
        f"@page {{ size: {size}; margin: 0; bleed: {trim.marks:g}mm; marks: crop; background: white; }}\n"
        f":root {{ --trim-w: {trim.width:g}mm; --trim-h: {trim.height:g}mm; }}\n"
    )


def markup(html: str) -> Markup:
    return Markup(decorate(html))


def _callout(m: re.Match) -> str:
    """A bold paragraph ending in a colon leads into what follows (家长可以这样观察：)."""
    kind = "lead" if m[1].rstrip().endswith(("：", ":")) else "callout"
    return f'<p class="{kind}"><strong>{m[1]}</strong></p>'


# units a number must not be parted from at a line end (35 | 岁, 150 | 分钟); longest first
UNITS = (
    "mmHg",
    "mmol/L",
    "kcal",
    "km",
    "kg",
    "mg",
    "ml",
    "mL",
    "cm",
    "mm",
    "min",
    "g",
    "L",
    "%",
    "％",
    "‰",
    "℃",
    "个月",
    "分钟",
    "小时",
    "毫升",
    "毫克",
    "微克",
    "千克",
    "公斤",
    "公里",
    "厘米",
    "毫米",
    "千卡",
    "周岁",
    "岁",
    "克",
    "斤",
    "两",
    "升",
    "米",
    "次",
    "人",
    "天",
    "日",
    "周",
    "年",
    "月",
    "份",
    "元",
    "倍",
    "步",
    "杯",
    "瓶",
    "支",
    "片",
    "粒",
    "袋",
    "盒",
    "期",
    "名",
    "号",
    "层",
    "楼",
    "点",
    "时",
    "秒",
    "分",
    "项",
    "条",
    "种",
)
_NUMBER_UNIT = re.compile(
    r"(?<![\dA-Za-z.,])(\d[\d,.]*(?:[~～\-–/]\d[\d,.]*)?)([ \u00a0\u2009]?)("
    + "|".join(re.escape(u) for u in UNITS)
    + r")(?![A-Za-z])"
)
_TAG = re.compile(r"(<[^>]*>)")


def join_units(html: str) -> str:
    """A number and its unit kept on one line (no-break joins): 35 岁, 150 分钟, 5 克, 140/90 mmHg,
    12%. Only text between tags is touched; inside <pre>/<code> nothing is."""
    out, skip = [], 0
    for piece in _TAG.split(html):
        if piece.startswith("<"):
            name = piece[1:].split(None, 1)[0].rstrip(">/").lower() if len(piece) > 2 else ""
            if name in ("pre", "code", "script", "style"):
                skip += 1
            elif name in ("/pre", "/code", "/script", "/style"):
                skip = max(0, skip - 1)
            out.append(piece)
        elif skip or not piece:
            out.append(piece)
        else:
            out.append(_NUMBER_UNIT.sub(lambda m: f'<span class="nobr">{m[1]}{m[2]}{m[3]}</span>', piece))
    return "".join(out)


def decorate(html: str) -> str:
    """A paragraph that is all bold is a call-out (咨询热线..., 越早越好...); a numbered list
    keeps its first number; the last three characters of a Chinese block stay together, so
    no line ends in a lone 字 (孤字)."""
    html = join_units(_CALLOUT.sub(_callout, html))
    # WeasyPrint reads <ol start> only with presentational hints on; say it in CSS instead
    html = _OL_START.sub(
        lambda m: f'<ol{m[1]} start="{m[2]}" style="counter-reset: list-item {int(m[2]) - 1}"{m[3]}>', html
    )
    return _LAST_CHARS.sub(lambda m: f'<span class="nobr">{m[1]}</span>{m[2]}' if _CJK.search(m[1]) else m[0], html)


def leaflet_geometry(trim: Trim) -> dict:
    outside, inside = leaflet_panels(trim.width)
    as_dict = lambda ps: [dict(x=round(p.x, 3), w=round(p.width, 3), role=p.role) for p in ps]  # noqa: E731
    folds_out = [round(outside[1].x, 3), round(outside[2].x, 3)]
    folds_in = [round(inside[1].x, 3), round(inside[2].x, 3)]
    return dict(outside=as_dict(outside), inside=as_dict(inside), folds_out=folds_out, folds_in=folds_in)
