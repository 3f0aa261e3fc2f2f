"""The sections a 公文 plan has (issue 19): 工作要求, 经费保障, 安全保障 from plan.yml, the report
task with its recipient, contact and deadline, the 附件 list, fixed-date tasks, due dates moved
off holidays (and said so), the calendar named truly, the 落款 kept with the last section; in
plan.md, plan.pdf and plan.docx, and plan.docx opened by LibreOffice with its headings and
tables."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

EPOCH = "1767225600"  # 2026-01-01
DAY = "test-national-day"

PLAN_YML = """\
window: {before: 3, after: 1}
tasks:
  - {id: plan, title: 制定活动方案并报批, on: 2026-09-01, owner: 宣传科}
  - {id: launch, title: 举行启动仪式, before: 0, owner: 办公室}
  - {id: report, title: 报送活动总结和统计表, after: 5, owner: 办公室}
requirements: |
  各单位要高度重视，明确专人负责。

  活动结束后如实填写统计表。
funding: 所需经费从健康教育专项经费中列支。
safety: 做好现场秩序维护，遇恶劣天气取消户外活动。
reports:
  due: {on: 2026-10-11}
  to: 市卫生健康委宣传处
  contact: {name: 杨某, phone: "0633-8781187", email: xcc@example.cn}
  attach: [照片, 音像资料]
  form:
    title: 国庆期间健康宣传活动情况统计表
    columns:
      - {label: 宣传服务, unit: 万人, sum: reached}
"""

FILES = {
    "content/awareness-days.yml": f'- {{id: {DAY}, name: {{zh-CN: 国庆测试日}}, date: "10-01", source: https://example.org/n}}\n',
    "content/venues.yml": '- {id: square, name: 人民广场, kind: square, hours: "09:00-11:00", volunteers: 0, reach: 300, days: daily}\n',
    "content/plan.yml": PLAN_YML,
    "content/campaigns/national-2026.md": f"""\
        ---
        day: {DAY}
        year: 2026
        title: 2026 年国庆测试宣传活动
        venues: [square]
        ---
        ## 活动目的

        测试。
        """,
}


def run(root: Path, *args: str):
    from xuanjiao.cli import main

    return CliRunner().invoke(main, [*args, "--project", str(root)], env={"SOURCE_DATE_EPOCH": EPOCH})


@pytest.fixture(scope="module")
def plan_dir(tmp_path_factory):
    from conftest import write_project

    root = write_project(tmp_path_factory.mktemp("sections") / "proj", FILES)
    result = run(root, "plan", "--year", "2026")
    assert result.exit_code == 0, result.output
    return root / "build" / "plans" / "2026" / DAY


HEADINGS = [
    "一、活动目的",
    "二、活动时间和地点",
    "三、活动安排",
    "四、工作任务",
    "五、宣传资料及印制数量",
    "六、工作要求",
    "七、经费保障",
    "八、安全保障",
    "九、联系方式",
]
SENDING = (
    "请于10月10日（周六，调休上班）前将活动总结和统计表（附件1、附件2）连同照片、音像资料报送市卫生健康委宣传处。"
    "联系人：杨某，电话：0633-8781187，电子邮箱：xcc@example.cn。"
)


def test_plan_md_has_the_sections_the_report_task_and_the_attachments(plan_dir):
    md = (plan_dir / "plan.md").read_text("utf-8")
    assert re.findall(r"^## (.+)$", md, re.MULTILINE) == HEADINGS
    assert "| 制定活动方案并报批 | 宣传科 | 9月1日（周二） |" in md  # a fixed date
    assert "| 举行启动仪式 | 办公室 | 9月30日（周三） |" in md  # before: 0 on the holiday, moved
    assert "“举行启动仪式”原定10月1日（周四）为节假日或休息日，已提前至9月30日（周三）。" in md
    # 10-11 is a Sunday; 10-10 a 调休 Saturday, and the table says so
    assert "| 报送活动总结和统计表（报市卫生健康委宣传处） | 办公室 | 10月10日（周六，调休上班） |" in md
    assert "**信息报送**：" + SENDING in md
    assert "已按国家法定节假日和调休安排推算" in md
    assert "各单位要高度重视，明确专人负责。\n\n活动结束后如实填写统计表。" in md
    tail = md[md.index("## 九、联系方式") :]
    assert "1. 2026 年国庆测试宣传活动现场统计表\n2. 国庆期间健康宣传活动情况统计表" in tail


def test_plan_pdf_has_them_and_the_signature_stays_with_the_last_section(plan_dir):
    pages = subprocess.run(
        ["pdftotext", "-layout", str(plan_dir / "plan.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout.split("\f")
    text = re.sub(r"\s+", "", "".join(pages))
    for heading in HEADINGS:
        assert heading in text
    assert re.sub(r"\s+", "", SENDING) in text
    last = re.sub(r"\s+", "", [p for p in pages if p.strip()][-1])
    assert "九、联系方式" in last and "测试县卫生健康局" in last and "附件" in last


def test_plan_docx_keeps_the_signature_with_the_last_section(plan_dir):
    doc = Document(str(plan_dir / "plan.docx"))
    assert [p.text for p in doc.paragraphs if p.style.name == "Heading 1"] == HEADINGS
    texts = [p.text for p in doc.paragraphs]
    start = texts.index("九、联系方式")
    assert texts[-2:] == ["测试县卫生健康局", "2026年9月1日"]
    assert all(p.paragraph_format.keep_with_next for p in doc.paragraphs[start:-1])
    assert "1．2026 年国庆测试宣传活动现场统计表" in texts and "附件：" in texts
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    assert "报送活动总结和统计表（报市卫生健康委宣传处）" in cells and "10月10日（周六，调休上班）" in cells
    # the line before an e-mail address is not spaced out character by character (联 系 人 ：)
    sending = next(p for p in doc.paragraphs if p.text.startswith("信息报送："))
    assert "xcc@example.cn" in sending.text and sending.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.LEFT


def test_a_project_calendar_is_named_as_the_source(make_project):
    holidays = "2026:\n  holidays: [2026-10-01, 2026-10-02]\n  workdays: []\n"
    root = make_project({**FILES, "content/holidays.yml": holidays})
    assert run(root, "plan", "--year", "2026").exit_code == 0
    md = (root / "build" / "plans" / "2026" / DAY / "plan.md").read_text("utf-8")
    assert "已按本单位 content/holidays.yml 所列2026年节假日和调休安排推算" in md
    assert "已按国家法定" not in md


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_opens_plan_docx_with_its_headings_and_tables(plan_dir, tmp_path):
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/lo-profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(plan_dir / "plan.docx"),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "plan.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = re.sub(r"\s+", "", text)
    for heading in HEADINGS:
        assert heading in flat
    lines = {line.strip() for line in text.splitlines()}  # a table cell is a line of its own
    for cell in ("工作任务", "责任部门", "完成时限", "制定活动方案并报批", "举行启动仪式", "活动地点", "人民广场"):
        assert cell in lines, cell
