"""Print tests: the type-size search of a fixed-page material starts where it ended in the
last build (fit.largest_fitting's hint), so re-rendering one edited material takes a couple
of layouts instead of six or seven, and gives exactly what a build from nothing gives: the
same body size and the same bytes, whether the remembered answer is right or wrong."""

from __future__ import annotations

import re
import shutil

import pytest

from test_print_kit import CAMPAIGN, counted_layouts, material
from xuanjiao.pipeline import BuildOptions, run_build
from xuanjiao.printing.fit import TypeScale, largest_fitting

OUTPUTS = (".pdf", ".screen.pdf", ".preview.jpg")


def _body(items: int, first: str = "每") -> str:
    lines = [f"- 第{k}条：每次性行为都要全程正确使用安全套，发生高危行为后及时检测。" for k in range(items)]
    return "## 要点\n\n" + "\n".join(lines).replace("每", first, 1) + "\n"


@pytest.fixture
def layouts(monkeypatch):
    """WeasyPrint layouts made in this process (jobs=1), each a real layout, only counted."""
    return counted_layouts(monkeypatch)


def _build(root, out=None):
    result = run_build(BuildOptions(root, out=out, only=("print",), jobs=1))
    warned = [d.message for d in result.diagnostics if d.code in ("print-shrunk", "print-overflow")]
    return result, warned


def _edit_and_compare(root, text: str, layouts: list[str], monkeypatch, name: str = "f") -> tuple[int, int, list[str]]:
    """Write material `name`'s `text` (the flyer's body, or a whole file), rebuild (with the
    cache, so with the last build's hint), build it from nothing with the cache off, and
    compare: -> layouts with the hint, without, and what was said about the body size."""
    if not text.startswith("---"):
        text = material("传单", "flyer", text)
    (root / f"content/materials/{name}.md").write_text(text, encoding="utf-8")
    layouts.clear()
    hinted, said = _build(root)
    with_hint = len(layouts)
    clean = root.parent / f"{root.name}-clean"
    shutil.rmtree(clean, ignore_errors=True)
    monkeypatch.setenv("XUANJIAO_CACHE", "off")
    layouts.clear()
    fresh, said_fresh = _build(root, out=clean)
    monkeypatch.delenv("XUANJIAO_CACHE")
    assert said == said_fresh and hinted.ok == fresh.ok
    if fresh.ok:
        for suffix in OUTPUTS:
            got, want = root / "build/print" / (name + suffix), clean / "print" / (name + suffix)
            assert got.read_bytes() == want.read_bytes(), got.name
    return with_hint, len(layouts), said


def _shrunk_to(said: list[str]) -> float:
    return float(re.search(r"set at ([\d.]+) pt", said[0])[1]) if said else 13.5


def test_an_edit_re_renders_in_fewer_layouts_with_the_same_result(make_project, layouts, monkeypatch):
    root = make_project(
        {"content/campaigns/aids-2026.md": CAMPAIGN, "content/materials/f.md": material("传单", "flyer", _body(9))}
    )
    first, said = _build(root)
    assert first.ok and _shrunk_to(said) == 10  # the text needs a smaller size: the search ran
    with_hint, without, said = _edit_and_compare(root, _body(9, first="凡"), layouts, monkeypatch)
    assert _shrunk_to(said) == 10
    # the final layout at the remembered size fits and the next larger size does not: the answer
    assert with_hint == 2 and without >= 5, (with_hint, without)
    # the cache off: no hints either, though the build folder has them
    (root / "content/materials/f.md").write_text(material("传单", "flyer", _body(9, first="但")), encoding="utf-8")
    monkeypatch.setenv("XUANJIAO_CACHE", "off")
    layouts.clear()
    assert _build(root)[0].ok and len(layouts) == without


@pytest.mark.parametrize("items", [18, 3, 24])  # longer: smaller type; shorter: the largest; too long
def test_a_wrong_hint_gives_what_a_clean_build_gives(make_project, layouts, monkeypatch, items):
    root = make_project(
        {"content/campaigns/aids-2026.md": CAMPAIGN, "content/materials/f.md": material("传单", "flyer", _body(9))}
    )
    assert _build(root)[0].ok  # remembered: 10 pt
    _, _, said = _edit_and_compare(root, _body(items), layouts, monkeypatch)
    if items == 24:
        assert "does not fit" in said[0]
    else:
        assert _shrunk_to(said) == (9.5 if items == 18 else 13.5)


@pytest.mark.parametrize("step_down", [False, True])
def test_any_hint_gives_the_answer_no_hint_gives(step_down):
    sizes = [TypeScale(13.5 - 0.5 * i) for i in range(10)]
    for answer in range(len(sizes) + 1):  # len(sizes): nothing fits
        attempt = lambda s, answer=answer: (s.body <= 13.5 - 0.5 * answer, "detail")  # noqa: E731
        plain, _ = largest_fitting(sizes, attempt, step_down)
        for hint in (None, -3, *range(len(sizes) + 1), 99):
            best, tried = largest_fitting(sizes, attempt, step_down, hint=hint)
            assert best == plain == (answer if answer < len(sizes) else None), (answer, hint)
            if best is None:
                assert len(sizes) - 1 in tried  # the smallest size's detail names how much is too long
            if hint == answer and 0 < answer:  # the answer, and the next larger size that does not fit
                assert len(tried) == (2 if answer < len(sizes) else 1)


VENUES = "- id: east-market\n  name: 东关集市\n  days: daily\n  boards: 2\n"
TIP = "每次性行为都要全程正确使用安全套，发生高危行为后及时检测。"


def _kind(kind: str, items: int, first: str = "每") -> str:
    """A material of `kind` with `items` points in each section, long enough to step down."""
    sections = {"poster": 1, "leaflet": 5, "board": 4, "rollup": 2}[kind]
    text = "\n".join(
        f"## 第{n}节\n\n" + "\n".join(f"- 第{n}节第{k}条：{TIP}" for k in range(items)) + "\n" for n in range(sections)
    )
    extra = {
        "board": "size: 1200x600\nissue: 7\nvenue: east-market\nposted_on: 2026-11-20\n",
        "rollup": "size: 400x1000\n",
    }
    head = material(f"{kind}标题", kind, "").replace("kind: ", extra.get(kind, "") + "kind: ", 1)
    return head + text.replace("每", first, 1)


@pytest.mark.parametrize("kind, items", [("poster", 4), ("leaflet", 8), ("board", 4), ("rollup", 8)])
def test_every_fitting_site_remembers_and_gives_what_a_clean_build_gives(
    make_project, layouts, monkeypatch, kind, items
):
    root = make_project(
        {
            "content/campaigns/aids-2026.md": CAMPAIGN,
            "content/venues.yml": VENUES,
            f"content/materials/{kind}.md": _kind(kind, items),
        }
    )
    assert _build(root)[0].ok
    layouts.clear()
    with_hint, without, _ = _edit_and_compare(root, _kind(kind, items, first="凡"), layouts, monkeypatch, name=kind)
    assert with_hint < without


def test_hints_come_back_from_the_worker_processes(make_project):
    """Three materials, two workers: each answer travels back with its output, and the stage
    (no worker) keeps it in the build folder's cache for the next build."""
    from xuanjiao.cache import Memo

    files = {f"content/materials/f{n}.md": material(f"传单{n}", "flyer", _body(9 + n)) for n in range(3)}
    root = make_project({"content/campaigns/aids-2026.md": CAMPAIGN, **files})
    assert run_build(BuildOptions(root, only=("print",), jobs=2)).ok
    hints = Memo(root / "build/.cache", "print-hints", "fit").old
    assert sorted(hints) == ["f0", "f1", "f2"]
    assert all(any(key.startswith("flyer:13.5/0,13/0,") for key in found) for found in hints.values())
    assert hints["f0"][next(iter(hints["f0"]))] == 7  # 10 pt: the eighth size from 13.5 pt
