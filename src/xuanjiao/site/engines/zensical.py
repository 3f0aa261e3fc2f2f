"""Zensical adapter: the MkDocs docs tree and mkdocs.yml, built by `zensical build`.

Zensical (MIT, from the Material for MkDocs team) reads mkdocs.yml; it is an optional extra
(`pip install 'xuanjiao[zensical]'`) run as a separate program. What differs from MkDocs:
no `offline` plugin (so no iframe-worker polyfill), and its own search (English-only, fetching
search.json, which browsers block from file://) is switched off for the site's own, as on every
engine. Its `--strict` is not implemented yet, so only a failed run is an error.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

from ...content.models import Project
from ...errors import Diagnostic, Location
from ...messages import t
from ..model import SiteModel
from .mkdocs import mkdocs_config, write_config, write_docs
from .repairs import repair_site
from .report import engine_diagnostic

INSTALL_HINT = "pip install 'xuanjiao[zensical]'"


def available() -> bool:
    return importlib.util.find_spec("zensical") is not None


def zensical_config(project: Project, model: SiteModel) -> dict:
    # Zensical (0.0.31) panics on absolute docs_dir/site_dir and refuses '..': it builds into
    # a folder beside its config, which is then moved into place.
    cfg = mkdocs_config(project, model, Path("docs"), Path("site"))
    # Its own search is off: the site's (engines/search.py) works from file:// and reads Chinese.
    cfg["plugins"] = [p for p in cfg["plugins"] if p != "offline"] + [{"search": {"enabled": False}}]
    cfg["extra"]["polyfills"] = []
    cfg["theme"]["variant"] = "classic"  # Material's look (teal header), as on the other engines
    return cfg


def build(project: Project, model: SiteModel, work: Path, site_dir: Path) -> list[Diagnostic]:
    if not available():
        return [
            Location("content/site.yml", 0, 0).error(
                t("site.yml chose `engine: zensical`, but Zensical is not installed"),
                hint=t("{install_hint}  (or set `engine: mkdocs`)", install_hint=INSTALL_HINT),
            )
        ]
    root = work / "zensical"
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    write_docs(project, model, root / "docs")
    cfg_path = root / "mkdocs.yml"
    write_config(zensical_config(project, model), cfg_path)
    env = {**os.environ, "NO_COLOR": "1", "TERM": "dumb"}
    proc = subprocess.run(
        [sys.executable, "-m", "zensical", "build", "-f", str(cfg_path), "--clean"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
    )
    # Zensical 0.0.31 exits 0 even when a template fails and the page is not written.
    failures = sorted(
        {
            line.strip()
            for line in (proc.stdout + proc.stderr).splitlines()
            if line.lstrip().startswith(("Error:", "Caused by:"))
        }
    )
    if proc.returncode == 0 and failures:
        return [engine_diagnostic(model, work, "zensical", line) for line in failures]
    if proc.returncode == 0:
        if site_dir.exists():
            shutil.rmtree(site_dir)
        shutil.move(root / "site", site_dir)
        repair_site("zensical", site_dir)
        return []
    tail = " / ".join((proc.stderr or proc.stdout).strip().splitlines()[-3:])
    return [engine_diagnostic(model, work, "zensical", f"exit code {proc.returncode}: {tail}")]
