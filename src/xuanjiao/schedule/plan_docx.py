"""plan.docx: the activity plan as an editable Word file (sent up for approval, 报批).

A4, real styles (Title, Heading 1, Normal, Table Grid and a 表格文字 paragraph style), East
Asian fonts set with `w:eastAsia` (仿宋 body, 黑体 title and headings; without it Word and
WPS fall back to a Western font for Chinese), theme fonts removed so they cannot win, a
"— N —" page number field in the footer. Opens cleanly in Word and WPS.
"""

from __future__ import annotations

import datetime as dt
import io
import re

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from .document import Items, Para, PlanDocument, Table
from .office import naive_utc, reproducible

UNBREAKABLE = re.compile(r"[\w.@:/-]{12,}", re.ASCII)  # an e-mail address or URL

BODY = "仿宋"
HEADING = "黑体"
LATIN = "Times New Roman"
TABLE_STYLE = "Table Text"  # ASCII style id; shown in Word/WPS as 表格文字
PAGE_WIDTH_MM = 210 - 28 - 26


def set_fonts(element, east_asia: str, latin: str = LATIN) -> None:
    """Explicit fonts on a style or run element (`w:rFonts`), theme fonts removed."""
    fonts = element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:cs"), latin)


def _first_line_chars(style_or_paragraph, chars: int) -> None:
    """First-line indent counted in characters (what Word's 首行缩进 2 字符 writes); it wins over
    a length indent, and styles based on Normal inherit it, so unindented styles set 0."""
    element = getattr(style_or_paragraph, "element", None)
    if element is None:
        element = style_or_paragraph._p
    ind = element.get_or_add_pPr().get_or_add_ind()  # keeps w:pPr's child order valid
    ind.set(qn("w:firstLineChars"), str(chars * 100))


def _styles(doc) -> None:
    _normal(doc.styles["Normal"])
    _title(doc.styles["Title"])
    _heading(doc.styles["Heading 1"])
    for name in ("Footer", "Header"):
        doc.styles[name].paragraph_format.first_line_indent = Pt(0)
        _first_line_chars(doc.styles[name], 0)
    table_text = doc.styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    table_text.element.name_val = "表格文字"
    table_text.base_style = doc.styles["Normal"]
    table_text.font.size = Pt(10.5)
    fmt = table_text.paragraph_format
    fmt.first_line_indent = Pt(0)
    fmt.line_spacing = 1.15
    fmt.alignment = WD_ALIGN_PARAGRAPH.LEFT
    _first_line_chars(table_text, 0)


def _normal(style) -> None:
    """仿宋 body, fixed line pitch, 2-character first-line indent, Chinese language tag."""
    set_fonts(style.element, BODY)
    style.font.size = Pt(15)
    style.font.color.rgb = RGBColor(0, 0, 0)
    rpr = style.element.get_or_add_rPr()
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)  # w:lang is among the last children of w:rPr
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    fmt = style.paragraph_format
    fmt.line_spacing = Pt(27)
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.first_line_indent = Pt(30)
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY  # Word and WPS justify CJK between characters
    _first_line_chars(style, 2)


def _title(style) -> None:
    set_fonts(style.element, HEADING)
    style.font.size = Pt(22)
    style.font.bold = True
    style.font.color.rgb = RGBColor(0, 0, 0)
    ppr = style.element.get_or_add_pPr()
    for border in ppr.findall(qn("w:pBdr")):  # the default template underlines titles in blue
        ppr.remove(border)
    fmt = style.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fmt.first_line_indent = Pt(0)
    fmt.line_spacing = 1.3
    fmt.space_before, fmt.space_after = Pt(0), Pt(18)
    _first_line_chars(style, 0)


def _heading(style) -> None:
    """一、二、 headings: 黑体 at body size, indented like the body (GB/T 9704)."""
    set_fonts(style.element, HEADING)
    style.font.size = Pt(15)
    style.font.bold = False
    style.font.color.rgb = RGBColor(0, 0, 0)
    fmt = style.paragraph_format
    fmt.first_line_indent = Pt(30)
    fmt.line_spacing = Pt(27)
    fmt.space_before, fmt.space_after = Pt(6), Pt(0)
    fmt.keep_with_next = True
    _first_line_chars(style, 2)


def _page(doc) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(32), Mm(30)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(18)
    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.first_line_indent = Pt(0)
    _run(p, "— ", BODY, Pt(12))
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "1"
    r.append(t)
    field.append(r)
    p._p.append(field)
    _run(p, " —", BODY, Pt(12))


def _run(paragraph, text: str, east_asia: str | None = None, size=None, bold: bool | None = None):
    run = paragraph.add_run(text)
    if east_asia:
        set_fonts(run._element, east_asia)
    if size is not None:
        run.font.size = size
    if bold is not None:
        run.bold = bold
    return run


def _shade(cell, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.append(shd)


def _row_flags(row, header: bool) -> None:
    trpr = row._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:cantSplit"))
    if header:
        trpr.append(OxmlElement("w:tblHeader"))  # repeat on every page


def _table(doc, t: Table) -> None:
    table = doc.add_table(rows=1 + len(t.rows), cols=len(t.header))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table_style = next(s for s in doc.styles if s.style_id == TABLE_STYLE.replace(" ", ""))
    total = sum(t.widths)
    widths = [Mm(PAGE_WIDTH_MM * w / total) for w in t.widths]
    table.autofit = False
    for col, width in zip(table.columns, widths):  # w:gridCol, read by WPS and LibreOffice
        col.width = width
    for r, values in enumerate((t.header, *t.rows)):
        row = table.rows[r]
        _row_flags(row, header=r == 0)
        for c, value in enumerate(values):
            cell = row.cells[c]
            cell.width = widths[c]
            p = cell.paragraphs[0]
            p._p.style = table_style.style_id  # what `p.style = table_style` writes, without its
            # look through every style of the document for the default one (1/3 s per plan)
            if r == 0 or c in t.centered:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _run(p, value, HEADING if r == 0 else None)
            if r == 0:
                _shade(cell, "E7E7E7")
    doc.add_paragraph().paragraph_format.line_spacing = Pt(8)  # a little air after a table


def _block(doc, block) -> None:
    if isinstance(block, Para):
        p = doc.add_paragraph()
        if block.lead:
            _run(p, block.lead, HEADING)
        if block.text:
            p.add_run(block.text)
            if UNBREAKABLE.search(block.text):
                # Word and LibreOffice cannot break an e-mail or URL, so justifying the line before it
                # spaces every character out (联 系 人 ： 杨 某); ragged-right reads better there
                p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    elif isinstance(block, Items):
        for i, item in enumerate(block.items, 1):
            doc.add_paragraph(f"{i}．{item}")
    elif isinstance(block, Table):
        _table(doc, block)


def plan_docx(doc_model: PlanDocument, stamp: dt.datetime) -> bytes:
    doc = Document()
    _styles(doc)
    _page(doc)
    doc.add_paragraph(doc_model.title, style="Title")
    doc.add_paragraph(doc_model.intro)
    closing = 0
    for section in doc_model.sections:
        closing = len(doc.paragraphs)
        doc.add_heading(section.heading, level=1)
        for block in section.blocks:
            _block(doc, block)
    if doc_model.attachments:
        p = doc.add_paragraph()
        p.paragraph_format.space_before = Pt(12)
        _run(p, doc_model.attachments_lead)
        for i, item in enumerate(doc_model.attachments, 1):
            p = doc.add_paragraph(f"{i}．{item}")
            p.paragraph_format.left_indent = Pt(75)
            p.paragraph_format.first_line_indent = Pt(0)
            _first_line_chars(p, 0)
    doc.add_paragraph()
    for text in (doc_model.issuer, doc_model.issued_label):
        p = doc.add_paragraph(text)
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        p.paragraph_format.right_indent = Pt(30)
        p.paragraph_format.first_line_indent = Pt(0)
        _first_line_chars(p, 0)
    for p in doc.paragraphs[closing:-1]:  # the 落款 never alone on a page: the last section goes with it
        p.paragraph_format.keep_with_next = True
    _core(doc, doc_model, stamp)
    buf = io.BytesIO()
    doc.save(buf)
    return reproducible(buf.getvalue(), stamp)


def _core(doc, model: PlanDocument, stamp: dt.datetime) -> None:
    props = doc.core_properties
    props.title = model.title
    props.author = model.issuer
    props.last_modified_by = model.issuer
    props.comments = "generated by xuanjiao"
    props.language = model.lang
    props.created = props.modified = naive_utc(stamp)
    props.last_printed = naive_utc(stamp)
    props.revision = 1
