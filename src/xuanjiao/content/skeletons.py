"""`xuanjiao new`: complete, valid skeletons whose comments explain every field."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..messages import t
from .models import ID_RE


class SkeletonError(Exception):
    pass


CAMPAIGN = """\
---
# 宣传日的编号（见 `xuanjiao calendar --year {year}`），例如 world-health-day、world-aids-day
day: world-health-day
# 活动年份
year: {year}
# 活动标题，显示在网站和活动方案上
title: {year} 年世界卫生日宣传活动
# 宣传口号（可选）
slogan: 健康生活 从我做起
# 宣传对象
audiences: [社区居民, 流动人口]
# 活动地点：content/venues.yml 中的地点编号，例如 [county-railway-station]
venues: []
# 本次活动使用的宣传资料：content/materials/ 中的文件名（不含 .md）
materials: []
# 目标：覆盖人数和发放资料份数（可选）
goals: {{reach: 1000, materials: 800}}
# 责任科室
owner: 宣传科
---
## 活动目的

写明本次活动要让群众知道什么、做到什么。

## 核心信息

- 第一条要点
- 第二条要点
- 第三条要点

## 活动安排

时间、地点和主要形式（咨询、义诊、发放资料）。
"""

MATERIAL = """\
---
# 资料标题
title: 新的宣传资料
# 类型：poster 海报 | leaflet 三折页 | brochure 宣传册 | flyer 宣传单
kind: leaflet
# 语言：zh-CN 或 en
lang: zh-CN
# 所属活动：content/campaigns/ 中的文件名，例如 [whd-{year}]
campaigns: []
# 适用人群；含“老年人”时自动使用大字号
audiences: [社区居民]
# 状态：draft 草稿 | review 待审 | approved 已审核 | retired 停用；只有 approved 才会印刷和发布
status: draft
# 审核人和审核日期：健康信息须经医生审核后才能定为 approved
# reviewed_by: 县疾控中心 某医生
# reviewed_on: {today}
# review_due: {next_year}
# 信息来源
sources: ["国家卫生健康委员会 相关科普资料"]
# 二维码：page 指向本资料网页 | 一个网址 | none
qr: page
# 印刷：数量、纸张、颜色
print: {{paper: 157g 铜版纸, colors: "4/4"}}
---
## 第一部分

每段话尽量短，每句不超过 50 个字。

<!-- break -->

## 第二部分

三折页内页有三栏，用 `<!-- break -->` 换到下一栏。

<!-- break -->

## 第三部分

最后一栏写咨询方式和就诊建议。
"""

PAGE = """\
---
# 页面标题
title: 新页面
# 在导航中的顺序，数字小的在前
order: 50
---
# 新页面

在这里写正文。
"""

FOLDERS = {"campaign": "campaigns", "material": "materials", "page": "pages"}


def write_skeleton(project: Path, what: str, ident: str, today: dt.date | None = None) -> Path:
    if not ID_RE.match(ident):
        raise SkeletonError(
            t("id '{ident}' must be lowercase ASCII letters, digits and '-' (e.g. whd-2027)", ident=ident)
        )
    today = today or dt.date.today()
    target = project / "content" / FOLDERS[what] / f"{ident}.md"
    if target.exists():
        raise SkeletonError(t("{target} already exists; nothing was changed", target=target))
    template = {"campaign": CAMPAIGN, "material": MATERIAL, "page": PAGE}[what]
    text = template.format(
        year=today.year,
        today=today.isoformat(),
        next_year=today.replace(year=today.year + 1, day=min(today.day, 28)).isoformat(),
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8") as f:  # "x": never overwrite, even in a race
        f.write(text)
    return target
