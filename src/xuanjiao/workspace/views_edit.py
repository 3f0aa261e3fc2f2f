"""Editing views: the form (with the body editor and its preview), checking a draft without
saving it, saving, creating, history and restore, and resolving a conflict."""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from ..content.approved import status_of
from ..content.models import ID_RE
from ..markdown import render, split_breaks
from . import conflicts, editing, forms, lists, review, rulepreview
from .accounts import Session
from .base import MAX_REQUEST, Workspace, kind_for, may_edit
from .catalog import Kind, NotFound, file_of, kind_of_path, rel_path
from .gitstore import GitError, blob_hash
from .roundtrip import RoundTripError, new_file, read_unit
from .uploads import UploadError, store_image
from .words import _

REVIEW_ACTIONS = ("return", "approve", "submit")


def preview_html(body: str | None) -> list[str]:
    """The body as the site shows it (sanitized), one part per `<!-- break -->` panel."""
    if not body:
        return []
    return [render(part).replace('src="../assets/', 'src="/assets/') for part in split_breaks(body)]


async def show_editor(
    request: Request,
    ws: Workspace,
    session: Session,
    kind: Kind,
    ident: str,
    text: str | None,
    version: str,
    *,
    creating: bool = False,
    placed: editing.Placed | None = None,
    notice: str = "",
    status: int = 200,
    values: dict | None = None,
) -> Response:
    """The form showing `text` (the file, or a draft not yet saved) and its diagnostics;
    `values`: a new item's values as submitted (no file text holds them yet)."""
    rel = rel_path(kind, ident) if ident else ""
    data, body, raw = dict(values or {}), "" if kind.markdown else None, None
    key = None
    if text is not None:
        try:
            key = editing.key_of(kind, text, ident)
            data, body = read_unit(text, kind.markdown, key)
        except (RoundTripError, KeyError, IndexError):
            raw = text
    if placed is None and text is not None:
        placed = editing.place(await run_in_threadpool(editing.check, ws.root), rel, kind, text, key)
    fields = kind.fields()
    history = ws.accounts.audit_rows(rel, 20) if rel else []
    signing = None
    if kind.name == "materials" and rel and not creating and text is not None:
        state = str(data.get("status", "draft"))
        signing = await run_in_threadpool(review.panel, ws.root, ws.accounts, rel, text, state)
    folded = [f for f in fields if f.name in kind.advanced]
    open_more = data.get("kind") == "board" or any(
        forms.get_path(data, f.name)[0] or (placed and f.name in placed.fields) for f in folded
    )
    return ws.render(
        request,
        "edit.html",
        status,
        kind=kind,
        ident=ident,
        fields=fields,
        creating=creating,
        raw=raw,
        values={f.name: forms.shown(f, data) for f in fields},
        body=body,
        version=version,
        data=data,
        refs={f.ref: lists.named(ws.root, f.ref) for f in fields if f.ref},
        placed=placed or editing.Placed(),
        preview=preview_html(body),
        may_edit=may_edit(session, kind),
        notice=notice,
        comments=[r for r in history if r[2] in REVIEW_ACTIONS],
        advanced=kind.advanced,
        more_label=kind.advanced_label,
        open_more=open_more,
        hints=rulepreview.hints(kind.name, data),
        review=signing,
    )


async def edit(
    request: Request,
    ws: Workspace,
    session: Session,
    notice: str = "",
    status: int = 200,
    placed: editing.Placed | None = None,
) -> Response:
    kind, ident = kind_for(request), request.path_params["ident"]
    if not notice and request.method == "GET" and request.query_params.get("created"):
        notice = _("已新建并保存。")
    opened = await run_in_threadpool(editing.open_unit, ws.root, ws.git, kind, ident)
    return await show_editor(
        request, ws, session, kind, ident, opened.text, opened.version, placed=placed, notice=notice, status=status
    )


async def _upload(request: Request, ws: Workspace, session: Session, kind: Kind, form: Any) -> tuple[Any, list[str]]:
    """Store an attached image (committed by the person) and place it in the body."""
    upload = form.get("image")
    if upload is None or not getattr(upload, "filename", ""):
        return form, []
    name, warnings = store_image(ws.root, upload.filename, await upload.read(MAX_REQUEST + 1))
    commit = ws.git.commit([f"content/assets/{name}"], session.user.name, _("上传图片 {name}").format(name=name))
    ws.accounts.audit(session.user.name, "upload", f"content/assets/{name}", commit)
    return _with_image(form, name, kind), [_("图片已上传：{file}").format(file=f"assets/{name}"), *warnings]


async def save(request: Request, ws: Workspace, session: Session) -> Response:
    kind, ident = kind_for(request), request.path_params["ident"]
    if not may_edit(session, kind):
        return ws.refuse(request, _("您的角色不能修改这一类内容。"))
    file_of(ws.root, kind, ident)
    try:
        form, notices = await _upload(request, ws, session, kind, request.state.form)
    except UploadError as exc:
        return await edit(request, ws, session, notice=_("图片没有保存：") + str(exc), status=400)
    if form.get("action") == "check":
        return await _check_draft(request, ws, session, kind, ident, form, notices)
    was = status_of(file_of(ws.root, kind, ident).read_text(encoding="utf-8", errors="replace"))
    outcome = await run_in_threadpool(
        editing.save,
        ws.root,
        ws.git,
        kind,
        ident,
        form,
        session.user.name,
        _("修改{kind} {ident}").format(kind=_(kind.label), ident=ident),
    )
    if outcome.conflict:
        pending = ws.accounts.keep_pending(session.user.name, outcome.rel, outcome.conflict[1])
        ws.accounts.audit(session.user.name, "conflict", outcome.rel, detail=str(pending))
        return RedirectResponse(f"/conflict/{pending}", status_code=303)
    ws.accounts.audit(session.user.name, "save", outcome.rel, outcome.commit)
    if outcome.merged:
        notices.append(_("另一位同事同时修改了其他部分，两处修改都已保存。"))
    notices.append(_("已保存。") if outcome.commit else _("没有改动。"))
    if kind.name == "materials" and was == "approved" and outcome.commit:
        notices.append(_(review.REOPENED))
    return await edit(request, ws, session, notice=" ".join(notices))


async def _check_draft(
    request: Request, ws: Workspace, session: Session, kind: Kind, ident: str, form: Any, notices: list[str]
) -> Response:
    """Check the form as if saved, without writing it: its diagnostics and preview."""
    version = str(form.get("version", ""))
    text = await run_in_threadpool(editing.draft_text, ws.root, ws.git, kind, ident, form)
    rel = rel_path(kind, ident)
    diags = await run_in_threadpool(editing.check_draft, ws.root, rel, text)
    placed = editing.place(diags, rel, kind, text, editing.key_of(kind, text, ident))
    notices.append(_("已检查并更新预览，尚未保存。"))
    return await show_editor(request, ws, session, kind, ident, text, version, placed=placed, notice=" ".join(notices))


class _Form:
    """A submitted form with some values replaced (getlist/get as Starlette's FormData)."""

    def __init__(self, form: Any, **replace: str):
        self.form, self.replace = form, replace

    def get(self, name: str, default: Any = None) -> Any:
        return self.replace[name] if name in self.replace else self.form.get(name, default)

    def getlist(self, name: str) -> list:
        return [self.replace[name]] if name in self.replace else self.form.getlist(name)


def _with_image(form: Any, name: str, kind: Kind) -> Any:
    """The body with the uploaded image appended, unless the writer already placed it."""
    if not kind.markdown or form.get("body") is None:
        return form
    body = str(form.get("body")).replace("\r\n", "\n")
    ref = f"../assets/{name}"
    if ref not in body:
        alt = str(form.get("image_alt") or _("图片")).replace("]", "")
        body = body.rstrip("\n") + f"\n\n![{alt}]({ref})\n"
    return _Form(form, body=body)


async def new(request: Request, ws: Workspace, session: Session) -> Response:
    kind = kind_for(request)
    if kind.shape == "root" or not may_edit(session, kind):
        return ws.refuse(request, _("您的角色不能新建这一类内容。"))
    return await show_editor(request, ws, session, kind, "", None, "", creating=True)


async def create(request: Request, ws: Workspace, session: Session) -> Response:
    kind = kind_for(request)
    if kind.shape != "doc" or not may_edit(session, kind):
        return ws.refuse(request, _("您的角色不能新建这一类内容。"))
    form = request.state.form
    ident = str(form.get("ident", "")).strip()
    problem = ""
    if not ID_RE.match(ident):
        problem = _("编号只能用小写英文字母、数字和“-”，例如 flu-leaflet-2027。")
    elif file_of(ws.root, kind, ident).exists():
        problem = _("编号 {ident} 已经有了，请换一个。").format(ident=ident)
    notices: list[str] = []
    if not problem:
        try:
            form, notices = await _upload(request, ws, session, kind, form)
        except UploadError as exc:
            problem = _("图片没有保存：") + str(exc)
    text = new_file(forms.decode(kind.fields(), form, {}), str(form.get("body", "")).replace("\r\n", "\n"))
    if problem or form.get("action") == "check":
        rel = rel_path(kind, ident) if ID_RE.match(ident) else f"content/{kind.where}/new.md"
        diags = [] if problem else await run_in_threadpool(editing.check_draft, ws.root, rel, text)
        placed = editing.place(diags, rel, kind, text, None)
        notices.append(problem or _("已检查并更新预览，尚未保存。"))
        return await show_editor(
            request,
            ws,
            session,
            kind,
            ident,
            text,
            "",
            creating=True,
            placed=placed,
            notice=" ".join(notices),
            status=400 if problem else 200,
        )
    editing.write(file_of(ws.root, kind, ident), text.encode("utf-8"))
    commit = ws.git.commit(
        [rel_path(kind, ident)], session.user.name, _("新建{kind} {ident}").format(kind=_(kind.label), ident=ident)
    )
    ws.accounts.audit(session.user.name, "save", rel_path(kind, ident), commit, "new")
    return RedirectResponse(f"/edit/{kind.name}/{ident}?created=1", status_code=303)


# --- history, conflicts ----------------------------------------------------------------------------


async def history(request: Request, ws: Workspace, session: Session) -> Response:
    kind, ident = kind_for(request), request.path_params["ident"]
    file_of(ws.root, kind, ident)
    rel = rel_path(kind, ident)
    versions = await run_in_threadpool(ws.git.history, rel)
    return ws.render(
        request, "history.html", kind=kind, ident=ident, rel=rel, versions=versions, may_edit=may_edit(session, kind)
    )


async def version(request: Request, ws: Workspace, session: Session) -> Response:
    kind, ident, commit = kind_for(request), request.path_params["ident"], request.path_params["commit"]
    file_of(ws.root, kind, ident)
    try:
        diff = await run_in_threadpool(ws.git.diff, commit, rel_path(kind, ident))
    except GitError:
        raise NotFound(commit) from None
    return ws.render(
        request,
        "version.html",
        kind=kind,
        ident=ident,
        commit=commit,
        diff=diff.splitlines(),
        may_edit=may_edit(session, kind),
    )


async def restore(request: Request, ws: Workspace, session: Session) -> Response:
    kind, ident, commit = kind_for(request), request.path_params["ident"], request.path_params["commit"]
    if not may_edit(session, kind):
        return ws.refuse(request, _("您的角色不能修改这一类内容。"))
    path, rel = file_of(ws.root, kind, ident), rel_path(kind, ident)
    try:
        old = await run_in_threadpool(ws.git.show, commit, rel)
    except GitError:
        raise NotFound(commit) from None
    editing.write(path, old)
    new_commit = ws.git.commit(
        [rel],
        session.user.name,
        _("恢复{kind} {ident} 到 {commit} 的版本").format(kind=_(kind.label), ident=ident, commit=commit[:7]),
    )
    ws.accounts.audit(session.user.name, "restore", rel, new_commit, commit)
    return RedirectResponse(f"/edit/{kind.name}/{ident}", status_code=303)


def _pending(request: Request, ws: Workspace, session: Session) -> tuple[int, str, str]:
    try:
        ident = int(request.path_params["pending"])
    except ValueError:
        raise NotFound("pending") from None
    found = ws.accounts.pending(ident, session.user.name)
    if found is None:
        raise NotFound("pending")
    return ident, found[0], found[1]


async def conflict(request: Request, ws: Workspace, session: Session, notice: str = "") -> Response:
    ident, rel, mine = _pending(request, ws, session)
    raw = (ws.root / rel).read_bytes()
    theirs = raw.decode("utf-8")
    found = kind_of_path(rel)
    if found is None:
        raise NotFound(rel)
    shown = await run_in_threadpool(conflicts.compare, found[0], found[1], theirs, mine)
    return ws.render(
        request,
        "conflict.html",
        409,
        pending=ident,
        rel=rel,
        mine=mine,
        seen=blob_hash(raw),
        shown=shown,
        notice=notice,
    )


async def resolve(request: Request, ws: Workspace, session: Session) -> Response:
    """Keep mine, keep theirs or save a merged text; whatever is kept, both versions are
    in git history."""
    ident, rel, mine = _pending(request, ws, session)
    form, name = request.state.form, session.user.name
    choice = str(form.get("choice", ""))
    if choice not in ("mine", "theirs", "merged"):
        return await conflict(request, ws, session)
    keep = {"mine": mine, "theirs": None, "merged": str(form.get("text") or mine).replace("\r\n", "\n")}[choice]
    final = {
        "mine": _("解决修改冲突：保留 {name} 的版本"),
        "theirs": _("解决修改冲突：保留对方的版本"),
        "merged": _("解决修改冲突：{name} 合并两个版本"),
    }[choice].format(name=name)
    messages = (_("修改冲突中 {name} 的版本（留档）").format(name=name), final)
    commits = await run_in_threadpool(
        editing.resolve_conflict, ws.root, ws.git, rel, mine, str(form.get("seen", "")), keep, name, messages
    )
    if commits is None:
        notice = _("您查看期间文件又被修改了，下面是最新的对比，请重新选择。")
        return await conflict(request, ws, session, notice)
    for commit in commits:
        ws.accounts.audit(name, "save", rel, commit, f"conflict resolved: {choice}")
    ws.accounts.resolve_pending(ident)
    found = kind_of_path(rel)
    return RedirectResponse(f"/edit/{found[0].name}/{found[1]}" if found else "/", status_code=303)
