"""Planner benchmark: 50 campaigns × 100 venues × 500 volunteers must plan in under 2 s.

`synthetic_project()` builds such a project in memory (no files); `time_planning()` times
`plan_project` on it. A bench script calls them (`python -m xuanjiao_bench`); the
tests only check that the synthetic project plans correctly, never the time.

The project is deliberately dense: campaigns a week apart (their outreach windows overlap,
so volunteers are shared across campaigns), every campaign at every venue, markets on
lunar and solar cycles, hours that overlap and hours that do not.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from xuanjiao.content.models import (
    AwarenessDay,
    Campaign,
    Material,
    PlanTemplate,
    Project,
    SiteConfig,
    TaskTemplate,
    Venue,
    Volunteer,
    Window,
)
from xuanjiao.schedule.model import PlanSet
from xuanjiao.schedule.planner import plan_project

CYCLES = ("daily", "weekly Sat,Sun", "lunar 3,8", "lunar 2,7", "solar 1,6", "weekly Mon,Wed,Fri", "lunar 5,0")
HOURS = ("07:00-11:00", "08:00-11:30", "07:30-10:30", "14:30-17:00", "18:30-20:30")
ROLES = (["宣讲", "咨询"], ["发放资料"], ["义诊", "咨询"], ["发放资料", "摄影"], ["宣讲"])
AVAILABLE = ([], ["Sat", "Sun"], ["Mon", "Tue", "Wed", "Thu", "Fri"], ["Tue", "Thu"], ["Mon", "Wed", "Sat"])
TASKS = (
    ("plan", "制定活动方案并报批", 20, None),
    ("print", "宣传资料定稿付印", 12, None),
    ("volunteers", "志愿者招募与培训", 8, None),
    ("notice", "发布活动预告", 3, None),
    ("report", "报送活动总结和统计表", None, 5),
)


def synthetic_project(campaigns: int = 50, venues: int = 100, volunteers: int = 500, year: int = 2026) -> Project:
    venue_ids = [f"venue-{i:03d}" for i in range(venues)]
    days, camps, mats = {}, {}, {}
    for i in range(campaigns):
        date = dt.date(year, 1, 10) + dt.timedelta(days=(i * 7) % 350)
        did, cid = f"bench-day-{i:02d}", f"bench-{i:02d}-{year}"
        days[did] = AwarenessDay(id=did, name={"zh-CN": f"测试宣传日{i}"}, date=date.strftime("%m-%d"))
        leaflet, poster = f"bench-leaflet-{i:02d}", f"bench-poster-{i:02d}"
        mats[leaflet] = Material(id=leaflet, title=f"折页{i}", kind="leaflet", campaigns=[cid], status="approved")
        mats[poster] = Material(id=poster, title=f"海报{i}", kind="poster", campaigns=[cid], status="approved")
        camps[cid] = Campaign(
            id=cid,
            day=did,
            year=year,
            title=f"{year}年测试宣传日{i}宣传活动",
            venues=venue_ids,
            materials=[leaflet, poster],
        )
    return Project(
        root=Path("."),
        site=SiteConfig(title="基准测试县卫生健康宣传", organization="基准测试县卫生健康局", hotline="12320"),
        days=days,
        venues={
            vid: Venue(
                id=vid,
                name=f"场所{i}",
                kind="market",
                hours=HOURS[i % len(HOURS)],
                volunteers=3 + i % 6,
                reach=100 + 50 * (i % 10),
                days=CYCLES[i % len(CYCLES)],
            )
            for i, vid in enumerate(venue_ids)
        },
        plan=PlanTemplate(
            window=Window(before=7, after=3),
            print_spare=0.1,
            tasks=[TaskTemplate(id=t, title=title, before=b, after=a) for t, title, b, a in TASKS],
        ),
        campaigns=camps,
        materials=mats,
        volunteers={
            f"v{i:04d}": Volunteer(
                id=f"v{i:04d}",
                name=f"志愿者{i}",
                phone=f"1380000{i:04d}",
                roles=ROLES[i % len(ROLES)],
                available=AVAILABLE[i % len(AVAILABLE)],
            )
            for i in range(volunteers)
        },
    )


def time_planning(project: Project | None = None, repeat: int = 3) -> tuple[float, PlanSet]:
    """Best wall time of `repeat` runs of `plan_project` (seconds), and the last result."""
    project = project or synthetic_project()
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = plan_project(project)
        best = min(best, time.perf_counter() - start)
    assert result is not None
    return best, result


def main() -> None:
    project = synthetic_project()
    seconds, planset = time_planning(project)
    sessions = sum(len(p.sessions) for p in planset.plans.values())
    places = sum(s.needed for p in planset.plans.values() for s in p.sessions)
    filled = sum(len(s.assignments) for p in planset.plans.values() for s in p.sessions)
    print(
        f"planned {len(planset.plans)} campaigns × {len(project.venues)} venues × "
        f"{len(project.volunteers)} volunteers: {sessions} sessions, {filled}/{places} places filled "
        f"in {seconds:.3f} s (limit 2 s)"
    )


if __name__ == "__main__":
    main()
