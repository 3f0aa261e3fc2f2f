"""`xuanjiao ledger --year Y [--project DIR]`: the yearly 台帐 in build/reports/YEAR/ledger.xlsx and .pdf."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import BuildError


@click.command("ledger")
@click.option("--year", type=click.IntRange(1901, 2099), required=True, help="the year of the ledger")
@click.option("--project", "project", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              show_default=True, help="project folder")
def ledger_command(year: int, project: Path) -> None:
    """Write the yearly health-education ledger (台帐) against the standards in site.yml."""
    from ..cli import report
    from ..content.loader import load_project
    from ..pipeline import build_clock
    from ..schedule import plan_project
    from . import make_report
    from .ledger import ledger_pdf, ledger_xlsx, make_ledger

    try:
        proj, diags = load_project(project)
    except BuildError as exc:
        sys.exit(report(exc.diagnostics))
    planset = plan_project(proj)
    diags = list(diags) + [d for d in planset.diagnostics if d.severity == "error"]
    if any(d.severity == "error" for d in diags):
        sys.exit(report(diags))
    reach = None
    if planset.for_year(year):
        summary, found = make_report(proj, planset, year)
        if summary is not None and summary.files:
            reach = {c.plan.campaign: c.totals[0] for c in summary.campaigns if c.entries}
        diags += [d for d in found if d.severity != "error"]
    stamp = build_clock()
    led = make_ledger(proj, planset, year, reach)
    dest = proj.root / "build" / "reports" / str(year)
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "ledger.xlsx").write_bytes(ledger_xlsx(led, stamp))
    pdf, warnings = ledger_pdf(proj, led, stamp)
    (dest / "ledger.pdf").write_bytes(pdf)
    code = report(diags)
    unmet = [s.label for s in led.standards if s.status == "未达标"]
    click.echo(f"{year}: {len(led.materials)} kinds of printed material, {led.copies:,} copies, "
               f"{len(led.campaigns)} campaigns; not met: {', '.join(unmet) or 'none'} -> {dest}", err=True)
    sys.exit(code)
