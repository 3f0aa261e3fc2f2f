"""The workspace's routes. ACCESS says which roles may use each route; `guarded` enforces it
(no session: to the login page; wrong role: 403) and checks the CSRF token of every POST."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Awaitable, Callable
from pathlib import Path

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import (
    FileResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
)
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from . import forms, lists, review, words
from .accounts import ROLES, AccountError, Accounts, Session, Throttled, db_path
from .base import COOKIE, LOGIN_COOKIE, MAX_REQUEST, Workspace, may_edit
from .catalog import KINDS, NotFound, idents
from .gitstore import GitStore
from .views_bridges import import_docx, import_form, wechat, wechat_file
from .views_edit import (
    conflict,
    edit,
    history,
    new,
    resolve,
    restore,
    save,
    version,
)
from .views_new import create
from .views_plans import plan, plan_file, plans, report_chart, upload_report, volunteers
from .views_print import print_page, print_pages, print_pdf, print_preview
from .views_publish import publish_download, publish_events, publish_page, publish_start
from .views_review import approve, return_, submit
from .words import _

HERE = Path(__file__).parent
ALL = frozenset(ROLES)

# route name -> roles allowed; every route but login and static files is listed here
ACCESS: dict[str, frozenset[str]] = {
    "home": ALL,
    "search": ALL,
    "logout": ALL,
    "edit": ALL,
    "save": ALL,
    "new": ALL,
    "create": ALL,
    "print_preview": ALL,
    "print_pages": ALL,
    "print_page": ALL,
    "print_pdf": ALL,
    "history": ALL,
    "version": ALL,
    "restore": ALL,
    "conflict": ALL,
    "resolve": ALL,
    "asset": ALL,
    "submit": frozenset({"writer", "admin"}),
    "approve": frozenset({"reviewer"}),
    "return": frozenset({"reviewer"}),
    "users": frozenset({"admin"}),
    "add_user": frozenset({"admin"}),
    "disable_user": frozenset({"admin"}),
    "audit": frozenset({"admin"}),
    # publishing (views_publish.py)
    "publish": frozenset({"admin"}),
    "publish_start": frozenset({"admin"}),
    "publish_events": frozenset({"admin"}),
    "publish_download": frozenset({"admin"}),
    # coordinator pages (views_plans.py): volunteers' names and phones, returned forms
    **dict.fromkeys(
        ("plans", "plan", "plan_file", "upload_report", "report_chart", "volunteers"),
        frozenset({"coordinator", "admin"}),
    ),
    # the Word and WeChat bridges (views_bridges.py)
    "import_form": frozenset({"writer", "admin"}),
    "import_docx": frozenset({"writer", "admin"}),
    "wechat": ALL,
    "wechat_file": ALL,
    "language": ALL,
}


Handler = Callable[[Request, Workspace, Session], Awaitable[Response]]


def guarded(name: str, handler: Handler) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        ws: Workspace = request.app.state.ws
        session = ws.accounts.session(request.cookies.get(COOKIE))
        if session is None:
            return RedirectResponse("/login", status_code=303)
        request.state.session = session
        words.set_language(words.choose(session.user.lang or ws.lang))
        if session.user.role not in ACCESS[name]:
            return ws.render(request, "error.html", 403, message=_("您的角色没有这项权限。"))
        if request.method == "POST":
            if int(request.headers.get("content-length") or 0) > MAX_REQUEST:
                return ws.render(request, "error.html", 413, message=_("提交的内容太大。"))
            form = await request.form(max_files=1, max_part_size=MAX_REQUEST)
            if not secrets.compare_digest(str(form.get("csrf", "")), session.csrf):
                return ws.render(request, "error.html", 403, message=_("表单已过期，请返回刷新后再试。"))
            request.state.form = form
        try:
            return await handler(request, ws, session)
        except (NotFound, FileNotFoundError, KeyError):
            return ws.render(request, "error.html", 404, message=_("没有找到这一项。"))

    endpoint.__name__ = name
    return endpoint


# --- logging in ------------------------------------------------------------------------------


async def login_page(request: Request) -> Response:
    ws: Workspace = request.app.state.ws
    words.set_language(words.choose(ws.lang))
    token = request.cookies.get(LOGIN_COOKIE) or secrets.token_urlsafe(24)
    error = ""
    if request.method == "POST":
        form = await request.form()
        name, password = str(form.get("name", "")).strip(), str(form.get("password", ""))
        ip = request.client.host if request.client else ""
        if not secrets.compare_digest(str(form.get("csrf", "")), request.cookies.get(LOGIN_COOKIE, "-")):
            error = _("表单已过期，请重新登录。")
        else:
            try:
                opened = await run_in_threadpool(ws.accounts.login, name, password, ip)
            except Throttled:
                opened, error = None, _("登录失败次数太多，请 15 分钟后再试。")
            if opened is not None:
                response = RedirectResponse("/", status_code=303)
                _cookie(request, response, COOKIE, opened[0])
                response.delete_cookie(LOGIN_COOKIE)
                return response
            error = error or _("用户名或密码不对。")
    response = ws.render(request, "login.html", 401 if error else 200, csrf=token, error=error, session=None)
    _cookie(request, response, LOGIN_COOKIE, token)
    return response


def _cookie(request: Request, response: Response, name: str, value: str) -> None:
    response.set_cookie(name, value, httponly=True, samesite="lax", secure=request.url.scheme == "https", path="/")


async def language(request: Request, ws: Workspace, session: Session) -> Response:
    """Keep the person's choice of workspace language on their account."""
    chosen = str(request.state.form.get("lang", ""))
    if chosen in words.LANGUAGES:
        ws.accounts.set_language(session.user.name, chosen)
    back = str(request.state.form.get("back", "/"))
    return RedirectResponse(back if back.startswith("/") and not back.startswith("//") else "/", status_code=303)


async def logout(request: Request, ws: Workspace, session: Session) -> Response:
    ws.accounts.logout(request.cookies.get(COOKIE, ""))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE)
    return response


# --- lists ---------------------------------------------------------------------------------------


async def home(request: Request, ws: Workspace, session: Session) -> Response:
    materials = await run_in_threadpool(lists.documents, ws.root, "materials")
    campaigns = await run_in_threadpool(lists.documents, ws.root, "campaigns")
    mine = {row[3] for row in ws.accounts.audit_rows() if row[1] == session.user.name and row[2] == "save"}
    return ws.render(
        request,
        "home.html",
        materials=materials,
        campaigns=sorted(campaigns, key=lambda c: c.ident),
        drafts=[m for m in materials if m.status in ("", "draft") and f"content/materials/{m.ident}.md" in mine],
        waiting=[m for m in materials if m.status == "review"],
        due=review.due_soon(materials, review.china_today()),
        others={
            k: lists.documents(ws.root, k)
            if KINDS[k].shape == "doc"
            else [lists.Item(k, i, i) for i in idents(ws.root, KINDS[k])]
            for k in KINDS
            if k not in ("materials", "campaigns")
        },
        statuses=forms.CHOICE_NAMES,
        creatable={k.name for k in KINDS.values() if k.shape != "root" and may_edit(session, k)},
    )


async def search(request: Request, ws: Workspace, session: Session) -> Response:
    query = request.query_params.get("q", "")[:200]
    found = await run_in_threadpool(lists.search, ws.root, query)
    return ws.render(request, "search.html", query=query, found=found, statuses=forms.CHOICE_NAMES)


async def asset(request: Request, ws: Workspace, session: Session) -> Response:
    """An image of content/assets/ (for the editor's preview); nothing else is served."""
    name = request.path_params["name"]
    assets = (ws.root / "content" / "assets").resolve()
    path = (assets / name).resolve()
    if (
        path.parent != assets
        or not path.is_file()
        or path.suffix.lower() not in (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg")
    ):
        raise NotFound(name)
    return FileResponse(path, headers={"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'"})


# --- administration ---------------------------------------------------------------------------------


async def users(request: Request, ws: Workspace, session: Session, notice: str = "", status: int = 200) -> Response:
    return ws.render(request, "users.html", status, users=ws.accounts.users(), roles=ROLES, notice=notice)


async def add_user(request: Request, ws: Workspace, session: Session) -> Response:
    form = request.state.form
    name, role = str(form.get("name", "")).strip(), str(form.get("role", ""))
    display = str(form.get("display", "")).strip()
    try:
        await run_in_threadpool(ws.accounts.add, name, role, str(form.get("password", "")), display)
    except AccountError as exc:
        return await users(request, ws, session, str(exc), 400)
    ws.accounts.audit(session.user.name, "add user", detail=f"{name} ({role})")
    return await users(request, ws, session, _("已添加用户 {name}（{role}）。").format(name=name, role=_(ROLES[role])))


async def disable_user(request: Request, ws: Workspace, session: Session) -> Response:
    name = request.path_params["name"]
    try:
        ws.accounts.disable(name)
    except AccountError as exc:
        return await users(request, ws, session, str(exc), 404)
    ws.accounts.audit(session.user.name, "disable user", detail=name)
    return await users(request, ws, session, _("已停用用户 {name}。").format(name=name))


async def audit(request: Request, ws: Workspace, session: Session) -> Response:
    rows = [(dt.datetime.fromtimestamp(r[0]).strftime("%Y-%m-%d %H:%M"), *r[1:]) for r in ws.accounts.audit_rows()]
    return ws.render(request, "audit.html", rows=rows)


# --- the application ---------------------------------------------------------------------------------

ROUTES = [
    ("/", "home", home, ["GET"]),
    ("/search", "search", search, ["GET"]),
    ("/logout", "logout", logout, ["POST"]),
    ("/edit/{kind}/{ident}", "edit", edit, ["GET"]),
    ("/edit/{kind}/{ident}", "save", save, ["POST"]),
    ("/new/{kind}", "new", new, ["GET"]),
    ("/new/{kind}", "create", create, ["POST"]),
    ("/history/{kind}/{ident}", "history", history, ["GET"]),
    ("/history/{kind}/{ident}/{commit}", "version", version, ["GET"]),
    ("/restore/{kind}/{ident}/{commit}", "restore", restore, ["POST"]),
    ("/conflict/{pending}", "conflict", conflict, ["GET"]),
    ("/conflict/{pending}", "resolve", resolve, ["POST"]),
    ("/assets/{name}", "asset", asset, ["GET"]),
    ("/print/materials/{ident}", "print_preview", print_preview, ["GET"]),
    ("/print/materials/{ident}/pages", "print_pages", print_pages, ["GET"]),
    ("/print/materials/{ident}/draft.pdf", "print_pdf", print_pdf, ["GET"]),
    ("/print/materials/{ident}/{key}/{n}.png", "print_page", print_page, ["GET"]),
    ("/submit/materials/{ident}", "submit", submit, ["POST"]),
    ("/approve/materials/{ident}", "approve", approve, ["POST"]),
    ("/return/materials/{ident}", "return", return_, ["POST"]),
    ("/users", "users", users, ["GET"]),
    ("/users", "add_user", add_user, ["POST"]),
    ("/users/{name}/disable", "disable_user", disable_user, ["POST"]),
    ("/audit", "audit", audit, ["GET"]),
    # publishing (views_publish.py)
    ("/publish", "publish", publish_page, ["GET"]),
    ("/publish/start", "publish_start", publish_start, ["POST"]),
    ("/publish/events", "publish_events", publish_events, ["GET"]),
    ("/publish/{run}/{name}", "publish_download", publish_download, ["GET"]),
    # coordinator pages (views_plans.py)
    ("/plans", "plans", plans, ["GET"]),
    ("/plans/{ident}", "plan", plan, ["GET"]),
    ("/plans/{ident}/files/{name}", "plan_file", plan_file, ["GET"]),
    ("/plans/{ident}/reports", "upload_report", upload_report, ["POST"]),
    ("/plans/{ident}/charts/{key}/{name}", "report_chart", report_chart, ["GET"]),
    ("/volunteers", "volunteers", volunteers, ["GET"]),
    # the Word and WeChat bridges (views_bridges.py)
    ("/import", "import_form", import_form, ["GET"]),
    ("/import", "import_docx", import_docx, ["POST"]),
    ("/wechat/{kind}/{ident}", "wechat", wechat, ["GET"]),
    ("/wechat/{kind}/{ident}/{name}", "wechat_file", wechat_file, ["GET"]),
    ("/language", "language", language, ["POST"]),
]


async def security_headers(request: Request, call_next: Callable) -> Response:
    response = await call_next(request)
    response.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; "
        "base-uri 'none'; form-action 'self'",
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers.setdefault("Cache-Control", "no-store")
    return response


def create_app(root: Path, lang: str | None = None) -> Starlette:
    """The workspace of the project at `root`; `lang`: its language for the login page and
    for people who chose none (default: XUANJIAO_LANG, else Chinese)."""
    from starlette.middleware import Middleware
    from starlette.middleware.base import BaseHTTPMiddleware

    root = root.resolve()
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(HERE / "templates")), autoescape=True, extensions=["jinja2.ext.i18n"]
    )
    env.install_gettext_callables(words.gettext, words.ngettext, newstyle=True)  # type: ignore[attr-defined]
    templates = Jinja2Templates(env=env)
    ws = Workspace(root, Accounts(db_path(root)), GitStore(root), templates, lang)
    routes = [
        Route("/login", login_page, methods=["GET", "POST"], name="login"),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    routes += [Route(path, guarded(name, fn), methods=methods, name=name) for path, name, fn, methods in ROUTES]
    app = Starlette(
        routes=routes,
        middleware=[Middleware(BaseHTTPMiddleware, dispatch=security_headers)],
        exception_handlers={404: _not_found},
    )
    app.state.ws = ws
    return app


async def _not_found(request: Request, exc: Exception) -> Response:
    return PlainTextResponse(_("找不到这个页面"), status_code=404)
