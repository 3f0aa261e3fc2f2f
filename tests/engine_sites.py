"""Both test projects (content/ and tests/projects/lanfeng) built once per test session with
every installed site engine, and what Chromium (tests/browser/engine_site.js), the Nu HTML
Checker and the link check saw in each: shared by every xdist worker through a file lock in
the session's shared temp dir, so each engine/project is built and checked once.

A project is built in full once (print and plans, MkDocs); each other engine rebuilds only
the site stage from a copy of it, with the same PDFs and plans beside it.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlparse

from sitecheck import broken_links

REPO = Path(__file__).resolve().parent.parent
BROWSER_DIR = Path(__file__).resolve().parent / "browser"
PROJECTS = {"example": REPO, "lanfeng": REPO / "tests" / "projects" / "lanfeng"}
# Key pages of each project: a campaign with outreach sessions, a material with PDFs and a QR code.
PAGES = {
    "example": {
        "home": "index.html",
        "campaign": "campaigns/whd-2026/index.html",
        "material": "materials/whd-leaflet/index.html",
        "calendar": "calendar/index.html",
    },
    "lanfeng": {
        "home": "index.html",
        "campaign": "campaigns/tb-2027/index.html",
        "material": "materials/iodine-leaflet/index.html",
        "calendar": "calendar/index.html",
    },
}
# Words of 2 to 4 characters from the middle of paragraphs and list items of each project.
SEARCH = {
    "example": [
        "腊肉",
        "广场舞",
        "蚊虫叮咬",
        "血液",
    ],  # 少吃咸菜、腊肉等…; 跳广场舞; 蚊虫叮咬也不会传播; 使用不安全的血液
    "lanfeng": ["甲状腺", "散装盐", "避光防潮", "痰中带血"],  # 合成甲状腺激素; 不要买散装盐; 避光防潮; 或痰中带血
}


@contextlib.contextmanager
def _locked(path: Path):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def shared_dir(tmp_path_factory) -> Path:
    """The same for every xdist worker; XUANJIAO_TEST_SITES names one to reuse while working on a check."""
    from conftest import session_tmp

    if os.environ.get("XUANJIAO_TEST_SITES"):
        return Path(os.environ["XUANJIAO_TEST_SITES"])
    return session_tmp(tmp_path_factory) / "engine-sites"


def _full_build(root: Path, name: str) -> Path:
    from xuanjiao.pipeline import BuildOptions, run_build

    project = root / f"{name}-mkdocs"
    if not (project / "build" / "site" / "index.html").is_file():
        if project.exists():
            shutil.rmtree(project)
        project.mkdir(parents=True)
        for part in ("content", "private", "themes"):
            if (PROJECTS[name] / part).is_dir():
                shutil.copytree(PROJECTS[name] / part, project / part)
        _set_engine(project, "mkdocs")
        result = run_build(BuildOptions(project))
        assert result.ok, "\n".join(d.format() for d in result.diagnostics)
    return project


def _site_url(project: Path) -> str:
    found = re.search(r"(?m)^url:\s*(\S+)", (project / "content" / "site.yml").read_text("utf-8"))
    return found.group(1) if found else "/"


def _set_engine(project: Path, engine: str) -> None:
    site_yml = project / "content" / "site.yml"
    text = site_yml.read_text("utf-8")
    text = (
        re.sub(r"(?m)^engine: .*$", f"engine: {engine}", text)
        if re.search(r"(?m)^engine:", text)
        else text + f"engine: {engine}\n"
    )
    site_yml.write_text(text, "utf-8")


def built_project(tmp_path_factory, engine: str, name: str) -> Path:
    """The project folder, built with `engine` (its site in build/site)."""
    from xuanjiao.pipeline import BuildOptions, run_build

    root = shared_dir(tmp_path_factory)
    with _locked(root / f"{name}.lock"):
        full = _full_build(root, name)
    if engine == "mkdocs":
        return full
    project = root / f"{name}-{engine}"
    with _locked(root / f"{name}-{engine}.lock"):
        if not (project / "build" / "site" / "index.html").is_file():
            if project.exists():
                shutil.rmtree(project)
            shutil.copytree(full, project, symlinks=True, ignore=shutil.ignore_patterns(".build.*"))
            shutil.rmtree(project / "build" / "site")  # nothing of the other engine's site may stay
            _set_engine(project, engine)
            result = run_build(BuildOptions(project, only=("site",)))
            assert result.ok, "\n".join(d.format() for d in result.diagnostics)
    return project


def checked_site(tmp_path_factory, engine: str, name: str, chromium: str, vnu: Path) -> dict:
    """What the browser, vnu and the link check found in one engine's build of one project."""
    root = shared_dir(tmp_path_factory)
    done = root / f"{name}-{engine}.json"
    project = built_project(tmp_path_factory, engine, name)
    with _locked(root / f"{name}-{engine}.check.lock"):
        if not done.exists():
            site = project / "build" / "site"
            shots = root / f"shots-{name}-{engine}"
            shots.mkdir(exist_ok=True)
            vnu_run = subprocess.Popen(
                ["java", "-Xss8m", "-jar", str(vnu), "--errors-only", "--skip-non-html", "--format", "json", str(site)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            cfg = {
                "chromium": chromium,
                "site": str(site),
                "search": SEARCH[name],
                "pages": PAGES[name],
                "shots": str(shots),
            }
            (root / f"{name}-{engine}.config.json").write_text(json.dumps(cfg, ensure_ascii=False), "utf-8")
            run = subprocess.run(
                [
                    "node",
                    str(BROWSER_DIR / "engine_site.js"),
                    str(root / f"{name}-{engine}.config.json"),
                    str(root / f"{name}-{engine}.browser.json"),
                ],
                check=False,
                capture_output=True,
                text=True,
                timeout=300,
            )
            _, vnu_err = vnu_run.communicate(timeout=300)
            assert run.returncode == 0, run.stderr[-3000:]
            found = json.loads((root / f"{name}-{engine}.browser.json").read_text("utf-8"))
            found["vnu"] = json.loads(vnu_err or '{"messages": []}')["messages"]
            found["broken_links"] = broken_links(site, urlparse(_site_url(project)).path or "/")
            found["site"] = str(site)
            found["shots"] = str(shots)
            tmp = done.with_suffix(".tmp")
            tmp.write_text(json.dumps(found, ensure_ascii=False), "utf-8")
            os.replace(tmp, done)
    return json.loads(done.read_text("utf-8"))
