"""The print preview views: a material's pages as images (laid out by the print stage, see
printpreview.py) and its draft PDF, stamped 样稿 until it is approved."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response

from ..content.models import ID_RE
from .accounts import Session
from .base import Workspace
from .catalog import NotFound
from .printpreview import preview
from .words import _


async def _preview(request: Request, ws: Workspace):
    ident = request.path_params["ident"]
    if not ID_RE.match(ident) or not (ws.root / "content" / "materials" / f"{ident}.md").is_file():
        raise NotFound(ident)
    return ident, await run_in_threadpool(preview, ws.root, ident)


async def print_preview(request: Request, ws: Workspace, session: Session) -> Response:
    ident, shown = await _preview(request, ws)
    return ws.render(request, "print.html", ident=ident, shown=shown)


async def print_pages(request: Request, ws: Workspace, session: Session) -> Response:
    """What the editor's script needs to show the pages beside the form."""
    ident, shown = await _preview(request, ws)
    return JSONResponse(
        {
            "pages": [f"/print/materials/{ident}/{shown.key}/{n}.png" for n in range(1, shown.pages + 1)],
            "problems": [f"{d.path}:{d.line}: {d.message}" for d in shown.problems],
            "pdf": f"/print/materials/{ident}/draft.pdf" if shown.pdf else "",
        }
    )


async def print_page(request: Request, ws: Workspace, session: Session) -> Response:
    _ident, shown = await _preview(request, ws)
    try:
        number = int(request.path_params["n"])
    except ValueError:
        raise NotFound("page") from None
    path = shown.page(number) if shown.key == request.path_params["key"] else None
    if path is None:
        raise NotFound("page")
    return FileResponse(path, media_type="image/png", headers={"Cache-Control": "private, max-age=86400"})


async def print_pdf(request: Request, ws: Workspace, session: Session) -> Response:
    ident, shown = await _preview(request, ws)
    if shown.pdf is None:
        raise NotFound("pdf")
    return FileResponse(shown.pdf, media_type="application/pdf", filename=_("{ident}-样稿.pdf").format(ident=ident))
