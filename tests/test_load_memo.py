"""A build after an edit parses only the edited YAML: the other files' parses come from the last
build (content/source.py `recorded_parses`, kept by pipeline.py beside the project cache in
private/.cache, since volunteers.yml is among them)."""

from __future__ import annotations

import shutil
from pathlib import Path

from xuanjiao.content import source
from xuanjiao.pipeline import BuildOptions, run_build

REPO = Path(__file__).resolve().parents[1]


def _copy_example(dest: Path) -> Path:
    for name in ("content", "private", "themes"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, dest / name)
    return dest


def _build(project: Path, parsed: list[str], monkeypatch):
    """A build (plans only: loading is what is looked at) in a process that never parsed
    anything, counting the YAML texts actually parsed (by their file)."""
    monkeypatch.setattr(source, "_parsed", source.OrderedDict())
    real = source._parse_yaml

    def counting(text: str, path: str, line_offset: int):
        parsed.append(path)
        return real(text, path, line_offset)

    monkeypatch.setattr(source, "_parse_yaml", counting)
    result = run_build(BuildOptions(project, only=("plans",), jobs=1))
    assert result.ok, [d.format() for d in result.diagnostics]
    return result


def test_after_one_edit_only_that_file_is_parsed_and_the_edit_is_read(tmp_path, monkeypatch):
    project = _copy_example(tmp_path / "p")
    first: list[str] = []
    _build(project, first, monkeypatch)
    assert len(first) > 10  # the shipped days, holidays, venues, every front matter...

    material = sorted((project / "content" / "materials").glob("*.md"))[0]
    text = material.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title:"))
    material.write_text(text.replace(title, "title: 改过的标题", 1), encoding="utf-8")
    second: list[str] = []
    _build(project, second, monkeypatch)
    assert second == [f"content/materials/{material.name}"]
    # parsed anew (not restored from its old parse), so the build read the edit


def test_the_kept_parses_hold_volunteers_so_they_stay_in_private(tmp_path, monkeypatch):
    project = _copy_example(tmp_path / "p")
    _build(project, [], monkeypatch)
    name = _a_volunteer_name(project).encode("utf-8")
    build = project / "build"
    holding = [p for p in build.rglob("*") if p.is_file() and name in p.read_bytes()]
    assert holding, "the scan must see the kept parses at all"
    assert all(p.relative_to(build).parts[0] == "private" for p in holding), holding


def _a_volunteer_name(project: Path) -> str:
    for line in (project / "private" / "volunteers.yml").read_text(encoding="utf-8").splitlines():
        if line.strip().startswith("name:"):
            return line.split(":", 1)[1].strip().strip("\"'")
    raise AssertionError("the example has volunteers")
