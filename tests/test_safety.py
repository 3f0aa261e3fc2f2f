"""Content HTML is rendered, then cleaned: what the cleaner drops is a warning at the source
text that produced it; images from the network and links out of the project are errors."""

from __future__ import annotations

import pytest

from xuanjiao.content.loader import load_project
from xuanjiao.errors import BuildError

PAGE = "---\ntitle: 测试\n---\n正文第一行\n{}\n"


def diagnostics(make_project, body: str) -> list[str]:
    proj = make_project({"content/pages/about.md": PAGE.format(body)})
    try:
        return [d.format() for d in load_project(proj)[1]]
    except BuildError as exc:
        return [d.format() for d in exc.diagnostics]


@pytest.mark.parametrize(
    "body, where, message",
    [
        ("<script>alert(1)</script>", "5:1", "removed unsafe HTML: <script>"),
        ('看这里 <iframe src="https://evil.example/"></iframe>', "5:5", "removed unsafe HTML: <iframe>"),
        ('<img src="../assets/a.png" onerror="alert(1)">', "5:28", "removed unsafe HTML: onerror attribute on <img>"),
        ("<img\nsrc=x onerror=alert(1)>", "6:7", "removed unsafe HTML: onerror attribute on <img>"),
        ("[点我](javascript:alert(1))", "5:6", 'removed unsafe HTML: href="javascript:alert(1)" on <a>'),
        ("[点我][x]\n\n[x]: javascript:alert(1)", "7:6", 'removed unsafe HTML: href="javascript:alert(1)"'),
        ('<a href=" JaVaScRiPt:alert(1)">x</a>', "5:10", 'removed unsafe HTML: href=" JaVaScRiPt:alert(1)"'),
        ('<a href="&#106;avascript:alert(1)">x</a>', "5:10", 'removed unsafe HTML: href="javascript:alert(1)"'),
        ('<a href="java&#x09;script:alert(1)">x</a>', "5:10", 'removed unsafe HTML: href="java\\x09script:alert(1)"'),
        (
            '<span style="background:url(https://x.example/a.png)">x</span>',
            "5:7",
            "removed unsafe HTML: style attribute",
        ),
        ("[文件](file:///etc/passwd)", "5:6", 'removed unsafe HTML: href="file:///etc/passwd"'),
        ("<svg><script>alert(1)</script></svg>", "5:6", "removed unsafe HTML: <script>"),
    ],
)
def test_what_the_cleaner_removes_is_a_warning_at_its_source(make_project, body, where, message):
    found = diagnostics(make_project, body)
    assert any(f.startswith(f"content/pages/about.md:{where}: warning: {message}") for f in found), found


@pytest.mark.parametrize(
    "body, where, message",
    [
        ("![图](https://cdn.example/x.png)", "5:6", "image from the network: https://cdn.example/x.png"),
        ("![图][r]\n\n[r]: https://cdn.example/x.png", "7:6", "image from the network"),
        ('<img alt=""\nsrc="//cdn.example/x.png">', "6:6", "image from the network"),
        ("![图](../../../etc/passwd.png)", "5:6", "'../../../etc/passwd.png' points outside the project"),
    ],
)
def test_remote_images_and_links_out_are_errors(make_project, body, where, message):
    proj = make_project({"content/pages/about.md": PAGE.format(body)})
    with pytest.raises(BuildError) as exc:
        load_project(proj)
    found = [d.format() for d in exc.value.diagnostics]
    assert any(f.startswith(f"content/pages/about.md:{where}: error: {message}") for f in found), found


def test_safe_markup_and_code_pass_without_a_word(make_project):
    body = (
        '<span class="x">重点</span> <sup>1</sup> [世卫](https://www.who.int/) ![标志](../assets/logo.svg)\n'
        "`<script>` 是代码\n\n```html\n<script>也是代码</script>\n```\n\n"
        '!!! note "提示"\n    内容\n\n| 左 | 右 |\n|:--|--:|\n| 1 | 2 |\n\n术语\n:   解释\n\n'
        "## 标题 { #anchor .big }\n\n[电话](tel:12320) [邮件](mailto:a@example.org)\n"
    )
    proj = make_project(
        {
            "content/pages/about.md": "---\ntitle: 测试\n---\n" + body,
            "content/assets/logo.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
        }
    )
    assert [d.format() for d in load_project(proj)[1]] == []
