"""新建 for the things kept as items of one YAML file: a venue, an awareness day, a holiday
year. The form is the one `check`'s model gives; the item is appended to its file (the lines
above untouched) and committed by the person."""

from __future__ import annotations

import re
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from ..content.models import ID_RE
from . import editing, forms
from .accounts import Session
from .base import Workspace, kind_for, may_edit
from .catalog import Kind, file_of, key_of, rel_path
from .roundtrip import RoundTripError, add_unit
from .views_edit import create as create_document
from .views_edit import show_editor
from .words import _

YEAR_RE = re.compile(r"^20\d\d$")


def problem_with(root: Any, kind: Kind, ident: str) -> str:
    """Why `ident` cannot name a new item ('' when it can)."""
    path = file_of(root, kind, ident)
    if kind.shape == "years" and not YEAR_RE.match(ident):
        return _("年份写四位数字，例如 2028。")
    if kind.shape == "list" and not ID_RE.match(ident):
        return _("编号只能用小写英文字母、数字和“-”，例如 flu-leaflet-2027。")
    try:
        taken = path.exists() and ident in editing.unit_idents(path.read_text(encoding="utf-8"), kind)
    except (RoundTripError, UnicodeDecodeError):
        return _("{file} 有格式错误，请先在它的编辑页改正。").format(file=rel_path(kind, ident))
    return _("编号 {ident} 已经有了，请换一个。").format(ident=ident) if taken else ""


async def create(request: Request, ws: Workspace, session: Session) -> Response:
    """POST /new/<kind>: a document (views_edit) or an item of a list or year file."""
    kind = kind_for(request)
    if kind.shape == "doc":
        return await create_document(request, ws, session)
    if kind.shape == "root" or not may_edit(session, kind):
        return ws.refuse(request, _("您的角色不能新建这一类内容。"))
    return await create_entry(request, ws, session, kind)


async def create_entry(request: Request, ws: Workspace, session: Session, kind: Kind) -> Response:
    """Check (action=check) or append and commit a new item of a list or year file."""
    form = request.state.form
    ident = str(form.get("ident", "")).strip()
    values = forms.decode(kind.fields(), form, {})
    problem = await run_in_threadpool(problem_with, ws.root, kind, ident)
    rel = rel_path(kind, ident)
    if problem or form.get("action") == "check":
        path = file_of(ws.root, kind, ident)
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        text = current if problem else add_unit(current, kind.shape, ident, values)
        diags = [] if problem else await run_in_threadpool(editing.check_draft, ws.root, rel, text)
        key = None if problem else key_of(kind, text, ident)
        placed = editing.place(diags, rel, kind, text, key)
        notice = problem or _("已检查，尚未保存。")
        return await show_editor(
            request, ws, session, kind, ident, None, "", creating=True, placed=placed, notice=notice,
            status=400 if problem else 200, values=values,
        )  # fmt: skip
    message = _("新建{kind} {ident}").format(kind=_(kind.label), ident=ident)
    commit = await run_in_threadpool(editing.add_unit, ws.root, ws.git, kind, ident, values, session.user.name, message)
    if commit is None:  # someone added the same id a moment ago
        notice = _("编号 {ident} 已经有了，请换一个。").format(ident=ident)
        return await show_editor(
            request, ws, session, kind, ident, None, "", creating=True, notice=notice, status=400, values=values
        )
    ws.accounts.audit(session.user.name, "save", rel, commit, "new")
    return RedirectResponse(f"/edit/{kind.name}/{ident}?created=1", status_code=303)
