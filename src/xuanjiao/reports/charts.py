"""charts/*.svg with matplotlib: Chinese labels drawn as paths in a CJK font, greys and hatching.

Text is converted to paths (`svg.fonttype: 'path'`), so the SVGs need no font where they are
opened, and every label is checked against the font's character map before drawing: a missing
glyph is an error here, never a tofu box in the file.
"""

from __future__ import annotations

import io
from functools import lru_cache

from ..messages import t
from .rollup import HANDED, YearReport

CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans CJK", "Source Han Sans SC", "WenQuanYi Zen Hei")
GREYS = ("#333333", "#999999", "#dddddd", "#ffffff")
HATCHES = ("", "///", "...", "xx")
CHARTS = ("reach-by-venue.svg", "materials-printed-vs-handed.svg", "reach-over-year.svg")


class ChartFontError(RuntimeError):
    pass


@lru_cache(maxsize=1)
def cjk_font() -> tuple[str, str]:
    """(family, file) of the first installed CJK font matplotlib can use."""
    from matplotlib import font_manager

    for family in CJK_FONTS:
        try:
            path = font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
        except ValueError:
            continue
        return family, path
    raise ChartFontError(
        t("no CJK font for the charts (need Noto Sans CJK SC); install it with: apt-get install fonts-noto-cjk")
    )


@lru_cache(maxsize=1)
def _charmap() -> frozenset[int]:
    from matplotlib.ft2font import FT2Font

    return frozenset(FT2Font(cjk_font()[1]).get_charmap())


def missing_glyphs(text: str) -> set[str]:
    """Characters of `text` the chart font cannot draw (whitespace ignored)."""
    cmap = _charmap()
    return {ch for ch in text if not ch.isspace() and ord(ch) not in cmap}


def _check(*texts: str) -> None:
    missing = set().union(*(missing_glyphs(t) for t in texts))
    if missing:
        raise ChartFontError(
            t(
                "the chart font {cjk_font} has no glyph for {missing}",
                cjk_font=cjk_font()[0],
                missing="".join(sorted(missing)),
            )
        )


def _setup():
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    plt.rcParams.update(
        {
            "font.family": "sans-serif",
            "font.sans-serif": [cjk_font()[0], "DejaVu Sans"],
            "axes.unicode_minus": False,
            "svg.fonttype": "path",
            "svg.hashsalt": "xuanjiao",  # reproducible ids
            "hatch.linewidth": 0.8,
            "axes.edgecolor": "#000000",
            "axes.spines.top": False,
            "axes.spines.right": False,
            "font.size": 10,
        }
    )
    return plt


def _save(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": "xuanjiao"}, bbox_inches="tight")
    import matplotlib.pyplot as plt

    plt.close(fig)
    return buf.getvalue()


def _bar_labels(ax, bars, horizontal: bool = False) -> None:
    for b in bars:
        v = b.get_width() if horizontal else b.get_height()
        ax.annotate(
            f"{int(v):,}",
            (b.get_x() + (v if horizontal else b.get_width() / 2), b.get_y() + b.get_height() / 2 if horizontal else v),
            xytext=(3, 0) if horizontal else (0, 2),
            textcoords="offset points",
            ha="left" if horizontal else "center",
            va="center" if horizontal else "bottom",
            fontsize=8,
        )


def reach_by_venue(y: YearReport) -> bytes:
    """Horizontal bars: people reached per venue, stacked by campaign (grey + hatch per campaign)."""
    plt = _setup()
    venues = [g for g in y.by_venue]
    labels = [g.label for g in venues]
    _check(*labels, *(c.plan.name or c.campaign for c in y.campaigns), "宣传服务人数（人）按场所")
    fig, ax = plt.subplots(figsize=(7, 0.45 * len(venues) + 1.6))
    left = [0] * len(venues)
    for i, c in enumerate(y.campaigns):
        per = {g.key: g.reach for g in c.by_venue}
        vals = [per.get(g.key, 0) for g in venues]
        ax.barh(
            range(len(venues)),
            vals,
            left=left,
            color=GREYS[i % 4],
            hatch=HATCHES[(i // 4 + i) % 4],
            edgecolor="#000000",
            linewidth=0.6,
            label=c.plan.name or c.campaign,
        )
        left = [a + b for a, b in zip(left, vals)]
    for i, total in enumerate(left):
        ax.annotate(f"{total:,}", (total, i), xytext=(3, 0), textcoords="offset points", va="center", fontsize=8)
    ax.set_yticks(range(len(venues)), labels)
    ax.invert_yaxis()
    ax.set_xlabel("宣传服务人数（人）")
    ax.set_title(f"{y.year}年宣传服务人数（按场所）")
    if len(y.campaigns) > 1:
        ax.legend(frameon=False, fontsize=8, loc="lower right")
    ax.margins(x=0.12)
    return _save(fig)


def printed_vs_handed(y: YearReport) -> bytes:
    """Per campaign: printed (white, hatched), handed out (dark grey), goal (outlined tick)."""
    plt = _setup()
    names = [c.plan.name or c.campaign for c in y.campaigns]
    _check(*names, "宣传资料印制与发放份数印制数量实际发放发放目标")
    fig, ax = plt.subplots(figsize=(7, 3.6))
    xs = range(len(names))
    w = 0.36
    printed = ax.bar(
        [x - w / 2 for x in xs],
        [c.printed for c in y.campaigns],
        w,
        color="#ffffff",
        hatch="///",
        edgecolor="#000000",
        linewidth=0.8,
        label="印制数量",
    )
    handed = ax.bar(
        [x + w / 2 for x in xs],
        [c.totals[HANDED] for c in y.campaigns],
        w,
        color="#555555",
        edgecolor="#000000",
        linewidth=0.8,
        label="实际发放",
    )
    _bar_labels(ax, printed)
    _bar_labels(ax, handed)
    goals = [(x, c.goal_materials) for x, c in zip(xs, y.campaigns) if c.goal_materials]
    if goals:
        ax.scatter(
            [x + w / 2 for x, _ in goals],
            [g for _, g in goals],
            marker="_",
            s=900,
            color="#000000",
            linewidths=1.6,
            label="发放目标",
            zorder=3,
        )
    ax.set_xticks(list(xs), names)
    ax.set_ylabel("份数")
    ax.set_title(f"{y.year}年宣传资料印制与发放")
    ax.legend(frameon=False, fontsize=8, ncols=3, loc="upper center", bbox_to_anchor=(0.5, -0.12))
    ax.margins(y=0.15)
    return _save(fig)


def reach_over_year(y: YearReport) -> bytes:
    """Monthly reach (grey bars) and the running total (black line, right axis)."""
    plt = _setup()
    per = {g.key: g.reach for g in y.by_month}
    months = list(range(1, 13))
    labels = [f"{m}月" for m in months]
    _check(*labels, "宣传服务人数全年累计逐月人")
    fig, ax = plt.subplots(figsize=(7, 3.4))
    vals = [per.get(m, 0) for m in months]
    bars = ax.bar(months, vals, 0.6, color="#aaaaaa", edgecolor="#000000", linewidth=0.6, label="当月")
    _bar_labels(ax, [b for b in bars if b.get_height()])
    ax.set_xticks(months, labels)
    ax.set_ylabel("宣传服务人数（人）")
    run, total = [], 0
    for v in vals:
        total += v
        run.append(total)
    ax2 = ax.twinx()
    ax2.spines["right"].set_visible(True)
    ax2.plot(months, run, color="#000000", linestyle="--", marker="o", markersize=3, linewidth=1.2, label="全年累计")
    ax2.set_ylabel("累计（人）")
    ax2.set_ylim(bottom=0)
    ax.set_ylim(bottom=0)
    ax.set_title(f"{y.year}年宣传服务人数（逐月）")
    handles = [bars, ax2.get_lines()[0]]
    ax.legend(handles, ["当月", "全年累计"], frameon=False, fontsize=8, loc="upper left")
    return _save(fig)


def charts(y: YearReport) -> dict[str, bytes]:
    return {
        "reach-by-venue.svg": reach_by_venue(y),
        "materials-printed-vs-handed.svg": printed_vs_handed(y),
        "reach-over-year.svg": reach_over_year(y),
    }


__all__ = ["CHARTS", "ChartFontError", "charts", "cjk_font", "missing_glyphs"]
