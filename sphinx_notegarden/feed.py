"""An Atom feed of notes, newest first, with absolute URLs, summaries and tags.

Written with feedgen (valid Atom without string formatting) once per HTML build.
Deterministic: the feed's ``updated`` is its newest note's date, never the clock.
Turned on with ``notegarden_feed``; without ``html_baseurl`` there can be no absolute
URL, so the build says so once and writes no feed.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from feedgen.feed import FeedGenerator
from markupsafe import Markup
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util import logging

from .assets import write_if_changed
from .domain import tag_key
from .tag_pages import pages_enabled, tags_folder

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from .domain import NoteGardenDomain
    from .note_metadata import NoteRecord

logger = logging.getLogger(__name__)
FEED_NAME = "feed.xml"


def _stamp(iso_date: str) -> datetime:
    return datetime.fromisoformat(iso_date).replace(tzinfo=timezone.utc)


def _absolute(app: Sphinx, pagename: str) -> str:
    base = str(app.config.html_baseurl).rstrip("/") + "/"
    return base + app.builder.get_target_uri(pagename).lstrip("/")


def select_notes(
    domain: NoteGardenDomain, app: Sphinx, tag: str | None = None
) -> list[tuple[str, NoteRecord]]:
    """Return the dated notes of the feed, newest first, filtered by the settings."""
    kinds = {kind.lower() for kind in app.config.notegarden_feed_kinds}
    wanted_tags = {tag_key(name) for name in app.config.notegarden_feed_tags}
    chosen = []
    for docname, note in domain.notes():
        if not note.sort_date:
            continue
        if kinds and note.kind.lower() not in kinds:
            continue
        keys = domain.tags_of([docname])
        if wanted_tags and not keys & wanted_tags:
            continue
        if tag is not None and tag not in keys:
            continue
        chosen.append((docname, note))
    chosen.sort(key=lambda item: item[0])
    chosen.sort(key=lambda item: item[1].sort_date, reverse=True)
    return chosen[: max(0, int(app.config.notegarden_feed_count))]


def atom_feed(
    app: Sphinx, notes: list[tuple[str, NoteRecord]], feed_path: str, title: str
) -> bytes:
    """Return the Atom XML for *notes*."""
    generator = FeedGenerator()
    home = _absolute(app, app.config.root_doc)
    generator.id(app.config.html_baseurl.rstrip("/") + "/" + feed_path)
    generator.title(title)
    generator.link(href=home, rel="alternate")
    generator.link(href=app.config.html_baseurl.rstrip("/") + "/" + feed_path, rel="self")
    generator.author({"name": app.config.author or app.config.project})
    generator.language(app.config.language or "en")
    newest = notes[0][1].sort_date if notes else "1970-01-01"
    generator.updated(_stamp(newest))
    # feedgen adds entries at the top; add oldest first so the newest comes first.
    for docname, note in reversed(notes):
        entry = generator.add_entry()
        url = _absolute(app, docname)
        entry.id(url)
        entry.title(note.title)
        entry.link(href=url)
        entry.published(_stamp(note.date or note.sort_date))
        entry.updated(_stamp(note.sort_date))
        if note.summary:
            entry.summary(note.summary)
        for name in note.tags:
            entry.category(term=name)
    xml = cast("bytes", generator.atom_str(pretty=True))
    return xml


def write_feeds(app: Sphinx, exception: Exception | None) -> None:
    """On ``build-finished``: write the site feed, and a feed per tag if asked."""
    if exception is not None or not app.config.notegarden_feed or not pages_enabled(app.builder):
        return
    if not app.config.html_baseurl:
        logger.warning(
            "notegarden_feed needs html_baseurl (the site's address) for absolute links; "
            "no feed was written",
            type="notegarden",
            subtype="feed",
        )
        return
    domain = cast("NoteGardenDomain", app.env.get_domain("ng"))
    outdir = Path(app.outdir)
    feeds: list[tuple[str, str, str | None]] = [(FEED_NAME, app.config.project, None)]
    if app.config.notegarden_feed_per_tag:
        folder = tags_folder(app.builder)
        for key, info in sorted(domain.tag_index().tags.items()):
            feeds.append((f"{folder}/{info.slug}.xml", f"{app.config.project}: {info.name}", key))
    for path, title, tag in feeds:
        xml = atom_feed(app, select_notes(domain, app, tag), path, title)
        write_if_changed(outdir / path, xml.decode("utf-8"))


def feed_link(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """On ``html-page-context``: announce the feed in every page's ``<head>``."""
    if (
        not app.config.notegarden_feed
        or not app.config.html_baseurl
        or not isinstance(app.builder, StandaloneHTMLBuilder)
    ):
        return
    href = app.config.html_baseurl.rstrip("/") + "/" + FEED_NAME
    # Markup.format escapes its arguments: a title with quotes cannot break out.
    link = Markup(
        '<link rel="alternate" type="application/atom+xml" title="{}" href="{}" />\n'
    ).format(app.config.project, href)
    context["metatags"] = context.get("metatags", "") + str(link)


def description_meta(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """On ``html-page-context``: a note's summary becomes its ``<meta name="description">``."""
    note = cast("NoteGardenDomain", app.env.get_domain("ng")).note(pagename)
    if note is None or not note.summary or note.summary_is_lede:
        return
    meta = Markup('<meta name="description" content="{}" />\n').format(note.summary)
    context["metatags"] = context.get("metatags", "") + str(meta)


def setup_feed(app: Sphinx) -> None:
    """Register the feed writer and the head links."""
    app.connect("build-finished", write_feeds)
    app.connect("html-page-context", feed_link)
    app.connect("html-page-context", description_meta)
