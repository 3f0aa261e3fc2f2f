"""summary.pdf: A4, the plans' official look (plan/plan.css) plus reports/summary.css, with the
tables and the charts (SVG, embedded as vector drawings)."""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass

from ..content.models import Project
from ..i18n import date_zh, span_zh
from ..pdf import render_html
from ..theme import Theme
from .rollup import HANDED, REACH, CampaignReport, Group, YearReport

SHORT = ("服务人数", "发放资料(份)", "健康咨询(人次)", "义诊(人次)", "避孕药具(份)", "走访(户)", "志愿者")
NUMS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十")


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    widths: list[float]
    first_number: int
    total: bool = True


def n(v: int | None) -> str:
    return "—" if v is None else f"{v:,}"


def _group_table(first: str, groups: list[Group]) -> Table:
    rows = [[g.label, n(g.sessions), *map(n, g.counts)] for g in groups]
    rows.append(
        ["合计", n(sum(g.sessions for g in groups)), *[n(sum(g.counts[i] for g in groups)) for i in range(len(SHORT))]]
    )
    return Table([first, "场次", *SHORT], rows, [20, 7] + [73 / 7] * 7, 1)


def _goals_table(c: CampaignReport) -> Table:
    rows = [[x.label, n(x.actual), n(x.target), x.rate] for x in c.comparisons]
    for _, title, q in c.printed_by_material:
        rows.append([f"印制：{title}", "", n(q), ""])
    return Table(["项目", "实际", "目标 / 基数", "完成率"], rows, [46, 18, 18, 18], 1, total=False)


def _svg_uri(data: bytes) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(data).decode("ascii")


def summary_html(project: Project, y: YearReport, charts: dict[str, bytes], stamp: dt.datetime) -> str:
    title = f"{y.year}年健康宣传活动统计汇总"
    reach, handed = y.totals[REACH], y.totals[HANDED]
    sessions = y.sessions
    intro = (
        f"{y.year}年共开展{len(y.campaigns)}项主题宣传活动，据各单位报送的统计表（{len(y.files)}份）汇总："
        f"开展现场宣传{sessions}场，宣传服务{reach:,}人，发放宣传资料{handed:,}份"
        + (f"（印制{y.printed:,}份）" if y.printed else "")
        + "。"
        + ("联合开展的场次在其服务的各项活动中分别列出，合计只计一次。" if y.joint else "")
    )
    year_table = Table(
        ["活动", "场次", *SHORT],
        [[g.label, n(g.sessions), *map(n, g.counts)] for g in y.by_campaign]
        + [["合计", n(sessions), *map(n, y.totals)]],
        [20, 7] + [73 / 7] * 7,
        1,
    )
    campaigns = []
    for i, c in enumerate(y.campaigns, 2):
        campaigns.append(
            {
                "heading": f"{NUMS[min(i, 10) - 1]}、{c.title}",
                "intro": (
                    f"活动时间{span_zh(*c.window)}，共报送{len(c.entries)}场，宣传服务{c.totals[REACH]:,}人，"
                    f"发放宣传资料{c.totals[HANDED]:,}份。"
                ),
                "goals": _goals_table(c),
                "venues": _group_table("场所", c.by_venue),
                "dates": _group_table("日期", c.by_date),
            }
        )
    return Theme(project, "reports").render(
        "summary.html.j2",
        title=title,
        intro=intro,
        y=y,
        year_table=year_table,
        kind_table=_group_table("场所类型", y.by_kind),
        campaigns=campaigns,
        charts={k: _svg_uri(v) for k, v in charts.items()},
        issued=date_zh(stamp.date()),
    )


def summary_pdf(
    project: Project, y: YearReport, charts: dict[str, bytes], stamp: dt.datetime
) -> tuple[bytes, list[str]]:
    theme = Theme(project, "reports")
    html = summary_html(project, y, charts, stamp)
    rendered = render_html(
        html,
        theme.base_dir,
        [project.root],
        [Theme(project, "plan").stylesheet("plan.css"), theme.stylesheet("summary.css")],
    )
    warnings = list(rendered.warnings) + [f"not loaded: {url}" for url in rendered.refused]
    return rendered.document.write_pdf(), warnings
