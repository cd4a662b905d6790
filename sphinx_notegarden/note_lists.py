"""Lists of notes and of tags, built as docutils nodes for any page and any builder.

Shared by the ``note-list`` and ``tag-index`` directives and the generated tag pages,
so a note looks the same in every list: its title as a link, its date, its summary.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.errors import NoUri

from .domain import NoteGardenDomain, TagIndex
from .note_header import display_date

if TYPE_CHECKING:
    from sphinx.builders import Builder

#: Returns the URI of a tag's page from the current page, or None where there is none.
TagUri = Callable[[str], "str | None"]


def doc_link(builder: Builder, fromdocname: str, docname: str, title: str) -> nodes.Node:
    """Return a link to *docname* showing *title*, or the plain title where none is possible."""
    try:
        uri = builder.get_relative_uri(fromdocname, docname)
    except NoUri:
        return nodes.inline(title, title, classes=["ng-note-title"])
    reference = nodes.reference("", "", internal=True, refuri=uri, classes=["ng-note-link"])
    reference += nodes.inline(title, title, classes=["ng-note-title"])
    return reference


#: One note in a list, as plain data: its URI from the page (None when it has no page),
#: title, shown date ("" when undated) and summary ("" when left out).
NoteEntry = tuple["str | None", str, str, str]


def note_entries(
    domain: NoteGardenDomain,
    docnames: Sequence[str],
    builder: Builder,
    fromdocname: str,
    *,
    summaries: bool = True,
) -> list[NoteEntry]:
    """Return the entries of the notes *docnames* (documents that are not notes left out)."""
    config = builder.config
    entries: list[NoteEntry] = []
    for docname in docnames:
        note = domain.note(docname)
        if note is None:
            continue
        try:
            uri: str | None = builder.get_relative_uri(fromdocname, docname)
        except NoUri:
            uri = None
        shown = (
            display_date(note.sort_date, config.notegarden_date_format, config.language)
            if note.sort_date
            else ""
        )
        entries.append((uri, note.title, shown, (summaries and note.summary) or ""))
    return entries


def entry_item(entry: NoteEntry) -> nodes.list_item:
    """Return the list item of one note: link, date and summary."""
    uri, title, shown, summary = entry
    line = nodes.paragraph(classes=["ng-note-list-entry"])
    if uri is None:
        line += nodes.inline(title, title, classes=["ng-note-title"])
    else:
        reference = nodes.reference("", "", internal=True, refuri=uri, classes=["ng-note-link"])
        reference += nodes.inline(title, title, classes=["ng-note-title"])
        line += reference
    if shown:
        line += nodes.inline(" — ", " — ", classes=["ng-sep"])
        line += nodes.inline(shown, shown, classes=["ng-note-date"])
    item = nodes.list_item("", line)
    if summary:
        item += nodes.paragraph(summary, summary, classes=["ng-note-list-summary"])
    return item


def note_list(
    domain: NoteGardenDomain,
    docnames: Sequence[str],
    builder: Builder,
    fromdocname: str,
    *,
    summaries: bool = True,
) -> nodes.bullet_list:
    """Return a bullet list of the notes *docnames*: link, date and summary for each."""
    items = nodes.bullet_list(classes=["ng-note-list"])
    entries = note_entries(domain, docnames, builder, fromdocname, summaries=summaries)
    items.extend(entry_item(entry) for entry in entries)
    return items


def tag_weight(count: int, largest: int) -> int:
    """Return the cloud weight 1..5 of a tag with *count* notes (log scale)."""
    if largest <= 1:
        return 3
    return 1 + round(4 * math.log(count) / math.log(largest))


def tag_label(index: TagIndex, key: str, tag_uri: TagUri) -> nodes.Node:
    """Return the name of tag *key* with its note count, linked to its page if it has one."""
    info = index.tags[key]
    name = nodes.inline(info.name, info.name, classes=["ng-tag"])
    uri = tag_uri(key)
    if uri is None:
        label: nodes.Element = nodes.inline("", "", name)
    else:
        label = nodes.reference("", "", name, internal=True, refuri=uri, classes=["ng-tag-link"])
    count = f" ({len(info.notes)})"
    label += nodes.inline(count, count, classes=["ng-tag-count"])
    return label


def tag_cloud(index: TagIndex, keys: Sequence[str], tag_uri: TagUri) -> nodes.paragraph:
    """Return the tags *keys* as a weighted cloud, alphabetically."""
    largest = max((len(index.tags[key].notes) for key in keys), default=1)
    cloud = nodes.paragraph(classes=["ng-tag-cloud"])
    for number, key in enumerate(keys):
        if number:
            cloud += nodes.Text(" ")
        weight = tag_weight(max(len(index.tags[key].notes), 1), largest)
        cloud += nodes.inline("", "", tag_label(index, key, tag_uri), classes=[f"ng-tag-w{weight}"])
    return cloud


def tag_overview(
    domain: NoteGardenDomain,
    keys: Sequence[str],
    builder: Builder,
    fromdocname: str,
    tag_uri: TagUri,
    *,
    with_notes: bool,
) -> nodes.bullet_list:
    """Return a list of the tags *keys* with counts, and each tag's notes if *with_notes*."""
    index = domain.tag_index()
    overview = nodes.bullet_list(classes=["ng-tag-index"])
    for key in keys:
        item = nodes.list_item("", nodes.paragraph("", "", tag_label(index, key, tag_uri)))
        if with_notes:
            item += note_list(domain, index.tags[key].notes, builder, fromdocname, summaries=False)
        overview += item
    return overview
