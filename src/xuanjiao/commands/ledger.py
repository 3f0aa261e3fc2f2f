"""`xuanjiao ledger --year Y [--project DIR]`: the yearly 台帐 in build/reports/YEAR/ledger.xlsx and .pdf."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import Diagnostic, warnings_in
from .kit import load_planned, project_option, report, year_option


@click.command("ledger")
@year_option
@project_option
def ledger_command(year: int, project: Path) -> None:
    """Write the yearly health-education ledger (台帐) against the standards in site.yml."""
    from ..stage import build_clock
    from ..reports import make_report
    from ..reports.ledger import ledger_pdf, ledger_xlsx, make_ledger

    proj, planset, diags = load_planned(project)
    reach = None
    if planset.for_year(year):
        summary, found = make_report(proj, planset, year)
        if summary is not None and summary.files:
            reach = {c.plan.campaign: c.totals[0] for c in summary.campaigns if c.entries}
        diags += warnings_in(found)
    stamp = build_clock()
    led = make_ledger(proj, planset, year, reach)
    dest = proj.root / "build" / "reports" / str(year)
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "ledger.xlsx").write_bytes(ledger_xlsx(led, stamp))
    pdf, warnings = ledger_pdf(proj, led, stamp)
    (dest / "ledger.pdf").write_bytes(pdf)
    diags += [Diagnostic("build/reports/ledger.pdf", 0, 0, "warning", w) for w in warnings]
    code = report(diags)
    unmet = [s.label for s in led.standards if s.status == "未达标"]
    click.echo(f"{year}: {len(led.materials)} kinds of printed material, {led.copies:,} copies, "
               f"{len(led.campaigns)} campaigns; not met: {', '.join(unmet) or 'none'} -> {dest}", err=True)
    sys.exit(code)
