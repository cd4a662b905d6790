"""Headings and anchors of notes, as links name them.

While a note is read, each of its headings (and ``^block`` ids) is keyed as Obsidian
matches a link's ``#anchor``: by text whatever its case and spacing, then without its
punctuation, then by id, and headings that hold wikilinks by their source too. Link
resolution, previews and embeds look anchors up here.
"""

from __future__ import annotations

import re

from docutils import nodes

from .link_index import link_key
from .walk import nodes_of


def last_heading(anchor: str) -> str:
    """Return the heading a ``Note#H2#H3`` anchor means: the last one, as in Obsidian."""
    return anchor.rsplit("#", 1)[-1].strip()


def anchored_block(found: nodes.Node | None) -> nodes.Node | None:
    """Return what an anchor shows when embedded or previewed: *found*, or its section.

    A ``^block-id`` written on or under a heading lands on the heading's title; the
    title stands for its section (a title alone is no block, and HTML writers refuse
    a title outside a section). One that ends the last line of a quote or a callout
    lands on its last paragraph; as in Obsidian, it names the whole quote or callout,
    title and all.
    """
    if isinstance(found, nodes.title) and isinstance(found.parent, nodes.section):
        return found.parent
    if isinstance(found, nodes.paragraph) and any(str(i).startswith("^") for i in found["ids"]):
        parent: nodes.Node | None = found.parent
        boxes = (nodes.block_quote, nodes.Admonition)
        if (
            isinstance(parent, nodes.Element)
            and isinstance(parent, boxes)
            and (parent.children[-1] is found)
        ):
            return parent
    return found


#: Per document being read: ``{loose key of a heading as shown: loose key of its source}``
#: for headings that hold wikilinks (see :func:`heading_forms`).
HEADING_FORMS = "ng_heading_forms"
_HEADING_WITH_LINK_RE = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+(.*\[\[.*?)[ \t#]*$", re.MULTILINE)
_LINK_IN_HEADING_RE = re.compile(r"!?\[\[([^\[\]|]*)(?:\|([^\[\]]*))?\]\]")


def heading_forms(source: str) -> dict[str, str]:
    """Return how Obsidian names the headings of *source* that hold wikilinks.

    Obsidian links such a heading by its source text, brackets and bars read as spaces:
    ``## [[Python Operators|Operators]] return Booleans`` is
    ``[[#Python Operators Operators return Booleans]]``, while the page shows
    "Operators return Booleans". Keyed by the loose key of what the page shows.
    """
    forms: dict[str, str] = {}
    for match in _HEADING_WITH_LINK_RE.finditer(source):
        written = match.group(1)
        shown = _LINK_IN_HEADING_RE.sub(lambda link: link.group(2) or link.group(1), written)
        forms.setdefault(loose_heading_key(shown), loose_heading_key(written))
    return forms


def _heading_text(node: nodes.Element) -> str | None:
    """Return the text of a section's title, or of a rubric that was a Markdown heading.

    None for a section without id or title, and for other rubrics.
    """
    if isinstance(node, nodes.section):
        if node["ids"] and node.children and isinstance(node[0], nodes.title):
            return node[0].astext()
        return None
    if node["ids"] and "level" in node:  # a Markdown heading in a list or a quote
        return node.astext()
    return None


def collect_headings(
    document: nodes.document, forms: dict[str, str] | None = None
) -> dict[str, str]:
    """Return ``{heading key: section id}`` for every section of *document*.

    Markdown headings that MyST could not make sections (in a list item or a quote: a
    rubric) count too, as Obsidian links them like any heading.

    *forms* (from :func:`heading_forms`) adds the keys Obsidian gives headings that
    hold wikilinks.
    """
    headings: dict[str, str] = {}
    if any(block_id.startswith("^") for block_id in document.ids):  # most notes have none
        for element in document.findall(nodes.Element):
            for block_id in element["ids"]:
                if block_id.startswith("^"):  # Obsidian block ids, see obsidian_syntax
                    headings[link_key(block_id)] = block_id
    loose: dict[str, str] = {}
    by_id: dict[str, str] = {}
    for heading in nodes_of(document, (nodes.section, nodes.rubric)):
        text = _heading_text(heading)
        if text is None:
            continue
        first_id = heading["ids"][0]
        headings.setdefault(link_key(text), first_id)
        loose_key = loose_heading_key(text)
        loose.setdefault(loose_key, first_id)
        if forms and loose_key in forms:
            loose.setdefault(forms[loose_key], first_id)
        for other_id in heading["ids"]:
            by_id.setdefault(link_key(other_id), first_id)
    # A heading's text comes before another heading's id: in a note with "1. Volume"
    # (id "volume") and then "Volume", [[#Volume]] is the second heading.
    for key, section_id in by_id.items():
        headings.setdefault(key, section_id)
    # Obsidian matches a heading whatever its punctuation: [[Note#How large is it]]
    # finds "How large is it?". Exact keys come first, so these never shadow one.
    for key, section_id in loose.items():
        if key:
            headings.setdefault(key, section_id)
    return headings


def loose_heading_key(text: str) -> str:
    """Return *text* as a heading key without punctuation or symbols (Obsidian's matching)."""
    kept = "".join(c if c.isalnum() or c.isspace() else " " for c in text)
    return link_key(kept)


def heading_id(headings: dict[str, str], anchor: str) -> str | None:
    """Return the id an anchor names in a note with these *headings*, as Obsidian matches.

    *anchor* is what a link writes after ``#``: heading text (of a ``#H2#H3`` path, the
    last), a ``^block-id`` or an id. Exact keys first, then the heading without its
    punctuation (``How large is it`` finds "How large is it?").
    """
    heading = last_heading(anchor)
    return headings.get(link_key(heading)) or headings.get(loose_heading_key(heading))
