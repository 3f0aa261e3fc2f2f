"""Large formats: 宣传栏 sheets (board), 易拉宝 (rollup) and 横幅 (banner).

- board: the body's `##` sections become 3-5 topic blocks side by side under a title band;
  the footer prints 第N期 · 制作单位 · 更换年月 from `issue`, the organization and `posted_on`.
  The type steps down until every block fits above the footer.
- rollup: one column; the bottom zone (`print: {base_mm: 150}`) disappears into the stand's
  base, so the footer sits above it and nothing may reach into it (checked after layout).
- banner: one line of white characters on red; the length follows the slogan. PDF pages end
  at 200 inches, so the PDF is a 1:10 proof and the print order names the real size.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace

from markupsafe import Markup

from .. import markdown
from ..errors import has_errors
from ..messages import t
from ..pdf import render_html
from .fit import TypeScale
from .geometry import PX_PER_MM, banner_trim
from .laying import Job, Laid, at, body_sizes, fit_laid, lay, overflow, scale_k, too_long
from .layout import common, markup, page_css
from .words import month_text

MIN_BLOCKS, MAX_BLOCKS = 3, 5
ROLLUP_BASE_MM = 150.0
BANNER_MAX_CHARS = 30
BANNER_TEXT = 0.6  # character height / banner height
BANNER_END = 0.5  # empty cloth at each end, in banner heights
BANNER_ROUND_MM = 100  # lengths are ordered in whole decimetres
_H2_SPLIT = re.compile(r"(?=<h2\b)")
_H2_LINE = re.compile(r"^##\s", re.M)


# --- board ----------------------------------------------------------------------------------


def board(job: Job) -> Laid:
    m = job.material
    laid = Laid(None)
    kind_at = m.src.at("kind") if m.src else at(job, 1)
    for field, example in (("issue", "issue: 3"), ("posted_on", "posted_on: 2026-03-02")):
        if getattr(m, field) is None:
            laid.diagnostics.append(
                kind_at.error(
                    t("a board (宣传栏) needs {field}: its footer prints 第N期 · 制作单位 · 更换年月", field=field),
                    hint=t("add {example} to the front matter", example=example),
                )
            )
    if m.venue is None:
        laid.diagnostics.append(
            kind_at.warning(
                t("this board has no venue: so the board schedule cannot count it as an issue of any board"),
                hint=t("add venue: ID (an id from content/venues.yml)"),
            )
        )
    html = markdown.render(markdown.strip_breaks(m.body))
    pieces = _H2_SPLIT.split(html)
    intro = pieces[0].strip() if pieces and not pieces[0].lstrip().startswith("<h2") else ""
    blocks = [p for p in pieces[1:] if p.strip()] if intro or not pieces[0].strip() else pieces
    blocks = [p for p in blocks if p.strip().startswith("<h2")]
    if len(blocks) > MAX_BLOCKS:
        lines = [m.body_line + m.body[: x.start()].count("\n") for x in _H2_LINE.finditer(m.body)]
        laid.diagnostics.append(
            at(job, lines[MAX_BLOCKS] if len(lines) > MAX_BLOCKS else m.body_line).error(
                t(
                    "a board holds {min_blocks}-{max_blocks} topic blocks (one per ## section); this is section {max_blocks2}",
                    min_blocks=MIN_BLOCKS,
                    max_blocks=MAX_BLOCKS,
                    max_blocks2=MAX_BLOCKS + 1,
                ),
                hint=t("join two sections, or put the rest on the next issue"),
            )
        )
    elif len(blocks) < MIN_BLOCKS:
        laid.diagnostics.append(
            at(job, m.body_line).warning(
                t(
                    "a board is laid out as {min_blocks}-{max_blocks} topic blocks (one per ## section); this one has {n_blocks}",
                    min_blocks=MIN_BLOCKS,
                    max_blocks=MAX_BLOCKS,
                    n_blocks=len(blocks),
                ),
                hint=t("split the text into ## sections"),
            )
        )
    if has_errors(laid.diagnostics):
        return laid
    venue = job.project.venues.get(m.venue) if m.venue else None
    ctx = dict(
        intro=markup(intro) if intro else None,
        blocks=[markup(b) for b in blocks],
        gap=round(14 * scale_k(job), 2),
        board=dict(issue=m.issue, month=month_text(m.posted_on, m.lang), venue=venue.name if venue else None),
    )
    names = tuple(f"block-{i}" for i in range(len(blocks)))
    hint = t("a board is read standing: keep each block to a heading and a few short points")
    return _largest_that_fits(job, laid, "board", ctx, names, t("board"), hint)


def _largest_that_fits(
    job: Job, laid: Laid, kind: str, ctx: dict, names: tuple[str, ...], what: str, hint: str
) -> Laid:
    """`{kind}.html.j2` at the largest body size at which its regions `names` fit (fit_laid),
    with `laid`'s diagnostics first; else `laid` with the too-long error (no document)."""
    sizes = body_sizes(job)

    def judge(meas):
        over = overflow(meas, names) if names else None
        return over is None, over

    _, tried, out = fit_laid(
        job,
        kind,
        sizes,
        lambda scale: lay(job, f"{kind}.html.j2", scale, **ctx),
        lambda scale: lay(job, f"{kind}.html.j2", scale, probe=True, **ctx),
        judge,
    )
    if out is None:
        return too_long(job, laid, tried[len(sizes) - 1][1], what, sizes[-1], hint)
    out.diagnostics = laid.diagnostics + out.diagnostics
    return out


# --- rollup ---------------------------------------------------------------------------------


def rollup(job: Job) -> Laid:
    m = job.material
    base = m.print.base_mm if m.print.base_mm is not None else ROLLUP_BASE_MM
    laid = Laid(None)
    if base > job.trim.height / 3:
        where = m.src.at("print", "base_mm") if m.src and m.print.base_mm is not None else at(job, 1)
        laid.diagnostics.append(
            where.error(
                t(
                    "the stand's base zone ({base:g} mm) takes more than a third of the {height:g} mm roll-up",
                    base=base,
                    height=job.trim.height,
                )
            )
        )
        return laid
    html = markup(markdown.render(markdown.strip_breaks(m.body)))
    ctx = dict(body=html, base_mm=f"{base:g}", gap=round(16 * scale_k(job), 2))
    hint = t("the bottom {base:g} mm disappear into the stand's base: shorten the text", base=base)
    out = _largest_that_fits(job, laid, "rollup", ctx, ("main",), t("roll-up"), hint)
    if out.document is None:
        return out
    low = lowest_content_mm(out.document)
    limit = job.trim.height - base
    if low > limit + 0.2:
        out.diagnostics.append(
            at(job, m.body_line).error(
                t(
                    "content reaches {low:.0f} mm into the roll-up's bottom zone ({base:g} mm, hidden by the stand)",
                    low=low - limit,
                    base=base,
                ),
                hint=t("shorten the text, or lower print: base_mm: if the stand's base is smaller"),
            )
        )
        out.document = None
    return out


_CONTAINERS = {"html", "body", "section", "div"}


def lowest_content_mm(document, page: int = 0) -> float:
    """The lowest bottom edge (mm from the trim top) of anything drawn on a page: text lines,
    images and boxes with a background, except the full-sheet containers."""
    lowest = 0.0

    def visit(box) -> None:
        nonlocal lowest
        el = getattr(box, "element", None)
        classes = set((el.get("class") or "").split()) if el is not None else set()
        container = (
            el is None or bool(classes & {"side", "sheet"}) or getattr(box, "element_tag", "") in ("html", "body")
        )
        name = type(box).__name__
        drawn = name in ("LineBox", "TextBox", "InlineReplacedBox", "BlockReplacedBox") or (
            hasattr(box, "background")
            and box.background is not None
            and box.background.color.alpha > 0
            and not container
        )
        if drawn and hasattr(box, "border_height"):
            lowest = max(lowest, (box.position_y + box.margin_top + box.border_height()) / PX_PER_MM)
        for child in getattr(box, "children", ()):
            visit(child)

    visit(document.pages[page]._page_box)
    return lowest


# --- banner ---------------------------------------------------------------------------------

_BLOCKY = re.compile(r"<(h[1-6]|ul|ol|table|img|blockquote|pre)\b")


def banner_chars(text: str) -> int:
    return sum(1 for c in text if not c.isspace())


def banner(job: Job) -> Laid:
    m = job.material
    laid = Laid(None)
    html = markdown.render(markdown.strip_breaks(m.body)) if m.body.strip() else ""
    if _BLOCKY.search(html) or html.count("<p") > 1:
        laid.diagnostics.append(
            at(job, m.body_line).error(
                t("a banner (横幅) carries one slogan, text only: no headings, lists, images or second paragraph"),
                hint=t("write the slogan as the body's only line (or leave the body empty to use the title)"),
            )
        )
        return laid
    slogan = Markup(html).striptags().strip() if html else m.title.strip()
    slogan = " ".join(slogan.split())
    where = at(job, m.body_line) if html else (m.src.at("title") if m.src else at(job, 1))
    count = banner_chars(slogan)
    if count > BANNER_MAX_CHARS:
        laid.diagnostics.append(
            where.error(
                t(
                    "the banner's slogan has {count} characters; a banner is read in passing: at most {banner_max_chars}",
                    count=count,
                    banner_max_chars=BANNER_MAX_CHARS,
                ),
                hint=t("shorten it (two phrases of 6-10 characters read best), or make this a board or poster"),
            )
        )
        return laid
    if count == 0:
        laid.diagnostics.append(where.error(t("the banner has no slogan")))
        return laid
    height = job.trim.real_height
    words_mm = _words_width(job, slogan)  # at 1:10
    needed = (words_mm * job.trim.scale) + 2 * BANNER_END * height
    length = math.ceil(needed / BANNER_ROUND_MM - 1e-9) * BANNER_ROUND_MM
    if job.trim.width:  # size: LxH fixed the length
        if job.trim.real_width < needed - 0.5:
            laid.diagnostics.append(
                (m.src.at("size") if m.src else where).error(
                    t(
                        "the slogan needs a banner {length:g} mm long at {height:g} mm high; size: gives {real_width:g} mm",
                        length=length,
                        height=height,
                        real_width=job.trim.real_width,
                    ),
                    hint=t("write size: {length:g}x{height:g}, or shorten the slogan", length=length, height=height),
                )
            )
            return laid
        length = job.trim.real_width
    trim = banner_trim(length, height)
    sized = replace(job, trim=trim)
    out = lay(sized, "banner.html.j2", TypeScale(10), slogan=slogan)
    out.trim = trim
    out.diagnostics = laid.diagnostics + out.diagnostics
    return out


def _words_width(job: Job, slogan: str) -> float:
    """How wide the slogan's line is on the 1:10 proof, measured by laying it out."""
    probe = replace(job, trim=banner_trim(max(job.trim.real_width, 60000.0), job.trim.real_height))
    m = common(probe.project, probe.material, probe.facts)
    html = probe.theme.render("banner.html.j2", m=m, slogan=slogan)
    sheets = [page_css(probe.trim), probe.theme.stylesheet("print.css"), probe.theme.stylesheet("banner.css")]
    doc = render_html(html, probe.material.path.parent, [probe.project.root], sheets).document
    width = 0.0

    def visit(box) -> None:
        nonlocal width
        el = getattr(box, "element", None)
        if el is not None and el.get("id") == "words" and type(box).__name__ == "InlineBox":
            width = max(width, box.margin_width() / PX_PER_MM)
        for child in getattr(box, "children", ()):
            visit(child)

    visit(doc.pages[0]._page_box)
    return width
