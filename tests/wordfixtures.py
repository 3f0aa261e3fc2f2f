"""Word documents made for the tests with python-docx, plus the parts python-docx has no API
for (nested list levels, text boxes, tracked changes) written into the XML as Word writes them."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import docx
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Inches
from PIL import Image


def png(color: tuple[int, int, int], size=(60, 40)) -> bytes:
    buf = io.BytesIO()
    img = Image.new("RGB", size, color)
    img.putpixel((0, 0), (255, 255, 255))
    img.save(buf, "PNG")
    return buf.getvalue()


def jpeg(color: tuple[int, int, int], size=(80, 50)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, "JPEG", quality=90)
    return buf.getvalue()


BULLET_LIST = 90  # the numId of the multi-level bullet list `add_bullet_list` defines


def add_bullet_list(document) -> None:
    """A three-level bullet list definition, as Word writes one (the default template's
    List Bullet numbering has a single level)."""
    levels = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="{ch}"/>'
        f'<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{720 * (i + 1)}" w:hanging="360"/></w:pPr></w:lvl>'
        for i, ch in enumerate("•◦▪")
    )
    numbering = document.part.numbering_part.element
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{BULLET_LIST}">'
        f'<w:multiLevelType w:val="hybridMultilevel"/>{levels}</w:abstractNum>'
    )
    first_num = numbering.find(qn("w:num"))
    first_num.addprevious(abstract)  # every abstractNum comes before the first num
    numbering.append(
        parse_xml(f'<w:num {nsdecls("w")} w:numId="{BULLET_LIST}"><w:abstractNumId w:val="{BULLET_LIST}"/></w:num>')
    )


def set_level(paragraph, level: int, num_id: int = BULLET_LIST) -> None:
    """Put a list paragraph at `level` (0 = top) of list `num_id`, as Word's Tab key does."""
    ppr = paragraph._p.get_or_add_pPr()
    numpr = OxmlElement("w:numPr")
    ilvl = OxmlElement("w:ilvl")
    ilvl.set(qn("w:val"), str(level))
    numid = OxmlElement("w:numId")
    numid.set(qn("w:val"), str(num_id))
    numpr.append(ilvl)
    numpr.append(numid)
    ppr.append(numpr)


def add_text_box(paragraph, text: str) -> None:
    """A VML text box anchored in `paragraph`, as older Word and WPS save them."""
    run = parse_xml(
        f'<w:r {nsdecls("w")} xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape style="width:120pt;height:40pt">'
        f"<v:textbox><w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>"
        f"</v:textbox></v:shape></w:pict></w:r>"
    )
    paragraph._p.append(run)


def add_tracked(paragraph, inserted: str, deleted: str) -> None:
    """A tracked insertion and a tracked deletion by a reviewer, not yet accepted."""
    attrs = 'w:author="王医生" w:date="2026-03-01T10:00:00Z"'
    paragraph._p.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="901" {attrs}><w:r><w:t>{inserted}</w:t></w:r></w:ins>'))
    paragraph._p.append(
        parse_xml(f'<w:del {nsdecls("w")} w:id="902" {attrs}><w:r><w:delText>{deleted}</w:delText></w:r></w:del>')
    )


def add_link(paragraph, text: str, url: str) -> None:
    """A web link, as Word's Insert > Link writes it (python-docx has no API for it)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    rid = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    paragraph._p.append(
        parse_xml(f'<w:hyperlink {nsdecls("w", "r")} r:id="{rid}"><w:r><w:t>{text}</w:t></w:r></w:hyperlink>')
    )


@dataclass
class Made:
    """A document and what a reader should find in the draft made from it."""

    data: bytes
    title: str
    headings: list[str]
    paragraphs: list[str]
    bold: list[str]
    italic: list[str]
    items: list[tuple[int, str]]  # (level, text) in order
    numbered: list[str]
    table: list[list[str]]
    images: list[bytes]
    extra: dict = field(default_factory=dict)


def health_doc(title: str = "高血压的预防与控制", text_box: bool = True, tracked: bool = True) -> Made:
    d = docx.Document()
    add_bullet_list(d)
    d.add_heading(title, 0)
    d.add_heading("什么是高血压", 1)
    p = d.add_paragraph("未使用降压药的情况下，")
    p.add_run("收缩压≥140 mmHg").bold = True
    p.add_run(" 和（或）舒张压≥90 mmHg，")
    p.add_run("就是高血压").italic = True
    p.add_run("。价格 5*2 元，注意 <b> 与 [链接] 都是文字。")
    d.add_heading("生活方式", 2)
    items = [
        (0, "少盐：每天不超过 5 克"),
        (1, "少吃咸菜和腌肉"),
        (1, "用限盐勺"),
        (0, "多运动"),
        (1, "快走"),
        (2, "每周 150 分钟"),
        (0, "戒烟限酒"),
    ]
    for level, text in items:
        set_level(d.add_paragraph(text, style="List Paragraph"), level)
    see = d.add_paragraph("详见")
    add_link(see, "世卫组织高血压要点", "https://www.who.int/news-room/fact-sheets/detail/hypertension")
    d.add_heading("就医步骤", 2)
    numbered = ["测量血压", "到卫生院复查", "遵医嘱服药"]
    for text in numbered:
        d.add_paragraph(text, style="List Number")
    table = [["人群", "测量频次", "备注"], ["健康成年人", "每年 1 次", "—"], ["高血压患者", "每周 1 次", "记录 | 结果"]]
    t = d.add_table(rows=3, cols=3)
    for r, row in enumerate(table):
        for c, text in enumerate(row):
            t.cell(r, c).text = text
    images = [png((200, 30, 30)), jpeg((20, 120, 200))]
    d.add_picture(io.BytesIO(images[0]), width=Inches(1.5))
    last = d.add_paragraph("最后一段：定期测血压。")
    d.add_picture(io.BytesIO(images[1]), width=Inches(1.5))
    extra = {}
    if text_box:
        add_text_box(last, "框里的提示")
        extra["text_box"] = "框里的提示"
    if tracked:
        add_tracked(last, "新加的话", "删掉的话")
        extra.update(inserted="新加的话", deleted="删掉的话")
    buf = io.BytesIO()
    d.save(buf)
    extra["link"] = ("世卫组织高血压要点", "https://www.who.int/news-room/fact-sheets/detail/hypertension")
    paragraphs = [
        "详见世卫组织高血压要点",
        "未使用降压药的情况下，收缩压≥140 mmHg 和（或）舒张压≥90 mmHg，就是高血压。价格 5*2 元，注意 <b> 与 [链接] 都是文字。",
        "最后一段：定期测血压。",
    ]
    return Made(
        buf.getvalue(),
        title,
        ["什么是高血压", "生活方式", "就医步骤"],
        paragraphs,
        ["收缩压≥140 mmHg"],
        ["就是高血压"],
        items,
        numbered,
        table,
        images,
        extra,
    )
