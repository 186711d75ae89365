"""Atom and RSS renderings of the public feed, for social media tools and websites."""

from __future__ import annotations

from feedgen.feed import FeedGenerator  # type: ignore[import-untyped]

from messaging.publications.schemas import PublicationRead
from peelian.reference import FORCE_NAME


def render(
    items: list[PublicationRead], *, base_url: str, self_url: str, title: str, atom: bool
) -> bytes:
    """The items as an Atom 1.0 (``atom``) or RSS 2.0 document; each entry links to the
    publication in the public API."""
    feed = FeedGenerator()
    feed.id(self_url)
    feed.title(title)
    feed.author({"name": FORCE_NAME})
    feed.link(href=self_url, rel="self")
    feed.link(href=f"{base_url}/feeds/publications", rel="alternate")
    feed.description(f"{FORCE_NAME}: news, appeals, warnings and advice")
    feed.language(items[0].language if items else "en")
    # feedgen puts the last added entry first: add the oldest first.
    for item in reversed(items):
        entry = feed.add_entry()
        url = f"{base_url}/feeds/publications/{item.id}"
        entry.id(url)
        entry.link(href=url)
        entry.title(item.title)
        entry.content(item.body, type="text")
        entry.description(item.body)
        entry.category([{"term": t} for t in [item.kind.value, *item.topics, *item.areas]])
        if item.published_at is not None:
            entry.published(item.published_at)
            entry.updated(item.published_at)
    document: bytes = feed.atom_str(pretty=True) if atom else feed.rss_str(pretty=True)
    return document
