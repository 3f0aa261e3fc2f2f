"""Reports: roll up the filled 统计表 forms under private/reports/ into build/reports/YEAR/.

`make_report(project, planset, year, days)` reads and validates everything and returns the
`YearReport` (or only diagnostics); `write_report` renders summary.xlsx, summary.pdf and
charts/*.svg into a staging folder and swaps it in, so a failed run leaves the previous
reports untouched. Nothing here writes to build/site/.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

from ..content.models import Project
from ..errors import Diagnostic
from ..schedule.model import PlanSet
from .read import Entry, ReportFile, read_reports
from .rollup import CampaignReport, Group, YearReport, collect

__all__ = ["CampaignReport", "Entry", "Group", "ReportFile", "YearReport", "make_report", "write_report", "report_dir"]


def make_report(
    project: Project, planset: PlanSet, year: int, days: set[str] | None = None
) -> tuple[YearReport | None, list[Diagnostic]]:
    return collect(project, planset, year, days, read_reports(project))


def report_dir(out: Path, year: int, day: str | None = None) -> Path:
    """build/reports/YEAR, or build/reports/YEAR/DAY for a --day run (the year summary stays)."""
    return out / "reports" / str(year) / day if day else out / "reports" / str(year)


def write_report(project: Project, y: YearReport, dest: Path, stamp: dt.datetime) -> list[Diagnostic]:
    from .charts import charts as draw
    from .notice_form import notice_files
    from .summary_pdf import summary_pdf
    from .summary_xlsx import summary_xlsx

    svgs = draw(y)
    xlsx = summary_xlsx(y, {v.id: v.name for v in project.venues.values()}, stamp)
    pdf, warnings = summary_pdf(project, y, svgs, stamp)
    diags = [Diagnostic(f"{dest.name}/summary.pdf", 0, 0, "warning", w, code="report") for w in warnings]
    notices, warnings = notice_files(project, y, stamp)
    diags += [Diagnostic(f"{dest.name}/notice-form.pdf", 0, 0, "warning", w, code="report") for w in warnings]
    dest.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{dest.name}.new-", dir=dest.parent))
    try:
        (staging / "charts").mkdir()
        for name, data in svgs.items():
            (staging / "charts" / name).write_bytes(data)
        (staging / "summary.xlsx").write_bytes(xlsx)
        (staging / "summary.pdf").write_bytes(pdf)
        for name, data in notices.items():
            (staging / name).write_bytes(data)
        old = None
        if dest.exists():
            # keep the per-day reports (YEAR/DAY/) of earlier --day runs
            for child in dest.iterdir():
                if child.is_dir() and child.name != "charts":
                    child.rename(staging / child.name)
            old = dest.with_name(f".{dest.name}.old")
            if old.exists():
                shutil.rmtree(old)
            dest.rename(old)
        staging.rename(dest)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return diags
