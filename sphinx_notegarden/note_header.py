"""The note header: kind, dates, status, summary and tags, as plain docutils nodes.

Only standard nodes are used (container, paragraph, inline, reference), so every
builder renders the header without visitors of ours: styled boxes in HTML, plain
lines in LaTeX and text. Tag names link to tag pages where a builder has them, and
stay text where it has not.

While a note is read, only a placeholder (:class:`ng_note_header`) goes into its tree;
the header is made from the note's record on ``doctree-resolved``, before the page is
indexed and written. A header is about fifteen nodes (a fifth of a short note's tree),
and every document tree stays in memory from reading until its page is written, where
Python's collector walks it again at each full collection; made late, the header lives
only as long as its page is being written.
"""

from __future__ import annotations

import functools
from datetime import datetime
from typing import TYPE_CHECKING, cast

from docutils import nodes
from sphinx import addnodes
from sphinx.util.i18n import format_date

from .note_metadata import NoteRecord
from .placeholders import add_placeholder_node
from .slugs import slug

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from .domain import NoteGardenDomain


def tag_reference(
    name: str, *, label: str | None = None, classes: list[str] | None = None
) -> addnodes.pending_xref:
    """Return a reference to the page of tag *name*, showing *label* (default: the name)."""
    text = name if label is None else label
    xref = addnodes.pending_xref(
        "",
        refdomain="ng",
        reftype="tag",
        reftarget=name,
        refexplicit=True,
        refwarn=False,
    )
    xref += nodes.inline(text, text, classes=["ng-tag", *(classes or [])])
    return xref


@functools.lru_cache(maxsize=4096)
def display_date(iso_date: str, fmt: str, language: str | None) -> str:
    """Format an ISO date with *fmt* (strftime codes) in the site's language.

    Cached: Babel takes about 0.2 ms per date, and a garden shows each date on many
    pages (note lists, tag pages, headers).
    """
    return format_date(fmt, date=datetime.fromisoformat(iso_date), language=language or "en")


def build_note_header(
    note: NoteRecord, *, date_format: str, language: str | None
) -> nodes.container:
    """Return the header of *note*: a meta line, the summary, and the tags."""
    header = nodes.container(classes=["ng-note-header"])
    # Kind, dates and status are not searched: "Note" and "2026" would match every note.
    meta = nodes.paragraph(classes=["ng-note-meta", "no-search"])
    parts: list[nodes.Node] = [
        nodes.inline(note.kind, note.kind.capitalize(), classes=["ng-note-kind"])
    ]
    if note.date:
        text = display_date(note.date, date_format, language)
        parts.append(nodes.inline(text, text, classes=["ng-note-date"]))
    if note.updated and note.updated != note.date:
        text = "updated " + display_date(note.updated, date_format, language)
        parts.append(nodes.inline(text, text, classes=["ng-note-updated"]))
    if note.status:
        parts.append(
            nodes.inline(
                note.status,
                note.status,
                classes=["ng-status", f"ng-status-{slug(note.status, prefix='status')}"],
            )
        )
    for index, part in enumerate(parts):
        if index:
            meta += nodes.inline(" · ", " · ", classes=["ng-sep"])
        meta += part
    header += meta
    if note.summary and not note.summary_is_lede:
        header += nodes.paragraph(note.summary, note.summary, classes=["ng-note-summary"])
    if note.tags:
        tags = nodes.paragraph(classes=["ng-note-tags"])
        for index, name in enumerate(note.tags):
            if index:
                tags += nodes.Text(" ")
            tags += tag_reference(name)
        header += tags
    return header


class ng_note_header(nodes.General, nodes.Element):  # noqa: N801
    """Where the header of note ``docname`` goes; filled on ``doctree-resolved``."""


def fill_note_headers(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """On ``doctree-resolved``: put each note's header in place of its placeholder.

    Tag names are resolved as the ``tag`` references of the domain resolve them (the
    tree's references were resolved before this event). Builders that assemble one tree
    from many notes (LaTeX, singlehtml) get each note's own header.
    """
    placeholders = list(doctree.findall(ng_note_header))
    if not placeholders:
        return
    domain = cast("NoteGardenDomain", app.env.get_domain("ng"))
    config = app.config
    for placeholder in placeholders:
        note = domain.note(placeholder["docname"])
        if note is None:
            placeholder.parent.remove(placeholder)
            continue
        header = build_note_header(
            note, date_format=config.notegarden_date_format, language=config.language
        )
        for xref in list(header.findall(addnodes.pending_xref)):
            content = cast("nodes.Element", xref[0])
            resolved = domain.resolve_xref(
                app.env, docname, app.builder, "tag", xref["reftarget"], xref, content
            )
            xref.replace_self(resolved if resolved is not None else content)
        placeholder.replace_self(header)


def setup_note_header(app: Sphinx) -> None:
    """Register the placeholder and its filling."""
    add_placeholder_node(app, ng_note_header)
    app.connect("doctree-resolved", fill_note_headers)
