"""tasks.ics (public: deadlines and sessions for the organisers) and volunteers/ID.ics
(private: one volunteer's own sessions with the address and the key messages).

Deadlines are all-day events, sessions timed in Asia/Shanghai; UIDs derive from the project,
the campaign and the event, so a re-import updates instead of duplicating (xuanjiao.ics).
"""

from __future__ import annotations

import datetime as dt

from .. import i18n
from ..content.models import Campaign, Project
from ..ics import CalEvent, write_calendar
from . import campaign_text
from .model import Plan, Session

MAX_MESSAGES = 3  # "the two or three key messages to say"


def namespace(project: Project, purpose: str) -> str:
    return f"{project.site.url or project.site.title}/{purpose}"


def session_key(s: Session) -> str:
    """A joint session is one event under its host, whichever campaign's calendar carries it."""
    return f"{s.host or s.campaign}/session/{s.venue}/{s.date.isoformat()}"


def _place(project: Project, vid: str) -> str:
    v = project.venues.get(vid)
    if v is None:
        return vid
    return f"{v.name}，{v.address}" if v.address else v.name


def _campaign_url(project: Project, c: Campaign) -> str:
    return f"{project.site.url}campaigns/{c.id}/" if project.site.url else ""


def tasks_ics(project: Project, plan: Plan, stamp: dt.datetime) -> bytes:
    c = project.campaigns[plan.campaign]
    url = _campaign_url(project, c)
    events = []
    for t in plan.tasks:
        owner = t.owner or c.owner or project.site.organization
        events.append(
            CalEvent(
                f"{c.id}/task/{t.id}",
                f"【截止】{t.title}",
                t.due,
                t.due,
                description=f"{c.title}\n责任部门：{owner}",
                url=url,
            )
        )
    for s in plan.sessions:
        venue = project.venues.get(s.venue)
        name = venue.name if venue else s.venue
        staffing = f"志愿者：需 {s.needed} 人，已安排 {len(s.assignments)} 人"
        if s.short:
            staffing += f"，缺 {s.short} 人"
        events.append(
            CalEvent(
                session_key(s),
                f"{plan.name}宣传：{name}",
                s.start_at(),
                s.end_at(),
                description=f"{c.title}\n{staffing}",
                location=_place(project, s.venue),
                url=url,
            )
        )
    return write_calendar(f"{c.title} 工作日程", namespace(project, "plans"), events, stamp)


def volunteer_description(project: Project, c: Campaign, s: Session, role: str) -> str:
    served = [project.campaigns[cid] for cid in s.campaigns if cid in project.campaigns] if s.partners else [c]
    lines = [
        "、".join(x.title for x in served) + ("（联合开展）" if s.partners else ""),
        f"岗位：{role}",
        f"时间：{i18n.date_zh(s.date, weekday=True)} {s.start}-{s.end}",
        f"地点：{_place(project, s.venue)}",
    ]
    for x in served:
        if s.partners:
            lines.append(f"【{x.title}】")
        lines += _messages(x)
    contact = c.owner or project.site.organization
    lines.append(f"联系：{contact}" + (f"，咨询热线 {project.site.hotline}" if project.site.hotline else ""))
    return "\n".join(lines)


def _messages(c: Campaign) -> list[str]:
    """The slogan and the first key messages of a campaign, as calendar description lines."""
    lines = [f"活动主题：{c.slogan}"] if c.slogan else []
    messages = campaign_text.key_messages(c.body)[:MAX_MESSAGES]
    if messages:
        lines.append("宣传要点：")
        lines += [f"{i}. {m}" for i, m in enumerate(messages, 1)]
    return lines


def volunteer_calendars(project: Project, plan: Plan, stamp: dt.datetime) -> dict[str, bytes]:
    """Volunteer id -> that volunteer's .ics for this campaign (only those with sessions)."""
    c = project.campaigns[plan.campaign]
    mine: dict[str, list[tuple[Session, str]]] = {}
    for s in plan.sessions:
        for a in s.assignments:
            mine.setdefault(a.volunteer, []).append((s, a.role))
    out = {}
    for vid in sorted(mine):
        events = []
        for s, role in mine[vid]:
            venue = project.venues.get(s.venue)
            events.append(
                CalEvent(
                    session_key(s),
                    f"志愿服务：{venue.name if venue else s.venue}（{role}）",
                    s.start_at(),
                    s.end_at(),
                    description=volunteer_description(project, c, s, role),
                    location=_place(project, s.venue),
                    url=_campaign_url(project, c),
                )
            )
        out[vid] = write_calendar(f"{c.title} 志愿服务", namespace(project, f"volunteer/{vid}"), events, stamp)
    return out
