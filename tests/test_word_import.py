"""`xuanjiao import FILE.docx`: Word documents made here with python-docx become drafts that
pass `check`, with every heading, list item (and its level), table cell, bold and italic run and
picture arriving; what the draft cannot hold is reported; hostile files are one-line errors."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile

import docx
import lxml.html
import pytest
from PIL import Image
from ruamel.yaml import YAML

from wordfixtures import health_doc, png
from xuanjiao.bridges.word import convert_docx, derive_id
from xuanjiao.markdown import render, strip_breaks


def xj(*args: str, lang: str = "en") -> subprocess.CompletedProcess:
    env = {"XUANJIAO_LANG": lang, "PATH": "/usr/bin:/bin", "HOME": "/tmp"}
    return subprocess.run(
        [sys.executable, "-m", "xuanjiao", *args], capture_output=True, text=True, timeout=120, env=env, check=False
    )


def split(text: str) -> tuple[dict, str]:
    _, front, body = text.split("---\n", 2)
    return YAML(typ="safe").load(front), body


def list_items(ul, level: int = 0) -> list[tuple[int, str]]:
    out = []
    for li in ul.findall("li"):
        own = (li.text or "") + "".join(
            (c.text_content() + (c.tail or "")) if c.tag not in ("ul", "ol") else "" for c in li
        )
        out.append((level, own.strip()))
        for sub in li.findall("ul"):
            out.extend(list_items(sub, level + 1))
    return out


@pytest.fixture
def imported(make_project, tmp_path):
    made = health_doc()
    proj = make_project({})
    src = tmp_path / "高血压的预防与控制（2026版）.docx"
    src.write_bytes(made.data)
    result = xj("import", str(src), "--kind", "leaflet", "--project", str(proj))
    return made, proj, result


def test_a_word_document_arrives_item_by_item(imported):
    made, proj, result = imported
    assert result.returncode == 0, result.stderr
    ident = "gao-xue-ya-de-yu-fang-yu-kong-zhi-2026-ban"
    path = proj / "content" / "materials" / f"{ident}.md"
    meta, body = split(path.read_text(encoding="utf-8"))
    assert meta["title"] == made.title and meta["kind"] == "leaflet" and meta["status"] == "draft"
    page = lxml.html.fragment_fromstring(render(strip_breaks(body)), create_parent="div")
    assert [h.text_content() for h in page.iter("h2", "h3")] == made.headings
    assert not list(page.iter("h1"))  # the title is the page's own heading, not repeated in the body
    paragraphs = [p.text_content() for p in page.iter("p")]
    for expected in made.paragraphs:
        assert any(expected in p for p in paragraphs), expected
    assert [b.text_content() for b in page.iter("strong")] == made.bold
    assert [i.text_content() for i in page.iter("em")] == made.italic
    assert list_items(page.find("ul")) == made.items
    assert [li.text_content() for li in page.find("ol")] == made.numbered
    rows = [[c.text_content() for c in tr] for tr in page.iter("tr")]
    assert rows == made.table
    sources = [img.get("src") for img in page.iter("img")]
    assert [(path.parent / s).resolve().read_bytes() for s in sources] == made.images
    assert sorted(p.name for p in (proj / "content" / "assets" / ident).iterdir()) == ["image-1.png", "image-2.jpg"]
    assert made.extra["text_box"] in page.text_content() and made.extra["inserted"] in page.text_content()
    assert made.extra["deleted"] not in page.text_content()
    assert [(a.text_content(), a.get("href")) for a in page.iter("a")] == [made.extra["link"]]
    check = xj("check", "--project", str(proj))
    assert check.returncode == 0, check.stderr


def test_what_the_draft_cannot_hold_is_listed(imported):
    _, _, result = imported
    assert "warning: 1 text box(es)" in result.stderr
    assert "warning: 1 tracked insertion(s) were kept" in result.stderr
    assert "warning: 1 tracked deletion(s) were dropped" in result.stderr
    assert "Traceback" not in result.stderr


def test_comments_footnotes_and_chinese_messages(make_project, tmp_path):
    d = docx.Document()
    d.add_heading("吸烟的危害", 1)
    d.add_paragraph("吸烟有害健康。")
    d.add_comment(d.paragraphs[1].runs, text="请补充数据", author="王医生")
    src = tmp_path / "smoking.docx"
    d.save(src)
    proj = make_project({})
    result = xj("import", str(src), "--project", str(proj), lang="zh")
    assert result.returncode == 0, result.stderr
    assert "批注" in result.stderr and "警告" in result.stderr
    assert (proj / "content" / "materials" / "smoking.md").is_file()


def test_an_empty_document_and_a_bad_id(make_project, tmp_path):
    src = tmp_path / "空白.docx"
    docx.Document().save(src)
    proj = make_project({})
    bad = xj("import", str(src), "--id", "Bad_ID", "--project", str(proj))
    assert bad.returncode == 1 and "id 'Bad_ID' must be lowercase ASCII letters" in bad.stderr
    result = xj("import", str(src), "--project", str(proj))
    assert result.returncode == 0 and "warning: the document has no text besides its title" in result.stderr
    assert f"created {proj}/content/materials/kong-bai.md\n" in result.stderr
    assert split((proj / "content/materials/kong-bai.md").read_text(encoding="utf-8"))[0]["title"] == "空白"


def test_headings_in_styles_named_in_chinese():
    """Styles a Chinese edition of Word or WPS saves under Chinese names are headings too."""
    from docx.enum.style import WD_STYLE_TYPE

    d = docx.Document()
    for name in ("标题", "标题 1", "标题 2"):
        d.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    d.add_paragraph("预防接种", style="标题")
    d.add_paragraph("为什么要接种", style="标题 1")
    d.add_paragraph("保护孩子。")
    d.add_paragraph("何时接种", style="标题 2")
    buf = io.BytesIO()
    d.save(buf)
    result = convert_docx(buf.getvalue(), "vaccine.docx")
    assert result.title == "预防接种"
    assert split(result.markdown)[1] == "## 为什么要接种\n\n保护孩子。\n\n### 何时接种\n"
    assert result.warnings == ()


def test_never_overwrites(imported, tmp_path):
    _, proj, _ = imported
    src = tmp_path / "高血压的预防与控制（2026版）.docx"
    target = next((proj / "content" / "materials").glob("*.md"))
    before = target.read_bytes()
    again = xj("import", str(src), "--project", str(proj))
    assert again.returncode == 1 and "already exists" in again.stderr and "--id" in again.stderr
    assert target.read_bytes() == before
    other = xj("import", str(src), "--id", "htn-leaflet", "--kind", "flyer", "--project", str(proj))
    assert other.returncode == 0, other.stderr
    assert split((proj / "content" / "materials" / "htn-leaflet.md").read_text(encoding="utf-8"))[0]["kind"] == "flyer"


@pytest.mark.parametrize(
    "name, expected",
    [
        ("高血压防治.docx", "gao-xue-ya-fang-zhi"),
        ("WHD 宣传册_v2.docx", "whd-xuan-chuan-ce-v2"),
        ("Ｆｕｌｌ　ｗｉｄｔｈ１２.docx", "full-width12"),
        ("Café.docx", "cafe"),
        ("《》.docx", ""),
    ],
)
def test_ids_from_file_names(name, expected):
    assert derive_id(name) == expected


def _zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return buf.getvalue()


def _with_parts(data: bytes, replace: dict[str, bytes]) -> bytes:
    """The .docx `data` with some parts' bytes replaced or added."""
    src = zipfile.ZipFile(io.BytesIO(data))
    parts = {n: src.read(n) for n in src.namelist()}
    parts.update(replace)
    return _zip(parts)


HOSTILE = {
    "text": (b"not a word file at all\n", "is not a Word .docx file"),
    "doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "old-style .doc file"),
    "zip": (_zip({"readme.txt": b"hello"}), "has no word/document.xml"),
    "bomb": (
        _zip({"word/document.xml": b"<w:document/>", "word/media/x.bin": b"\0" * (30 * 2**20)}),
        "unpacks to far more data",
    ),
    "empty": (b"", "is not a Word .docx file"),
}


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_hostile_files_are_one_line_errors(kind, make_project, tmp_path):
    data, message = HOSTILE[kind]
    src = tmp_path / f"{kind}.docx"
    src.write_bytes(data)
    proj = make_project({})
    result = xj("import", str(src), "--project", str(proj))
    assert result.returncode == 1
    assert message in result.stderr and "Traceback" not in result.stderr
    assert result.stderr.splitlines()[0].startswith(f"{src}: error: ")
    assert not (proj / "content" / "materials").exists()


def test_a_huge_file_is_refused_unread(make_project, tmp_path):
    src = tmp_path / "huge.docx"
    with open(src, "wb") as f:
        f.truncate(60 * 2**20)  # sparse: 60 MB on paper
    result = xj("import", str(src), "--project", str(proj := make_project({})))
    assert result.returncode == 1 and "huge.docx is 60 MB; a Word file over 50 MB is not imported" in result.stderr
    assert "Traceback" not in result.stderr and not (proj / "content" / "materials").exists()


def test_damaged_document_xml_is_an_error(make_project, tmp_path):
    src = tmp_path / "broken.docx"
    src.write_bytes(_with_parts(health_doc().data, {"word/document.xml": b"<w:document><w:body><w:p>"}))
    result = xj("import", str(src), "--project", str(proj := make_project({})))
    assert result.returncode == 1 and "could not be read as a Word document" in result.stderr
    assert "Traceback" not in result.stderr and not (proj / "content" / "materials").exists()


def test_pictures_are_judged_by_their_bytes(make_project, tmp_path):
    """A .png that is really an SVG with a script, a picture of 100 million pixels and a BMP are
    left out with a warning each; the good picture still arrives; names inside the file are
    never used."""
    d = docx.Document()
    d.add_paragraph("三张图片")
    for shade in (50, 100, 150):  # different pictures: python-docx stores equal ones once
        d.add_picture(io.BytesIO(png((0, shade, 0))))
    buf = io.BytesIO()
    Image.new("RGB", (40, 30), (0, 0, 200)).save(buf, "BMP")
    d.add_picture(io.BytesIO(buf.getvalue()))
    raw = io.BytesIO()
    d.save(raw)
    media = sorted(n for n in zipfile.ZipFile(raw).namelist() if n.startswith("word/media/"))
    huge = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(huge, "PNG")
    script = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'
    data = _with_parts(raw.getvalue(), {media[0]: script, media[1]: huge.getvalue(), "../../escape.png": b"x"})
    src = tmp_path / "pictures.docx"
    src.write_bytes(data)
    proj = make_project({})
    result = xj("import", str(src), "--project", str(proj))
    assert result.returncode == 0, result.stderr
    assert (
        "picture 1 was not imported" in result.stderr
        and "picture 2 was not imported: it has 100 million" in result.stderr
    )
    assert "picture 3" not in result.stderr and "picture 4 was not imported" in result.stderr
    written = sorted(p.relative_to(proj).as_posix() for p in proj.rglob("*") if p.is_file())
    assert written == ["content/assets/pictures/image-1.png", "content/materials/pictures.md", "content/site.yml"]
    assert (proj / "content/assets/pictures/image-1.png").read_bytes() == png((0, 150, 0))
    assert "../assets/pictures/image-1.png" in (proj / "content/materials/pictures.md").read_text(encoding="utf-8")
    assert xj("check", "--project", str(proj)).returncode == 0


def test_linked_pictures_outside_the_file_are_not_read(tmp_path):
    """A picture linked to a file on the importing machine (TargetMode External) is not read."""
    d = docx.Document()
    d.add_picture(io.BytesIO(png((1, 2, 3))))
    raw = io.BytesIO()
    d.save(raw)
    rels = zipfile.ZipFile(raw).read("word/_rels/document.xml.rels").decode()
    secret = tmp_path / "secret.png"
    secret.write_bytes(png((9, 9, 9)))
    linked = rels.replace('Target="media/image1.png"', f'Target="file://{secret}" TargetMode="External"')
    assert linked != rels
    doc_xml = zipfile.ZipFile(raw).read("word/document.xml").decode().replace("r:embed=", "r:link=")
    result = convert_docx(
        _with_parts(
            raw.getvalue(), {"word/_rels/document.xml.rels": linked.encode(), "word/document.xml": doc_xml.encode()}
        ),
        "linked.docx",
    )
    assert result.images == ()
    assert all(img.data != secret.read_bytes() for img in result.images)


def test_library_result_is_frozen_and_complete():
    made = health_doc(text_box=False, tracked=False)
    result = convert_docx(made.data, "x.docx", "my-leaflet", "poster")
    with pytest.raises(AttributeError):
        result.id = "other"  # type: ignore[misc]
    assert [i.data for i in result.images] == made.images
    assert [i.media_type for i in result.images] == ["image/png", "image/jpeg"]
    assert result.warnings == () and result.kind == "poster" and result.material_path.endswith("my-leaflet.md")


@pytest.mark.parametrize(
    "html, markdown",
    [
        # footnotes as mammoth writes them: the mark stays, the note goes to a list, the arrow goes
        (
            (
                '<p>吸烟有害<sup><a href="#footnote-1" id="footnote-ref-1">[1]</a></sup></p>'
                '<ol><li id="footnote-1"><p> 见《报告》 <a href="#footnote-ref-1">↑</a></p></li></ol>'
            ),
            "吸烟有害<sup>\\[1\\]</sup>\n\n1. 见《报告》",
        ),
        (
            '<p><a href="https://example.cn/a b(c)\n<x>">链接</a> <a href="javascript:alert(1)">坏</a></p>',
            "[链接](https://example.cn/a%20b%28c%29%0A%3Cx%3E) 坏",
        ),
        (
            "<p># 不是标题</p><p>1. 不是列表</p><p>- 也不是</p><p>!!! note</p><p>: 不是定义</p>",
            "\\# 不是标题\n\n1\\. 不是列表\n\n\\- 也不是\n\n\\!!! note\n\n&#58; 不是定义",
        ),
        (
            "<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; {: .x} `code`</p>",
            "&lt;script&gt;alert(1)&lt;/script&gt; &amp; \\{: .x\\} \\`code\\`",
        ),
        (
            '<table><tr><td colspan="2">合并</td></tr><tr><td>a</td><td>b</td></tr></table>',
            "| 合并 |   |\n| --- | --- |\n| a | b |",
        ),
        ("<p><strong>粗</strong><strong>体</strong> <em> 斜 </em></p>", "**粗体**  *斜*"),
        ("<ul><li><ul><li>跳级</li></ul></li><li>顶层</li></ul>", "- 跳级\n- 顶层"),
    ],
)
def test_html_to_markdown(html, markdown):
    from xuanjiao.bridges.html_markdown import to_markdown

    assert to_markdown(html).markdown == markdown + "\n"
