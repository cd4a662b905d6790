"""What a hover preview shows of a note: its opening, or a section, cut at a length.

The blocks are cut from the note's tree while it is read (:func:`store_opening`, kept in
the domain as compressed pickled bytes) or, for a section or another length, from its
pickled doctree; copies are stripped of ids, unresolved references, embeds, backlinks
and build messages. :mod:`sphinx_notegarden.previews` writes them into pages.
"""

from __future__ import annotations

import pickle
import zlib
from typing import TYPE_CHECKING, cast

from docutils import nodes
from sphinx import addnodes

from .backlinks import ng_backlinks
from .headings import anchored_block, heading_id
from .links import FOOTNOTE_REFERENCES, anchors_by_target, unlink_footnote_reference
from .note_header import ng_note_header
from .read_doctrees import doctree_to_copy
from .walk import nodes_of
from .wikilinks import ng_embed

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from .domain import NoteGardenDomain


def _strip_for_preview(node: nodes.Element) -> nodes.Element:
    """Return a copy of *node* fit for a preview, detached from its document.

    Detached, the copy pickles on its own; it holds no ids, no unresolved references,
    no links to footnotes (which stay on the note's page) and no build messages.
    """
    copy = node.deepcopy()
    for found in nodes_of(copy, nodes.Node):
        found.document = None  # type: ignore[assignment]  # docutils' own default
        if not isinstance(found, nodes.Element):
            continue
        found["ids"] = []
        found["names"] = []
        if found is copy or found.parent is None:
            continue
        if isinstance(found, addnodes.pending_xref):
            found.replace_self(found.children)
        elif isinstance(found, FOOTNOTE_REFERENCES):
            unlink_footnote_reference(found)
        elif isinstance(found, (ng_embed, ng_backlinks)):
            found.parent.remove(found)
        elif isinstance(found, nodes.system_message):
            # Openings are kept while the note is read, before Sphinx filters the build's
            # messages out of the tree (FilterSystemMessages): a preview shows none.
            found.parent.remove(found)
    return copy


def preview_blocks(
    domain: NoteGardenDomain, docname: str, anchor: str, limit: int, doctree: nodes.document
) -> tuple[str, list[nodes.Element]]:
    """Return a preview's section title (empty for a whole note) and its opening blocks.

    The blocks are *doctree*'s own nodes, not copies: what a preview of *docname*
    (at *anchor*) shows, cut after the block that passes *limit* characters.
    """
    section_title = ""
    top: nodes.Element | None = None
    opening = next((c for c in doctree.children if isinstance(c, nodes.section)), None)
    if anchor:  # a heading as written in a link, or an id (a label's target)
        section_id = heading_id(domain.headings.get(docname, {}), anchor)
        found = anchored_block(doctree.ids.get(section_id or anchor))
        if isinstance(found, nodes.Element) and found is not opening:
            top = found
            if isinstance(found, nodes.section):
                section_title = found[0].astext()
    if top is None:
        top = opening if opening is not None else doctree
    children = top.children[1:] if isinstance(top, nodes.section) else [top]
    skipped = (ng_backlinks, ng_note_header, nodes.section, ng_embed, nodes.system_message)
    blocks: list[nodes.Element] = []
    length = 0
    pending = list(children)
    while pending:
        child = pending.pop(0)
        if isinstance(child, nodes.section) and not blocks:
            # Nothing before the first heading (a note that opens with "## ..."): show
            # the beginning of that section, as Obsidian's preview shows the top.
            pending[:0] = child.children[1:]
            continue
        if not isinstance(child, nodes.Element) or isinstance(child, skipped):
            continue
        if "ng-note-header" in child["classes"]:
            continue
        blocks.append(child)
        length += len(child.astext())
        if length >= limit:  # cut on a block boundary
            break
    return section_title, blocks


#: Domain data: per document, its preview opening as pickled bytes (see store_opening).
OPENINGS = "preview_openings"


def store_opening(app: Sphinx, doctree: nodes.document) -> None:
    """On ``doctree-read`` (last): keep what a preview of this note shows, ready to write.

    Pages are written long after their notes were read; without this, the preview of
    each linked note loaded that note's whole doctree from disk (a thousand full
    unpickles in a 1,000-note garden, and the garbage of them). Kept as bytes with the
    length it was cut at, compressed: plain data, not walked by the garbage collector.
    """
    config = app.config
    docname = app.env.docname
    domain = cast("NoteGardenDomain", app.env.get_domain("ng"))
    openings: dict[str, bytes] = domain.data.setdefault(OPENINGS, {})
    openings.pop(docname, None)
    if not config.notegarden_previews:
        return
    if docname not in domain.note_data and config.notegarden_preview_links != "internal":
        return
    limit = int(config.notegarden_preview_length)
    section_title, blocks = preview_blocks(domain, docname, "", limit, doctree)
    kept = _pickled_opening(limit, section_title, blocks)
    openings[docname] = zlib.compress(kept, 1)  # a third of the size, for little time


def _pickled_opening(limit: int, section_title: str, blocks: list[nodes.Element]) -> bytes:
    """Return stripped copies of *blocks*, pickled with their title and limit."""
    stripped = [_strip_for_preview(block) for block in blocks]
    return pickle.dumps((limit, section_title, stripped), pickle.HIGHEST_PROTOCOL)


def preview_body(
    domain: NoteGardenDomain, docname: str, anchor: str, limit: int
) -> tuple[str, list[nodes.Node]]:
    """Return a preview's section title and fresh copies of its blocks, fit to show.

    A note's opening comes from what :func:`store_opening` kept when it was read; a
    section (or an opening cut at another length) is stripped from the pickled doctree.
    Either is made once per target and process and kept as pickled bytes, then
    unpickled each time it is rendered (once, or once per folder when it shows a
    picture; see :mod:`sphinx_notegarden.previews`): bytes are not walked by the garbage
    collector, where a thousand cached node trees would be walked by every collection
    while the pages are written.

    When a note's doctree is loaded for one of its sections, every other section of it
    that some link previews is cut out too (see :func:`_linked_sections`): pages are
    written in name order, not grouped by the notes they link, so a note whose sections
    are linked from many pages was loaded again for each (a thousand loads for three
    hundred notes in a maths vault, a twentieth of its build).
    """
    cache: dict[tuple[str, str], bytes] = domain.__dict__.setdefault("_preview_cache", {})
    key = (docname, anchor)
    pickled = cache.get(key)
    if pickled is not None:
        _, section_title, blocks = pickle.loads(pickled)
        return section_title, blocks
    stored = None if anchor else domain.data.get(OPENINGS, {}).get(docname)
    if stored:
        pickled = zlib.decompress(stored)
        loaded = pickle.loads(pickled)
        if loaded[0] == limit:
            cache[key] = pickled
            return loaded[1], loaded[2]
    doctree = doctree_to_copy(domain.env, docname)
    wanted = [anchor] if not anchor else [anchor, *_linked_sections(domain).get(docname, ())]
    for other in wanted:
        if (docname, other) not in cache:
            section_title, blocks = preview_blocks(domain, docname, other, limit, doctree)
            cache[docname, other] = _pickled_opening(limit, section_title, blocks)
    _, section_title, blocks = pickle.loads(cache[key])
    return section_title, blocks


def _linked_sections(domain: NoteGardenDomain) -> dict[str, list[str]]:
    """Return, for each note, the ids of its sections (and blocks) that links point at.

    Found once per build from the recorded links, as :func:`links.resolve_note_xref`
    finds the id a link's anchor names; those ids are what previews are asked for.
    """
    found = domain.__dict__.get("_linked_sections")
    if found is None:
        found = domain.__dict__["_linked_sections"] = {}
        for target, anchors in anchors_by_target(domain, ("link", "embed", "doc")).items():
            headings = domain.headings.get(target, {})
            ids = {heading_id(headings, anchor) for anchor in anchors if anchor}
            ids.discard(None)
            if ids:
                found[target] = sorted(cast("set[str]", ids))
    return cast("dict[str, list[str]]", found)
