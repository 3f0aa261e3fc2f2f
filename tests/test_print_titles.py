"""Cover titles: phrases a writer separated by spaces stay whole, but a title without spaces
(or a phrase too long for a line) wraps like text instead of running past the trim."""

from __future__ import annotations

import re
import subprocess

from xuanjiao.pipeline import BuildOptions, run_build
from xuanjiao.printing.layout import title_markup

LONG = "传染病防控健康相伴人人有责"  # 13 characters, no spaces: wider than a leaflet's cover panel


def test_title_markup_keeps_only_short_separated_phrases_whole():
    assert title_markup(["管住嘴", "迈开腿"]) == '<span class="phrase">管住嘴</span> <span class="phrase">迈开腿</span>'
    assert title_markup([LONG]) == LONG  # one phrase: free to wrap
    assert title_markup(["早识别", LONG]) == f'<span class="phrase">早识别</span> {LONG}'
    assert title_markup(["<b>"]) == "&lt;b&gt;"


def test_long_unspaced_title_stays_inside_the_safe_margin(example_built_copy):
    project = example_built_copy  # built: only the two edited materials are rendered again
    for name in ("whd-leaflet", "aids-poster"):
        path = project / "content" / "materials" / f"{name}.md"
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"(?m)^title: .*$", f"title: {LONG}", text, count=1), encoding="utf-8")
    result = run_build(BuildOptions(project_dir=project, only=("print",), jobs=2))
    assert result.ok, [d.format() for d in result.diagnostics if d.severity == "error"]
    report = (project / "build" / "print" / "preflight.txt").read_text(encoding="utf-8")
    for name in ("whd-leaflet", "aids-poster"):
        section = report.split(f"{name}.pdf", 1)[1].split("\n\n", 1)[0]
        assert re.search(r"通过\s+安全边距", section), section
        pdf = project / "build" / "print" / f"{name}.pdf"
        words = subprocess.run(["pdftotext", "-q", str(pdf), "-"], capture_output=True, text=True).stdout
        assert LONG in re.sub(r"\s+", "", words)  # all of it printed, on one line or two
