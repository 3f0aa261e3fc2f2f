"""The 发布 page (admins): start a build, watch it (server-sent events read by static/publish.js;
without script the page refreshes itself), then its errors as links to their fields and its
downloads; the last builds below. The work itself is publishing.py's."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections.abc import AsyncIterator

from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response, StreamingResponse

from .accounts import Session
from .base import Workspace
from .bundles import BY_NAME, Bundle
from .catalog import NotFound
from .publishing import Record, Run, publisher_for
from .words import _

POLL = 0.2  # seconds between looks at a running build's events
KEEP_ALIVE = 15.0  # a comment line this often keeps proxies from closing a quiet stream


def _ident(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() and len(text) < 12 else None


async def publish_page(
    request: Request, ws: Workspace, session: Session, notice: str = "", status: int = 200
) -> Response:
    publisher = publisher_for(ws.root)
    records = publisher.log.records()
    wanted = _ident(request.query_params.get("run"))
    shown: Record | None = next((r for r in records if r.id == wanted), records[0] if records else None)
    run = publisher.live(shown.id) if shown else None
    downloads = []
    if shown is not None and shown.status == "ok":
        downloads = [
            (BY_NAME[n], f"/publish/{shown.id}/{n}.zip", _file_name(shown, BY_NAME[n])) for n in shown.downloads
        ]
    return ws.render(
        request,
        "publish.html",
        status,
        notice=notice,
        records=records,
        shown=shown,
        running=run is not None and not run.over,
        stages=run.snapshot() if run else [],
        downloads=downloads,
    )


async def publish_start(request: Request, ws: Workspace, session: Session) -> Response:
    run, started = publisher_for(ws.root).start(session.user.name)
    if not started:
        notice = _("第 {n} 次发布（{name} 开始的）还在进行，请等它完成后再发布。").format(n=run.id, name=run.name)
        return await publish_page(request, ws, session, notice, 409)
    ws.accounts.audit(session.user.name, "publish", detail=f"build {run.id}")
    return RedirectResponse(f"/publish?run={run.id}", status_code=303)


async def publish_events(request: Request, ws: Workspace, session: Session) -> Response:
    """The build's events as text/event-stream, from the first the client has not seen
    (Last-Event-ID on a reconnect), ending after the `done` event."""
    publisher = publisher_for(ws.root)
    ident = _ident(request.query_params.get("run"))
    if ident is None or publisher.log.record(ident) is None:
        raise NotFound("run")
    after = _ident(request.headers.get("last-event-id"))
    start = after + 1 if after is not None else 0
    run = publisher.live(ident)
    body = _stream(run, start) if run is not None else _over(publisher.log.record(ident))
    return StreamingResponse(body, media_type="text/event-stream", headers={"X-Accel-Buffering": "no"})


async def _stream(run: Run, seq: int) -> AsyncIterator[str]:
    yield "retry: 2000\n\n"
    quiet = 0.0
    while True:
        events = run.since(seq)
        for event in events:
            yield _event(event)
            seq = event["seq"] + 1
        if events and events[-1]["kind"] == "done":
            return
        if quiet >= KEEP_ALIVE:
            yield ": still building\n\n"
            quiet = 0.0
        await asyncio.sleep(POLL)
        quiet = 0.0 if events else quiet + POLL


async def _over(record: Record | None) -> AsyncIterator[str]:
    """A build this workspace process did not run (or no longer holds): only how it ended."""
    if record is not None:
        yield _event({"seq": 0, "kind": "done", "run": record.id, "status": record.status, "stages": []})


def _event(event: dict) -> str:
    name = "done" if event["kind"] == "done" else "progress"
    return f"id: {event['seq']}\nevent: {name}\ndata: {json.dumps(event, ensure_ascii=False)}\n\n"


async def publish_download(request: Request, ws: Workspace, session: Session) -> Response:
    """A finished build's zip, from that build's results folder only (publishing.RESULTS)."""
    publisher = publisher_for(ws.root)
    ident, name = _ident(request.path_params["run"]), request.path_params["name"]
    bundle = BY_NAME.get(name.removesuffix(".zip")) if name.endswith(".zip") else None
    record = publisher.log.record(ident) if ident is not None else None
    path = publisher.download(record.id, bundle.name) if record is not None and bundle is not None else None
    if path is None or record is None or bundle is None:
        raise NotFound(name)
    return FileResponse(path, media_type="application/zip", filename=_file_name(record, bundle))


def _file_name(record: Record, bundle: Bundle) -> str:
    """网站-20270512-3.zip: what it is, the day it was built, which build."""
    return f"{_(bundle.label)}-{dt.datetime.fromtimestamp(record.started):%Y%m%d}-{record.id}.zip"
