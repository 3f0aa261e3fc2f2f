"""Unsafe Markdown is refused with file:line:col: scripts, handlers, javascript: links,
images from the network or from outside the project."""

from __future__ import annotations

import pytest

from xuanjiao.content.loader import load_project
from xuanjiao.errors import BuildError

PAGE = "---\ntitle: 测试\n---\n正文第一行\n{}\n"


@pytest.mark.parametrize("line, col, message", [
    ("<script>alert(1)</script>", 1, "HTML tag <script> is not allowed"),
    ("看这里 <iframe src=\"https://evil.example/\"></iframe>", 5, "HTML tag <iframe> is not allowed"),
    ("<img src=\"../assets/a.png\" onerror=\"alert(1)\">", 28, "event handler attribute onerror"),
    ("[点我](javascript:alert(1))", 6, "javascript: URLs are not allowed"),
    ("<a href=\" JaVaScRiPt:alert(1)\">x</a>", 9, "javascript: URLs are not allowed"),
    ("![图](https://cdn.example/x.png)", 6, "image from the network"),
    ("![图](../../../etc/passwd.png)", 6, "'../../../etc/passwd.png' points outside the project"),
    ("<span style=\"background:url(https://x.example/a.png)\">x</span>", 13, "style attributes may not load URLs"),
    ("[文件](file:///etc/passwd)", 6, "file: URLs are not allowed"),
])
def test_unsafe_markdown_is_an_error_at_its_column(make_project, line, col, message):
    proj = make_project({"content/pages/about.md": PAGE.format(line)})
    with pytest.raises(BuildError) as exc:
        load_project(proj)
    found = [d.format() for d in exc.value.diagnostics]
    assert any(f.startswith(f"content/pages/about.md:5:{col}: error: {message}") for f in found), found


def test_safe_markup_and_code_are_allowed(make_project):
    body = ("<span class=\"x\">重点</span> <sup>1</sup> [世卫](https://www.who.int/) ![标志](../assets/logo.svg)\n"
            "`<script>` 是代码\n\n```html\n<script>也是代码</script>\n```\n")
    proj = make_project({"content/pages/about.md": "---\ntitle: 测试\n---\n" + body,
                         "content/assets/logo.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>"})
    load_project(proj)
