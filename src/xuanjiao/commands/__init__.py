"""The command line's commands, one module each, on top of the stages' library functions.

Arrows point one way: a command imports stages (content, schedule, reports, printing, site,
serve) and the pipeline; no stage imports a command. `COMMANDS` names each command's module
and click object, imported only when that command runs (`xuanjiao build` does not pay for
openpyxl or the dev server, and a missing package is named when its command is used).
"""

from __future__ import annotations

import importlib

import click

COMMANDS = {
    "build": "build:build",
    "check": "check:check",
    "calendar": "calendar_listing:calendar",
    "new": "new:new",
    "plan": "plan:plan",
    "report": "report:report_command",
    "ledger": "ledger:ledger_command",
    "serve": "serve:serve",
    "import": "import_docx:import_command",
    "wechat": "wechat:wechat_command",
    "user": "workspace:user",
    "workspace": "workspace:workspace",
}


def load_command(name: str) -> click.Command:
    module, attr = COMMANDS[name].split(":")
    return getattr(importlib.import_module(f".{module}", __name__), attr)
