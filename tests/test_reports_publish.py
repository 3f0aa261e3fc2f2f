"""`reports: {publish: true}`: the stats stage (build/stats/reports.json) and the site's statistics
page, on real builds of the example project; aggregate numbers only, and nothing without it."""

from __future__ import annotations

import json
import re
import shutil
from html import unescape
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from openpyxl import load_workbook

from test_privacy import readable_text, secrets
from xuanjiao.schedule.report_form import HEADER

STAGES = "plans,private,stats,site"  # print is not involved (and is the slow part)
REPORTER = "欧阳明慧"  # a reporter's name written in a form's 备注 column
REMARK = f"填报人：{REPORTER}，电话 13912345678"
FIELDS = HEADER[3:10]


def build(root: Path, only: str = STAGES):
    from xuanjiao.cli import main

    return CliRunner().invoke(main, ["build", "--project", str(root), "--only", only])


def copy_project(example_copy: Path, where: Path, publish: bool | None) -> Path:
    root = where / "project"
    shutil.copytree(example_copy, root, ignore=shutil.ignore_patterns("build", ".build.*"))
    if publish is not None:
        site = root / "content" / "site.yml"
        site.write_text(site.read_text("utf-8") + f"reports: {{publish: {'true' if publish else 'false'}}}\n", "utf-8")
    return root


def forms(root: Path) -> list[Path]:
    found = sorted((root / "private" / "reports").rglob("*.xlsx"))
    assert len(found) >= 2
    return found


def filled_rows(root: Path) -> list[tuple]:
    """Every reported session of the example's filled forms: (date, venue id, 7 counts)."""
    rows = []
    for path in forms(root):
        ws = load_workbook(path, data_only=True)["统计表"]
        assert [c.value for c in ws[1]][:10] == list(HEADER[:10])
        for r in ws.iter_rows(min_row=2, values_only=True):
            if any(v is not None for v in r[3:10]):
                rows.append((r[0].date(), r[1], *[v or 0 for v in r[3:10]]))
    return rows


def public_text(build_dir: Path, parts: tuple[str, ...] = ("site", "stats")) -> dict[str, str]:
    out = {}
    for part in parts:
        for p in sorted((build_dir / part).rglob("*")):
            if p.is_file() and p.suffix.lower() not in (".png", ".gz", ".woff", ".woff2", ".ttf"):
                out[str(p.relative_to(build_dir))] = readable_text(p)
    return out


def page_text(html_path: Path) -> str:
    html = html_path.read_text("utf-8")
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


# -- publishing off (the default) ----------------------------------------------------------------


@pytest.fixture(scope="module")
def unpublished(example_built):
    """The example as it is (no `reports:` in site.yml): the session's full build, read only."""
    assert "reports:" not in (example_built / "content" / "site.yml").read_text("utf-8")
    return example_built


def test_nothing_is_published_by_default(unpublished):
    out = unpublished / "build"
    assert not (out / "stats").exists()
    site = out / "site"
    assert not (site / "stats").exists() and not (site / "en" / "stats").exists()
    assert "宣传活动统计" not in (site / "index.html").read_text("utf-8")
    rows = filled_rows(unpublished)
    reach = sum(r[2] for r in rows)
    handed = sum(r[3] for r in rows)
    stems = [p.stem for p in forms(unpublished)]
    for rel, text in public_text(out, ("site",)).items():
        assert f"{reach:,}" not in text and str(reach) not in text, rel
        assert f"{handed:,}" not in text, rel
        assert not [s for s in stems if s in text], rel


# -- publishing on --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def published(example_copy, tmp_path_factory):
    root = copy_project(example_copy, tmp_path_factory.mktemp("published"), publish=True)
    path = forms(root)[0]
    wb = load_workbook(path)
    ws = wb["统计表"]
    ws.cell(row=2, column=[c.value for c in ws[1]].index("备注") + 1, value=REMARK)  # free text: must stay private
    wb.save(path)
    result = build(root)
    assert result.exit_code == 0, result.output
    return root


def test_the_page_exists_in_both_languages_and_is_in_the_nav(published):
    site = published / "build" / "site"
    zh, en = site / "stats" / "index.html", site / "en" / "stats" / "index.html"
    assert zh.is_file() and en.is_file()
    assert "宣传活动统计" in page_text(zh) and "Campaign figures" in page_text(en)
    assert 'href="stats/' in (site / "index.html").read_text("utf-8")
    assert 'href="stats/' in (site / "en" / "index.html").read_text("utf-8")
    assert "Year totals" in page_text(en) and "People reached" in page_text(en)


def test_totals_equal_the_sums_of_the_filled_forms(published):
    rows = filled_rows(published)
    data = json.loads((published / "build" / "stats" / "reports.json").read_text("utf-8"))
    assert [y["year"] for y in data["years"]] == [2026]
    year = data["years"][0]
    sums = [sum(r[2 + i] for r in rows) for i in range(7)]
    assert year["sessions"] == len(rows)
    assert list(year["totals"].values()) == sums
    # each campaign: the rows inside its window at its venues (the example's autism day and
    # world health day share 人民广场 on 04-04 and 04-05: those joint sessions are under both)
    listed = 0
    for c in year["campaigns"]:
        venues = set(
            yaml.safe_load((published / "content" / "campaigns" / f"{c['id']}.md").read_text("utf-8").split("---")[1])[
                "venues"
            ]
        )
        mine = [r for r in rows if c["start"] <= r[0].isoformat() <= c["end"] and r[1] in venues]
        assert mine and c["sessions"] == len(mine)
        assert list(c["totals"].values()) == [sum(r[2 + i] for r in mine) for i in range(7)]
        listed += len(mine)
    assert sum(c["sessions"] for c in year["campaigns"]) == listed > len(rows)
    venues = {v["venue"]: v for v in year["by_venue"]}
    for vid in {r[1] for r in rows}:
        assert venues[vid]["totals"]["reach"] == sum(r[2] for r in rows if r[1] == vid)
    dates = {d["date"]: d["sessions"] for d in year["by_date"]}
    assert dates == {str(day): sum(1 for r in rows if r[0] == day) for day in {r[0] for r in rows}}
    assert sum(k["sessions"] for k in year["by_kind"]) == len(rows)
    # the page shows the same numbers
    text = page_text(published / "build" / "site" / "stats" / "index.html")
    assert f"活动场次 {len(rows)}" in text
    for label, value in zip(FIELDS[:2], sums[:2]):
        assert f"{label} {value:,}" in text
    assert f"宣传服务人数 / 工作目标 {year['campaigns'][0]['totals']['reach']:,}" in text
    en = page_text(published / "build" / "site" / "en" / "stats" / "index.html")
    assert f"People reached {sums[0]:,}" in en


def test_goals_and_printed_quantities_are_compared(published):
    year = json.loads((published / "build" / "stats" / "reports.json").read_text("utf-8"))["years"][0]
    for c in year["campaigns"]:
        campaign = (published / "content" / "campaigns" / f"{c['id']}.md").read_text("utf-8")
        front = yaml.safe_load(campaign.split("---")[1])
        goals = front["goals"]
        assert c["goals"] == {"reach": goals.get("reach"), "materials": goals.get("materials")}
        assert (c["printed"] > 0) == bool(front.get("materials"))  # the spring campaign prints nothing
    assert year["printed"] == sum(c["printed"] for c in year["campaigns"])


def test_no_name_phone_remark_or_file_name_is_published(published):
    private = secrets(published) | {REPORTER, "13912345678", "填报人"}
    private |= {p.name for p in forms(published)} | {p.stem for p in forms(published)}
    texts = public_text(published / "build")
    assert any(rel.startswith("stats") for rel in texts) and len(texts) > 50
    for rel, text in texts.items():
        leaked = sorted(s for s in private if s in text)
        assert not leaked, f"{rel} leaks {leaked}"
    # and the figures file holds only numbers, dates and public names (venues, campaigns)
    data = (published / "build" / "stats" / "reports.json").read_text("utf-8")
    assert "note" not in data and "remark" not in data and "备注" not in data and "private" not in data


def test_a_bad_cell_fails_the_build_with_its_location(published, tmp_path):
    root = copy_project(published, tmp_path, publish=None)  # already publishes; build/ left out
    path = forms(root)[0]
    wb = load_workbook(path)
    wb["统计表"]["D3"] = "一百"
    wb.save(path)
    result = build(root)
    assert result.exit_code == 1
    rel = path.relative_to(root).as_posix()
    assert f"{rel}:统计表!D3: error: 宣传服务人数: '一百' is not a number" in result.output
    assert "build failed" in result.output
    assert not (root / "build").exists()


def test_turning_publishing_off_removes_the_page(published, tmp_path):
    root = copy_project(published, tmp_path, publish=None)
    shutil.copytree(published / "build", root / "build")
    site_yml = root / "content" / "site.yml"
    site_yml.write_text(site_yml.read_text("utf-8").replace("publish: true", "publish: false"), "utf-8")
    result = build(root, "site")  # build/stats of the earlier build is carried over: not shown
    assert result.exit_code == 0, result.output
    assert (root / "build" / "stats" / "reports.json").is_file()
    assert not (root / "build" / "site" / "stats").exists()
    result = build(root, "stats")  # the stage itself writes nothing when publishing is off
    assert result.exit_code == 0, result.output
    assert not (root / "build" / "stats").exists()
