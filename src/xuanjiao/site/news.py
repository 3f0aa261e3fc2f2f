"""News (活动报道): content/news/*.md -> a list page, one page per post, feed entries.

Posts are listed newest first; each campaign page links its posts and each post links its
campaign. A post's cover image (a path under content/, e.g. `assets/x.svg`) is published
beside the post as `news/ID/<file name>`.
"""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from .. import i18n
from ..content.models import NewsPost
from ..errors import Location
from .feed import FeedEntry
from ..messages import t

if TYPE_CHECKING:
    from .model import SiteBuilder

LIST = "news/index.md"


def post_path(nid: str) -> str:
    return f"news/{nid}/index.md"


def _link(here: str, target: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(here) or ".")


def sorted_posts(b: SiteBuilder) -> list[NewsPost]:
    return sorted(b.p.news.values(), key=lambda n: (n.date, n.id), reverse=True)


def cover_target(b: SiteBuilder, post: NewsPost) -> str | None:
    """Where the cover is published (docs-relative), registering the copy; None if absent."""
    if not post.cover:
        return None
    content = b.p.content_dir.resolve()
    src = (content / post.cover).resolve()
    where = post.src.at("cover") if post.src else Location(f"content/news/{post.id}.md", 1, 1)
    if not src.is_relative_to(content) or not src.is_file():
        diag = where.warning(t("cover image '{cover}' not found under content/; the post is shown without it", cover=post.cover),
                             hint=t("put the image in content/assets/ and write e.g. `cover: assets/photo.jpg`"))
        if diag not in b.model.diagnostics:  # the cover is looked up for every page listing the post
            b.model.diagnostics.append(diag)
        return None
    target = f"news/{post.id}/{src.name}"
    b.model.copies[target] = src
    return target


def post_ctx(b: SiteBuilder, post: NewsPost, here: str) -> dict[str, Any]:
    camp = b.p.campaigns.get(post.campaign) if post.campaign else None
    cover = cover_target(b, post)
    return dict(id=post.id, title=post.title, url=_link(here, post_path(post.id)),
                date=post.date.isoformat(), date_label=i18n.format_date(post.date, b.lang),
                summary=post.summary or "", cover=_link(here, cover) if cover else None,
                campaign=dict(title=camp.title, url=_link(here, f"campaigns/{camp.id}/index.md")) if camp else None)


def posts_ctx(b: SiteBuilder, here: str, campaign: str | None = None) -> list[dict[str, Any]]:
    return [post_ctx(b, n, here) for n in sorted_posts(b) if campaign is None or n.campaign == campaign]


def add_news(b: SiteBuilder) -> None:
    """The list page, one page per post, and the feed entries."""
    from ..markdown import render

    b.render("news_index.md.j2", LIST, b._("活动报道"), nav=True, posts=posts_ctx(b, LIST), feed=_link(LIST, "feed.xml"))
    for post in sorted_posts(b):
        here = post_path(post.id)
        ctx = post_ctx(b, post, here)
        from .model import _yaml_str

        ctx.update(title_yaml=_yaml_str(post.title), body=Markup(post.body), list_url=_link(here, LIST))
        b.render("news.md.j2", here, post.title, n=ctx, notice=b.fallback())
        b.model.feed.append(FeedEntry(key=f"news/{post.id}", title=post.title, url=f"news/{post.id}/index.html",
                                      date=post.date, summary=post.summary or post.title, html=render(post.body)))
