"""Images and links relative to the Markdown file, in every engine and in print; only what
pages use is published, cleaned; what cannot be resolved is an error at its line and column,
from `check` and `build` alike."""

from __future__ import annotations

import functools
import os
import re
import threading
import urllib.request
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urljoin

import pytest
from click.testing import CliRunner

from xuanjiao.cli import main
from xuanjiao.content.assets import check_file
from xuanjiao.pipeline import BuildOptions, run_build
from xuanjiao.site import engines
from xuanjiao.site.engines.report import engine_diagnostic
from xuanjiao.site.model import SiteModel

ENGINES = [
    pytest.param(name, marks=pytest.mark.skipif(not engines.available(name), reason=f"{name} is not installed"))
    for name in engines.NAMES
]

SITE = """\
title: 测试县卫生健康宣传
organization: 测试县卫生健康局
url: https://jiankang.test.example/county/
languages: [zh-CN, en]
engine: {engine}
"""
MATERIAL = """\
---
title: 认识我们的标志
kind: flyer
size: A5
status: approved
reviewed_by: 县疾控中心 李医生
reviewed_on: 2026-05-01
sources: [国家卫生健康委]
qr: none
---
# 我们的标志

![标志](../assets/logo.svg)

健康咨询请看[热线页面](../pages/hotline.md)，也可以[下载指南](../assets/guide.pdf)。

![标志小图][mark]

[mark]: ../assets/logo.svg
"""
PAGE = """\
---
title: 健康热线
---
# 健康热线

![示意图](../assets/scripted.svg)

回到[资料](../materials/logo-flyer.md)。
"""
LOGO = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100" viewBox="0 0 100 100">'
    '<rect width="100" height="100" fill="#ff0000"/></svg>'
)
SCRIPTED = (
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10" '
    'onload="alert(\'svg-onload\')"><script>alert("svg-script")</script>'
    '<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">svg-foreign</div></foreignObject>'
    '<a xlink:href="javascript:alert(\'svg-href\')"><circle r="4" cx="5" cy="5"/></a></svg>'
)
SECRET = "13800000099"


def _project(make_project, engine: str = "mkdocs", **extra: str) -> Path:
    root = make_project(
        {
            "content/site.yml": SITE.format(engine=engine),
            "content/materials/logo-flyer.md": MATERIAL,
            "content/pages/hotline.md": PAGE,
            "content/assets/logo.svg": LOGO,
            "content/assets/scripted.svg": SCRIPTED,
            "content/assets/notes.html": "<script>alert('notes-html')</script>",
            "content/assets/app.js": "alert('app-js')",
            "content/assets/volunteers.yml": f"- {{id: v1, name: 王五, phone: '{SECRET}'}}\n",
            **extra,
        },
        name=f"proj-{engine}",
    )
    (root / "content/assets/guide.pdf").write_bytes(b"%PDF-1.4\n% guide\n")
    (root / "content/assets/passwd.svg").symlink_to("/etc/passwd")  # not referenced: never published
    return root


def _build(root: Path, only: tuple[str, ...]) -> Path:
    out = root / "build"
    result = run_build(BuildOptions(project_dir=root, out=out, only=only))
    assert result.ok, [d.format() for d in result.diagnostics]
    return out


def _serve(site: Path):
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *a: None  # type: ignore[attr-defined]
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _images(page: Path) -> list[str]:
    return [v for tag, attrs in _tags(page.read_text("utf-8")) if tag == "img" for k, v in attrs if k == "src"]


def _tags(html: str):
    for mt in re.finditer(r"<(img|a)\b([^>]*)>", html):
        yield mt.group(1), re.findall(r'\b(src|href)="([^"]*)"', mt.group(2))


def _assert_served(site: Path, page_rel: str, wanted: str) -> None:
    """Every content image on the page is fetched over HTTP, resolved against the page's URL."""
    server = _serve(site)
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}/{page_rel}"
        srcs = [s for s in _images(site / page_rel) if s.endswith(wanted)]
        assert srcs, _images(site / page_rel)
        for src in srcs:
            with urllib.request.urlopen(urljoin(base, src)) as resp:
                assert resp.status == 200 and b"#ff0000" in resp.read()
        hrefs = [v for tag, attrs in _tags((site / page_rel).read_text("utf-8")) if tag == "a" for _, v in attrs]
        for href in [h for h in hrefs if h.endswith(("guide.pdf", "hotline/index.html"))]:
            with urllib.request.urlopen(urljoin(base, href)) as resp:
                assert resp.status == 200
    finally:
        server.shutdown()
        server.server_close()


def _assert_nothing_unused(site: Path) -> None:
    names = {p.name for p in site.rglob("*") if p.is_file()}
    assert not names & {"notes.html", "app.js", "volunteers.yml", "passwd.svg"}
    passwd = Path("/etc/passwd").read_bytes()[:40]
    for path in site.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert b"svg-onload" not in data and b'alert("svg-script")' not in data and b"svg-foreign" not in data
            assert b"svg-href" not in data and SECRET.encode() not in data and passwd not in data, path


@pytest.mark.parametrize("engine", ENGINES)
def test_material_images_are_served_by_every_engine_in_both_languages(make_project, engine):
    site = _build(_project(make_project, engine), ("site",)) / "site"
    for prefix in ("", "en/"):
        _assert_served(site, f"{prefix}materials/logo-flyer/index.html", "logo.svg")
        page = site / f"{prefix}pages/hotline/index.html"
        assert any(s.endswith("content-assets/scripted.svg") for s in _images(page))
    assert (site / "content-assets/scripted.svg").is_file()
    _assert_nothing_unused(site)


def test_the_image_is_printed(make_project):
    import pypdfium2

    out = _build(_project(make_project), ("print", "site"))
    pdf = pypdfium2.PdfDocument(out / "print" / "logo-flyer.screen.pdf")
    image = pdf[0].render(scale=0.5).to_pil().convert("RGB")
    red = sum(n for n, (r, g, b) in image.getcolors(1 << 24) if r > 200 and g < 60 and b < 60)
    assert red > 500, red  # the logo's red square, drawn from ../assets/logo.svg
    _assert_served(out / "site", "materials/logo-flyer/index.html", "logo.svg")
    assert (out / "site/materials/logo-flyer/index.html").read_text("utf-8").count("logo-flyer.screen.pdf")
    _assert_nothing_unused(out / "site")


def _run(args: list[str]) -> tuple[int, str]:
    result = CliRunner().invoke(main, args)
    assert "Traceback" not in result.output and (result.exception is None or isinstance(result.exception, SystemExit))
    return result.exit_code, result.output


BROKEN = {  # (what is written, what replaces it, a word of the message)
    "inline": ("![标志](../assets/logo.svg)", "![标志](../assets/missing.svg)", "image not found"),
    "reference": ("[mark]: ../assets/logo.svg", "[mark]: ../assets/gone.svg", "image not found"),
    "page link": ("(../pages/hotline.md)", "(../pages/hotlin.md)", "link target not found"),
    "symlink": ("![标志](../assets/logo.svg)", "![标志](../assets/passwd.svg)", "symbolic link"),
    "type": ("(../assets/guide.pdf)", "(../assets/notes.html)", "cannot be published"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_an_unresolvable_link_is_an_error_at_its_line_from_check_and_build(make_project, case):
    old, new, message = BROKEN[case]
    text = MATERIAL.replace(old, new)
    url = re.search(r"\.\./[\w/.-]+", new)
    before = text[: text.index(new) + url.start()]
    line, col = before.count("\n") + 1, len(before) - before.rfind("\n")
    root = _project(make_project, **{"content/materials/logo-flyer.md": text})
    for args in (["check"], ["build", "--only", "site"]):
        code, output = _run([*args, "--project", str(root)])
        assert code == 1, output
        assert f"content/materials/logo-flyer.md:{line}:{col}: error: " in output, output
        assert message in output and "hint:" in output and ".work" not in output and "staging" not in output


def test_a_link_to_a_missing_heading_is_a_warning_at_its_line_and_the_build_goes_on(make_project):
    """MkDocs alone would fail the build at the end, naming its own staging file; check warns at
    the source, and what check passes, build passes."""
    text = MATERIAL.replace("(../pages/hotline.md)", "(../pages/hotline.md#no-such-heading)")
    root = _project(make_project, **{"content/materials/logo-flyer.md": text})
    before = text[: text.index("../pages/hotline.md#")]
    where = f"content/materials/logo-flyer.md:{before.count(chr(10)) + 1}:{len(before) - before.rfind(chr(10))}"
    for args in (["check"], ["build", "--only", "site"]):
        code, output = _run([*args, "--project", str(root)])
        assert code == 0, output
        assert f"{where}: warning: '#no-such-heading' is not a heading of content/pages/hotline.md" in output
        assert "hint: headings there: " in output and ".work" not in output
    fixed = text.replace("#no-such-heading", "#健康热线")  # the page's heading
    (root / "content/materials/logo-flyer.md").write_text(fixed, encoding="utf-8")
    code, output = _run(["check", "--project", str(root)])
    assert code == 0 and "is not a heading" not in output, output


def test_an_engine_message_names_the_page_at_fault_not_the_staging_dir(tmp_path):
    work = tmp_path / ".build.staging-1" / ".work" / "site"
    model = SiteModel(
        sources={"pages/about/index.md": "content/pages/about.md", "pages/hotline/index.md": "content/pages/hotline.md"}
    )
    message = (
        f"Doc file '{work}/_default/docs/pages/about/index.md' contains a link "
        "'../hotline/index.md#x', but the doc 'pages/hotline/index.md' has no anchor '#x'."
    )
    diag = engine_diagnostic(model, work, "mkdocs", message)
    assert diag.path == "content/pages/about.md" and diag.severity == "error"
    assert str(tmp_path) not in diag.message and "'pages/about/index.md'" in diag.message


def test_a_scripted_svg_is_cleaned_and_the_writer_told(tmp_path):
    path = tmp_path / "x.svg"
    path.write_text(SCRIPTED, encoding="utf-8")
    checked = check_file(path, image=True)
    assert checked.problem is None and checked.data is not None
    assert {"<script>", "<foreignobject>", "onload="} <= set(checked.removed)
    text = checked.data.decode()
    assert "alert" not in text and "svg-foreign" not in text and "<circle" in text and text.startswith("<svg ")
    assert check_file(path, image=True) == checked  # cached per file version


def test_a_huge_png_is_an_error_not_a_vanishing_image(tmp_path):
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    path = tmp_path / "huge.png"  # a valid header claiming 30000×30000 (only the header is read)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 30000, 30000, 8, 2, 0, 0, 0))
        + chunk(b"IEND", b"")
    )
    checked = check_file(path, image=True)
    assert checked.problem and "too large" in checked.problem[0]


def test_an_oversized_file_is_refused(tmp_path):
    path = tmp_path / "big.pdf"
    with open(path, "wb") as f:
        f.truncate(21 * 1024 * 1024)  # sparse: no disk used
    assert "MB" in check_file(path, image=False).problem[0]
    assert os.path.getsize(path) > 20 * 2**20
