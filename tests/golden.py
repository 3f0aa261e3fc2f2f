"""Golden outputs of the test projects, as Pelican's functional tests keep them.

A project under tests/projects/NAME is built reproducibly (fixed SOURCE_DATE_EPOCH, so a fixed
build date and "today") and selected outputs are normalised into tests/golden/NAME/:

- the <article> of one campaign page and one material page (MkDocs), one tag per line;
- every campaign's plan.json and the public calendar.ics;
- the print order's cells (print-order.xlsx read with openpyxl) as JSON.

`scripts/update-golden` rewrites them after a reviewed change; tests/test_projects.py compares.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PROJECTS = REPO / "tests" / "projects"
GOLDEN = REPO / "tests" / "golden"
EPOCH = 1796054400  # 2026-12-01 00:00 China time: the build's clock and its "today"

# Per project: the pages kept (site-relative) and their golden names.
PAGES = {
    "lanfeng": {
        "campaigns/iodine-2027/index.html": "campaign-iodine-2027.html",
        "materials/iodine-leaflet/index.html": "material-iodine-leaflet.html",
    },
}


def xuanjiao(*args: str) -> subprocess.CompletedProcess:
    """The real command line, reproducibly: SOURCE_DATE_EPOCH fixes the build date and "today"."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH)}
    return subprocess.run([sys.executable, "-m", "xuanjiao", *args], capture_output=True, text=True, env=env)


def copy_project(src: Path, dest: Path, engine: str | None = None) -> Path:
    """A copy of a project (never its build/), with site.yml's `engine:` switched if asked."""
    shutil.copytree(src, dest, ignore=shutil.ignore_patterns("build", ".build*"))
    if engine:
        site_yml = dest / "content" / "site.yml"
        text, n = re.subn(r"(?m)^engine: .*$", f"engine: {engine}", site_yml.read_text("utf-8"))
        site_yml.write_text(text if n else text + f"engine: {engine}\n", "utf-8")
    return dest


# --- normalisation ----------------------------------------------------------------------------


def article_html(html: str) -> str:
    """The page's <article> (the engines' chrome is not content), one tag per line, with
    version strings, cache-busting hashes and build dates taken out."""
    match = re.search(r"<article\b.*?</article>", html, re.S)
    text = match.group(0) if match else html
    text = re.sub(r"\?v=[0-9a-f]+|\.[0-9a-f]{8}(?=\.min\.(?:js|css))", "", text)
    text = re.sub(r'(content="[^"]*?)\d+\.\d+\.\d+[^"]*"', r'\1"', text)
    text = re.sub(r">\s*<", ">\n<", text)
    return "\n".join(line.rstrip() for line in text.splitlines()) + "\n"


def ics_text(text: str) -> str:
    """calendar.ics with folded lines joined and CRLF as LF (DTSTAMP is the fixed epoch)."""
    return re.sub(r"\r?\n[ \t]", "", text).replace("\r\n", "\n")


def xlsx_cells(path: Path) -> str:
    """Every sheet's cell values, row by row, as JSON."""
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True)

    def value(v):
        return v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else v

    sheets = {ws.title: [[value(v) for v in row] for row in ws.iter_rows(values_only=True)] for ws in wb.worksheets}
    return json.dumps(sheets, ensure_ascii=False, indent=1) + "\n"


def collect(name: str, build_dir: Path) -> dict[str, str]:
    """The golden files of a full MkDocs build of project `name`: golden name -> text."""
    site = build_dir / "site"
    out = {golden: article_html((site / page).read_text("utf-8")) for page, golden in PAGES[name].items()}
    for plan in sorted((build_dir / "plans").glob("*/*/plan.json")):
        year, day = plan.parent.parent.name, plan.parent.name
        data = json.loads(plan.read_text("utf-8"))
        out[f"plan-{year}-{day}.json"] = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    out["calendar.ics"] = ics_text((site / "calendar.ics").read_text("utf-8"))
    out["print-order.json"] = xlsx_cells(build_dir / "print" / "print-order.xlsx")
    return out


def stored(name: str) -> dict[str, str]:
    folder = GOLDEN / name
    return {p.name: p.read_text("utf-8") for p in sorted(folder.iterdir())} if folder.is_dir() else {}


def write(name: str, files: dict[str, str]) -> None:
    folder = GOLDEN / name
    if folder.is_dir():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for golden, text in files.items():
        (folder / golden).write_text(text, "utf-8")


def update(names: list[str]) -> int:
    """Rebuild each project and rewrite its golden files; returns an exit code."""
    for name in names:
        with tempfile.TemporaryDirectory(prefix=f"golden-{name}-") as tmp:
            project = copy_project(PROJECTS / name, Path(tmp) / "project")
            run = xuanjiao("build", "--project", str(project), "--out", str(Path(tmp) / "build"))
            if run.returncode:
                print(run.stderr, file=sys.stderr)
                print(f"{name}: build failed; golden files left as they were", file=sys.stderr)
                return 1
            files = collect(name, Path(tmp) / "build")
        write(name, files)
        print(f"{name}: wrote {len(files)} files to {(GOLDEN / name).relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(update(sys.argv[1:] or sorted(PAGES)))
