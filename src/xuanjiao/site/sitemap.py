"""sitemap.xml: every page of one language's site, the same on every engine.

Written after the engine ran (each engine writes its own, and not all pages: Zensical lists
only those in the navigation, Pelican none), and only with `url:` in site.yml (a sitemap
names absolute addresses). sitemap.xml.gz beside it, as MkDocs publishes one.
"""

from __future__ import annotations

import gzip
from pathlib import Path
from xml.sax.saxutils import escape

from .model import SiteModel


def sitemap_xml(model: SiteModel, base_url: str) -> bytes:
    lastmod = f"<lastmod>{model.date.isoformat()}</lastmod>" if model.date else ""
    urls = "".join(
        f"<url><loc>{escape(base_url + model.prefix + page.url.removesuffix('index.html'))}</loc>{lastmod}</url>\n"
        for page in model.pages
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{urls}</urlset>\n"
    ).encode()


def write_sitemap(model: SiteModel, base_url: str | None, site_dir: Path) -> None:
    for name in ("sitemap.xml", "sitemap.xml.gz"):
        (site_dir / name).unlink(missing_ok=True)
    if not base_url:
        return
    data = sitemap_xml(model, base_url)
    (site_dir / "sitemap.xml").write_bytes(data)
    (site_dir / "sitemap.xml.gz").write_bytes(gzip.compress(data, mtime=0))
