"""`xuanjiao wechat ID`: a material or news post for the WeChat official account's editor, a thin
skin over bridges.wechat (the workspace calls the same functions)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import Diagnostic
from ..messages import t
from .kit import project_option, report


@click.command("wechat")
@click.argument("ident", metavar="ID")
@project_option
def wechat_command(ident: str, project: Path) -> None:
    """Export a material or news post for the WeChat official account: build/wechat/ID/article.html and its pictures."""
    from ..bridges.wechat import WechatError, wechat_article, write_article
    from ..content.loader import load_project
    from ..errors import BuildError

    try:
        proj, diags = load_project(project)
    except BuildError as exc:
        sys.exit(report(exc.diagnostics))
    try:
        article = wechat_article(proj, ident)
    except WechatError as exc:
        report(diags)
        click.echo(
            t("error: {problem}", problem=exc.message)
            + (f"\n  {t('hint: {hint}', hint=exc.hint)}" if exc.hint else ""),
            err=True,
        )
        sys.exit(1)
    try:
        path = write_article(article, project / "build" / "wechat" / ident)
    except WechatError as exc:
        sys.exit(report([Diagnostic(str(project / "build" / "wechat" / ident), 0, 0, "error", exc.message, exc.hint)]))
    report(diags + [Diagnostic(str(path), 0, 0, "warning", w) for w in article.warnings])
    click.echo(t("wrote {path} and {count} file(s) to upload with it", path=path, count=len(article.files)), err=True)
    if article.cover:
        click.echo(t("cover picture for the editor's cover field: {name}", name=path.parent / article.cover), err=True)
    click.echo(
        t(
            "open it in a browser, select all, copy and paste into the official account's editor; "
            "then upload the pictures beside it where the article shows them"
        ),
        err=True,
    )
