"""What every workspace view shares: the workspace's state, who may edit what, limits."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.templating import Jinja2Templates

from . import words
from .accounts import Accounts, Session
from .catalog import KINDS, Kind, NotFound
from .gitstore import GitStore

COOKIE = "xj_session"
LOGIN_COOKIE = "xj_login"
MAX_REQUEST = 12 * 1024 * 1024  # a form with one photo
EDITORS = {
    "materials": {"writer", "admin"},
    "campaigns": {"writer", "coordinator", "admin"},
    "news": {"writer", "admin"},
    "pages": {"writer", "admin"},
    "venues": {"coordinator", "admin"},
    "days": {"coordinator", "admin"},
    "plan": {"coordinator", "admin"},
    "holidays": {"coordinator", "admin"},
    "site": {"admin"},
}


@dataclass
class Workspace:
    root: Path
    accounts: Accounts
    git: GitStore
    templates: Jinja2Templates
    lang: str | None = None  # the workspace's language (None: XUANJIAO_LANG, else Chinese)

    def render(self, request: Request, name: str, status: int = 200, **context: Any) -> Response:
        context.setdefault("session", getattr(request.state, "session", None))
        context.setdefault("kinds", KINDS)
        context.setdefault("lang", words.current())
        context.setdefault("languages", words.LANGUAGES)
        return self.templates.TemplateResponse(request, name, context, status_code=status)

    def refuse(self, request: Request, message: str, status: int = 403) -> Response:
        return self.render(request, "error.html", status, message=message)


def kind_for(request: Request) -> Kind:
    """The kind a URL names (the review routes are for materials only)."""
    name = request.path_params.get("kind", "materials")
    if name not in KINDS:
        raise NotFound(name)
    return KINDS[name]


def may_edit(session: Session, kind: Kind) -> bool:
    return session.user.role in EDITORS[kind.name]
