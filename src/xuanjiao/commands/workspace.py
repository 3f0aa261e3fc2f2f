"""`xuanjiao user ...` (accounts) and `xuanjiao workspace` (the browser workspace)."""

from __future__ import annotations

import getpass
import ipaddress
import socket
import sys
from pathlib import Path

import click

from ..messages import t
from .kit import project_option

ROLE_CHOICE = click.Choice(["writer", "reviewer", "coordinator", "admin"])


def _accounts(project: Path):
    from ..workspace.accounts import Accounts, db_path

    if not (project / "content").is_dir():
        raise click.UsageError(t("{project} has no content/ folder; pass --project DIR", project=project))
    return Accounts(db_path(project))


@click.group("user")
def user() -> None:
    """Workspace accounts: add, list, disable (stored in private/workspace.sqlite)."""


@user.command("add")
@click.argument("name")
@click.option(
    "--role", type=ROLE_CHOICE, required=True, help="writer 编辑, reviewer 审核, coordinator 活动协调, admin 管理员"
)
@click.option("--password-stdin", is_flag=True, help="read the password from standard input")
@click.option(
    "--display", default="", help="the name people know, e.g. 县疾控中心 张医生 (signs approvals; default NAME)"
)
@project_option
def user_add(name: str, role: str, password_stdin: bool, display: str, project: Path) -> None:
    """Add an account (the password is asked for, or read with --password-stdin)."""
    from ..workspace.accounts import AccountError

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass(t("password for {name}: ", name=name))
        if getpass.getpass(t("again: ")) != password:
            click.echo(t("error: the two passwords differ"), err=True)
            sys.exit(1)
    accounts = _accounts(project)
    try:
        accounts.add(name, role, password, display)
    except AccountError as exc:
        click.echo(t("error: {problem}", problem=exc), err=True)
        sys.exit(1)
    finally:
        accounts.close()
    click.echo(t("added {name} ({role})", name=name, role=role), err=True)


@user.command("list")
@project_option
def user_list(project: Path) -> None:
    """List the accounts: name, role, and whether disabled."""
    accounts = _accounts(project)
    for u in accounts.users():
        shown = f"\t{u.display}" if u.display else ""
        click.echo(f"{u.name}\t{u.role}\t{u.role_label}{shown}" + ("\t" + t("disabled") if u.disabled else ""))
    accounts.close()


@user.command("disable")
@click.argument("name")
@project_option
def user_disable(name: str, project: Path) -> None:
    """Disable an account and end its sessions (its history stays)."""
    from ..workspace.accounts import AccountError

    accounts = _accounts(project)
    try:
        accounts.disable(name)
    except AccountError as exc:
        click.echo(t("error: {problem}", problem=exc), err=True)
        sys.exit(1)
    finally:
        accounts.close()
    click.echo(t("disabled {name}", name=name), err=True)


def loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


@click.command("workspace")
@project_option
@click.option("--host", default="127.0.0.1", show_default=True, help="address to listen on")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option(
    "--certfile",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    default=None,
    help="TLS certificate (PEM) for https on the office network",
)
@click.option(
    "--keyfile",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    default=None,
    help="the certificate's private key (PEM)",
)
def workspace(project: Path, host: str, port: int, certfile: Path | None, keyfile: Path | None) -> None:
    """The browser workspace for the team: forms, review, history (Ctrl+C stops)."""
    import uvicorn

    from ..workspace.web import create_app

    if (certfile is None) != (keyfile is None):
        raise click.UsageError(t("--certfile and --keyfile go together"))
    accounts = _accounts(project)
    has_admin = accounts.has_admin()
    accounts.close()
    if not loopback(host):
        if not has_admin:
            click.echo(
                t(
                    "error: listening on {host} needs an admin account first: xuanjiao user add NAME --role admin",
                    host=host,
                ),
                err=True,
            )
            sys.exit(2)
        if certfile is None:
            click.echo(
                t(
                    "warning: no --certfile/--keyfile: passwords cross the network in clear text; "
                    "see the README for making an office certificate"
                ),
                err=True,
            )
    scheme = "https" if certfile else "http"
    shown = socket.gethostname() if host in ("0.0.0.0", "::") else host
    click.echo(t("workspace: open {url} (Ctrl+C stops)", url=f"{scheme}://{shown}:{port}/"), err=True)
    uvicorn.run(
        create_app(project),
        host=host,
        port=port,
        log_level="warning",
        ssl_certfile=certfile,
        ssl_keyfile=keyfile,
        # Ctrl+C: requests under way (a save takes about a second) get 5 s; a browser's open
        # connection (a publish page's progress stream) no longer holds the stop indefinitely
        timeout_graceful_shutdown=5,
    )
