"""The bridges in the workspace, through the same library code as the commands:

- 从 Word 导入: an uploaded .docx becomes a draft material (bridges.word, as `xuanjiao import`),
  committed as the person, with what could not be carried over listed;
- 复制到公众号: a material's or news post's WeChat article (bridges.wechat, as `xuanjiao wechat`)
  written to build/wechat/ID/, shown at 375 px in a sandboxed frame, with a copy button and its
  pictures as downloads."""

from __future__ import annotations

from typing import get_args

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import FileResponse, Response

from ..content.models import ID_RE, MaterialKind
from . import forms
from .accounts import Session
from .base import Workspace
from .catalog import NotFound
from .words import N_, _

KINDS = tuple((k, forms.CHOICE_NAMES.get(k, k)) for k in get_args(MaterialKind))
ARTICLE_KINDS = {"materials": N_("宣传资料"), "news": N_("新闻")}
# the article as the 公众号 editor receives it: its own inline styles and its pictures, nothing else
ARTICLE_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'"


async def import_form(
    request: Request, ws: Workspace, session: Session, error: str = "", hint: str = "", status: int = 200
) -> Response:
    form = getattr(request.state, "form", None)
    chosen = {"kind": str(form.get("kind", "leaflet")), "ident": str(form.get("ident", ""))} if form else {}
    return ws.render(request, "import.html", status, kinds=KINDS, chosen=chosen, error=error, hint=hint)


async def import_docx(request: Request, ws: Workspace, session: Session) -> Response:
    from ..bridges.docx_package import check_size
    from ..bridges.word import WordImportError, convert_docx, write_draft

    form = request.state.form
    upload = form.get("docx")
    kind = str(form.get("kind", "leaflet"))
    ident = str(form.get("ident", "")).strip() or None
    if not isinstance(upload, UploadFile) or not upload.filename:
        return await import_form(request, ws, session, _("请先选择一个 Word 文件（.docx）。"), status=400)
    if kind not in dict(KINDS):
        return await import_form(request, ws, session, _("请选择资料类型。"), status=400)
    data = await upload.read()
    try:
        check_size(len(data), upload.filename)
        imported = await run_in_threadpool(convert_docx, data, upload.filename, ident, kind)  # type: ignore[arg-type]
        target = await run_in_threadpool(write_draft, ws.root, imported)
    except WordImportError as exc:
        return await import_form(request, ws, session, exc.message, exc.hint, status=400)
    rels = [imported.material_path] + ([imported.assets_path] if imported.images else [])
    message = _("从 Word 导入宣传资料 {ident}（{name}）").format(ident=imported.id, name=upload.filename)
    commit = ws.git.commit(rels, session.user.name, message)
    ws.accounts.audit(session.user.name, "save", imported.material_path, commit, f"import {upload.filename}")
    problems = await run_in_threadpool(_errors_about, ws, target.name)
    return ws.render(request, "imported.html", imported=imported, source=upload.filename, problems=problems)


def _errors_about(ws: Workspace, name: str) -> list:
    """The project's errors about the new draft, as `xuanjiao import` reports them after writing."""
    from ..content.loader import load_project
    from ..errors import BuildError

    try:
        _, diags = load_project(ws.root)
    except BuildError as exc:
        diags = exc.diagnostics
    return [d for d in diags if d.severity == "error" and d.path.rsplit("/", 1)[-1] == name]


def _article_target(request: Request, ws: Workspace) -> tuple[str, str]:
    kind, ident = request.path_params["kind"], request.path_params["ident"]
    if (
        kind not in ARTICLE_KINDS
        or not ID_RE.match(ident)
        or not (ws.root / "content" / kind / f"{ident}.md").is_file()
    ):
        raise NotFound(ident)
    return kind, ident


def _export(ws: Workspace, ident: str):
    """(article or None, the problem) written to build/wechat/ID as `xuanjiao wechat ID` does."""
    from ..bridges.wechat import WechatError, wechat_article, write_article
    from ..content.loader import load_project
    from ..errors import BuildError

    try:
        project, _ = load_project(ws.root)
        article = wechat_article(project, ident)
        write_article(article, ws.root / "build" / "wechat" / ident)
    except BuildError as exc:
        first = next((d for d in exc.diagnostics if d.severity == "error"), None)
        return None, _("项目文件有错误，先改正：{problem}").format(problem=first.format() if first else "")
    except WechatError as exc:
        return None, exc.message
    return article, ""


async def wechat(request: Request, ws: Workspace, session: Session) -> Response:
    kind, ident = _article_target(request, ws)
    article, problem = await run_in_threadpool(_export, ws, ident)
    return ws.render(
        request,
        "wechat.html",
        400 if article is None else 200,
        kind=kind,
        label=ARTICLE_KINDS[kind],
        ident=ident,
        article=article,
        problem=problem,
    )


async def wechat_file(request: Request, ws: Workspace, session: Session) -> Response:
    """article.html (in the frame) and the pictures beside it, from the last export only."""
    _kind, ident = _article_target(request, ws)
    name = request.path_params["name"]
    folder = (ws.root / "build" / "wechat" / ident).resolve()
    path = (folder / name).resolve()
    if path.parent != folder or not path.is_file() or name.startswith("."):
        raise NotFound(name)
    if name == "article.html":
        return FileResponse(
            path, media_type="text/html; charset=utf-8", headers={"Content-Security-Policy": ARTICLE_CSP}
        )
    download = {"Content-Disposition": f'attachment; filename="{name}"'} if request.query_params.get("download") else {}
    return FileResponse(path, headers={"Content-Security-Policy": "default-src 'none'", **download})
