"""The parts of a plan a 公文 work plan has besides the schedule: the report going up (to whom,
by when, with what), 工作要求 / 经费保障 / 安全保障 (text from plan.yml), the 附件 list, the
working-day basis of the due dates named truly, and notes on due dates moved off holidays.

Words are the plan's own (`i18n._`), so an English plan reads in English.
"""

from __future__ import annotations

from .. import i18n
from ..content.models import Campaign, Project
from ..i18n import _
from . import notice
from .model import Plan, Task


def calendar_basis(project: Project, plan: Plan) -> str:
    """Which calendar the due dates were counted on: the national data, the project's
    content/holidays.yml (for the years it gives), or plain Mon-Fri (years with neither)."""
    years = sorted({t.due.year for t in plan.tasks} | {plan.date.year, plan.end.year})
    own = [y for y in years if y in project.holidays]

    def label(ys) -> str:
        return i18n.join([_("{year}年").format(year=y) for y in ys])

    if plan.unofficial_years:
        return _("其中{years}节假日安排尚未公布，暂按周一至周五推算，公布后请重新生成本方案").format(
            years=label(plan.unofficial_years)
        )
    if own and len(own) == len(years):
        return _("已按本单位 content/holidays.yml 所列{years}节假日和调休安排推算").format(years=label(own))
    if own:
        return _("已按国家法定节假日和调休安排推算（其中{years}按本单位 content/holidays.yml）").format(
            years=label(own)
        )
    return _("已按国家法定节假日和调休安排推算")


def moved_notes(plan: Plan, day_label) -> list[str]:
    """One sentence per task whose date fell on a non-working day and was brought forward."""
    return [
        _("“{title}”原定{old}为节假日或休息日，已提前至{new}。").format(
            title=t.title, old=day_label(t.moved_from, plan.year), new=day_label(t.due, plan.year)
        )
        for t in plan.tasks
        if t.moved_from is not None
    ]


def report_task_title(project: Project, c: Campaign, t: Task) -> str:
    spec = notice.spec_for(project, c)
    if t.id != notice.REPORT_TASK or spec is None or not spec.to:
        return t.title
    return _("{title}（报{to}）").format(title=t.title, to=spec.to)


def attachments(project: Project, c: Campaign) -> list[str]:
    """The plan's 附件, by title as a 公文 lists them: the field form each venue fills in, and
    the notice's form if there is one (report-form.xlsx and notice-form*.xlsx)."""
    out = [_("{title}现场统计表").format(title=c.title)]
    spec = notice.spec_for(project, c)
    if spec is not None and spec.form is not None:
        out.append(spec.form.title)
    return out


def reporting(project: Project, c: Campaign, plan: Plan, day_label) -> str | None:
    """The 信息报送 sentence: by when, to whom, what with, and who to call; None without `reports:`."""
    spec = notice.spec_for(project, c)
    if spec is None:
        return None
    task = next((t for t in plan.tasks if t.id == notice.REPORT_TASK), None)
    forms = _("、").join(_("附件{n}").format(n=i) for i in range(1, len(attachments(project, c)) + 1))
    parts = [
        _("请于{date}前将活动总结和统计表（{forms}）").format(date=day_label(task.due, plan.year), forms=forms)
        if task
        else _("请将活动总结和统计表（{forms}）").format(forms=forms)
    ]
    if spec.attach:
        parts.append(_("连同{items}").format(items=_("、").join(spec.attach)))
    parts.append(_("报送{to}。").format(to=spec.to) if spec.to else _("按时报送。"))
    contact = spec.contact
    if contact is not None:
        bits = [
            _("联系人：{name}").format(name=contact.name) if contact.name else "",
            _("电话：{phone}").format(phone=contact.phone) if contact.phone else "",
            _("电子邮箱：{email}").format(email=contact.email) if contact.email else "",
        ]
        parts.append(_("，").join(b for b in bits if b) + _("。"))
    return "".join(parts)


def optional_sections(project: Project) -> list[tuple[str, list[str]]]:
    """工作要求, 经费保障, 安全保障 from plan.yml, each as its paragraphs (blank lines apart)."""
    plan = project.plan
    found = [(_("工作要求"), plan.requirements), (_("经费保障"), plan.funding), (_("安全保障"), plan.safety)]
    return [(title, paragraphs(text)) for title, text in found if text and text.strip()]


def paragraphs(text: str) -> list[str]:
    """Paragraphs of a plan.yml text: separated by blank lines, inner line breaks joined."""
    return [
        "".join(line.strip() for line in block.splitlines()) for block in text.strip().split("\n\n") if block.strip()
    ]
