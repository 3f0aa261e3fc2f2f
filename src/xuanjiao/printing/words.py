"""Words printed on materials, per material language (the gettext catalogs will replace this).

A material in English must not carry Chinese labels and the reverse; names (organization,
reviewer) are printed as written.
"""

from __future__ import annotations

import datetime as dt

from .. import labels

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")

WORDS = {
    "zh-CN": {
        "review": "审核：",
        "print_run": "印数：{n} 份",
        "printed": "{org} 印制　{date}",
        "hotline": "健康咨询热线",
        "scan": "扫码查看电子版",
        "scan_more": "扫码了解更多",
        "address": "地址：",
        "sources": "资料来源",
        "contents": "目录",
        "draft": "样稿 DRAFT",
        "for_readers": "写给：",
        "free": "免费发放　欢迎取阅",
        "contact": "联系我们",
        "tips": "健康提示",
        "turn": "请看背面 →",
    },
    "en": {
        "review": "Reviewed by ",
        "print_run": "Print run: {n} copies",
        "printed": "Printed by {org}, {date}",
        "hotline": "Health hotline",
        "scan": "Scan to read online",
        "scan_more": "Scan to learn more",
        "address": "Address: ",
        "sources": "Sources",
        "contents": "Contents",
        "draft": "DRAFT",
        "for_readers": "For: ",
        "free": "Free of charge",
        "contact": "Contact us",
        "tips": "Health tips",
        "turn": "Please turn over →",
    },
}


def words(lang: str) -> dict[str, str]:
    return WORDS.get(lang, WORDS["zh-CN"])


def date_text(day: dt.date, lang: str) -> str:
    if lang == "en":
        return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
    return labels.date_zh(day)


def month_text(day: dt.date, lang: str) -> str:
    if lang == "en":
        return f"{_MONTHS[day.month - 1]} {day.year}"
    return f"{day.year}年{day.month}月"
