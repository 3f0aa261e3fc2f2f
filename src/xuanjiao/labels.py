"""Chinese words for the program's own vocabulary (kinds, scopes, weekdays) and date formats.

Kept in one place so site, print and plans say the same thing; the gettext catalogs of
the i18n work will replace these tables.
"""

from __future__ import annotations

import datetime as dt

KIND = {"poster": "海报", "leaflet": "三折页", "brochure": "宣传册", "flyer": "宣传单",
        "board": "宣传栏", "rollup": "易拉宝", "banner": "横幅"}
VENUE_KIND = {"station": "火车站", "bus-station": "汽车站", "market": "集市", "square": "广场",
              "hospital": "医院", "school": "学校", "community": "社区", "other": "其他"}
SCOPE = {"who": "世卫组织", "un": "联合国", "national": "全国", "local": "本地"}
STATUS = {"draft": "草稿", "review": "待审", "approved": "已审核", "retired": "停用"}
WEEKDAY = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
LANG = {"zh-CN": "中文", "en": "English"}


def date_zh(d: dt.date, weekday: bool = False) -> str:
    text = f"{d.year}年{d.month}月{d.day}日"
    return text + f"（{WEEKDAY[d.weekday()]}）" if weekday else text


def short_date_zh(d: dt.date, weekday: bool = True) -> str:
    text = f"{d.month}月{d.day}日"
    return text + f"（{WEEKDAY[d.weekday()]}）" if weekday else text


def span_zh(start: dt.date, end: dt.date) -> str:
    if start == end:
        return date_zh(start)
    if start.year == end.year:
        return f"{date_zh(start)}至{end.month}月{end.day}日"
    return f"{date_zh(start)}至{date_zh(end)}"


def cycle_zh(rule: str | None) -> str:
    """A venue's `days:` rule in words a volunteer understands (逢三逢八, 每周六、日...)."""
    if not rule:
        return ""
    kind, _, rest = rule.strip().partition(" ")
    parts = [p.strip() for p in rest.split(",") if p.strip()]
    digits = "〇一二三四五六七八九"
    if kind == "daily":
        return "每天"
    if kind == "weekly":
        names = {"mon": "一", "tue": "二", "wed": "三", "thu": "四", "fri": "五", "sat": "六", "sun": "日"}
        return "每周" + "、".join(names.get(p[:3].lower(), p) for p in parts)
    if kind == "lunar" and all(p.isdigit() and len(p) == 1 for p in parts):
        return "农历逢" + "逢".join("十" if p == "0" else digits[int(p)] for p in parts)
    if kind == "solar" and all(p.isdigit() and len(p) == 1 for p in parts):
        return "公历逢" + "逢".join("十" if p == "0" else digits[int(p)] for p in parts)
    return rule
