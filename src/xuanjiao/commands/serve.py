"""`xuanjiao serve [--project DIR] [--port 8000]`: live preview on 127.0.0.1."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..messages import t
from .kit import project_option


@click.command("serve")
@project_option
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="port on 127.0.0.1 (0: any free port)",
)
@click.option("--drafts", is_flag=True, help="also publish drafts (watermarked 样稿)")
@click.option("--site-only", is_flag=True, help="rebuild only the site, not PDFs and plans")
def serve(project: Path, port: int, drafts: bool, site_only: bool) -> None:
    """Build, serve build/site on 127.0.0.1, rebuild on every change and reload the page."""
    from ..serve import Preview

    if not (project / "content").is_dir():
        raise click.UsageError(t("{project} has no content/ folder; pass --project DIR", project=project))
    try:
        preview = Preview(project, port, drafts=drafts, background=not site_only)
    except OSError as exc:
        click.echo(
            t(
                "error: cannot listen on 127.0.0.1:{port}: {reason}; try --port {next}",
                port=port,
                reason=exc.strerror,
                next=port + 1,
            ),
            err=True,
        )
        sys.exit(2)
    click.echo(f"serving {preview.url}  (watching content/, themes/ and the project's YAML; Ctrl+C stops)", err=True)
    preview.start()
    try:
        preview.wait()
    except KeyboardInterrupt:
        click.echo("stopping", err=True)
    finally:
        preview.stop()
