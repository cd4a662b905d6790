"""The note header: kind, dates, status, summary and tags, as plain docutils nodes.

Only standard nodes are used (container, paragraph, inline, pending_xref), so every
builder renders the header without visitors of ours: styled boxes in HTML, plain
lines in LaTeX and text. Tag names become ``tag`` references that resolve to tag
pages where a builder has them, and stay text where it has not.
"""

from __future__ import annotations

import functools
from datetime import datetime

from docutils import nodes
from sphinx import addnodes
from sphinx.util.i18n import format_date

from .note_metadata import NoteRecord
from .slugs import slug


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
    meta = nodes.paragraph(classes=["ng-note-meta"])
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
