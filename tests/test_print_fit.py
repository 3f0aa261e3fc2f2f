"""Print tests, part 3: what does not fit, what is missing, what grows; drafts, large print,
quantities from the plans."""

from __future__ import annotations

import re

import pikepdf
import pytest

from test_print_kit import CAMPAIGN, font_sizes_of, material, page_texts
from xuanjiao.pipeline import BuildOptions, run_build


@pytest.fixture
def make(make_project):
    """A project with the campaign the test materials name."""
    return lambda files: make_project({"content/campaigns/aids-2026.md": CAMPAIGN, **files})


def body_line(root, rel) -> int:
    """Line number of the first line after the front matter."""
    lines = (root / rel).read_text("utf-8").splitlines()
    return lines.index("---", 1) + 2


def build(root, **kw):
    return run_build(BuildOptions(project_dir=root, only=("print",), jobs=1, **kw))


def errors(result):
    return [d for d in result.diagnostics if d.severity == "error"]


def test_poster_overflow_is_an_error_naming_file_and_amount(make):
    items = "\n".join(f"- 第{n}条很长很长的健康提示，需要认真阅读并且牢牢记住" for n in range(40))
    root = make({"content/materials/big-poster.md": material("海报", "poster", f"## 要点\n\n{items}\n")})
    result = build(root)
    (err,) = errors(result)
    assert err.path == "content/materials/big-poster.md"
    assert err.line == body_line(root, "content/materials/big-poster.md")
    assert "poster" in err.message and "mm too long" in err.message and "20 pt" in err.message
    assert not (root / "build").exists(), "a failed build writes nothing"


@pytest.mark.parametrize("kind,size", [("poster", "A3"), ("rollup", "400x1000")])
def test_text_longer_than_the_measuring_page_is_still_an_error(make, kind, size):
    """So long that it runs down even the fitting pass's tall page: it once printed cut off."""
    body = "\n\n".join(f"第{n}段：高血压患者要按时服药，定期测量血压，少盐少油，适量运动。" for n in range(120))
    root = make({"content/materials/long.md": material("长文", kind, body, size=size)})
    result = build(root)
    (err,) = errors(result)
    assert err.path == "content/materials/long.md" and "mm too long" in err.message, err
    assert not (root / "build").exists()


def test_leaflet_overflow_names_the_first_line_that_did_not_fit(make):
    long = "\n".join(f"- 面板文字第{n}行，每次性行为都要全程正确使用安全套，预防艾滋病。" for n in range(30))
    body = "\n\n<!-- break -->\n\n".join(f"## 第{n}部分\n\n{long}" for n in range(4)) + "\n"
    root = make({"content/materials/big-leaflet.md": material("折页", "leaflet", body)})
    (err,) = errors(build(root))
    assert err.path == "content/materials/big-leaflet.md"
    assert "leaflet" in err.message and "mm too long" in err.message and "9 pt" in err.message
    lines = (root / "content/materials/big-leaflet.md").read_text("utf-8").splitlines()
    assert err.line > body_line(root, "content/materials/big-leaflet.md") + 30
    assert lines[err.line - 1].startswith(("- 面板文字第", "## 第"))  # where the text stops fitting


def test_leaflet_has_four_text_panels(make):
    body = "\n\n<!-- break -->\n\n".join(f"第{n}段。" for n in range(5)) + "\n"
    root = make({"content/materials/five.md": material("折页", "leaflet", body)})
    (err,) = errors(build(root))
    text = (root / "content/materials/five.md").read_text("utf-8").splitlines()
    assert err.path == "content/materials/five.md" and "break" in text[err.line - 1]
    assert "4 panels" in err.message


def test_flyer_has_two_sides(make):
    body = "正面。\n\n<!-- break -->\n\n背面。\n\n<!-- break -->\n\n第三面。\n"
    root = make({"content/materials/three.md": material("传单", "flyer", body)})
    (err,) = errors(build(root))
    assert err.line == body_line(root, "content/materials/three.md") + 6 and "two sides" in err.message


def test_long_brochure_grows_in_fours_with_contents(make):
    paragraphs = "\n\n".join(f"第{n}段：孤独症越早发现、越早干预，孩子的进步往往越大。" * 4 for n in range(14))
    body = "\n\n<!-- break -->\n\n".join(f"## 第{c}章\n\n{paragraphs}" for c in "一二三") + "\n"
    root = make({"content/materials/long.md": material("长手册", "brochure", body)})
    result = build(root)
    assert result.ok, [d.format() for d in result.diagnostics]
    pdf = root / "build/print/long.pdf"
    texts = page_texts(pdf)
    assert len(texts) > 8 and len(texts) % 4 == 0
    assert "目录" in texts[1] and "第一章" in texts[1] and "第三章" in texts[1]
    assert "12320" in texts[-1]
    with pikepdf.open(root / "build/print/long.imposed.pdf") as imposed:
        assert len(imposed.pages) == len(texts) // 2


def test_missing_image_is_an_error_with_file_and_line(make):
    body = "## 标题\n\n文字。\n\n![示意图](../assets/nowhere.png)\n"
    root = make({"content/materials/img.md": material("海报", "poster", body)})
    (err,) = errors(build(root))
    line = body_line(root, "content/materials/img.md") + 4
    assert (err.path, err.line, err.col) == ("content/materials/img.md", line, 8)
    assert "image not found" in err.message


def test_images_from_assets_are_embedded(make):
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><circle cx="20" cy="20" r="18" fill="red"/></svg>'
    body = "## 标题\n\n![示意图](../assets/dot.svg)\n\n文字。\n"
    root = make({"content/materials/img.md": material("海报", "poster", body), "content/assets/dot.svg": svg})
    result = build(root)
    assert result.ok, [d.format() for d in result.diagnostics]
    assert not [d for d in result.diagnostics if "WeasyPrint" in d.message]


def test_large_print_for_older_readers(make):
    body = "## 要点\n\n- 大字内容：按时测血压。\n\n<!-- break -->\n\n第二面板。\n"
    root = make({"content/materials/big.md": material("折页", "leaflet", body, audiences="老年人")})
    result = build(root)
    assert result.ok
    sizes = font_sizes_of(root / "build/print/big.pdf", 1, "大字内容")
    assert sizes and min(sizes) >= 14


def test_drafts_are_watermarked_and_only_printed_with_drafts(make):
    root = make({"content/materials/d.md": material("草稿传单", "flyer", "草稿内容。\n", status="draft")})
    assert build(root).ok
    assert not (root / "build/print/d.pdf").exists()
    assert build(root, drafts=True).ok
    (text,) = page_texts(root / "build/print/d.pdf")
    assert "样稿" in text and "草稿内容" in text


VENUES = """\
- id: station
  name: 县火车站
  kind: station
  hours: "08:00-11:00"
  volunteers: 0
  reach: 500
  days: "daily"
"""


def test_quantities_come_from_the_plans(make_project):
    """The print order sums each material's quantities over the plans the pipeline computed
    (two campaigns here), even when the plans stage does not run; a material no plan prints
    and without print.quantity is left blank, with a warning."""
    from openpyxl import load_workbook

    from xuanjiao.content.loader import load_project
    from xuanjiao.schedule import plan_project

    aids = CAMPAIGN.replace("slogan:", "venues: [station]\nslogan:")
    whd = aids.replace("world-aids-day", "world-health-day").replace("艾滋病日", "卫生日")
    f = material("传单", "flyer", "内容。\n", print_="paper: 80g 双胶纸")
    root = make_project(
        {
            "content/campaigns/aids-2026.md": aids,
            "content/campaigns/whd-2026.md": whd,
            "content/venues.yml": VENUES,
            "content/materials/f.md": f.replace("[aids-2026]", "[aids-2026, whd-2026]"),
            "content/materials/g.md": material("传单二", "flyer", "内容。\n", print_="paper: 80g 双胶纸").replace(
                "campaigns: [aids-2026]\n", ""
            ),
        }
    )
    plans = plan_project(load_project(root)[0]).plans
    per_plan = [q.quantity for p in plans.values() for q in p.print if q.material == "f"]
    assert len(per_plan) == 2 and all(n > 0 for n in per_plan)
    result = build(root)
    assert result.ok and not (root / "build/plans").exists()
    (warn,) = [d for d in result.diagnostics if d.severity == "warning"]
    assert warn.path == "content/materials/g.md" and "quantity" in warn.message
    ws = load_workbook(root / "build/print/print-order.xlsx")["印刷清单"]
    rows = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    assert rows["f"][8] == sum(per_plan) and rows["f"][5] == "80g 双胶纸" and rows["g"][8] is None
    assert rows["合计"][8] == sum(per_plan)


def test_wrong_size_for_the_kind(make):
    text = material("海报", "poster", "文字。\n", size="A5")
    root = make({"content/materials/p.md": text})
    (err,) = errors(build(root))
    assert (err.path, err.line) == ("content/materials/p.md", 4) and "A3 or A2" in err.message


def test_characters_no_font_has_are_errors(make):
    root = make({"content/materials/t.md": material("海报", "poster", "## 标题\n\n病毒 \U0001f9a0 别怕。\n")})
    (err,) = errors(build(root))
    assert (err.line, err.col) == (body_line(root, "content/materials/t.md") + 2, 4) and "U+1F9A0" in err.message


@pytest.mark.parametrize("variant", ["pdf/x-4"])
def test_pdf_variant(make, variant):
    import datetime as dt

    from xuanjiao.content.loader import load_project
    from xuanjiao.printing import PrintSettings, print_stage
    from xuanjiao.stage import StageContext

    root = make({"content/materials/p.md": material("海报", "poster", "文字。\n")})
    project, _ = load_project(root)
    stamp = dt.datetime(2026, 10, 31, tzinfo=dt.timezone.utc)
    ctx = StageContext(project, root / "out", root / "work", False, 1, stamp.date(), stamp)
    diags = print_stage(ctx, PrintSettings(pdf_variant=variant))
    assert not [d for d in diags if d.severity == "error"]
    first = (root / "out/print/p.pdf").read_bytes()
    with pikepdf.open(root / "out/print/p.pdf") as pdf:
        # WeasyPrint's PDF/X metadata; an output intent needs a CMYK profile (not shipped), colour stays RGB
        xmp = pdf.Root.Metadata.read_bytes()
        assert b"PDF/X-4" in xmp and re.search(rb"<xmpMM:DocumentID>xmp\.did:[0-9a-f-]{36}</", xmp)
        assert "/TrimBox" in pdf.pages[0].obj and "/BleedBox" in pdf.pages[0].obj
    # built again: the same bytes (WeasyPrint's DocumentID is random; ours comes from the pages)
    again = StageContext(project, root / "again", root / "work2", False, 1, stamp.date(), stamp)
    assert not [d for d in print_stage(again, PrintSettings(pdf_variant=variant)) if d.severity == "error"]
    assert (root / "again/print/p.pdf").read_bytes() == first


@pytest.mark.parametrize("kind", ["poster", "brochure"])  # a brochure's blank pages are spliced in again
def test_screen_pdf_downsamples_photos(make, kind):
    from PIL import Image

    body = '## 标题\n\n![照片](../assets/photo.png){: style="width: 40mm" }\n\n文字。\n'
    root = make({"content/materials/photo.md": material("海报", kind, body)})
    (root / "content/assets").mkdir()
    Image.effect_noise((900, 900), 90).convert("RGB").save(root / "content/assets/photo.png")
    result = build(root)
    assert result.ok, [d.format() for d in result.diagnostics]
    printed = (root / "build/print/photo.pdf").stat().st_size
    screen = (root / "build/print/photo.screen.pdf").stat().st_size
    assert printed > 1_000_000 and screen * 3 < printed
    with pikepdf.open(root / "build/print/photo.pdf") as a, pikepdf.open(root / "build/print/photo.screen.pdf") as b:
        assert len(a.pages) == len(b.pages) == (4 if kind == "brochure" else 1)


def test_a_missing_cjk_font_is_a_clear_error(make, monkeypatch):
    import xuanjiao.printing as printing
    from xuanjiao.pdf import MissingFontError

    def no_fonts():
        raise MissingFontError("no CJK font found; install it with: apt-get install fonts-noto-cjk")

    monkeypatch.setattr(printing, "check_cjk_fonts", no_fonts)
    root = make({"content/materials/p.md": material("海报", "poster", "文字。\n")})
    (err,) = errors(build(root))
    assert "fonts-noto-cjk" in err.message


def test_leaflet_without_flap_text_and_with_too_many_sources(make):
    three = "\n\n<!-- break -->\n\n".join(f"## 第{n}面\n\n内容{n}。" for n in "一二三") + "\n"
    root = make({"content/materials/l3.md": material("三面折页", "leaflet", three)})
    assert build(root).ok
    outside = page_texts(root / "build/print/l3.pdf")[0]
    assert "健康提示" in outside and "知艾防艾" in outside  # the flap's own card: tips, slogan, hotline
    sources = "".join(f'\n  - "国家卫生健康委员会关于印发健康教育工作规范的通知第{n}号文件全文"' for n in range(40))
    text = material("来源很多", "leaflet", three).replace(
        'sources: ["国家卫生健康委《健康素养》"]', "sources:" + sources
    )
    root = make({"content/materials/many.md": text})
    (err,) = errors(build(root))
    assert err.path == "content/materials/many.md" and "back panel" in err.message and "too full" in err.message


def test_the_project_theme_overrides_print_templates(make):
    poster = """{% extends "base.html.j2" %}{% block body %}<section class="side"><div class="sheet">
<h1>{{ m.title }}</h1><main data-region="main" style="height: 300mm">本县自己的海报版式{{ body }}</main>
</div></section>{% endblock %}"""
    root = make(
        {
            "content/materials/p.md": material("海报", "poster", "文字。\n"),
            "themes/default/print/poster.html.j2": poster,
        }
    )
    assert build(root).ok
    (text,) = page_texts(root / "build/print/p.pdf")
    assert "本县自己的海报版式" in text and "文字" in text


def test_too_long_is_said_in_chinese_kind_and_hint_included(make, monkeypatch):
    """The writer's language throughout: the kind's name and the hint too (they were English
    words inside the Chinese sentence)."""
    monkeypatch.setenv("XUANJIAO_LANG", "zh-CN")
    items = "\n".join(f"- 第{n}条很长很长的健康提示，需要认真阅读并且牢牢记住" for n in range(40))
    root = make({"content/materials/big-poster.md": material("海报", "poster", f"## 要点\n\n{items}\n")})
    (err,) = errors(build(root))
    assert err.message.startswith("海报的文字从这里开始放不下"), err.message
    assert err.hint == "海报只放几条简短的信息：请精简，或改做三折页"
