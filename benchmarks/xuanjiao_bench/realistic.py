"""The realistic case of issue 18: the example project with 22 materials — six different ones
(a leaflet, a poster, a flyer, a brochure, a roll-up banner and a bulletin board) and sixteen
leaflets that differ in title (one per township, as a county prints them)."""

from __future__ import annotations

import re
from pathlib import Path

from .measure import copy_example

SIX = ("whd-leaflet", "whd-poster", "aids-flyer", "autism-brochure", "aids-rollup", "whd-board")
TOWNSHIPS = (
    "城关镇",
    "高坡镇",
    "东关镇",
    "西河镇",
    "南山乡",
    "北岭乡",
    "石桥镇",
    "柳林乡",
    "白沙镇",
    "青龙乡",
    "桃园镇",
    "新集乡",
    "杨庄镇",
    "马坊乡",
    "双河镇",
    "长岭乡",
)


def write_realistic(example: Path, root: Path) -> Path:
    """The example project at `root`, its materials replaced by the 22 (see the docstring)."""
    copy_example(example, root)
    materials = root / "content" / "materials"
    gone = {p.stem for p in materials.glob("*.md")} - set(SIX)
    for stem in gone:
        (materials / f"{stem}.md").unlink()
    for campaign in (root / "content" / "campaigns").glob("*.md"):  # lists without the removed ones
        text = campaign.read_text(encoding="utf-8")
        text = re.sub(
            r"^materials: \[(.*)\]$",
            lambda m: "materials: [" + ", ".join(i for i in m.group(1).split(", ") if i not in gone) + "]",
            text,
            count=1,
            flags=re.MULTILINE,
        )
        campaign.write_text(text, encoding="utf-8")
    leaflet = (materials / "whd-leaflet.md").read_text(encoding="utf-8")
    title = re.search(r"^title: (.*)$", leaflet, re.MULTILINE)
    assert title is not None
    for n, town in enumerate(TOWNSHIPS, 1):
        text = leaflet.replace(title.group(0), f"title: {title.group(1)}（{town}）", 1)
        (materials / f"whd-leaflet-{n:02d}.md").write_text(text, encoding="utf-8")
    return root
