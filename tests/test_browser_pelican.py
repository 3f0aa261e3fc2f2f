"""Chinese search in the Pelican site, in a real browser opened from file:// (issue 10)."""

from __future__ import annotations

import json
import re
import subprocess

import pytest

from test_browser import BROWSER_DIR, CHROMIUM, SEARCH, require_browser
from xuanjiao.pipeline import BuildOptions, run_build
from xuanjiao.site.engines import available


def test_pelican_search_finds_mid_sentence_words_offline(example_copy, tmp_path):
    require_browser()
    if not available("pelican"):
        pytest.skip("pelican is not installed (pip install 'xuanjiao[pelican]')")
    project = tmp_path / "p"
    subprocess.run(["cp", "-r", str(example_copy), str(project)], check=True)
    site_yml = project / "content" / "site.yml"
    text = site_yml.read_text("utf-8")
    site_yml.write_text(re.sub(r"^engine:.*$", "engine: pelican", text, flags=re.M) if "engine:" in text
                        else text + "engine: pelican\n", "utf-8")
    result = run_build(BuildOptions(project_dir=project, only=("site",)))
    assert result.ok, [d.format() for d in result.diagnostics]
    home = project / "build" / "site" / "index.html"
    proc = subprocess.run(["node", str(BROWSER_DIR / "pelican_search.js"), CHROMIUM, home.as_uri(),
                           *[word for word, _ in SEARCH]], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    found = json.loads(proc.stdout)
    assert found["foreign"] == []
    for word, page in SEARCH:
        assert any(href.endswith(page) for href in found["results"][word]), (word, found["results"][word])
