"""Campaign bodies in every shape a writer uses give the plan the same sections: `##`
headings, bold labels on their own line or leading a paragraph, a label with its list right
under it, plain lists. Checked on the parsed sections and on real plans and calendars."""

from __future__ import annotations

import json

import pytest
from icalendar import Calendar

from xuanjiao.pipeline import BuildOptions, run_build
from xuanjiao.schedule import campaign_text as ct

HEADINGS = """\
## 活动目的

普及**碘盐**知识，守护孩子智力发育。

## 核心信息

- 坚持吃合格碘盐。
- 孕妇和哺乳期妇女需要更多的碘。

## 主要活动

1. 逢集日到乡镇集市设点咨询。
2. 进校园开展碘知识课堂。
"""

LABELS = """\
**活动目的**

普及**碘盐**知识，守护孩子智力发育。

**核心信息：**

- 坚持吃合格碘盐。
- 孕妇和哺乳期妇女需要更多的碘。

**主要活动**
1. 逢集日到乡镇集市设点咨询。
2. 进校园开展碘知识课堂。
"""

INLINE_LABELS = """\
**活动目的**：普及**碘盐**知识，守护孩子智力发育。

**核心信息**
- 坚持吃合格碘盐。
- 孕妇和哺乳期妇女需要更多的碘。

**主要活动**：
1. 逢集日到乡镇集市设点咨询。
2. 进校园开展碘知识课堂。
"""

PURPOSE = ["普及碘盐知识，守护孩子智力发育。"]
MESSAGES = ["坚持吃合格碘盐。", "孕妇和哺乳期妇女需要更多的碘。"]
ACTIVITIES = ["逢集日到乡镇集市设点咨询。", "进校园开展碘知识课堂。"]


@pytest.mark.parametrize("body", [HEADINGS, LABELS, INLINE_LABELS], ids=["headings", "labels", "inline-labels"])
def test_every_shape_gives_the_same_parts(body):
    assert ct.purpose(body) == PURPOSE
    assert ct.key_messages(body) == MESSAGES
    assert ct.arrangements(body) == ACTIVITIES


def test_a_bold_phrase_inside_a_sentence_is_text_not_a_label():
    body = "**碘盐**是预防碘缺乏病最有效的办法。\n\n- 坚持吃碘盐。\n"
    assert [s.heading for s in ct.sections(body)] == [""]
    assert ct.purpose(body) == ["碘盐是预防碘缺乏病最有效的办法。"]


def test_without_a_named_section_the_first_list_holds_the_key_messages():
    body = "结合集市开展宣传。\n\n- 少吃盐。\n- 多运动。\n\n## 活动安排\n\n- 赶集日设点。\n"
    assert ct.purpose(body) == ["结合集市开展宣传。"]
    assert ct.key_messages(body) == ["少吃盐。", "多运动。"]
    assert ct.arrangements(body) == ["赶集日设点。"]


def test_entities_raw_tags_and_english_labels():
    body = "**Key messages**\n\n- Salt &amp; iodine: <b>use iodised salt</b>\n"
    assert ct.key_messages(body) == ["Salt & iodine: use iodised salt"]


FILES = {
    "content/venues.yml": """\
        - id: market
          name: 石门镇集市
          kind: market
          hours: "07:00-11:00"
          volunteers: 2
          reach: 600
          days: daily
        """,
    "private/volunteers.yml": """\
        - {id: v1, name: 吴秀兰, phone: "13900000001", roles: [咨询], available: []}
        - {id: v2, name: 钱国栋, phone: "13900000002", roles: [发放资料], available: []}
        """,
    "content/plan.yml": "window: {before: 1, after: 0}\n",
}
CAMPAIGN = """\
---
day: national-iodine-deficiency-day
year: 2026
title: 2026 年防治碘缺乏病日宣传
venues: [market]
---
"""


def _build(make_project, name: str, body: str):
    root = make_project({**FILES, "content/campaigns/iodine-2026.md": CAMPAIGN + body}, name=name)
    result = run_build(BuildOptions(root, only=("plans", "private")))
    assert result.ok, [d.format() for d in result.diagnostics]
    return root / "build"


def test_a_plan_from_bold_labels_reads_as_one_from_headings(make_project, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    built = {name: _build(make_project, name, body) for name, body in (("headings", HEADINGS), ("labels", LABELS))}
    plans = {name: out / "plans" / "2026" / "national-iodine-deficiency-day" for name, out in built.items()}
    assert (plans["labels"] / "plan.md").read_text("utf-8") == (plans["headings"] / "plan.md").read_text("utf-8")
    text = (plans["labels"] / "plan.md").read_text("utf-8")
    for line in PURPOSE + MESSAGES + ACTIVITIES:
        assert line in text
    sessions = json.loads((plans["labels"] / "plan.json").read_text("utf-8"))["sessions"]
    assert sessions and all(s["volunteers"] for s in sessions)
    calendars = {
        name: sorted((out / "private" / "2026" / "national-iodine-deficiency-day" / "volunteers").glob("*.ics"))
        for name, out in built.items()
    }
    assert [c.stem for c in calendars["labels"]] == [c.stem for c in calendars["headings"]] == ["v1", "v2"]
    for path in calendars["labels"] + calendars["headings"]:  # every volunteer's entry, both shapes
        events = [e for e in Calendar.from_ical(path.read_bytes()).walk("VEVENT")]
        assert events
        for event in events:
            description = str(event["DESCRIPTION"])
            assert all(f"{i}. {m}" in description for i, m in enumerate(MESSAGES, 1)), description
