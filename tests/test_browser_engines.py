"""Every engine's build of both test projects in Chromium (opened from file://), vnu, axe-core
and the link check (issue 21): search finds the word first, a phone reads the campaign page
without side scrolling, the material page shows its PDFs before the QR code, and the pages
are valid, accessible and linked. Builds and checks are shared per session (engine_sites.py).
"""

from __future__ import annotations

import json

import pytest

from engine_sites import PAGES, SEARCH, checked_site
from test_browser import CHROMIUM, VNU, VNU_FALSE_POSITIVES, require_browser
from xuanjiao.site import engines

ENGINES = [
    pytest.param(name, marks=pytest.mark.skipif(not engines.available(name), reason=f"{name} is not installed"))
    for name in engines.NAMES
]
PROJECTS = list(PAGES)


@pytest.fixture(scope="session")
def checked(tmp_path_factory):
    def get(engine: str, project: str) -> dict:
        require_browser()
        return checked_site(tmp_path_factory, engine, project, CHROMIUM, VNU)

    return get


@pytest.mark.parametrize("project", PROJECTS)
@pytest.mark.parametrize("engine", ENGINES)
def test_search_puts_the_section_with_the_word_first_and_marks_it(checked, engine, project):
    found = checked(engine, project)
    for word in SEARCH[project]:
        s = found["search"][word]
        assert s["results"], f"{word}: no results"
        first = s["results"][0]
        assert word in first["marks"], f"{word}: the first result does not mark it: {first}"
        assert "#" in first["href"], f"{word}: the first result is a page, not its section: {first['href']}"
        landed = s["landed"]
        assert word in landed["text"], f"{word}: {first['href']} leads to a section without it ({landed['section']})"
        assert word in landed["marks"], f"{word}: not highlighted on the page it leads to"
    assert found["foreign"] == [] and found["page_errors"] == []


@pytest.mark.parametrize("project", PROJECTS)
@pytest.mark.parametrize("engine", ENGINES)
def test_phone_campaign_page_shows_each_session_without_side_scrolling(checked, engine, project):
    found = checked(engine, project)
    for name, facts in found["phone"].items():
        assert facts["scrollWidth"] <= facts["innerWidth"], f"{name}: {facts}"
        assert facts["wide"] == [], f"{name}: elements wider than the 375 px screen: {facts['wide']}"
    campaign = found["phone"]["campaign"]
    assert campaign["sessions"], "no session cards on the campaign page"
    for s in campaign["sessions"]:
        assert s["date"] and s["time"] and s["place"], s
        assert s["right"] <= campaign["innerWidth"], s
    assert not campaign["venueTable"], "the venue table is shown on a phone"
    material = found["phone"]["material"]
    assert material["buttonsTop"] is not None and material["qrTop"] is not None, material
    assert material["buttonsTop"] < material["qrTop"], "the QR code comes before the PDF buttons"


@pytest.mark.parametrize("project", PROJECTS)
@pytest.mark.parametrize("engine", ENGINES)
def test_axe_finds_no_serious_or_critical_violations(checked, engine, project):
    found = checked(engine, project)
    bad = {name: [v for v in found["axe"][name] if v["impact"] in ("serious", "critical")] for name in found["axe"]}
    bad = {k: v for k, v in bad.items() if v}
    assert not bad, json.dumps(bad, ensure_ascii=False, indent=1)


@pytest.mark.parametrize("project", PROJECTS)
@pytest.mark.parametrize("engine", ENGINES)
def test_nu_html_checker_finds_no_errors(checked, engine, project):
    found = checked(engine, project)
    errors = [
        m
        for m in found["vnu"]
        if m.get("type") == "error" and not any(m.get("message", "").startswith(fp) for fp in VNU_FALSE_POSITIVES)
    ]
    assert not errors, f"{len(errors)} errors:\n" + "\n".join(
        f"{m.get('url')}:{m.get('lastLine')}: {m.get('message')}" for m in errors[:25]
    )


@pytest.mark.parametrize("project", PROJECTS)
@pytest.mark.parametrize("engine", ENGINES)
def test_every_internal_link_and_fragment_resolves(checked, engine, project):
    assert checked(engine, project)["broken_links"] == []
