"""Words printed on materials, in the material's language (from the gettext catalogs).

A material in English must not carry Chinese labels and the reverse; names (organization,
reviewer) are printed as written. `words(lang)` keeps the keys the print templates use.
"""

from __future__ import annotations

import datetime as dt

from .. import i18n
from ..i18n import N_

WORDS = {
    "review": N_("审核："),
    "print_run": N_("印数：{n} 份"),
    "printed": N_("{org} 印制　{date}"),
    "hotline": N_("健康咨询热线"),
    "scan": N_("扫码查看电子版"),
    "scan_more": N_("扫码了解更多"),
    "address": N_("地址："),
    "sources": N_("资料来源"),
    "contents": N_("目录"),
    "draft": N_("样稿 DRAFT"),
    "for_readers": N_("写给："),
    "free": N_("免费发放　欢迎取阅"),
    "contact": N_("联系我们"),
    "tips": N_("健康提示"),
    "turn": N_("请看背面 →"),
    "sessions": N_("活动时间地点"),
    "notes": N_("笔记"),
    "sessions_note": N_("欢迎到现场咨询，免费领取资料"),
}


def words(lang: str) -> dict[str, str]:
    return {key: i18n.gettext(msg, lang) for key, msg in WORDS.items()}


def date_text(day: dt.date, lang: str) -> str:
    return i18n.format_date(day, lang)


def month_text(day: dt.date, lang: str) -> str:
    return i18n.month_text(day, lang)
