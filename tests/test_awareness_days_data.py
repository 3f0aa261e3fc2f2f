"""The built-in awareness-day list: complete, parseable, sourced, bilingual."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from xuanjiao.calendar import builtin_days_path, parse_rule

# Every id of days.md (the spec's required list).
REQUIRED_IDS = {
    "world-health-day", "world-contraception-day", "world-autism-awareness-day", "world-aids-day",
    "world-population-day", "family-planning-members-day", "world-leprosy-day", "world-kidney-day",
    "world-sleep-day", "world-tb-day", "national-malaria-day", "national-disability-day",
    "world-no-tobacco-day", "national-eye-day", "national-teeth-day", "world-heart-day",
    "world-mental-health-day", "world-sight-day", "world-copd-day", "national-nutrition-week",
    "chongyang", "spring-festival",
}  # fmt: skip
# The rules days.md gives, as canonical text.
REQUIRED_RULES = {
    "world-health-day": "04-07", "world-contraception-day": "09-26",
    "world-autism-awareness-day": "04-02", "world-aids-day": "12-01",
    "world-population-day": "07-11", "family-planning-members-day": "05-29",
    "world-leprosy-day": "last Sunday of January", "world-kidney-day": "2nd Thursday of March",
    "world-sleep-day": "03-21", "world-tb-day": "03-24", "national-malaria-day": "04-26",
    "national-disability-day": "3rd Sunday of May", "world-no-tobacco-day": "05-31",
    "national-eye-day": "06-06", "national-teeth-day": "09-20", "world-heart-day": "09-29",
    "world-mental-health-day": "10-10", "world-sight-day": "2nd Thursday of October",
    "world-copd-day": "3rd Wednesday of November", "national-nutrition-week": "announced",
    "chongyang": "lunar 09-09", "spring-festival": "lunar 01-01",
}  # fmt: skip
ALLOWED_KEYS = {"id", "name", "date", "dates", "days", "scope", "topics", "source"}
SPEC_DAYS = Path("/work/shared/spec/days.md")


@pytest.fixture(scope="module")
def days() -> list[dict]:
    return YAML(typ="safe", pure=True).load(builtin_days_path().read_text(encoding="utf-8"))


def test_every_required_day_is_present_with_its_rule(days):
    by_id = {d["id"]: d for d in days}
    assert REQUIRED_IDS <= set(by_id)
    for day_id, rule in REQUIRED_RULES.items():
        assert str(parse_rule(by_id[day_id]["date"])) == rule, day_id
    assert by_id["national-nutrition-week"]["days"] == 7


@pytest.mark.skipif(not SPEC_DAYS.exists(), reason="spec checkout not available")
def test_required_ids_follow_the_spec():
    table = SPEC_DAYS.read_text(encoding="utf-8")
    ids = set(re.findall(r"^\| ([a-z0-9]+(?:-[a-z0-9]+)*) \|", table, re.M))
    ids.discard("id")  # the table header
    assert ids == REQUIRED_IDS


def test_entries_are_well_formed(days):
    assert len({d["id"] for d in days}) == len(days), "duplicate ids"
    for d in days:
        where = d.get("id")
        assert set(d) <= ALLOWED_KEYS, where
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", d["id"]), where
        assert set(d["name"]) == {"zh-CN", "en"} and all(d["name"].values()), where
        assert re.search(r"[\u4e00-\u9fff]", d["name"]["zh-CN"]), where
        assert d["scope"] in {"who", "un", "national", "local"}, where
        assert d["topics"] and all(re.search(r"[\u4e00-\u9fff]", t) for t in d["topics"]), where
        assert re.fullmatch(r"https?://[^\s/]+\.[a-z]+/\S*", d["source"]), where
        assert isinstance(d["date"], str), where  # quoted: YAML must not make it a number
        if "days" in d:
            assert isinstance(d["days"], int) and 1 < d["days"] <= 31, where


def test_every_rule_parses_and_yields_a_date(days):
    for d in days:
        rule = parse_rule(d["date"])
        if str(rule) == "announced":
            continue
        for year in range(2024, 2031):
            assert len(rule.dates_in(year)) == 1, (d["id"], year)
