"""Health-text warnings: overdue review, absolute claims, long sentences, wrong hotline."""

from __future__ import annotations

import datetime as dt

from click.testing import CliRunner

from xuanjiao.cli import main
from xuanjiao.content.loader import load_project

LEAFLET = """\
---
title: 测试三折页
kind: leaflet
status: approved
reviewed_by: 县疾控中心 王医生
reviewed_on: 2025-01-10
review_due: 2026-01-10
sources: ["国家卫生健康委"]
---
## 第一栏

本药可以根治高血压。
这是一句特别特别长的句子，它一口气说了太多的内容，让在集市上匆匆路过的读者根本来不及读完也记不住重点。
咨询热线：12345。
"""


def test_lint_warnings_point_at_the_line(make_project):
    proj = make_project({"content/materials/leaf.md": LEAFLET})
    _, diags = load_project(proj, today=dt.date(2026, 3, 1))
    text = "\n".join(d.format() for d in diags)
    assert "content/materials/leaf.md:7:13: warning: review of 'leaf' was due on 2026-01-10: 县疾控中心 王医生" in text
    assert "content/materials/leaf.md:12:5: warning: absolute claim '根治'" in text
    assert "content/materials/leaf.md:13:1: warning: sentence of" in text
    assert "content/materials/leaf.md:14:6: warning: hotline 12345 differs from site.yml's 12320" in text
    soon = load_project(proj, today=dt.date(2025, 12, 20))[1]
    assert any("is due on 2026-01-10" in d.message for d in soon)
    fine = load_project(proj, today=dt.date(2025, 6, 1))[1]
    assert not any("review" in d.message for d in fine)


def test_strict_makes_warnings_fatal(make_project):
    proj = make_project({"content/materials/leaf.md": LEAFLET})
    runner = CliRunner()
    assert runner.invoke(main, ["check", "--project", str(proj)]).exit_code == 0
    strict = runner.invoke(main, ["check", "--strict", "--project", str(proj)])
    assert strict.exit_code == 1 and "warning: absolute claim" in strict.output


WARNS_AGAINST = """\
---
title: 识别虚假广告
kind: flyer
status: approved
reviewed_by: 县疾控中心 王医生
reviewed_on: 2026-01-10
sources: ["国家卫生健康委"]
---
不要相信“根治高血压”的保健品广告。
目前还没有根治的办法，需要长期服药。
没有100%有效的药物。
谨防「药到病除」的偏方。
本品可根治高血压，无任何副作用。
"""


def test_claims_the_text_warns_against_are_not_claims(make_project):
    """Negation before a claim (in its clause) and quotation marks around it silence it; a
    real claim on the same page still warns, at its own column."""
    proj = make_project({"content/materials/ads.md": WARNS_AGAINST})
    _, diags = load_project(proj, today=dt.date(2026, 3, 1))
    claims = sorted((d.line, d.col, d.message.split("'")[1]) for d in diags if "absolute claim" in d.message)
    assert claims == [(13, 4, "根治"), (13, 10, "无任何副作用")]
    strict = CliRunner().invoke(main, ["check", "--strict", "--project", str(proj)])
    assert strict.exit_code == 1 and "ads.md:13:4: warning: absolute claim '根治'" in strict.output
