"""Workspace accounts, sessions and the audit trail, in SQLite at private/workspace.sqlite
(private/ is never published). Passwords are argon2 hashes; session tokens are stored only
as their SHA-256, so a copy of the file opens no session."""

from __future__ import annotations

import hashlib
import re
import secrets
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from .words import N_, _

ROLES = {"writer": N_("编辑"), "reviewer": N_("审核"), "coordinator": N_("活动协调"), "admin": N_("管理员")}
NAME_RE = re.compile(r"^[^\s/\\<>&\"']{1,40}$")
MIN_PASSWORD = 8
SESSION_SECONDS = 12 * 3600
THROTTLE_FAILURES = 5  # wrong passwords per name and address ...
THROTTLE_SECONDS = 15 * 60  # ... within this time lock that pair out for the rest of it

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (name TEXT PRIMARY KEY, role TEXT NOT NULL, hash TEXT NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0, created REAL NOT NULL, lang TEXT NOT NULL DEFAULT '',
    display TEXT NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS sessions (token TEXT PRIMARY KEY, name TEXT NOT NULL, csrf TEXT NOT NULL,
    expires REAL NOT NULL);
CREATE TABLE IF NOT EXISTS failures (name TEXT NOT NULL, ip TEXT NOT NULL, at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS audit (id INTEGER PRIMARY KEY, at REAL NOT NULL, name TEXT NOT NULL,
    action TEXT NOT NULL, file TEXT NOT NULL DEFAULT '', commit_id TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS pending (id INTEGER PRIMARY KEY, at REAL NOT NULL, name TEXT NOT NULL,
    file TEXT NOT NULL, text TEXT NOT NULL, resolved INTEGER NOT NULL DEFAULT 0);
"""


class AccountError(ValueError):
    """A user-facing refusal (already exists, too short, unknown role)."""


class Throttled(Exception):
    pass


@dataclass(frozen=True)
class User:
    name: str
    role: str
    disabled: bool = False
    lang: str = ""  # the workspace language this person chose ('' = the workspace's)
    display: str = ""  # the name people know, e.g. 县疾控中心 张医生 (signs approvals)

    @property
    def role_label(self) -> str:
        return _(ROLES[self.role]) if self.role in ROLES else self.role

    @property
    def shown(self) -> str:
        return self.display or self.name


@dataclass(frozen=True)
class Session:
    user: User
    csrf: str


def db_path(project: Path) -> Path:
    return project / "private" / "workspace.sqlite"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Accounts:
    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.lock = threading.Lock()
        self.db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.executescript(SCHEMA)
        columns = {row[1] for row in self.db.execute("PRAGMA table_info(users)")}
        for column in ("lang", "display"):  # a file from before languages or display names
            if column not in columns:
                self.db.execute(f"ALTER TABLE users ADD COLUMN {column} TEXT NOT NULL DEFAULT ''")
        self.hasher = PasswordHasher()

    def close(self) -> None:
        self.db.close()

    def _q(self, sql: str, *args) -> list[tuple]:
        with self.lock:
            return self.db.execute(sql, args).fetchall()

    # -- users -------------------------------------------------------------------------------

    def add(self, name: str, role: str, password: str, display: str = "") -> User:
        display = " ".join(display.split())
        if len(display) > 60 or any(c in display for c in "<>&\"'"):
            raise AccountError(_("显示名最多 60 个字符，不含 < > & 引号"))
        if not NAME_RE.match(name):
            raise AccountError(_("用户名须为 1–40 个字符，不含空格和 / \\ < > & 引号"))
        if role not in ROLES:
            raise AccountError(_("未知角色 {role}，可选：{roles}").format(role=role, roles=", ".join(ROLES)))
        if len(password) < MIN_PASSWORD:
            raise AccountError(_("密码至少 {n} 个字符").format(n=MIN_PASSWORD))
        if self.user(name) is not None:
            raise AccountError(_("用户 {name} 已存在").format(name=name))
        self._q(
            "INSERT INTO users (name, role, hash, disabled, created, display) VALUES (?, ?, ?, 0, ?, ?)",
            name,
            role,
            self.hasher.hash(password),
            time.time(),
            display,
        )
        return User(name, role, display=display)

    def user(self, name: str) -> User | None:
        rows = self._q("SELECT name, role, disabled, lang, display FROM users WHERE name = ?", name)
        return User(rows[0][0], rows[0][1], bool(rows[0][2]), rows[0][3], rows[0][4]) if rows else None

    def users(self) -> list[User]:
        rows = self._q("SELECT name, role, disabled, lang, display FROM users ORDER BY name")
        return [User(n, r, bool(d), lang, s) for n, r, d, lang, s in rows]

    def set_language(self, name: str, lang: str) -> None:
        self._q("UPDATE users SET lang = ? WHERE name = ?", lang, name)

    def has_admin(self) -> bool:
        return bool(self._q("SELECT 1 FROM users WHERE role = 'admin' AND disabled = 0"))

    def disable(self, name: str) -> None:
        if self.user(name) is None:
            raise AccountError(_("没有用户 {name}").format(name=name))
        self._q("UPDATE users SET disabled = 1 WHERE name = ?", name)
        self._q("DELETE FROM sessions WHERE name = ?", name)

    # -- logging in --------------------------------------------------------------------------

    def login(self, name: str, password: str, ip: str) -> tuple[str, Session] | None:
        """(cookie token, session) for the right password of an enabled user; None otherwise.
        Raises Throttled after too many failures for this name from this address."""
        since = time.time() - THROTTLE_SECONDS
        failures = self._q("SELECT COUNT(*) FROM failures WHERE name = ? AND ip = ? AND at > ?", name, ip, since)
        if failures[0][0] >= THROTTLE_FAILURES:
            raise Throttled()
        rows = self._q("SELECT hash, disabled FROM users WHERE name = ?", name)
        ok = False
        if rows and not rows[0][1]:
            try:
                ok = self.hasher.verify(rows[0][0], password)
            except (VerificationError, InvalidHashError):
                ok = False
        else:
            self.hasher.hash(password)  # as slow as a real check: no telling names apart by time
        if not ok:
            self._q("INSERT INTO failures VALUES (?, ?, ?)", name, ip, time.time())
            return None
        self._q("DELETE FROM failures WHERE name = ? AND ip = ?", name, ip)
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        self._q("INSERT INTO sessions VALUES (?, ?, ?, ?)", _digest(token), name, csrf, time.time() + SESSION_SECONDS)
        self.audit(name, "login")
        return token, Session(self.user(name) or User(name, ""), csrf)

    def session(self, cookie: str | None) -> Session | None:
        """The session a cookie's token opens, if it is live and its user enabled."""
        if not cookie:
            return None
        rows = self._q(
            "SELECT s.name, s.csrf, u.role, u.disabled, u.lang, u.display FROM sessions s "
            "JOIN users u ON u.name = s.name "
            "WHERE s.token = ? AND s.expires > ?",
            _digest(cookie),
            time.time(),
        )
        if not rows or rows[0][3]:
            return None
        return Session(User(rows[0][0], rows[0][2], lang=rows[0][4], display=rows[0][5]), rows[0][1])

    def logout(self, cookie: str) -> None:
        self._q("DELETE FROM sessions WHERE token = ?", _digest(cookie))

    # -- audit and pending edits ---------------------------------------------------------------

    def audit(self, name: str, action: str, file: str = "", commit: str = "", detail: str = "") -> None:
        self._q(
            "INSERT INTO audit (at, name, action, file, commit_id, detail) VALUES (?, ?, ?, ?, ?, ?)",
            time.time(),
            name,
            action,
            file,
            commit,
            detail,
        )

    def audit_rows(self, file: str | None = None, limit: int = 200) -> list[tuple]:
        if file is None:
            return self._q(
                "SELECT at, name, action, file, commit_id, detail FROM audit ORDER BY id DESC LIMIT ?", limit
            )
        return self._q(
            "SELECT at, name, action, file, commit_id, detail FROM audit WHERE file = ? ORDER BY id DESC LIMIT ?",
            file,
            limit,
        )

    def keep_pending(self, name: str, file: str, text: str) -> int:
        """An edit that met a conflict, kept until its writer decides (nothing is lost)."""
        with self.lock:
            cur = self.db.execute(
                "INSERT INTO pending (at, name, file, text) VALUES (?, ?, ?, ?)", (time.time(), name, file, text)
            )
            return int(cur.lastrowid)

    def pending(self, ident: int, name: str) -> tuple[str, str] | None:
        rows = self._q("SELECT file, text FROM pending WHERE id = ? AND name = ? AND resolved = 0", ident, name)
        return (rows[0][0], rows[0][1]) if rows else None

    def resolve_pending(self, ident: int) -> None:
        self._q("UPDATE pending SET resolved = 1 WHERE id = ?", ident)
