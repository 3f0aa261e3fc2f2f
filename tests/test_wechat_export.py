"""`xuanjiao wechat ID`: an article for the WeChat official account's editor, which keeps inline
styles and nothing else: no <style>, class or external resource; every element styled inline;
lists, links, pictures, hotline and QR code in shapes the editor keeps. Seen in Chromium at
375 px, its visible text is the material's text."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest
from PIL import Image

from xuanjiao import qr
from xuanjiao.markdown import render, strip_breaks

BROWSER_DIR = Path(__file__).resolve().parent / "browser"
REPO = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("XUANJIAO_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100" width="200" height="100">'
    '<rect width="200" height="100" fill="#1a8a6e"/><circle cx="100" cy="50" r="30" fill="#fff"/></svg>'
)

MATERIAL = """\
---
title: 高血压防治要点
kind: leaflet
campaigns: []
status: approved
reviewed_by: 县疾控中心 王医生
reviewed_on: 2026-03-01
review_due: 2027-03-01
sources: ["国家卫生健康委"]
qr: page
---
## 认识高血压

高血压是**最常见的慢性病**之一，详见[世界卫生组织的介绍](https://www.who.int/news-room/fact-sheets/detail/hypertension)
和[另一份资料](other.md)。有问题请[发邮件](mailto:jk@example.cn)，或看[下文](#生活方式)。
<span onclick="alert(1)">点击无效</span>

![血压计](../assets/meter.png)

<!-- break -->

## 生活方式

- 少盐
    - 每天不超过 5 克
    - 少吃腌制食品
        1. 咸菜
        2. 腊肉
- 多运动

1. 测血压
2. 看医生

| 人群 | 频次 |
| --- | --- |
| 成年人 | 每年 1 次 |
| 患者 | 每周 1 次 |

![示意图](../assets/diagram.svg)

再看一次[世界卫生组织的介绍](https://www.who.int/news-room/fact-sheets/detail/hypertension)。
"""

OTHER = """\
---
title: 另一份资料
kind: flyer
status: approved
reviewed_by: 王医生
reviewed_on: 2026-03-01
review_due: 2027-03-01
sources: ["x"]
---
正文。
"""

NEWS = """\
---
title: 社区义诊测血压
date: 2026-04-08
summary: 县卫生健康局在社区开展义诊。
cover: assets/diagram.svg
---
义诊现场为 **120 名**群众测量血压。
"""


def png_bytes() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (300, 200), (200, 60, 60)).save(buf, "PNG")
    return buf.getvalue()


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    from conftest import write_project

    root = write_project(
        tmp_path_factory.mktemp("wechat") / "proj",
        {
            "content/materials/htn.md": MATERIAL,
            "content/materials/other.md": OTHER,
            "content/news/clinic.md": NEWS,
            "content/assets/diagram.svg": SVG,
        },
    )
    (root / "content" / "assets" / "meter.png").write_bytes(png_bytes())
    return root


def xj(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "XUANJIAO_LANG": "en"}
    return subprocess.run(
        [sys.executable, "-m", "xuanjiao", *args], capture_output=True, text=True, timeout=180, env=env, check=False
    )


@pytest.fixture(scope="module")
def article(project) -> tuple[Path, lxml.html.HtmlElement, subprocess.CompletedProcess]:
    result = xj("wechat", "htn", "--project", str(project))
    assert result.returncode == 0, result.stderr
    path = project / "build" / "wechat" / "htn" / "article.html"
    return path, lxml.html.parse(str(path)).getroot(), result


def test_no_style_class_script_or_external_resource(article):
    path, doc, _ = article
    text = path.read_text(encoding="utf-8")
    assert not doc.xpath("//style | //link | //script | //iframe | //a")
    assert not doc.xpath("//*[@class] | //*[@id] | //*[@onclick]") and "onclick" not in text
    for el in doc.xpath("//*[@src] | //*[@href]"):
        ref = el.get("src") or el.get("href")
        assert re.fullmatch(r"[a-z0-9-]+\.(png|jpg|gif)", ref), ref
        assert (path.parent / ref).is_file()
    assert not re.search(r"url\(|https?://[^<\s]*\.(png|jpg|css|js)", text)


def test_every_element_is_styled_inline(article):
    _, doc, _ = article
    body = doc.find("body")
    unstyled = [el.tag for el in body.iter() if isinstance(el.tag, str) and el.tag != "br" and not el.get("style")]
    assert unstyled == []
    p = next(p for p in body.iter("p") if "常见的慢性病" in p.text_content())
    style = dict(d.split(":", 1) for d in p.get("style").replace(" ", "").split(";") if d)
    assert style["font-size"] == "16px" and style["line-height"] == "1.75"


def _text(el) -> str:
    return re.sub(r"\s+", " ", el.text_content()).strip()


def test_lists_become_paragraphs_with_their_markers_and_levels(article):
    _, doc, _ = article
    assert not doc.xpath("//ul | //ol | //li")
    items = [(_text(p), p.get("style")) for p in doc.iter("p") if p.get("style") and "text-indent" in p.get("style")]
    texts = [t for t, _ in items]
    assert texts == [
        "•少盐",
        "◦每天不超过 5 克",
        "◦少吃腌制食品",
        "1.咸菜",
        "2.腊肉",
        "•多运动",
        "1.测血压",
        "2.看医生",
    ]
    indent = [float(re.search(r"padding-left:\s*([\d.]+)em", s).group(1)) for _, s in items]
    assert indent == [1.5, 3, 3, 4.5, 4.5, 1.5, 1.5, 1.5]


def test_links_become_numbered_notes(article, project):
    _, doc, _ = article
    body = _text(doc.find("body"))
    who = "https://www.who.int/news-room/fact-sheets/detail/hypertension"
    assert "世界卫生组织的介绍[1]" in body and "另一份资料[2]" in body and "发邮件[3]" in body
    assert "再看一次世界卫生组织的介绍[1]" in body  # the same URL keeps its number
    assert "下文" in body and "下文[" not in body  # a link within the page has nothing to note
    notes = [_text(p) for p in doc.iter("p") if re.match(r"\[\d\]", _text(p))]
    # text_content() shows the line break between a note's words and its address as nothing
    assert notes == [
        f"[1] 世界卫生组织的介绍{who}",
        "[2] 另一份资料https://jiankang.test.example/materials/other/",
        "[3] 发邮件jk@example.cn",
    ]


def test_pictures_qr_and_hotline_are_files_beside_the_article(article, project):
    path, doc, _ = article
    imgs = [img.get("src") for img in doc.iter("img")]
    assert imgs == ["image-1.png", "image-2.png", "qr.png"]
    assert (path.parent / "image-1.png").read_bytes() == (project / "content/assets/meter.png").read_bytes()
    with Image.open(path.parent / "image-2.png") as drawn:  # the SVG, drawn: the editor takes no SVG
        assert drawn.format == "PNG" and drawn.size == (750, 375)
        assert drawn.convert("RGB").getpixel((10, 10)) == (0x1A, 0x8A, 0x6E)
        assert drawn.convert("RGB").getpixel((375, 187)) == (255, 255, 255)
    buf = io.BytesIO()
    qr.make("https://jiankang.test.example/materials/htn/").save(buf, kind="png", scale=8, border=2)
    assert (path.parent / "qr.png").read_bytes() == buf.getvalue()
    end = _text(doc.find("body"))
    assert end.index("健康咨询热线12320") > end.index("[3] 发邮件")
    assert sorted(p.name for p in path.parent.iterdir()) == ["article.html", "image-1.png", "image-2.png", "qr.png"]


def test_news_post_with_cover_date_and_summary(project):
    result = xj("wechat", "clinic", "--project", str(project))
    assert result.returncode == 0, result.stderr
    out = project / "build" / "wechat" / "clinic"
    doc = lxml.html.parse(str(out / "article.html")).getroot()
    text = _text(doc.find("body"))
    assert "社区义诊测血压" in text and "2026年4月8日" in text and "县卫生健康局在社区开展义诊。" in text
    assert "120 名" in text and "cover.png" in result.stderr
    with Image.open(out / "cover.png") as cover:
        assert cover.format == "PNG" and cover.width == 750
    assert "cover.png" not in (out / "article.html").read_text(encoding="utf-8")  # the editor's 封面 field


def test_unknown_id_and_broken_project_keep_the_previous_export(article, project, make_project):
    out = project / "build" / "wechat" / "htn"
    result = xj("wechat", "htm", "--project", str(project))
    assert result.returncode == 1 and "no material or news post 'htm'" in result.stderr and "'htn'" in result.stderr
    broken = make_project({"content/materials/bad.md": "---\ntitle: x\nkind: poster\nstatuss: draft\n---\n正文\n"})
    result = xj("wechat", "bad", "--project", str(broken))
    assert result.returncode == 1 and "statuss" in result.stderr and "Traceback" not in result.stderr
    assert not (broken / "build").exists() and (out / "article.html").is_file()


def _blocks(markdown_body: str) -> list[str]:
    page = lxml.html.fragment_fromstring(render(strip_breaks(markdown_body)), create_parent="div")
    out = []
    for el in page.iter("p", "li", "h2", "h3", "td", "th"):
        own = (el.text or "") + "".join(
            ("" if c.tag in ("ul", "ol") else c.text_content()) + (c.tail or "") for c in el
        )
        own = re.sub(r"\s+", "", own)
        if own:
            out.append(own)
    return out


def _browser_missing() -> str | None:
    if not (Path(CHROMIUM).is_file() and shutil.which("node") and (REPO / "node_modules" / "playwright-core").is_dir()):
        return "needs chromium, node and node_modules/playwright-core (scripts/test installs them)"
    return None


def test_in_chromium_at_375px_the_text_is_the_materials(article, tmp_path):
    missing = _browser_missing()
    if missing:
        if os.environ.get("CI"):
            pytest.fail(missing)
        pytest.skip(missing)
    path, _, _ = article
    out, shot = tmp_path / "seen.json", tmp_path / "wechat-375.png"
    node = subprocess.run(
        ["node", str(BROWSER_DIR / "wechat_article.js"), CHROMIUM, str(path), str(out), str(shot)],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=REPO,
        check=False,
    )
    assert node.returncode == 0, node.stderr
    seen = json.loads(out.read_text(encoding="utf-8"))
    assert seen["unstyled"] == [] and seen["broken_images"] == []
    assert all(u.startswith(path.parent.as_uri() + "/") for u in seen["requests"]), seen["requests"]
    assert seen["scroll_width"] <= 375  # nothing wider than the phone
    assert all(i["width"] <= 375 for i in seen["images"])
    visible = re.sub(r"\s+", "", seen["text"])
    visible = re.sub(r"\[\d+\]", "", visible)  # note marks
    position = 0
    for block in _blocks(MATERIAL.split("---\n", 2)[2]):  # every block of the material, in order
        found = visible.find(re.sub(r"[•◦▪]", "", block), position)
        assert found >= 0, block
        position = found + len(block)
    with Image.open(shot) as picture:  # a phone's page (2x pixels), with ink on it
        assert picture.width == 750 and picture.height > 2000
        assert picture.convert("L").point(lambda v: v < 128).getbbox() is not None
    if os.environ.get("XUANJIAO_SHOTS"):  # to look at it: XUANJIAO_SHOTS=/some/dir pytest ...
        shutil.copy(shot, Path(os.environ["XUANJIAO_SHOTS"]) / "wechat-375.png")


def test_every_example_material_and_news_post_exports(example_copy, tmp_path):
    """The example project's eleven materials and three news posts, through the library: the
    rules of the editor hold for all of them, and English materials get English labels."""
    from xuanjiao.bridges.wechat import wechat_article, write_article
    from xuanjiao.content.loader import load_project

    proj, _ = load_project(example_copy)
    for ident in [*proj.materials, *proj.news]:
        article = wechat_article(proj, ident)
        path = write_article(article, tmp_path / ident)
        doc = lxml.html.parse(str(path)).getroot()
        assert not doc.xpath("//style | //script | //link | //a | //ul | //ol | //*[@class]"), ident
        assert all(el.get("style") for el in doc.find("body").iter() if isinstance(el.tag, str) and el.tag != "br")
        assert all((path.parent / img.get("src")).is_file() for img in doc.iter("img")), ident
        assert all("is not approved" in w for w in article.warnings), (ident, article.warnings)
        text = _text(doc.find("body"))
        assert article.title in text
        english = ident in proj.materials and proj.materials[ident].lang == "en"
        if any(f.name == "qr.png" for f in article.files):  # qr: none has none
            assert ("Press and hold the QR code" if english else "长按识别二维码") in text, ident
        assert ("Notes" if english else "注释") in text or not article.notes


def test_a_folder_of_other_files_is_never_replaced(tmp_path):
    from xuanjiao.bridges.wechat import (
        ArticleFile,
        WechatArticle,
        WechatError,
        write_article,
    )

    article = WechatArticle("x", "标题", "<!DOCTYPE html>\n<p>x</p>\n", (ArticleFile("qr.png", b"png"),), (), ())
    keep = tmp_path / "mine"
    keep.mkdir()
    (keep / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(WechatError, match="holds other files"):
        write_article(article, keep)
    assert sorted(p.name for p in keep.iterdir()) == ["notes.txt"]
    out = tmp_path / "export"
    write_article(article, out)
    write_article(article, out)  # an earlier export is replaced as a whole
    assert sorted(p.name for p in out.iterdir()) == ["article.html", "qr.png"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export", "mine"]  # no staging left behind


def test_a_draft_is_exported_with_a_warning(make_project):
    proj = make_project(
        {
            "content/materials/draft.md": "---\ntitle: 草稿\nkind: flyer\nstatus: draft\n---\n正文。\n",
            "content/site.yml": "title: 测试\norganization: 测试局\n",
        }
    )
    result = xj("wechat", "draft", "--project", str(proj))
    assert result.returncode == 0, result.stderr
    assert "warning: 'draft' is not approved (status: draft)" in result.stderr
    assert "warning: no QR code at the end: content/site.yml has no url:" in result.stderr
    assert (proj / "build" / "wechat" / "draft" / "article.html").is_file()


def test_boxes_and_code_in_shapes_the_editor_keeps(make_project):
    """An admonition becomes a styled <section> (the editor drops a div's box styles); a code
    block becomes lines joined by <br> with its indentation kept (it ignores white-space)."""
    from xuanjiao.bridges.wechat import wechat_article
    from xuanjiao.content.loader import load_project

    body = '!!! note "提示"\n    服药前请咨询医生。\n\n```\n第一行\n    缩进的行\n```\n'
    proj, _ = load_project(make_project({"content/news/n.md": f"---\ntitle: 通知\ndate: 2026-05-01\n---\n{body}"}))
    doc = lxml.html.document_fromstring(wechat_article(proj, "n").html)
    assert not doc.xpath("//div | //pre")
    box = [s for s in doc.iter("section") if "服药前" in s.text_content()][-1]  # the innermost
    assert "background" in box.get("style") and "提示" in box.text_content()
    code = next(p for p in doc.iter("p") if "第一行" in p.text_content())
    assert len(code.findall("br")) == 1 and code.findall("br")[0].tail == "\u00a0" * 4 + "缩进的行"
    assert "monospace" in code.get("style")
