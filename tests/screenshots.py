"""scripts/screenshots: the example site on each engine, photographed in Chromium (see the script)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from engine_sites import BROWSER_DIR, PAGES, REPO, _set_engine
from test_browser import CHROMIUM
from xuanjiao.pipeline import BuildOptions, run_build
from xuanjiao.site import engines

OUT = REPO / "docs" / "screenshots"
MAX_HEIGHT = 2400  # px of each page: the top of it is what a reader sees first


def shrink(png: Path) -> None:
    """Cut to MAX_HEIGHT and store with a 64-colour palette: a few tens of kB each."""
    from PIL import Image

    with Image.open(png) as im:
        im = im.convert("RGB")
        if im.height > MAX_HEIGHT:
            im = im.crop((0, 0, im.width, MAX_HEIGHT))
        im.quantize(colors=64, method=Image.Quantize.MEDIANCUT).save(png, optimize=True)


def main(names: list[str]) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        full = Path(tmp) / "mkdocs"
        full.mkdir()
        for part in ("content", "private"):
            shutil.copytree(REPO / part, full / part)
        result = run_build(BuildOptions(full))  # print and plans once, then each engine's site
        assert result.ok, "\n".join(d.format() for d in result.diagnostics)
        for name in names:
            if not engines.available(name):
                print(f"{name}: not installed, skipped")
                continue
            project = full if name == "mkdocs" else Path(tmp) / name
            if name != "mkdocs":
                shutil.copytree(full, project, symlinks=True)
                shutil.rmtree(project / "build" / "site")
                _set_engine(project, name)
                result = run_build(BuildOptions(project, only=("site",)))
                assert result.ok, "\n".join(d.format() for d in result.diagnostics)
            shots = OUT / name
            shutil.rmtree(shots, ignore_errors=True)
            shots.mkdir(parents=True)
            cfg = {
                "chromium": CHROMIUM,
                "site": str(project / "build" / "site"),
                "search": [],
                "pages": PAGES["example"],
                "shots": str(shots),
            }
            (Path(tmp) / "cfg.json").write_text(json.dumps(cfg), "utf-8")
            subprocess.run(
                ["node", str(BROWSER_DIR / "engine_site.js"), str(Path(tmp) / "cfg.json"), str(Path(tmp) / "out.json")],
                check=True,
            )
            for png in sorted(shots.glob("*.png")):
                shrink(png)
                print(f"{png.relative_to(REPO)}  {png.stat().st_size // 1024} kB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or list(engines.NAMES)))
