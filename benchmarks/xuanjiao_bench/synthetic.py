"""A synthetic project of N materials and N campaigns, in generated Chinese, for benchmarks.

Deterministic (seeded), valid (`xuanjiao check` passes) and realistic: a mix of leaflets,
posters, flyers and brochures, all approved and reviewed, each in one campaign on a built-in
awareness day; a few venues and volunteers so that the plan stages have work to do.
"""

from __future__ import annotations

import random
from pathlib import Path

import yaml

from xuanjiao.resources import PACKAGE_DIR

KINDS = ("leaflet", "poster", "flyer", "brochure", "leaflet")  # leaflets are the common case
SIZES = {"leaflet": "A4", "poster": "A3", "flyer": "A5", "brochure": "A5"}
TOPICS = (
    "合理膳食",
    "适量运动",
    "戒烟限酒",
    "心理平衡",
    "定期体检",
    "科学就医",
    "预防接种",
    "口腔卫生",
    "慢病管理",
    "妇幼保健",
    "老年健康",
    "传染病防控",
    "食品安全",
    "用药安全",
    "睡眠健康",
    "环境卫生",
)
SUBJECTS = ("成年人", "老年人", "孕产妇", "儿童青少年", "慢性病患者", "外出务工人员", "家庭成员", "学生")
ACTIONS = (
    "每天坚持锻炼半小时",
    "少盐少油少糖",
    "按时接种疫苗",
    "每年至少体检一次",
    "饭前便后勤洗手",
    "早睡早起不熬夜",
    "遵医嘱按时服药",
    "定期测量血压和血糖",
    "保持室内通风",
    "不吃来历不明的野生菌",
    "出现不适及时就医",
    "多吃蔬菜水果和全谷物",
    "戒烟越早越好",
    "有心事主动找人说说",
    "刷牙早晚各一次，每次两分钟",
    "外出佩戴口罩，注意个人防护",
)
REASONS = (
    "可以降低患病风险",
    "有助于早发现、早治疗",
    "对全家人的健康都有好处",
    "花钱少、效果好",
    "是最简单有效的健康投资",
    "能减少并发症的发生",
    "让身体更有活力",
)
AUDIENCES = ("城乡居民", "流动人口", "老年人", "育龄妇女", "青少年", "农民")
VOLUNTEERS = 40
OWNER = "基准县卫生健康局宣传科"
VENUES = (
    ("bench-station", "县火车站站前广场", "station", "07:30-11:00", "daily"),
    ("bench-bus", "县汽车客运站", "bus-station", "08:00-11:30", "daily"),
    ("bench-square", "人民广场", "square", "18:30-20:30", "weekly Sat,Sun"),
    ("bench-market-a", "东关集市", "market", "07:00-11:00", "lunar 3,8"),
    ("bench-market-b", "西河集市", "market", "07:00-10:30", "lunar 2,7"),
)


def builtin_days() -> list[str]:
    """Ids of built-in awareness days with a date rule (not `announced`)."""
    days = yaml.safe_load((PACKAGE_DIR / "data" / "awareness-days.yml").read_text(encoding="utf-8"))
    return [d["id"] for d in days if str(d["date"]) != "announced"]


class _Text:
    def __init__(self, rng: random.Random):
        self.rng = rng

    def sentence(self) -> str:
        r = self.rng
        return f"{r.choice(SUBJECTS)}要{r.choice(ACTIONS)}，{r.choice(REASONS)}。"

    def bullets(self, n: int) -> str:
        return "\n".join(f"- {self.sentence()}" for _ in range(n))

    def section(self, bullets: int, topic: str | None = None) -> str:
        return f"## {topic or self.rng.choice(TOPICS)}\n\n{self.bullets(bullets)}"

    def body(self, kind: str) -> str:
        topics = iter(self.rng.sample(TOPICS, 8))  # headings unique within a material (anchor ids)
        if kind == "poster":
            return self.bullets(3)
        if kind == "flyer":
            return "\n\n<!-- break -->\n\n".join(self.section(3, next(topics)) for _ in range(2))
        if kind == "leaflet":
            parts = ["\n\n".join(self.section(3, next(topics)) for _ in range(2)) for _ in range(3)]
            parts.append(self.section(4, next(topics)))
            return "\n\n<!-- break -->\n\n".join(parts)
        return "\n\n".join(f"## {next(topics)}\n\n{self.paragraphs(2)}\n\n{self.bullets(4)}" for _ in range(4))

    def paragraphs(self, n: int) -> str:
        return "\n\n".join("".join(self.sentence() for _ in range(3)) for _ in range(n))


def _front(data: dict) -> str:
    return "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000) + "---\n"


def write_project(root: Path, scale: int, seed: int = 1) -> Path:
    """Write a project of `scale` materials and `scale` campaigns under `root`; returns root."""
    rng, text = random.Random(seed), _Text(random.Random(seed + 1))
    content = root / "content"
    for sub in ("materials", "campaigns", "pages"):
        (content / sub).mkdir(parents=True, exist_ok=True)
    (root / "private").mkdir(parents=True, exist_ok=True)
    _write(
        content / "site.yml",
        yaml.safe_dump(
            {
                "title": "基准县卫生健康宣传教育",
                "organization": "基准县卫生健康局",
                "hotline": "12320",
                "url": "https://example.org/bench/",
                "languages": ["zh-CN"],
                "timezone": "Asia/Shanghai",
                "theme": "default",
                "engine": "mkdocs",
                "region": "基准省基准县",
            },
            allow_unicode=True,
            sort_keys=False,
        ),
    )
    _write(
        content / "venues.yml",
        yaml.safe_dump(
            [
                {
                    "id": vid,
                    "name": name,
                    "kind": kind,
                    "address": f"基准县{name}",
                    "hours": hours,
                    "volunteers": 2,
                    "reach": 500,
                    "days": days,
                }
                for vid, name, kind, hours, days in VENUES
            ],
            allow_unicode=True,
            sort_keys=False,
        ),
    )
    _write(
        root / "private" / "volunteers.yml",
        yaml.safe_dump(
            [
                {
                    "id": f"v{i:03d}",
                    "name": f"志愿者{i}",
                    "phone": f"138000{i:05d}",
                    "team": "青年志愿者服务队",
                    "roles": ["宣讲", "发放资料", "咨询"],
                    "available": [],
                }
                for i in range(VOLUNTEERS)
            ],
            allow_unicode=True,
            sort_keys=False,
        ),
    )
    _write(content / "pages" / "about.md", "# 关于我们\n\n" + text.sentence() * 3 + "\n")
    days = builtin_days()
    for i in range(scale):
        day, year = days[i % len(days)], 2026 + i // len(days)
        cid, mid, kind = f"bench-{i:04d}-{year}", f"bench-m{i:04d}", KINDS[i % len(KINDS)]
        audiences = rng.sample(AUDIENCES, 2)
        venues = [v[0] for v in rng.sample(VENUES, 2)]
        _write(
            content / "campaigns" / f"{cid}.md",
            _front(
                {
                    "day": day,
                    "year": year,
                    "title": f"{year} 年第 {i + 1} 次宣传活动",
                    "slogan": text.sentence()[:-1],
                    "audiences": audiences,
                    "venues": venues,
                    "materials": [mid],
                    "goals": {"reach": 2000, "materials": 1000},
                    "owner": OWNER,
                }
            )
            + "\n"
            + text.section(3)
            + "\n",
        )
        _write(
            content / "materials" / f"{mid}.md",
            _front(
                {
                    "title": f"{rng.choice(TOPICS)}{rng.choice(('从我做起', '人人有责', '健康相伴', '你我同行'))}",
                    "kind": kind,
                    "size": SIZES[kind],
                    "lang": "zh-CN",
                    "campaigns": [cid],
                    "audiences": audiences,
                    "status": "approved",
                    "reviewed_by": "基准县疾病预防控制中心 张医生",
                    "reviewed_on": "2026-01-05",
                    "review_due": "2027-01-05",
                    "sources": ["国家卫生健康委《中国公民健康素养——基本知识与技能》"],
                    "qr": "page",
                    "print": {"quantity": 1000, "paper": "157g 铜版纸", "colors": "4/4"},
                }
            )
            + "\n"
            + text.body(kind)
            + "\n",
        )
    return root


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
