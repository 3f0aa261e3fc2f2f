"""The review workflow's acts (materials only): the writer submits a clean draft, the reviewer
approves it (signing with the display name, China's date and the next review date) or returns
it with a comment. Each act is one commit by the person and one row of the audit table."""

from __future__ import annotations

import datetime as dt

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from . import editing, forms
from .accounts import Session
from .base import Workspace
from .catalog import KINDS, file_of
from .review import china_today, default_due
from .views_edit import edit
from .words import _

STATUS_WANTED = {"submit": ("draft",), "approve": ("review",), "return": ("review",)}


async def _set_status(
    request: Request,
    ws: Workspace,
    session: Session,
    status: str,
    action: str,
    extra: dict | None = None,
    detail: str = "",
) -> Response:
    kind = KINDS["materials"]
    ident = request.path_params["ident"]
    opened = editing.open_unit(ws.root, ws.git, kind, ident)
    if opened.data is None:
        return await edit(request, ws, session, notice=_("文件有格式错误，请先改正。"), status=400)
    current = str(opened.data.get("status", "draft"))
    if current not in STATUS_WANTED[action]:  # a page left open while someone else acted
        shown = _(forms.CHOICE_NAMES[current]) if current in forms.CHOICE_NAMES else current
        notice = _("这份资料现在是“{status}”，这一步已不适用。").format(status=shown)
        return await edit(request, ws, session, notice=notice, status=409)
    values = {**opened.data, "status": status, **(extra or {})}
    text = editing.save_unit(opened.text, True, None, values, None)
    editing.write(file_of(ws.root, kind, ident), text.encode("utf-8"))
    message = _("{status}：{ident}").format(status=_(forms.CHOICE_NAMES[status]), ident=ident)
    commit = ws.git.commit([opened.rel], session.user.name, message)
    ws.accounts.audit(session.user.name, action, opened.rel, commit, detail)
    return RedirectResponse(f"/edit/materials/{ident}", status_code=303)


async def _refused_for_errors(request: Request, ws: Workspace, session: Session, what: str) -> Response | None:
    """The edit page with the file's errors when `check` finds any (None when clean)."""
    kind, ident = KINDS["materials"], request.path_params["ident"]
    opened = editing.open_unit(ws.root, ws.git, kind, ident)
    placed = editing.place(await run_in_threadpool(editing.check, ws.root), opened.rel, kind, opened.text, opened.key)
    if not placed.errors:
        return None
    notice = _("还有 {n} 个错误，改正后才能{act}。").format(n=placed.errors, act=what)
    return await edit(request, ws, session, notice=notice, status=400, placed=placed)


async def submit(request: Request, ws: Workspace, session: Session) -> Response:
    refused = await _refused_for_errors(request, ws, session, _("提交审核"))
    return refused or await _set_status(request, ws, session, "review", "submit")


async def approve(request: Request, ws: Workspace, session: Session) -> Response:
    """Sign: status approved, reviewed_by (the display name), reviewed_on (today in China) and
    review_due (the form's date, one year on by default)."""
    today = china_today()
    given = str(request.state.form.get("review_due", "")).strip()
    try:
        due = dt.date.fromisoformat(given) if given else default_due(today)
    except ValueError:
        due = None
    if due is None or due <= today:
        notice = _("复审到期日要写成 年-月-日（如 2027-12-06），并且晚于今天。")
        return await edit(request, ws, session, notice=notice, status=400)
    refused = await _refused_for_errors(request, ws, session, _("审核通过"))
    if refused:
        return refused
    extra = {"reviewed_by": session.user.shown, "reviewed_on": today, "review_due": due}
    return await _set_status(
        request, ws, session, "approved", "approve", extra, _("复审到期 {date}").format(date=due.isoformat())
    )


async def return_(request: Request, ws: Workspace, session: Session) -> Response:
    comment = str(request.state.form.get("comment", "")).strip()[:2000]
    if not comment:
        return await edit(request, ws, session, notice=_("请写下退回意见，编辑才知道要改什么。"), status=400)
    return await _set_status(request, ws, session, "draft", "return", detail=comment)
