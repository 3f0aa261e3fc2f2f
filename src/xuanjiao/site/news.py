"""News (活动报道): content/news/*.md -> a list page, one page per post, feed entries.

Posts are listed newest first; each campaign page links its posts and each post links its
campaign. A post's cover image (a path under content/, e.g. `assets/x.svg`) is published with the
other assets (site/content_links.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from .. import i18n
from ..content import links
from ..content.models import NewsPost
from .content_links import publish_asset, site_body
from .feed import FeedEntry
from .front import yaml_str
from .urls import link, post_path

if TYPE_CHECKING:
    from .model import SiteBuilder

LIST = "news/index.md"


def sorted_posts(b: SiteBuilder) -> list[NewsPost]:
    return sorted(b.p.news.values(), key=lambda n: (n.date, n.id), reverse=True)


def cover_target(b: SiteBuilder, post: NewsPost) -> str | None:
    """Where the cover is published (docs-relative), registering it; None when it has none or
    cannot be published (reported when the project was loaded, content/links.py)."""
    found, _ = links.resolve_cover(post, b.p)
    return publish_asset(b, found) if found is not None else None


def post_ctx(b: SiteBuilder, post: NewsPost, here: str) -> dict[str, Any]:
    camp = b.p.campaigns.get(post.campaign) if post.campaign else None
    cover = cover_target(b, post)
    return dict(
        id=post.id,
        title=post.title,
        url=link(here, post_path(post.id)),
        date=post.date.isoformat(),
        date_label=i18n.format_date(post.date, b.lang),
        summary=post.summary or "",
        cover=link(here, cover) if cover else None,
        campaign=dict(title=camp.title, url=link(here, f"campaigns/{camp.id}/index.md")) if camp else None,
    )


def posts_ctx(b: SiteBuilder, here: str, campaign: str | None = None) -> list[dict[str, Any]]:
    return [post_ctx(b, n, here) for n in sorted_posts(b) if campaign is None or n.campaign == campaign]


def add_news(b: SiteBuilder) -> None:
    """The list page, one page per post, and the feed entries."""
    from ..markdown import render

    posts = posts_ctx(b, LIST)  # no posts yet: the page stays (feed.xml links it), its tab does not
    b.render("news_index.md.j2", LIST, b._("活动报道"), nav=bool(posts), posts=posts, feed=link(LIST, "feed.xml"))
    for post in sorted_posts(b):
        here = post_path(post.id)
        ctx = post_ctx(b, post, here)
        ctx.update(title_yaml=yaml_str(post.title), body=Markup(site_body(b, post, here)), list_url=link(here, LIST))
        b.render("news.md.j2", here, post.title, n=ctx, notice=b.fallback())
        b.model.feed.append(
            FeedEntry(
                key=f"news/{post.id}",
                title=post.title,
                url=f"news/{post.id}/index.html",
                date=post.date,
                summary=post.summary or post.title,
                html=render(site_body(b, post, "feed.xml", html_links=True)),
            )
        )
