"""The coordinator's pages: each campaign's plan (sessions, roster with shortfalls, tasks by
due date), its files made on request, the upload of returned 统计表 files with their problems
at their cells, the year's roll-up and charts, and the volunteers with their phones.

Only coordinators and admins reach these routes (web.ACCESS): the volunteers' names and phones
are on no page a writer or reviewer can open."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response

from ..reports.read import COUNT_FIELDS
from . import coordination, reportfiles
from .accounts import Session
from .base import Workspace
from .catalog import NotFound
from .words import N_, _


async def plans(request: Request, ws: Workspace, session: Session) -> Response:
    planned = await run_in_threadpool(coordination.load, ws.root)
    rows = []
    if planned.project is not None and not planned.errors:
        for p in sorted(planned.planset.plans.values(), key=lambda p: (p.year, p.date, p.campaign)):
            c = planned.project.campaigns[p.campaign]
            rows.append((p, c.title, p.window_start, p.window_end))
    return ws.render(request, "plans.html", rows=rows, errors=planned.errors)


async def _page(
    request: Request, ws: Workspace, saved: str = "", upload: dict | None = None, status: int = 200
) -> Response:
    ident = request.path_params["ident"]
    planned = await run_in_threadpool(coordination.load, ws.root)
    if planned.project is None or planned.errors:
        return ws.render(request, "plans.html", 400, rows=[], errors=planned.errors)
    plan = coordination.plan_of(planned, ident)
    project = planned.project
    roll = await run_in_threadpool(reportfiles.rollup, project, planned.planset, plan.year)
    mine = next((r for r in roll.summary.campaigns if r.campaign == ident), None) if roll.summary else None
    notice = ""
    if saved:
        found = len(roll.problems.get(saved, ()))
        notice = (
            _("已保存 {name}，有 {n} 条提醒，见“已收到的文件”。").format(name=saved, n=found)
            if found
            else _("已保存 {name}，检查通过。").format(name=saved)
        )
    return ws.render(
        request,
        "plan.html",
        status,
        plan=plan,
        title=project.campaigns[ident].title,
        sessions=coordination.session_rows(project, plan),
        tasks=coordination.task_rows(project, plan),
        basis=coordination.calendar_basis(project, plan),
        downloads=coordination.downloads(project, plan),
        roll=roll,
        mine=mine,
        charts=_chart_names(roll),
        fields=COUNT_FIELDS,
        notice=notice,
        upload=upload,
    )


def _chart_names(roll: reportfiles.Rollup) -> list[tuple[str, str]]:
    if roll.summary is None or not roll.summary.sessions:
        return []
    return [
        ("reach-by-venue.svg", N_("各场所宣传服务人数")),
        ("materials-printed-vs-handed.svg", N_("宣传资料印制与发放")),
        ("reach-over-year.svg", N_("全年宣传服务人数")),
    ]


async def plan(request: Request, ws: Workspace, session: Session) -> Response:
    return await _page(request, ws, saved=request.query_params.get("saved", "")[:120])


async def plan_file(request: Request, ws: Workspace, session: Session) -> Response:
    """plan.docx, plan.pdf, the blank forms ...: made now, never written into content/."""
    from ..stage import build_clock

    ident, name = request.path_params["ident"], request.path_params["name"]
    planned = await run_in_threadpool(coordination.load, ws.root)
    p = coordination.plan_of(planned, ident)
    assert planned.project is not None
    data = await run_in_threadpool(coordination.make_file, planned.project, p, name, build_clock())
    media = coordination.MEDIA[name[name.rindex(".") :]]
    filename = f"{p.year}-{p.campaign}-{name}"
    return Response(
        data,
        media_type=media,
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}"},
    )


async def upload_report(request: Request, ws: Workspace, session: Session) -> Response:
    form = request.state.form
    upload = form.get("report")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return await _page(request, ws, upload={"name": "", "error": _("请先选择要上传的统计表文件。")}, status=400)
    data = await upload.read(reportfiles.MAX_BYTES + 1)
    try:
        name = reportfiles.safe_name(upload.filename)
        reportfiles.check_size(data)
    except reportfiles.ReportUploadError as exc:
        return await _page(request, ws, upload={"name": upload.filename, "error": str(exc)}, status=400)
    replace = form.get("replace") == "yes"
    if (ws.root / reportfiles.FOLDER / name).exists() and not replace:
        error = _("已有同名文件 {name}。要替换它，请勾选“替换同名文件”后再上传；否则请先改文件名。").format(name=name)
        return await _page(request, ws, upload={"name": name, "error": error}, status=409)
    planned = await run_in_threadpool(coordination.load, ws.root)
    plan = coordination.plan_of(planned, request.path_params["ident"])
    assert planned.project is not None
    try:
        found = await run_in_threadpool(
            reportfiles.accept, planned.project, planned.planset, plan.year, name, data, replace
        )
    except FileExistsError:
        error = _("刚有人上传了同名文件 {name}。要替换它，请勾选“替换同名文件”后再上传。").format(name=name)
        return await _page(request, ws, upload={"name": name, "error": error}, status=409)
    except reportfiles.ReportUploadError as exc:
        return await _page(request, ws, upload={"name": name, "error": str(exc)}, status=409)
    problems = [reportfiles.problem(d) for d in found]
    if any(p.severity == "error" for p in problems):
        return await _page(request, ws, upload={"name": name, "problems": problems}, status=400)
    ws.accounts.audit(session.user.name, "upload report", f"{reportfiles.FOLDER}/{name}", "", plan.campaign)
    return RedirectResponse(f"/plans/{plan.campaign}?saved={quote(name)}", status_code=303)


async def report_chart(request: Request, ws: Workspace, session: Session) -> Response:
    """A chart of the year's roll-up (SVG), drawn by reports.charts into the build cache."""
    name = request.path_params["name"]
    planned = await run_in_threadpool(coordination.load, ws.root)
    p = coordination.plan_of(planned, request.path_params["ident"])
    assert planned.project is not None
    roll = await run_in_threadpool(reportfiles.rollup, planned.project, planned.planset, p.year)
    if roll.key != request.path_params["key"] or name not in dict(_chart_names(roll)):
        raise NotFound(name)
    folder = await run_in_threadpool(reportfiles.chart_files, ws.root, roll)
    if not (folder / name).is_file():
        raise NotFound(name)
    return FileResponse(
        folder / name,
        media_type="image/svg+xml",
        headers={"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'"},
    )


async def volunteers(request: Request, ws: Workspace, session: Session) -> Response:
    planned = await run_in_threadpool(coordination.load, ws.root)
    rows = coordination.volunteer_rows(planned.project) if planned.project is not None else []
    return ws.render(request, "volunteers.html", rows=rows, errors=planned.errors, today=dt.date.today())
