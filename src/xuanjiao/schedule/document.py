"""The activity plan (活动方案) as a document: title, numbered sections, paragraphs, tables.

Built once from a `Plan`; plan.md, plan.pdf and plan.docx are three renderings of this same
structure, so they never disagree. Public: volunteer counts only, never names.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

from .. import i18n
from ..content.models import Campaign, Material, Project
from ..i18n import N_, _
from . import campaign_text, plan_sections
from .model import Plan, Session
from .planner import work_calendar

NUMBERS = "一二三四五六七八九十"
ATTACHMENTS = N_("附件：")
# Quantities with their measure word (张, 份 ...; English has none: "{n}").
UNIT = {
    "poster": N_("{n}张"),
    "leaflet": N_("{n}份"),
    "brochure": N_("{n}册"),
    "flyer": N_("{n}份"),
    "board": N_("{n}张"),
    "rollup": N_("{n}个"),
    "banner": N_("{n}条"),
}
DEFAULT_SIZE = {
    "poster": "A3",
    "leaflet": N_("A4 三折页"),
    "brochure": "A5",
    "flyer": "A5",
    "board": "2400×1200mm",
    "rollup": "800×2000mm",
    "banner": N_("高 700mm"),
}


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
    number: str  # 一, 二 ... (1, 2 ... in languages without Chinese numerals)
    title: str
    blocks: tuple[Block, ...]
    lang: str = i18n.DEFAULT

    @property
    def heading(self) -> str:
        return i18n.gettext("{number}、{title}", self.lang).format(number=self.number, title=self.title)


@dataclass(frozen=True)
class PlanDocument:
    title: str
    intro: str
    sections: tuple[Section, ...]
    issuer: str
    issued: dt.date
    lang: str = i18n.DEFAULT
    attachments: tuple[str, ...] = ()  # 附件, listed after the last section, before the 落款

    @property
    def issued_label(self) -> str:
        return i18n.format_date(self.issued, self.lang)

    @property
    def attachments_lead(self) -> str:
        return i18n.gettext(ATTACHMENTS, self.lang)


def plan_language(project: Project, lang: str | None = None) -> str:
    """`lang` if given, else the one set with `i18n.use`, else the site's default language."""
    return lang or i18n.explicit() or project.site.languages[0]


def build_document(project: Project, plan: Plan, lang: str | None = None) -> PlanDocument:
    lang = plan_language(project, lang)
    with i18n.use(lang):
        return _build(project, plan, lang)


def _build(project: Project, plan: Plan, lang: str) -> PlanDocument:
    c = project.campaigns[plan.campaign]
    suffix = _("方案")
    title = c.title if c.title.rstrip().endswith(suffix) else _("{title}方案").format(title=c.title.rstrip())
    region = project.site.region_in(lang)
    where = _("结合{region}实际").format(region=region) if region else _("结合本地实际")
    intro = _("为做好{year}年{name}宣传工作，普及健康知识，提高群众健康素养，{where}，制定本方案。").format(
        year=plan.year, name=_day_name(project, plan, lang), where=where
    )
    bodies = [
        _purpose(project, c, plan),
        _time_and_place(project, c, plan),
        _arrangements(project, c, plan),
        _tasks(project, c, plan),
        _materials(project, plan),
    ]
    bodies += [(name, [Para(p) for p in paras]) for name, paras in plan_sections.optional_sections(project)]
    bodies.append(_contacts(project, c))
    chinese = i18n.babel_locale(lang).startswith("zh")
    sections = tuple(
        Section(NUMBERS[i] if chinese else str(i + 1), name, tuple(blocks), lang)
        for i, (name, blocks) in enumerate(bodies)
    )
    issued = min((t.due for t in plan.tasks), default=plan.window_start)
    return PlanDocument(
        title,
        intro,
        sections,
        project.site.organization_in(lang),
        issued,
        lang,
        tuple(plan_sections.attachments(project, c)),
    )


def _day_name(project: Project, plan: Plan, lang: str) -> str:
    day = project.days.get(plan.day)
    return day.title(lang) if day is not None and lang != i18n.DEFAULT else plan.name


def _day_label(d: dt.date, year: int) -> str:
    return i18n.short_date(d) if d.year == year else i18n.format_date(d, weekday=True)


def _purpose(project: Project, c: Campaign, plan: Plan) -> tuple[str, list]:
    lang = i18n.current()
    paras = campaign_text.purpose(c.body) or [
        _("围绕{name}，面向{audiences}开展健康宣传教育，普及健康知识和技能，引导群众形成健康的生活方式。").format(
            name=_day_name(project, plan, lang), audiences=i18n.join(c.audiences) or _("城乡居民")
        )
    ]
    blocks: list = [Para(p) for p in paras]
    if c.slogan:
        blocks.append(Para(c.slogan, lead=_("活动主题：")))
    if c.audiences:
        blocks.append(Para(i18n.join(c.audiences), lead=_("宣传对象：")))
    goals = []
    if c.goals.reach:
        goals.append(_("宣传覆盖群众{n}人次以上").format(n=c.goals.reach))
    if c.goals.materials:
        goals.append(_("发放宣传资料{n}份以上").format(n=c.goals.materials))
    if goals:
        blocks.append(Para(_("，").join(goals) + _("。"), lead=_("工作目标：")))
    messages = campaign_text.key_messages(c.body)
    if messages:
        blocks.append(Para("", lead=_("宣传重点：")))
        blocks.append(Items(tuple(messages)))
    return _("活动目的"), blocks


def _time_and_place(project: Project, c: Campaign, plan: Plan) -> tuple[str, list]:
    lang = i18n.current()
    day = i18n.format_date(plan.date, weekday=True)
    if plan.end != plan.date:
        day = i18n.span(plan.date, plan.end)
    when = _("{name}为{day}。集中宣传活动于{window}开展，共{n}天。").format(
        name=_day_name(project, plan, lang),
        day=day,
        window=i18n.span(plan.window_start, plan.window_end),
        n=(plan.window_end - plan.window_start).days + 1,
    )
    items = []
    for vid in dict.fromkeys(c.venues):
        v = project.venues.get(vid)
        if v is None:
            continue
        count = sum(1 for s in plan.sessions if s.venue == vid)
        days = i18n.cycle(v.days) or _("每天")
        place = _("{name}，{address}").format(name=v.name, address=v.address) if v.address else v.name
        items.append(
            _("{place}。{days} {hours}，活动期间{n}场。").format(place=place, days=days, hours=v.hours, n=count)
            if count
            else _("{place}。{days} {hours}，活动期间无开放日，不安排活动。").format(
                place=place, days=days, hours=v.hours
            )
        )
    blocks: list = [Para(when, lead=_("活动时间："))]
    blocks += (
        [Para(_("共{n}处。").format(n=len(items)), lead=_("活动地点：")), Items(tuple(items))]
        if items
        else [Para(_("未指定活动场所。"), lead=_("活动地点："))]
    )
    return _("活动时间和地点"), blocks


def _arrangements(project: Project, c: Campaign, plan: Plan) -> tuple[str, list]:
    blocks: list = [Items(tuple(campaign_text.arrangements(c.body)))] if campaign_text.arrangements(c.body) else []
    needed = sum(s.needed for s in plan.sessions)
    if not plan.sessions:
        blocks.append(Para(_("活动期间各场所均无开放日，未安排现场宣传服务。")))
        return _("活动安排"), blocks
    blocks.append(
        Para(
            _(
                "活动期间共安排现场宣传服务{sessions}场，预计覆盖群众约{reach}人次，需志愿者{needed}人次。"
                "具体安排如下："
            ).format(sessions=len(plan.sessions), reach=plan.reach, needed=needed)
        )
    )
    rows = tuple(
        (str(i), _day_label(s.date, plan.year), f"{s.start}-{s.end}", _venue_cell(project, s), _staffing(s))
        for i, s in enumerate(plan.sessions, 1)
    )
    blocks.append(
        Table((_("序号"), _("日期"), _("时间"), _("活动地点"), _("志愿者")), rows, (7, 22, 17, 34, 20), (0, 1, 2, 4))
    )
    blocks += _joint_notes(project, plan)
    if plan.shortfall:
        due = next((t for t in plan.tasks if t.id == "volunteers"), None)
        by = _("于{date}前").format(date=_day_label(due.due, plan.year)) if due else _("尽快")
        blocks.append(
            Para(_("志愿者尚缺{n}人次，请志愿者服务队{by}补充招募。").format(n=plan.shortfall, by=by), lead=_("注："))
        )
    return _("活动安排"), blocks


def _venue_cell(project: Project, s: Session) -> str:
    name = project.venues[s.venue].name if s.venue in project.venues else s.venue
    return _("{name}（联合开展）").format(name=name) if s.partners else name


def _title_of(project: Project, cid: str) -> str:
    c = project.campaigns.get(cid)
    return c.title if c is not None else cid


def _joint_notes(project: Project, plan: Plan) -> list[Para]:
    """One note per venue and partner set: when, with whom, who reports the row."""
    groups: dict[tuple, list[Session]] = {}
    for s in plan.sessions:
        if s.partners:
            groups.setdefault((s.venue, s.partners, s.host), []).append(s)
    notes = []
    for (vid, partners, host), mine in groups.items():
        venue = project.venues[vid].name if vid in project.venues else vid
        others = _("、").join(_("《{title}》").format(title=_title_of(project, c)) for c in partners)
        dates = _("、").join(_day_label(s.date, plan.year) for s in mine)
        reporter = _("本活动") if host == plan.campaign else _("《{title}》").format(title=_title_of(project, host))
        notes.append(
            Para(
                _(
                    "{dates}{venue}场次与{others}联合开展，同一时段、同一支志愿者队伍（每场{n}人），"
                    "各活动的宣传资料和宣传要点一并发放、宣讲；统计表由{reporter}填报一行，"
                    "计数一次、分别列入各活动。"
                ).format(dates=dates, venue=venue, others=others, n=mine[0].needed, reporter=reporter),
                lead=_("联合开展："),
            )
        )
    return notes


def _staffing(s: Session) -> str:
    got = len(s.assignments)
    return _("{n}人").format(n=got) if not s.short else _("{n}人（缺{short}人）").format(n=got, short=s.short)


def _tasks(project: Project, c: Campaign, plan: Plan) -> tuple[str, list]:
    if not plan.tasks:
        return _("工作任务"), [Para(_("本活动未设工作任务（见 content/plan.yml）。"))]
    fallback = c.owner or project.site.organization_in(i18n.current())
    calendar = work_calendar(project)

    makeup = {t.due for t in plan.tasks if t.due.weekday() >= 5 and calendar.is_workday(t.due)}

    def due(d: dt.date, year: int) -> str:
        # a Saturday or Sunday deadline surprises a reader unless it says it is a 调休 working day
        if d not in makeup:
            return _day_label(d, year)
        # Translators: CLDR date patterns; quote literal Latin text, e.g. EEE d MMMM '(make-up working day)'
        pattern = _("M月d日（EEE，调休上班）") if d.year == year else _("y年M月d日（EEE，调休上班）")
        return i18n.format_pattern(d, pattern)

    rows = tuple(
        (str(i), plan_sections.report_task_title(project, c, t), t.owner or fallback, due(t.due, plan.year))
        for i, t in enumerate(plan.tasks, 1)
    )
    basis = plan_sections.calendar_basis(project, plan)
    widths = (8, 41, 17, 34) if makeup else (8, 49, 21, 22)  # room for 2月28日（周六，调休上班） on one line
    blocks: list = [
        Para(_("各责任部门按以下时限完成工作，完成时限均为工作日，{basis}。").format(basis=basis)),
        Table((_("序号"), _("工作任务"), _("责任部门"), _("完成时限")), rows, widths, (0, 3)),
    ]
    blocks += [Para(note, lead=_("注：")) for note in plan_sections.moved_notes(plan, due)]
    sending = plan_sections.reporting(project, c, plan, due)
    if sending:
        blocks.append(Para(sending, lead=_("信息报送：")))
    return _("工作任务"), blocks


def size_label(m: Material) -> str:
    size = m.size or _(DEFAULT_SIZE[m.kind])
    if m.size and "x" in m.size:
        size = m.size.replace("x", "×") + "mm"
    elif m.kind == "leaflet" and m.size:
        size = _("{size} 三折页").format(size=m.size)
    return _("，").join(x for x in (size, m.print.paper) if x)


def _materials(project: Project, plan: Plan) -> tuple[str, list]:
    if not plan.print:
        return _("宣传资料及印制数量"), [Para(_("本活动未指定宣传资料。"))]
    rows = []
    for i, q in enumerate(plan.print, 1):
        m = project.materials[q.material]
        name = (
            m.title
            if m.published
            else _("{title}（{status}）").format(title=m.title, status=i18n.label(i18n.STATUS, m.status))
        )
        rows.append((str(i), name, i18n.label(i18n.KIND, m.kind), size_label(m), _(UNIT[m.kind]).format(n=q.quantity)))
    blocks: list = [
        Para(_quantity_basis(project, plan)),
        Table(
            (_("序号"), _("资料名称"), _("种类"), _("规格"), _("印制数量")), tuple(rows), (7, 35, 12, 30, 16), (0, 2, 4)
        ),
    ]
    blocks += _shared_notes(project, plan)
    return _("宣传资料及印制数量"), blocks


def _shared_notes(project: Project, plan: Plan) -> list[Para]:
    """A material other campaigns use too: one run, this plan's share, the others named."""
    out = []
    for q in plan.print:
        if not q.shared_with:
            continue
        m = project.materials[q.material]
        others = _("、").join(_("《{title}》").format(title=_title_of(project, c)) for c in q.shared_with)
        unit = _(UNIT[m.kind])
        text = (
            _("《{material}》与{others}共用，合计印制{run}，本活动使用{mine}，不重复印制。")
            if q.basis == "fixed"
            else _("《{material}》与{others}共用，各活动按本活动场次测算，合计印制{run}。")
        )
        out.append(
            Para(
                text.format(material=m.title, others=others, run=unit.format(n=q.run), mine=unit.format(n=q.quantity)),
                lead=_("注："),
            )
        )
    return out


def _quantity_basis(project: Project, plan: Plan) -> str:
    """How the quantities were worked out, naming only the rules this plan used."""
    bases = {q.basis for q in plan.print}
    spare = f"{round(project.plan.print_spare * 100, 1):g}"
    parts = []
    if "reach" in bases:
        parts.append(
            _("宣传资料按各场次预计覆盖人数之和（约{reach}人次）另加{spare}%备用印制，以百份为单位向上取整").format(
                reach=plan.reach, spare=spare
            )
        )
    if "per-venue" in bases:
        parts.append(_("宣传栏、易拉宝、横幅按每处活动场所一套制作"))
    if "fixed" in bases:
        parts.append(_("已注明数量的资料按注明数量印制"))
    return _("；").join(parts) + _("。")


def _contacts(project: Project, c: Campaign) -> tuple[str, list]:
    site = project.site
    blocks: list = [Para(c.owner or site.organization_in(i18n.current()), lead=_("牵头单位："))]
    if site.hotline:
        blocks.append(Para(site.hotline, lead=_("咨询热线：")))
    if site.url:
        blocks.append(Para(site.url, lead=_("网　　址：")))
    if site.address:
        blocks.append(Para(site.address, lead=_("地　　址：")))
    return _("联系方式"), blocks
