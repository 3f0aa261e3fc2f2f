"""No volunteer name or phone in any public output: site (HTML, search index, ICS), print
PDFs (extracted text), plans (PDF text, docx, xlsx, json, ics). Only build/private/ has them."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader


def readable_text(path: Path) -> str:
    """What a person or program could read out of the file."""
    suffix = path.suffix.lower()
    data = path.read_bytes()
    if suffix == ".pdf":
        if shutil.which("pdftotext"):  # poppler: ~100x faster than pypdf on CJK sign-in sheets
            return subprocess.run(
                ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
            ).stdout.decode("utf-8", "ignore")
        return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
    if suffix in (".xlsx", ".docx"):
        with zipfile.ZipFile(path) as z:  # every XML part: cells, shared strings, comments, headers
            return "\n".join(z.read(n).decode("utf-8", "ignore") for n in z.namelist() if n.endswith(".xml"))
    text = data.decode("utf-8", "ignore")
    # search indexes and JSON may escape non-ASCII as \\uXXXX
    return text + "\n" + re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text)


@pytest.fixture(scope="module")
def full_build(example_built) -> Path:
    """Every output of the example (site, print, plans, private): the session's full build."""
    return example_built / "build"


def secrets(project: Path) -> set[str]:
    volunteers = yaml.safe_load((project / "private" / "volunteers.yml").read_text("utf-8"))
    return {v["name"] for v in volunteers} | {str(v["phone"]) for v in volunteers if v.get("phone")}


def test_public_outputs_hold_no_private_string(full_build, example_copy):
    private = secrets(example_copy)
    assert len(private) > 40
    checked = 0
    for path in sorted(full_build.rglob("*")):
        if not path.is_file() or path.relative_to(full_build).parts[0] == "private":
            continue
        if path.suffix.lower() in (".png", ".gz", ".svg", ".woff", ".woff2", ".ttf"):
            continue
        text = readable_text(path)
        leaked = sorted(s for s in private if s in text)
        assert not leaked, f"{path.relative_to(full_build)} leaks {leaked}"
        checked += 1
    kinds = {p.suffix for p in full_build.rglob("*") if p.is_file() and "private" not in p.parts}
    assert {".html", ".pdf", ".xlsx", ".docx", ".json", ".ics", ".js"} <= kinds
    assert checked > 100


def test_private_outputs_do_have_them(full_build, example_copy):
    """The scan above would be worthless if the extraction could not see names at all."""
    private = secrets(example_copy)
    seen = set()
    for path in (full_build / "private").rglob("*"):
        if path.is_file() and path.suffix in (".pdf", ".xlsx", ".ics"):
            text = readable_text(path)
            seen |= {s for s in private if s in text}
    assert len(seen) > 10


def test_a_volunteers_name_or_phone_in_content_is_an_error_that_does_not_repeat_it(make_project):
    """Pasted from the roster into a page or a material: caught by `check`, at its place, and
    the message names the volunteer's id only (diagnostics end up in logs and chat groups)."""
    from click.testing import CliRunner

    from xuanjiao.cli import main

    root = make_project(
        {
            "private/volunteers.yml": """\
            - id: v001
              name: 林晓禾
              phone: "13800000001"
            - id: v003
              name: 周一帆
              phone: "139 0000 0003"
            """,
            "content/pages/contact.md": "# 联系我们\n\n现场负责人：林晓禾\n电话 138-0000-0001 或 13900000003。\n",
            "content/venues.yml": "- id: east\n  name: 东站\n  kind: station\n  address: 周一帆家楼下\n  days: daily\n",
        }
    )
    result = CliRunner().invoke(main, ["check", "--project", str(root)])
    assert result.exit_code == 1, result.output
    assert "content/pages/contact.md:3:7: error: a volunteer's name (v001) is in published content" in result.output
    assert "content/pages/contact.md:4:4: error: a volunteer's phone number (v001)" in result.output
    assert "content/pages/contact.md:4:20: error: a volunteer's phone number (v003)" in result.output
    assert "content/venues.yml:4:12: error: a volunteer's name (v003)" in result.output
    for secret in ("13800000001", "138-0000-0001", "13900000003", "林晓禾", "周一帆"):
        assert secret not in result.output
