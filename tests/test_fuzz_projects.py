"""Real projects, carelessly edited, never crash `check`: it exits 0 or 1, never a traceback.

`test_fuzz_content.py` mutates a small synthetic project with hypothesis, one file kind at a
time. This file takes every text file of every real project in the repository (the example
at the repository root and each of `tests/projects/*/`) and damages it the way people and
editors do: lines swapped, duplicated, deleted or cut off, stray bytes, the file saved as
GB18030 or as UTF-8 with a BOM, CRLF line ends, tabs, a full-width colon typed in YAML.

50 cases per file (fixed seed, so a failure is reproducible by its case number): the first
10 in the normal run, cases 10 to 49 behind the `slow` marker (`scripts/test -m slow`);
XUANJIAO_LONG_FUZZ=1 makes the slow run go on to case 1,999.
"""

from __future__ import annotations

import functools
import os
import random
import shutil
from pathlib import Path
from typing import Callable, Iterator

import pytest
from click.testing import CliRunner

import xuanjiao.content.loader as loader_module
from xuanjiao.cli import main

REPO = Path(__file__).resolve().parent.parent
CASES = 2000 if os.environ.get("XUANJIAO_LONG_FUZZ") == "1" else 50
QUICK = 10  # the normal run's cases of each file; the slow run does the rest
SEED = 17


def project_roots() -> list[Path]:
    projects = REPO / "tests" / "projects"
    extra = sorted(p for p in projects.iterdir() if (p / "content").is_dir()) if projects.is_dir() else []
    return [REPO, *extra]


def text_files(root: Path) -> Iterator[str]:
    """Project-relative paths of the UTF-8 files under content/ and private/ (the filled
    report forms are spreadsheets: `check` does not read them, `report` does)."""
    for folder in ("content", "private"):
        for path in sorted((root / folder).rglob("*")):
            if path.is_file() and not path.is_symlink():
                try:
                    path.read_bytes().decode("utf-8")
                except UnicodeDecodeError:
                    continue
                yield path.relative_to(root).as_posix()


TARGETS = [(root, rel) for root in project_roots() for rel in text_files(root)]


# --- mutations: each takes the file's bytes and a seeded random source --------------------


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def swap(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    lines[i], lines[j] = lines[j], lines[i]
    return b"\n".join(lines)


def duplicate(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    i = rng.randrange(len(lines))
    return b"\n".join(lines[: i + 1] + lines[i:])


def delete(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    del lines[rng.randrange(len(lines))]
    return b"\n".join(lines)


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def insert_bytes(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data) + 1)
    noise = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
    return data[:at] + noise + data[at:]


def gb18030(data: bytes, rng: random.Random) -> bytes:
    return data.decode("utf-8", "replace").encode("gb18030", "replace")


def bom(data: bytes, rng: random.Random) -> bytes:
    return b"\xef\xbb\xbf" + data


def crlf(data: bytes, rng: random.Random) -> bytes:
    return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def tabs(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    for i in rng.sample(range(len(lines)), k=min(3, len(lines))):
        stripped = lines[i].lstrip(b" ")
        lines[i] = b"\t" * max(1, (len(lines[i]) - len(stripped)) // 2) + stripped
    return b"\n".join(lines)


def fullwidth_colon(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    with_colon = [i for i, line in enumerate(lines) if b":" in line]
    if not with_colon:
        return data
    i = rng.choice(with_colon)
    lines[i] = lines[i].replace(b": ", "：".encode(), 1).replace(b":", "：".encode(), 1)
    return b"\n".join(lines)


MUTATIONS: list[Callable[[bytes, random.Random], bytes]] = [
    swap,
    duplicate,
    delete,
    truncate,
    insert_bytes,
    gb18030,
    bom,
    crlf,
    tabs,
    fullwidth_colon,
]


def mutated(original: bytes, case: int, rel: str) -> tuple[bytes, list[str]]:
    rng = random.Random(f"{SEED}:{rel}:{case}")
    data, applied = original, []
    for op in rng.sample(MUTATIONS, k=rng.choice((1, 1, 2, 3))):
        data = op(data, rng)
        applied.append(op.__name__)
    return data, applied


# --- running check -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def copies(tmp_path_factory) -> dict[Path, Path]:
    """One private copy of each project, reused by every case (each case restores its file)."""
    out = {}
    for root in project_roots():
        dest = tmp_path_factory.mktemp("fuzz") / root.name
        for name in ("content", "private", "themes"):
            if (root / name).is_dir():
                shutil.copytree(root / name, dest / name, symlinks=True)
        out[root] = dest
    return out


@pytest.fixture(scope="module", autouse=True)
def parse_unchanged_files_once():
    """The files a case leaves alone parse the same every time: ruamel is ~90 % of `check`,
    so parses are remembered (the loader never modifies what load_yaml returns)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(loader_module, "load_yaml", functools.lru_cache(maxsize=512)(loader_module.load_yaml))
        mp.setenv("XUANJIAO_DEBUG", "1")  # a crash shows its whole trace in the failure
        yield


def check_survives(project: Path, rel: str, cases: range) -> None:
    path = project / rel
    original = path.read_bytes()
    runner = CliRunner()
    try:
        for case in cases:
            data, applied = mutated(original, case, rel)
            path.write_bytes(data)
            result = runner.invoke(main, ["check", "--project", str(project)])
            assert result.exit_code in (0, 1) and "Traceback" not in result.output, (
                f"case {case} ({', '.join(applied)}) of {rel}: exit {result.exit_code}\n{result.output}"
            )
    finally:
        path.write_bytes(original)


IDS = [f"{r.name}:{rel}" for r, rel in TARGETS]


@pytest.mark.parametrize("root, rel", TARGETS, ids=IDS)
def test_check_survives_mutations(copies, root, rel):
    check_survives(copies[root], rel, range(QUICK))


@pytest.mark.slow
@pytest.mark.parametrize("root, rel", TARGETS, ids=IDS)
def test_check_survives_the_other_mutations(copies, root, rel):
    """The long run: every case after the normal run's."""
    check_survives(copies[root], rel, range(QUICK, CASES))


def test_every_project_and_file_kind_is_fuzzed():
    kinds = {rel.split("/")[1] if rel.count("/") > 1 else rel for _, rel in TARGETS}
    assert {"site.yml", "venues.yml", "plan.yml", "campaigns", "materials", "pages", "news"} <= {
        k.removeprefix("content/") for k in kinds
    }
    assert "private/volunteers.yml" in kinds
