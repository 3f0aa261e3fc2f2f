"""Content URLs rewritten to where the site publishes their targets, the same for every engine.

A material's `../assets/logo.svg` is written for content/materials/x.md, but the page is
published at materials/x/index.html: each relative URL in a body is rewritten, relative to
the page's docs path, to the target page's `.md` (engines turn it into its URL) or to the
asset's published copy. Only assets something references are published, once per language
site, under content-assets/ (files outside content/assets/ under content-files/); a cleaned
SVG is published as its cleaned bytes. Problems were reported when the project was loaded
(content/links.py), so here an unresolvable URL is left as written.
"""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING
from urllib.parse import quote

from ..content import links
from ..content import models as m
from ..errors import Location
from ..messages import t
from .urls import campaign_path, link, material_path, post_path, static_page_path

if TYPE_CHECKING:
    from .model import SiteBuilder


def asset_path(rel: str) -> str:
    """Where a file under content/ is published (docs-relative)."""
    if rel.startswith("assets/"):
        return "content-assets/" + rel.removeprefix("assets/")
    return "content-files/" + rel


def publish_asset(b: SiteBuilder, found: links.Resolved) -> str:
    """Register the asset's copy (or cleaned bytes) in the model; its docs-relative path."""
    target = asset_path(found.rel)
    if found.checked is not None and found.checked.data is not None:
        b.model.files[target] = found.checked.data
    elif found.file is not None:
        b.model.copies[target] = found.file
    return target


def page_path(b: SiteBuilder, found: links.Resolved, doc: m.Document, rel_path: str) -> str:
    """The docs path of a linked page; a material not published in this build (a draft) is
    linked to the materials list instead, with a warning."""
    group, _, name = found.rel.partition("/")
    stem = posixpath.splitext(name)[0]
    if group == "materials" and stem not in b.material_ids:
        ref = found.ref
        diag = Location(rel_path, doc.body_line + ref.line, ref.col).warning(
            t(
                "links to material '{id}', which is not published (status: {status}); the link goes to the "
                "materials list",
                id=stem,
                status=b.p.materials[stem].status,
            ),
            hint=t("approve the material, or build with --drafts"),
        )
        if diag not in b.model.diagnostics:
            b.model.diagnostics.append(diag)
        return "materials/index.md"
    return {"materials": material_path, "campaigns": campaign_path, "news": post_path, "pages": static_page_path}[
        group
    ](stem)


def site_body(b: SiteBuilder, doc: m.Document, here: str, html_links: bool = False) -> str:
    """`doc`'s body for the page at `here`; `html_links` writes page links as .html (for feed
    entries, which no engine rewrites)."""
    rel_path = doc.src.path if doc.src else str(doc.path)
    if not html_links:
        b.model.sources[here] = rel_path
    found, _ = links.resolve_document(doc, rel_path, b.p)
    replacements = []
    for item in found:
        if item.kind == "asset":
            target = publish_asset(b, item)
        elif item.kind == "page":
            target = page_path(b, item, doc, rel_path)
            if html_links:
                target = target.removesuffix(".md") + ".html"
        else:
            continue
        replacements.append((item.ref, quote(link(here, target), safe="/") + item.tail))
    return links.rewrite(doc.body, replacements)
