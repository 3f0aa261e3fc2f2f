"""Preflight: made-up PDFs with one fault each (a 30-pixel image printed 100 mm wide, a font
whose file was stripped out, text 1 mm from the trim) must be flagged; a clean one passes."""

from __future__ import annotations

import base64
import io
from pathlib import Path

import pikepdf
from PIL import Image

from xuanjiao.pdf import render_html
from xuanjiao.printing import boxes
from xuanjiao.printing.preflight import FAIL, OK, WARN, check_file, write_preflight


def png_uri(px: int) -> str:
    buf = io.BytesIO()
    Image.new("RGB", (px, px), (200, 40, 40)).save(buf, "PNG")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()


def make_pdf(path: Path, body: str, bleed_mm: float = 3) -> Path:
    css = (
        "@page { size: 148mm 210mm; margin: 0; bleed: 12mm; marks: crop; }"
        "body { margin: 0; font-family: 'Noto Sans CJK SC'; font-size: 12pt; }"
        ".in { position: absolute; left: 20mm; top: 20mm; }"
    )
    doc = render_html(f"<html lang='zh-CN'><body>{body}</body></html>", path.parent, [path.parent], [css]).document
    path.write_bytes(boxes.finish(doc.write_pdf(), bleed_mm=bleed_mm))
    return path


def status(report, name):
    return next(c for c in report.checks if c.name == name)


def test_clean_pdf_passes(tmp_path):
    r = check_file(make_pdf(tmp_path / "ok.pdf", "<p class='in'>安全的文字</p>"), "flyer")
    assert status(r, "字体嵌入").status == OK
    assert status(r, "安全边距").status == OK
    assert status(r, "成品尺寸与出血").status == OK
    assert status(r, "裁切标记").status == OK


def test_low_resolution_image_is_flagged(tmp_path):
    path = make_pdf(tmp_path / "img.pdf", f"<img class='in' style='width:100mm' src='{png_uri(30)}'>")
    check = status(check_file(path, "poster"), "图像分辨率")
    assert check.status == WARN and "最低 8 ppi" in check.detail  # 30 px over 100 mm
    # the same image at full size on a board is judged against 100 ppi, still too low
    assert status(check_file(path, "board"), "图像分辨率").status == WARN


def test_sharp_image_passes(tmp_path):
    path = make_pdf(tmp_path / "img.pdf", f"<img class='in' style='width:20mm' src='{png_uri(400)}'>")
    assert status(check_file(path, "poster"), "图像分辨率").status == OK  # 508 ppi


def test_unembedded_font_is_flagged(tmp_path):
    path = make_pdf(tmp_path / "font.pdf", "<p class='in'>字体测试</p>")
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        for page in pdf.pages:
            for font in page.obj.Resources.Font.values():
                desc = font.DescendantFonts[0] if font.get("/Subtype") == "/Type0" else font
                fd = desc.FontDescriptor
                for key in ("/FontFile", "/FontFile2", "/FontFile3"):
                    if key in fd:
                        del fd[key]
        pdf.save(path)
    check = status(check_file(path, "flyer"), "字体嵌入")
    assert check.status == FAIL and "未嵌入" in check.detail


def test_text_in_the_unsafe_margin_is_flagged(tmp_path):
    path = make_pdf(
        tmp_path / "edge.pdf", "<p style='position:absolute; left:1mm; top:50mm'>贴边文字</p><p class='in'>安全</p>"
    )
    check = status(check_file(path, "flyer"), "安全边距")
    assert check.status == FAIL and "贴边文字" in check.detail and "安全" not in check.detail.split("：", 1)[1]
    # 20 mm from the edge is safe for a flyer (3 mm) but not...  a large format wants 10 mm
    near = make_pdf(tmp_path / "near.pdf", "<p style='position:absolute; left:6mm; top:50mm'>六毫米</p>")
    assert status(check_file(near, "flyer"), "安全边距").status == OK
    assert status(check_file(near, "board"), "安全边距").status == FAIL


def test_missing_bleed_and_report_files(tmp_path):
    path = make_pdf(tmp_path / "thin.pdf", "<p class='in'>出血</p>", bleed_mm=3)
    assert status(check_file(path, "rollup"), "成品尺寸与出血").status == FAIL  # rollups need 10 mm
    reports = [check_file(path, "rollup", title="易拉宝"), check_file(path, "flyer", title="传单")]
    write_preflight(tmp_path, reports, "2026-11-01 00:00 UTC", "测试县卫生健康局")
    html = (tmp_path / "preflight.html").read_text("utf-8")
    txt = (tmp_path / "preflight.txt").read_text("utf-8")
    assert "不通过" in html and "出血只有 3.0 mm，应为 10 mm" in html
    assert txt.splitlines()[2].startswith("结论：不通过")


def _fills_as_cmyk(path: Path, cmyk: list[float]) -> Path:
    """The PDF with every RGB fill replaced by one CMYK fill (what a separated file holds)."""
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        for page in pdf.pages:
            ops = [
                (cmyk, pikepdf.Operator("k")) if str(op) == "rg" else (operands, op)
                for operands, op in pikepdf.parse_content_stream(page)
            ]
            page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(ops))
        pdf.save(path)
    return path


def test_text_ink_counts_small_text_in_several_inks(tmp_path):
    body = "<p class='in' style='font-size: 8pt'>小字一行</p><p style='margin: 60mm 20mm; font-size: 14pt'>正文</p>"
    rgb = check_file(make_pdf(tmp_path / "rgb.pdf", body), "flyer")
    assert status(rgb, "文字用墨").status == WARN and "RGB" in status(rgb, "文字用墨").detail
    black = check_file(_fills_as_cmyk(make_pdf(tmp_path / "k.pdf", body), [0, 0, 0, 1]), "flyer")
    assert status(black, "文字用墨").status == OK, status(black, "文字用墨")
    assert "小于 12 pt 的 1 处全部单色墨" in status(black, "文字用墨").detail
    rich = check_file(_fills_as_cmyk(make_pdf(tmp_path / "cmyk.pdf", body), [0.6, 0.3, 0, 0.2]), "flyer")
    check = status(rich, "文字用墨")
    assert check.status == FAIL and "1 处中有 1 处用多色墨叠印" in check.detail, check
