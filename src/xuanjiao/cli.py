"""Command line: the `xuanjiao` group; the commands themselves are in `commands/`.

Exit codes: 0 success (warnings allowed unless --strict), 1 content errors (and a full or
read-only disk), 2 usage errors (and a missing package), 3 internal errors (a bug).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import messages
from .commands import COMMANDS, load_command


def _project_arg(args: list[str]) -> Path:
    """The --project a command line names (before click parses it): the project's site.yml
    can choose the language of every message, usage errors included."""
    for i, arg in enumerate(args):
        if arg == "--project" and i + 1 < len(args):
            return Path(args[i + 1])
        if arg.startswith("--project="):
            return Path(arg.split("=", 1)[1])
    return Path(".")


class _LazyGroup(click.Group):
    """Commands (commands.COMMANDS), imported when run (a missing package is named, never a
    command that silently disappears); and the one place where an escaping exception becomes
    one line."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        messages.settle(_project_arg(args))
        return super().parse_args(ctx, args)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        return load_command(name) if name in COMMANDS else None

    def main(self, *args, **kwargs):
        from .failures import explain

        try:
            return super().main(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - the one top-level handler: never a stack for the user
            line, code = explain(exc)
            click.echo(line, err=True)
            sys.exit(code)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="xuanjiao")
def main() -> None:
    """xuanjiao 宣教: health-education campaigns from Markdown to site, print and plans."""


if __name__ == "__main__":
    main()
