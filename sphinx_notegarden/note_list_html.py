"""Note lists of generated HTML pages, written entry by entry from a per-build memo.

A garden's tag pages, folder pages and note index list every note several times: once
per tag, once in its folder, once in the index. Each entry (link, date, summary) is the
same wherever its URI is the same, so it is rendered once, by the writer's own visitors
from :func:`note_lists.entry_item`'s nodes, and its HTML is reused for every later list
that shows it. The list itself is one node holding plain data, which also makes the
generated page's digest (see :mod:`sphinx_notegarden.page_cache`) a matter of one
attribute instead of a walk over a few thousand nodes.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING

from docutils import nodes

from .note_lists import NoteEntry, entry_item, note_entries
from .placeholders import add_html_only_node, captured_html

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.writers.html5 import HTML5Translator

    from .domain import NoteGardenDomain


class ng_note_list_html(nodes.General, nodes.Element):  # noqa: N801
    """A note list of a generated HTML page: its ``entries`` as plain data."""


#: Rendered entries per builder (the HTML of an entry depends on nothing else).
_rendered_entries: weakref.WeakKeyDictionary[Builder, dict[NoteEntry, str]] = (
    weakref.WeakKeyDictionary()
)

#: Stand-in whose classes :meth:`starttag` reads for the list's own tag.
_LIST = nodes.bullet_list(classes=["ng-note-list"])


def note_list_html(
    domain: NoteGardenDomain, docnames: Sequence[str], builder: Builder, fromdocname: str
) -> ng_note_list_html:
    """Return the list of the notes *docnames* (link, date, summary) for an HTML page."""
    entries = note_entries(domain, docnames, builder, fromdocname)
    return ng_note_list_html(entries=entries)


def visit_note_list_html(self: HTML5Translator, node: ng_note_list_html) -> None:
    """Write the list as the writer writes :func:`note_lists.note_list`'s bullet list.

    The ``ul`` gets the class ``simple`` exactly when docutils would give it: compact
    lists are on and no entry has a second paragraph (a summary).
    """
    entries: list[NoteEntry] = node["entries"]
    compact = bool(self.settings.compact_lists) and not any(entry[3] for entry in entries)
    if compact and not self.compact_simple:
        self.body.append(self.starttag(_LIST, "ul", CLASS="simple"))
    else:
        self.body.append(self.starttag(_LIST, "ul"))
    rendered = _rendered_entries.setdefault(self.builder, {})
    for entry in entries:
        html = rendered.get(entry)
        if html is None:
            write = partial(entry_item(entry).walkabout, self)
            html = rendered[entry] = captured_html(self, write)
        self.body.append(html)
    self.body.append("</ul>\n")
    raise nodes.SkipNode


def forget_rendered_entries(app: Sphinx, *args: object) -> None:
    """On ``env-before-read-docs``: start each build with an empty memo."""
    _rendered_entries.pop(app.builder, None)


def setup_note_list_html(app: Sphinx) -> None:
    """Register the node (HTML only; other writers never see it, and skip it if they do)."""
    add_html_only_node(app, ng_note_list_html, visit_note_list_html)
    app.connect("env-before-read-docs", forget_rendered_entries)
