"""Preflight (印前检查): `build/print/preflight.html` and `.txt`, one section per print PDF.

Every check reads the written PDF, not our intentions: page boxes and bleed, crop marks,
fonts embedded, the lowest effective image resolution at printed size, the thinnest line
(strokes and hairline rules from the content streams), colour spaces, and text closer to the
trim than the safe margin (3 mm; 10 mm for large formats). Each PDF gets 通过 / 注意 / 不通过,
and the top of the report sums them up in green, amber and red.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
from markupsafe import escape

from . import checks, inspect, standards
from .geometry import BLEED_MM, LARGE_KINDS, PT_PER_MM, bleed_mm, safe_mm
from .textink import text_ink

OK, WARN, FAIL = "ok", "warn", "fail"
LABEL = {OK: "通过", WARN: "注意", FAIL: "不通过"}
COLOUR = {OK: "#1e7d32", WARN: "#b26a00", FAIL: "#c62828"}
THINNEST_MM = 0.1
KIND_ZH = {
    "poster": "海报",
    "leaflet": "三折页",
    "brochure": "宣传册",
    "flyer": "宣传单",
    "board": "宣传栏",
    "rollup": "易拉宝",
    "banner": "横幅",
}


@dataclass
class Check:
    name: str
    status: str
    detail: str


@dataclass
class FileReport:
    name: str
    title: str = ""
    kind: str | None = None
    scale: int = 1
    checks: list[Check] = field(default_factory=list)

    @property
    def status(self) -> str:
        found = {c.status for c in self.checks}
        return FAIL if FAIL in found else WARN if WARN in found else OK


def check_file(path: Path, kind: str | None = None, scale: int = 1, title: str = "") -> FileReport:
    try:
        pdf = pikepdf.open(path)
    except (pikepdf.PdfError, OSError) as exc:
        report = FileReport(path.name, title, kind, scale)
        report.checks.append(Check("文件", FAIL, f"无法打开：{exc}"))
        return report
    with pdf:
        return check_pdf(pdf, path, kind, scale, title)


def check_pdf(
    pdf: pikepdf.Pdf,
    path: Path,
    kind: str | None = None,
    scale: int = 1,
    title: str = "",
    ink: list | None = None,
    draft: bool = False,
) -> FileReport:
    """The checks on an open PDF whose bytes are the file at `path` (pdftotext reads the file);
    `ink` is `inspect.page_ink(pdf, scale)` when the caller has it already."""
    report = FileReport(path.name, title, kind, scale)
    add = report.checks.append
    if draft:
        add(Check("审定", WARN, "样稿：尚未审定（status 不是 approved），页面带“样稿”水印，只可打样，不可付印"))
    large = kind in LARGE_KINDS if kind else _looks_large(pdf)
    want_bleed = bleed_mm(kind) if kind else (10.0 if large else BLEED_MM)
    add(_boxes(pdf, want_bleed, scale))
    ink = inspect.page_ink(pdf, scale) if ink is None else ink
    marks = sum(i.marks for i in ink)
    add(
        Check(
            "裁切标记",
            OK if marks else WARN,
            f"出血框外有 {marks} 条裁切线" if marks else "未发现裁切标记（出血框外没有线条）",
        )
    )
    add(_fonts(pdf))
    add(_images(ink, 100 if large else 300, large))
    add(_thinnest(ink))
    add(_colours(ink))
    add(_text_ink(pdf))
    add(_standard(pdf, ink))
    add(_safe_text(pdf, path, safe_mm(kind) if kind else (10.0 if large else 3.0), scale))
    return report


def _looks_large(pdf: pikepdf.Pdf) -> bool:
    x0, y0, x1, y1 = inspect._box(pdf.pages[0], "/TrimBox")
    return max(x1 - x0, y1 - y0) / PT_PER_MM > 1000


def _boxes(pdf: pikepdf.Pdf, want: float, scale: int) -> Check:
    problems, sizes = [], set()
    for number, page in enumerate(pdf.pages, 1):
        if "/TrimBox" not in page.obj:
            problems.append(f"第 {number} 页没有 TrimBox（成品尺寸）")
            continue
        tx0, ty0, tx1, ty1 = inspect._box(page, "/TrimBox")
        sizes.add(f"{(tx1 - tx0) / PT_PER_MM * scale:.0f}×{(ty1 - ty0) / PT_PER_MM * scale:.0f}")
        if "/BleedBox" not in page.obj:
            problems.append(f"第 {number} 页没有 BleedBox（出血）")
            continue
        bx0, by0, bx1, by1 = inspect._box(page, "/BleedBox")
        least = min(tx0 - bx0, ty0 - by0, bx1 - tx1, by1 - ty1) / PT_PER_MM * scale
        if least < want - 0.2:
            problems.append(f"第 {number} 页出血只有 {least:.1f} mm，应为 {want:g} mm")
    if problems:
        return Check("成品尺寸与出血", FAIL, "；".join(problems[:4]))
    proof = f"（PDF 为 1:{scale} 校样）" if scale != 1 else ""
    return Check(
        "成品尺寸与出血", OK, f"成品 {'、'.join(sorted(sizes))} mm{proof}，四边出血 {want:g} mm，共 {len(pdf.pages)} 页"
    )


def _fonts(pdf: pikepdf.Pdf) -> Check:
    found = checks.fonts(pdf)
    missing = sorted(n.lstrip("/") for n, ok in found.items() if not ok)
    if missing:
        return Check("字体嵌入", FAIL, f"未嵌入：{'、'.join(missing)}")
    return Check("字体嵌入", OK, f"{len(found)} 种字体全部嵌入")


def _images(ink, floor: int, large: bool) -> Check:
    uses = [u for i in ink for u in i.images]
    if not uses:
        return Check("图像分辨率", OK, "无位图图像（矢量图形与文字不受分辨率限制）")
    low = min(uses, key=lambda u: u.ppi)
    detail = (
        f"最低 {low.ppi:.0f} ppi（第 {low.page} 页，{low.pixels[0]}×{low.pixels[1]} 像素印成 "
        f"{low.width_mm:.0f}×{low.height_mm:.0f} mm）；{'大幅面' if large else '常规尺寸'}要求 ≥ {floor} ppi"
    )
    return Check("图像分辨率", WARN if low.ppi < floor - 0.5 else OK, detail)


def _thinnest(ink) -> Check:
    widths = [i.thinnest_mm for i in ink if i.thinnest_mm is not None]
    if not widths:
        return Check("最细线条", OK, "成品范围内没有描边线条")
    thin = min(widths)
    if thin == 0:
        return Check("最细线条", WARN, "有 0 宽度线条（设备最细线，印刷时可能消失）")
    status = WARN if thin < THINNEST_MM - 1e-6 else OK
    return Check("最细线条", status, f"{thin:.2f} mm（要求 ≥ {THINNEST_MM} mm；含描边与细线条色块）")


def _colours(ink) -> Check:
    used = set().union(*(i.colours for i in ink)) - {"?", "Pattern"}
    text = "、".join(sorted(used)) or "无"
    if "RGB" in used:
        return Check("颜色模式", WARN, f"使用 {text}；含 RGB，印刷厂如要求 CMYK，可用 xuanjiao build --cmyk 转换")
    return Check("颜色模式", OK, text)


def _text_ink(pdf: pikepdf.Pdf) -> Check:
    """Small text in one ink, black text solid (textink.py); an RGB file is not separated yet."""
    ink = text_ink(pdf)
    if ink.rgb:
        return Check(
            "文字用墨",
            WARN,
            f"{ink.runs} 处文字中 {ink.rgb} 处为 RGB，分色时才决定用几色墨；"
            "xuanjiao build --cmyk 把黑色文字放在 K 版（100 %），小于 12 pt 的文字只用一色墨",
        )
    problems = []
    if ink.small_several:
        problems.append(f"小于 12 pt 的文字 {ink.small} 处中有 {ink.small_several} 处用多色墨叠印（套印稍偏即发虚）")
    if ink.black_screens:
        problems.append(f"{ink.black_screens} 处 12 pt 以上黑色文字为网点而非实地 K 100 %")
    if problems:
        return Check("文字用墨", FAIL, "；".join(problems))
    return Check("文字用墨", OK, f"{ink.runs} 处文字；小于 12 pt 的 {ink.small} 处全部单色墨；黑色文字为实地 K 100 %")


def _standard(pdf: pikepdf.Pdf, ink) -> Check:
    """What a PDF/X checker would say (standards.py): a claim the file does not meet fails."""
    used = set().union(*(i.colours for i in ink)) - {"?", "Pattern"}
    version, bad, notes = standards.problems(pdf, used)
    if bad:
        return Check("PDF/X 与输出意图", FAIL, "；".join(bad))
    intent = standards.output_intent(pdf)
    said = f"{version}；" if version else "非 PDF/X 文件；"
    said += f"输出意图：{intent[0]}" if intent else "无输出意图"
    if notes:
        return Check("PDF/X 与输出意图", WARN, said + "；" + "；".join(notes))
    return Check("PDF/X 与输出意图", OK, said)


def _safe_text(pdf: pikepdf.Pdf, path: Path, safe: float, scale: int) -> Check:
    close = inspect.words_outside_safe(pdf, path, safe, scale)
    if not close:
        return Check("安全边距", OK, f"所有文字距成品边 ≥ {safe:g} mm")
    shown = "；".join(f"第 {w.page} 页“{w.text}”距裁切边 {gap:.1f} mm" for w, gap in close[:5])
    more = f" 等 {len(close)} 处" if len(close) > 5 else ""
    return Check("安全边距", FAIL, f"文字进入 {safe:g} mm 安全边距：{shown}{more}")


# --- the report ---------------------------------------------------------------------------------


def summary(reports: list[FileReport]) -> tuple[str, str]:
    counts = {s: sum(1 for r in reports if r.status == s) for s in (OK, WARN, FAIL)}
    worst = FAIL if counts[FAIL] else WARN if counts[WARN] else OK
    text = (
        f"共 {len(reports)} 个印刷文件：通过 {counts[OK]}，注意 {counts[WARN]}，不通过 {counts[FAIL]}。"
        + {OK: "可以交付印刷。", WARN: "可以交付，请先看“注意”项。", FAIL: "有文件不能交付，请先修正“不通过”项。"}[
            worst
        ]
    )
    return worst, text


def text_report(reports: list[FileReport], when: str) -> str:
    worst, head = summary(reports)
    lines = ["印前检查报告", f"生成时间：{when}", f"结论：{LABEL[worst]}　{head}", ""]
    for r in reports:
        kind = f"（{KIND_ZH.get(r.kind, r.kind)}）" if r.kind else ""
        lines.append(f"[{LABEL[r.status]}] {r.name}{kind} {r.title}".rstrip())
        for c in r.checks:
            lines.append(f"    {LABEL[c.status]:　<3} {c.name}：{c.detail}")
        lines.append("")
    return "\n".join(lines)


def html_report(reports: list[FileReport], when: str, organization: str) -> str:
    worst, head = summary(reports)
    rows = []
    for r in reports:
        kind = KIND_ZH.get(r.kind, r.kind or "")
        cells = "".join(
            f'<tr class="{c.status}"><td class="mark">{LABEL[c.status]}</td><td>{escape(c.name)}</td>'
            f"<td>{escape(c.detail)}</td></tr>"
            for c in r.checks
        )
        rows.append(
            f'<section class="file {r.status}"><h2><span class="badge">{LABEL[r.status]}</span> '
            f"{escape(r.name)} <small>{escape(kind)} {escape(r.title)}</small></h2>"
            f"<table><thead><tr><th>结果</th><th>检查项</th><th>说明</th></tr></thead><tbody>{cells}</tbody></table>"
            "</section>"
        )
    overview = "".join(
        f'<tr class="{r.status}"><td class="mark">{LABEL[r.status]}</td><td>{escape(r.name)}</td>'
        f"<td>{escape(KIND_ZH.get(r.kind, r.kind or ''))}</td><td>{escape(r.title)}</td></tr>"
        for r in reports
    )
    style = "".join(
        f".{s} .mark, .{s} .badge {{ color: white; background: {c}; }} .summary.{s} {{ border-color: {c}; background: {c}14; }}"
        for s, c in COLOUR.items()
    )
    return f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>印前检查报告</title>
<style>
body {{ font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 2em auto; max-width: 60em; color: #1b2421; line-height: 1.5; }}
h1 {{ font-size: 1.6em; margin: 0 0 .2em; }} .meta {{ color: #5a6a66; margin: 0 0 1em; }}
.summary {{ border: 3px solid; border-radius: 6px; padding: .8em 1em; font-size: 1.15em; font-weight: 700; margin-bottom: 1.2em; }}
table {{ border-collapse: collapse; width: 100%; margin: .4em 0 1.2em; }}
th, td {{ border-bottom: 1px solid #d5e0dc; padding: .35em .6em; text-align: left; vertical-align: top; }}
th {{ background: #eef4f2; }} td.mark {{ width: 4.5em; text-align: center; font-weight: 700; white-space: nowrap; }}
.ok td.mark, .ok .badge {{ }} .badge {{ padding: .1em .5em; border-radius: 4px; font-size: .8em; }}
h2 {{ font-size: 1.15em; margin: 1.4em 0 .3em; }} h2 small {{ color: #5a6a66; font-weight: 400; }}
{style}
</style></head><body>
<h1>印前检查报告</h1>
<p class="meta">{escape(organization)}　生成时间：{escape(when)}　安全边距：常规 3 mm、大幅面 10 mm；图像分辨率：常规 ≥ 300 ppi、大幅面 ≥ 100 ppi（按成品尺寸）；最细线条 ≥ {THINNEST_MM} mm</p>
<div class="summary {worst}">{LABEL[worst]}　{escape(head)}</div>
<table><thead><tr><th>结果</th><th>文件</th><th>类型</th><th>名称</th></tr></thead><tbody>{overview}</tbody></table>
{"".join(rows)}
</body></html>
"""


def write_preflight(out_dir: Path, reports: list[FileReport], when: str, organization: str) -> None:
    (out_dir / "preflight.html").write_text(html_report(reports, when, organization), encoding="utf-8")
    (out_dir / "preflight.txt").write_text(text_report(reports, when) + "\n", encoding="utf-8")
