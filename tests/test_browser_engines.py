"""Every engine's build of both test projects in Chromium (opened from file://), vnu, axe-core
and the link check (issue 21): search finds the word first, a phone reads the campaign page
without side scrolling, the material page shows its PDFs before the QR code, and the pages
are valid, accessible and linked. Builds and checks are shared per session (engine_sites.py).
"""

from __future__ import annotations

import pytest

from engine_sites import PAGES, SEARCH, checked_site
from test_browser import CHROMIUM, VNU, require_browser
from xuanjiao.site import engines

ENGINES = [pytest.param(name, marks=pytest.mark.skipif(not engines.available(name), reason=f"{name} is not installed"))
           for name in engines.NAMES]
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
def test_every_internal_link_and_fragment_resolves(checked, engine, project):
    assert checked(engine, project)["broken_links"] == []
