"""Print tests, part 5: the print stage does no more work than it needs, and what it saves
changes nothing: a poster that fits is laid out once, a leaflet twice (measure, then the
verified final layout); stylesheets parsed once still report their warnings for every
document; recycled workers give the same bytes."""

from __future__ import annotations

import re

import pytest
from test_print_kit import CAMPAIGN, FLYER, LEAFLET, POSTER, material

from xuanjiao import pdf, workers
from xuanjiao.pipeline import BuildOptions, run_build
from xuanjiao.printing import kinds, large, pool


@pytest.fixture
def layouts(monkeypatch):
    """Every WeasyPrint layout the print code makes (jobs=1: in this process)."""
    calls: list[str] = []  # the stylesheets of each layout, joined

    def counting(html, base_dir, roots, stylesheets=(), **kwargs):
        calls.append("".join(stylesheets))
        return pdf.render_html(html, base_dir, roots, stylesheets, **kwargs)

    monkeypatch.setattr(kinds, "render_html", counting)
    monkeypatch.setattr(large, "render_html", counting)
    return calls


def _build(root, jobs=1):
    result = run_build(BuildOptions(project_dir=root, only=("print",), jobs=jobs))
    assert result.ok, [d.format() for d in result.diagnostics]
    return result


@pytest.mark.parametrize("kind, text, expected", [("poster", POSTER, 1), ("flyer", FLYER, 1), ("leaflet", LEAFLET, 2)])
def test_fitting_material_needs_no_extra_layout(make_project, layouts, kind, text, expected):
    root = make_project({"content/campaigns/aids-2026.md": CAMPAIGN, f"content/materials/t-{kind}.md": text})
    _build(root)
    assert len(layouts) == expected


ITEMS = 8


def test_poster_too_long_for_its_largest_size_still_steps_down(make_project, layouts):
    items = "\n".join(f"- 第{n}条健康提示，请记住" for n in range(ITEMS))
    root = make_project({"content/campaigns/aids-2026.md": CAMPAIGN,
                         "content/materials/p.md": material("海报", "poster", f"## 要点\n\n{items}\n")})
    _build(root)
    # the final-size layout at the largest size ran over, so the probes decide, then the final layout
    assert len(layouts) >= 3
    assert "--body: 36pt" in layouts[0] and "--body: 36pt" not in layouts[-1]
    sizes = [re.search(r"size: ([^;]+);", sheets)[1] for sheets in layouts]
    assert sizes[0] == sizes[-1] and all(size != sizes[0] for size in sizes[1:-1])  # probes are tall


def test_cached_stylesheet_reports_its_warnings_every_time(tmp_path):
    css = ".x { colour: red; }"  # not a property: WeasyPrint warns when it parses the sheet
    first = pdf.render_html("<p class=x>一</p>", tmp_path, [tmp_path], [css])
    second = pdf.render_html("<p class=x>二</p>", tmp_path, [tmp_path], [css])
    assert first.warnings and first.warnings == second.warnings


def test_refused_url_in_a_stylesheet_is_reported_every_time(tmp_path):
    css = "p { background: url(https://example.com/x.png); }"
    for _ in range(2):
        assert pdf.render_html("<p>一</p>", tmp_path, [tmp_path], [css]).refused == ["https://example.com/x.png"]


def test_final_layout_reports_whether_anything_was_cut(tmp_path):
    page = "@page { size: 100mm 100mm; margin: 0 } .box { position: absolute; top: 0; width: 50mm; }"
    short = pdf.render_html("<div class=box>一</div>", tmp_path, [tmp_path], [page])
    tall = pdf.render_html("<div class=box>" + "<p>一</p>" * 200 + "</div>", tmp_path, [tmp_path], [page])
    assert short.broken == 0 and tall.broken


def test_recycled_workers_give_the_same_bytes(make_project, tmp_path, monkeypatch):
    files = {"content/campaigns/aids-2026.md": CAMPAIGN}
    for n in range(3):
        files[f"content/materials/p{n}.md"] = POSTER.replace("海报标题甲", f"海报标题{n}")
        files[f"content/materials/f{n}.md"] = FLYER
    root = make_project(files)
    one = run_build(BuildOptions(project_dir=root, out=tmp_path / "one", only=("print",), jobs=1))
    pools = []
    real = workers.ProcessPoolExecutor

    def counted(*args, **kwargs):
        pools.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(pool, "DOCUMENTS_PER_WORKER", 1)
    monkeypatch.setattr(workers, "ProcessPoolExecutor", counted)  # where every pool is made
    two = run_build(BuildOptions(project_dir=root, out=tmp_path / "two", only=("print",), jobs=2))
    assert one.ok and two.ok
    assert len(pools) == 3  # 6 documents, 2 workers, 1 document each before a fresh pair
    names = sorted(p.name for p in (tmp_path / "one" / "print").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "two" / "print").iterdir())
    for name in names:
        assert (tmp_path / "one" / "print" / name).read_bytes() == (tmp_path / "two" / "print" / name).read_bytes(), name


def test_stepping_down_finds_what_bisecting_finds():
    from xuanjiao.printing.fit import TypeScale, largest_fitting

    sizes = [TypeScale(13.5 - 0.5 * i) for i in range(10)]
    for first_fitting in range(len(sizes) + 1):  # len(sizes): nothing fits
        attempt = lambda s: (s.body <= 13.5 - 0.5 * first_fitting, "detail")  # noqa: E731
        bisected, _ = largest_fitting(sizes, attempt)
        stepped, tried = largest_fitting(sizes, attempt, step_down=True)
        assert stepped == bisected == (first_fitting if first_fitting < len(sizes) else None)
        assert sorted(tried) == list(range(min(first_fitting, len(sizes) - 1) + 1))  # no size tried twice
        if stepped is None:
            assert len(sizes) - 1 in tried  # the smallest size's detail names how much is too long
