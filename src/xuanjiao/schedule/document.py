"""The activity plan (活动方案) as a document: title, numbered sections, paragraphs, tables.

Built once from a `Plan`; plan.md, plan.pdf and plan.docx are three renderings of this same
structure, so they never disagree. Public: volunteer counts only, never names.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

from .. import labels
from ..content.models import Campaign, Material, Project
from . import campaign_text
from .model import Plan, Session

NUMBERS = "一二三四五六七八九十"
UNIT = {"poster": "张", "leaflet": "份", "brochure": "册", "flyer": "份", "board": "张", "rollup": "个", "banner": "条"}
DEFAULT_SIZE = {"poster": "A3", "leaflet": "A4 三折页", "brochure": "A5", "flyer": "A5",
                "board": "2400×1200mm", "rollup": "800×2000mm", "banner": "高 700mm"}


@dataclass(frozen=True)
class Para:
    text: str
    lead: str = ""  # a bold lead-in such as "活动时间："
    kind: ClassVar[str] = "para"


@dataclass(frozen=True)
class Items:
    items: tuple[str, ...]
    kind: ClassVar[str] = "items"


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[int, ...]  # relative column widths
    centered: tuple[int, ...] = ()  # columns whose cells are centred (numbers, dates)
    kind: ClassVar[str] = "table"


Block = Para | Items | Table


@dataclass(frozen=True)
class Section:
    number: str  # 一, 二 ...
    title: str
    blocks: tuple[Block, ...]

    @property
    def heading(self) -> str:
        return f"{self.number}、{self.title}"


@dataclass(frozen=True)
class PlanDocument:
    title: str
    intro: str
    sections: tuple[Section, ...]
    issuer: str
    issued: dt.date

    @property
    def issued_label(self) -> str:
        return labels.date_zh(self.issued)


def build_document(project: Project, plan: Plan) -> PlanDocument:
    c = project.campaigns[plan.campaign]
    title = c.title if c.title.rstrip().endswith("方案") else c.title.rstrip() + "方案"
    where = f"结合{project.site.region}实际" if project.site.region else "结合本地实际"
    intro = (f"为做好{plan.year}年{plan.name}宣传工作，普及健康知识，提高群众健康素养，{where}，"
             f"制定本方案。")
    bodies = [_purpose(project, c, plan), _time_and_place(project, c, plan), _arrangements(project, c, plan),
              _tasks(project, c, plan), _materials(project, plan), _contacts(project, c)]
    sections = tuple(Section(NUMBERS[i], name, tuple(blocks)) for i, (name, blocks) in enumerate(bodies))
    issued = min((t.due for t in plan.tasks), default=plan.window_start)
    return PlanDocument(title, intro, sections, project.site.organization, issued)


def _day_label(d: dt.date, year: int) -> str:
    return labels.short_date_zh(d) if d.year == year else labels.date_zh(d, weekday=True)


def _purpose(project: Project, c: Campaign, plan: Plan) -> tuple[str, list]:
    paras = campaign_text.purpose(c.body) or [
        f"围绕{plan.name}，面向{'、'.join(c.audiences) or '城乡居民'}开展健康宣传教育，"
        f"普及健康知识和技能，引导群众形成健康的生活方式。"]
    blocks: list = [Para(p) for p in paras]
    if c.slogan:
        blocks.append(Para(c.slogan, lead="活动主题："))
    if c.audiences:
        blocks.append(Para("、".join(c.audiences), lead="宣传对象："))
    goals = []
    if c.goals.reach:
        goals.append(f"宣传覆盖群众{c.goals.reach}人次以上")
    if c.goals.materials:
        goals.append(f"发放宣传资料{c.goals.materials}份以上")
    if goals:
        blocks.append(Para("，".join(goals) + "。", lead="工作目标："))
    messages = campaign_text.key_messages(c.body)
    if messages:
        blocks.append(Para("", lead="宣传重点："))
        blocks.append(Items(tuple(messages)))
    return "活动目的", blocks


def _time_and_place(project: Project, c: Campaign, plan: Plan) -> tuple[str, list]:
    day = labels.date_zh(plan.date, weekday=True)
    if plan.end != plan.date:
        day = f"{labels.span_zh(plan.date, plan.end)}"
    when = (f"{plan.name}为{day}。集中宣传活动于{labels.span_zh(plan.window_start, plan.window_end)}开展，"
            f"共{(plan.window_end - plan.window_start).days + 1}天。")
    items = []
    for vid in dict.fromkeys(c.venues):
        v = project.venues.get(vid)
        if v is None:
            continue
        count = sum(1 for s in plan.sessions if s.venue == vid)
        days = labels.cycle_zh(v.days) or "每天"
        place = v.name + (f"，{v.address}" if v.address else "")
        items.append(f"{place}。{days} {v.hours}，活动期间{count}场。" if count else
                     f"{place}。{days} {v.hours}，活动期间无开放日，不安排活动。")
    blocks: list = [Para(when, lead="活动时间：")]
    blocks += [Para(f"共{len(items)}处。", lead="活动地点："), Items(tuple(items))] if items else \
        [Para("未指定活动场所。", lead="活动地点：")]
    return "活动时间和地点", blocks


def _arrangements(project: Project, c: Campaign, plan: Plan) -> tuple[str, list]:
    blocks: list = [Items(tuple(campaign_text.arrangements(c.body)))] if campaign_text.arrangements(c.body) else []
    needed = sum(s.needed for s in plan.sessions)
    if not plan.sessions:
        blocks.append(Para("活动期间各场所均无开放日，未安排现场宣传服务。"))
        return "活动安排", blocks
    blocks.append(Para(f"活动期间共安排现场宣传服务{len(plan.sessions)}场，预计覆盖群众约{plan.reach}人次，"
                       f"需志愿者{needed}人次。具体安排如下："))
    rows = tuple((str(i), _day_label(s.date, plan.year), f"{s.start}-{s.end}",
                  project.venues[s.venue].name if s.venue in project.venues else s.venue, _staffing(s))
                 for i, s in enumerate(plan.sessions, 1))
    blocks.append(Table(("序号", "日期", "时间", "活动地点", "志愿者"), rows, (7, 22, 17, 34, 20), (0, 1, 2, 4)))
    if plan.shortfall:
        due = next((t for t in plan.tasks if t.id == "volunteers"), None)
        by = f"于{_day_label(due.due, plan.year)}前" if due else "尽快"
        blocks.append(Para(f"志愿者尚缺{plan.shortfall}人次，请志愿者服务队{by}补充招募。", lead="注："))
    return "活动安排", blocks


def _staffing(s: Session) -> str:
    got = len(s.assignments)
    return f"{got}人" if not s.short else f"{got}人（缺{s.short}人）"


def _tasks(project: Project, c: Campaign, plan: Plan) -> tuple[str, list]:
    if not plan.tasks:
        return "工作任务", [Para("本活动未设工作任务（见 content/plan.yml）。")]
    fallback = c.owner or project.site.organization
    rows = tuple((str(i), t.title, t.owner or fallback, _day_label(t.due, plan.year))
                 for i, t in enumerate(plan.tasks, 1))
    basis = "已按国家法定节假日和调休安排推算"
    if plan.unofficial_years:
        years = "、".join(f"{y}年" for y in plan.unofficial_years)
        basis = f"其中{years}节假日安排尚未公布，暂按周一至周五推算，公布后请重新生成本方案"
    blocks: list = [Para(f"各责任部门按以下时限完成工作，完成时限均为工作日，{basis}。"),
                    Table(("序号", "工作任务", "责任部门", "完成时限"), rows, (7, 50, 21, 22), (0, 3))]
    return "工作任务", blocks


def size_label(m: Material) -> str:
    size = m.size or DEFAULT_SIZE[m.kind]
    if m.size and "x" in m.size:
        size = m.size.replace("x", "×") + "mm"
    elif m.kind == "leaflet" and m.size:
        size = f"{m.size} 三折页"
    return "，".join(x for x in (size, m.print.paper) if x)


def _materials(project: Project, plan: Plan) -> tuple[str, list]:
    if not plan.print:
        return "宣传资料及印制数量", [Para("本活动未指定宣传资料。")]
    rows = []
    for i, q in enumerate(plan.print, 1):
        m = project.materials[q.material]
        name = m.title + ("" if m.published else f"（{labels.STATUS[m.status]}）")
        rows.append((str(i), name, labels.KIND[m.kind], size_label(m), f"{q.quantity}{UNIT[m.kind]}"))
    blocks: list = [Para(_quantity_basis(project, plan)),
        Table(("序号", "资料名称", "种类", "规格", "印制数量"), tuple(rows), (7, 35, 12, 30, 16), (0, 2, 4))]
    return "宣传资料及印制数量", blocks


def _quantity_basis(project: Project, plan: Plan) -> str:
    """How the quantities were worked out, naming only the rules this plan used."""
    bases = {q.basis for q in plan.print}
    spare = f"{round(project.plan.print_spare * 100, 1):g}"
    parts = []
    if "reach" in bases:
        parts.append(f"宣传资料按各场次预计覆盖人数之和（约{plan.reach}人次）另加{spare}%备用印制，以百份为单位向上取整")
    if "per-venue" in bases:
        parts.append("宣传栏、易拉宝、横幅按每处活动场所一套制作")
    if "fixed" in bases:
        parts.append("已注明数量的资料按注明数量印制")
    return "；".join(parts) + "。"


def _contacts(project: Project, c: Campaign) -> tuple[str, list]:
    site = project.site
    blocks: list = [Para(c.owner or site.organization, lead="牵头单位：")]
    if site.hotline:
        blocks.append(Para(site.hotline, lead="咨询热线："))
    if site.url:
        blocks.append(Para(site.url, lead="网　　址："))
    if site.address:
        blocks.append(Para(site.address, lead="地　　址："))
    return "联系方式", blocks
