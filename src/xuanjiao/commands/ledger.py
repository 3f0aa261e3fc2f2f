"""`xuanjiao ledger --year Y [--project DIR]`: the yearly 台帐 in build/reports/YEAR/ledger.xlsx and .pdf."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .kit import load_planned, project_option, report, year_option


@click.command("ledger")
@year_option
@project_option
def ledger_command(year: int, project: Path) -> None:
    """Write the yearly health-education ledger (台帐) against the standards in site.yml."""
    from ..reports.ledger import write_ledger
    from ..stage import build_clock

    proj, planset, diags = load_planned(project)
    dest = proj.root / "build" / "reports" / str(year)
    led, found = write_ledger(proj, planset, year, dest, build_clock())
    diags += found
    code = report(diags)
    unmet = [s.label for s in led.standards if s.status == "未达标"]
    click.echo(
        f"{year}: {len(led.materials)} kinds of printed material, {led.copies:,} copies, "
        f"{len(led.campaigns)} campaigns; not met: {', '.join(unmet) or 'none'} -> {dest}",
        err=True,
    )
    sys.exit(code)
