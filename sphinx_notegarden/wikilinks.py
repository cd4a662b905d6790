"""Wikilinks and the ``{note}`` role: ``[[Note]]``, ``[[Note|label]]``, ``[[Note#Section]]``.

The transform works on the doctree, so MyST and reStructuredText are read the same way
and code, literals, math and raw markup are never touched (their text is not Text in a
paragraph). A label keeps its inline markup (``[[Note|a *map*]]``). ``![[Note]]``
becomes an embed placeholder, expanded by :mod:`sphinx_notegarden.embeds`.
"""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING, cast

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.util.docutils import SphinxRole
from sphinx.util.nodes import split_explicit_title

from .attachment_links import attachment_link
from .attachments import (
    attachment_node,
    find_attachment,
    has_file_suffix,
    index_attachments,
    is_attachment,
)
from .drawings import drawing_export, drawing_name, drawing_node
from .walk import nodes_of

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from .domain import NoteGardenDomain

#: Ancestors whose text is never read for wikilinks.
SKIPPED = (
    nodes.literal,
    nodes.literal_block,
    nodes.math,
    nodes.math_block,
    nodes.raw,
    nodes.comment,
    nodes.reference,
    nodes.target,
    nodes.system_message,
    addnodes.pending_xref,
)


class ng_embed(nodes.General, nodes.Element):  # noqa: N801
    """``![[Note]]`` or ``![[Note#Section]]``: replaced by the embedded content."""


def note_reference(
    target: str, label: list[nodes.Node] | None, *, explicit: bool
) -> addnodes.pending_xref:
    """Return a reference to the note *target* (``Note`` or ``Note#Section``)."""
    page, _, anchor = target.partition("#")
    text = None
    if label is None:
        # As Obsidian shows them: "Note > Section", or the heading alone in-note.
        text = f"{page.strip()} > {anchor.strip()}" if page.strip() and anchor else (anchor or page)
    xref = addnodes.pending_xref(
        "",
        refdomain="ng",
        reftype="note",
        reftarget=page.strip(),
        ng_anchor=anchor.strip(),
        refexplicit=explicit,
        refwarn=False,
        classes=["ng-note-ref"],
    )
    xref += nodes.inline("", "", *(label or [nodes.Text(text or "")]), classes=["ng-link"])
    return xref


def _split_label(collected: list[nodes.Node]) -> tuple[str, list[nodes.Node] | None]:
    """Split wikilink content at the first ``|`` in its text: (target, label nodes)."""
    target_parts: list[str] = []
    for index, node in enumerate(collected):
        if isinstance(node, nodes.Text) and "|" in node:
            head, tail = str(node).split("|", 1)
            target_parts.append(head)
            label = ([nodes.Text(tail)] if tail else []) + collected[index + 1 :]
            if not "".join(node.astext() for node in label).strip():
                return "".join(target_parts), None  # [[Note|]]: Obsidian shows the name
            return "".join(target_parts), label
        # "[[AdS$_2$ notes]]": a file name with dollars, which Markdown read as math.
        target_parts.append(f"${node.astext()}$" if isinstance(node, nodes.math) else node.astext())
    return "".join(target_parts), None


def _merge_text(children: list[nodes.Node]) -> list[nodes.Node]:
    merged: list[nodes.Node] = []
    for child in children:
        if isinstance(child, nodes.Text) and merged and isinstance(merged[-1], nodes.Text):
            merged[-1] = nodes.Text(str(merged[-1]) + str(child))
        else:
            merged.append(child)
    return merged


def rewrite_wikilinks(children: list[nodes.Node]) -> list[nodes.Node] | None:
    """Return *children* with every ``[[...]]`` made a reference or embed; None if none."""
    if not any(isinstance(c, nodes.Text) and "[[" in c for c in children):
        return None
    out: list[nodes.Node] = []
    collected: list[nodes.Node] | None = None
    embed = False
    for child in _merge_text(children):
        if not isinstance(child, nodes.Text):
            (out if collected is None else collected).append(child)
            continue
        text, position = str(child), 0
        while position < len(text):
            if collected is None:
                start = text.find("[[", position)
                if start < 0:
                    out.append(nodes.Text(text[position:]))
                    break
                while text.startswith("[", start + 2):  # "[[[[Note]]": the last two open it
                    start += 1
                embed = start - 1 >= position and text[start - 1] == "!"
                before = text[position : start - 1 if embed else start]
                if before:
                    out.append(nodes.Text(before))
                collected, position = [], start + 2
            else:
                end = text.find("]]", position)
                if end < 0:
                    collected.append(nodes.Text(text[position:]))
                    break
                if end > position:
                    collected.append(nodes.Text(text[position:end]))
                out.append(_make_link(collected, embed))
                collected, position = None, end + 2
    if collected is not None:  # unclosed: give the text back as it was
        out.append(nodes.Text("![[" if embed else "[["))
        out.extend(collected)
    return out


def _make_link(collected: list[nodes.Node], embed: bool) -> nodes.Node:
    target, label = _split_label(collected)
    target = target.strip().rstrip("\\").strip()
    if not target:
        inner = "".join(node.astext() for node in collected)
        return nodes.Text(("![[" if embed else "[[") + inner + "]]")
    if embed:
        text = "".join(node.astext() for node in label).strip() if label is not None else None
        return ng_embed("", target=target, label=text)
    return note_reference(target, label, explicit=label is not None)


def _skipped(node: nodes.Node) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, SKIPPED):
            return True
        parent = parent.parent
    return False


class WikilinkTransform(SphinxTransform):
    """Turn ``[[...]]`` in running text into note references and embeds."""

    # Before notes are read (700): link labels may hold inline tags, headers come later.
    default_priority = 690

    def apply(self, **kwargs: object) -> None:
        """Rewrite every text-holding element that contains ``[[``."""
        parents = {
            id(text.parent): text.parent
            for text in nodes_of(self.document, nodes.Text)
            if "[[" in text and text.parent is not None and not _skipped(text)
        }
        for parent in parents.values():
            replacement = rewrite_wikilinks(list(parent.children))
            if replacement is None:
                continue
            parent.children = []
            parent.extend(replacement)
            _locate_links(parent)
            self._attachments(parent)
            _from_source_directory(parent, self.env.docname)
            lift_embeds(parent)

    def _attachments(self, parent: nodes.Element) -> None:
        """Turn embeds of files (images, media) into images or download links."""
        domain = cast("NoteGardenDomain", self.env.get_domain("ng"))
        docname = self.env.docname
        for embed in list(parent.findall(ng_embed)):
            target = embed["target"]
            drawing = drawing_name(target)
            if drawing is not None:
                if embed.line is None:
                    embed.source, embed.line = parent.source, parent.line
                embed.replace_self(drawing_node(domain, embed, docname, drawing))
                continue
            file_like = is_attachment(target) or has_file_suffix(target)
            path = find_attachment(domain, target, docname) if file_like else None
            if is_attachment(target) or path is not None:
                if embed.line is None:
                    embed.source, embed.line = parent.source, parent.line
                embed.replace_self(
                    attachment_node(domain, embed, docname, embed.get("label"), path)
                )
        for xref in list(parent.findall(addnodes.pending_xref)):
            target = xref.get("reftarget", "")
            drawing = drawing_name(target) if xref.get("reftype") == "note" else None
            export = drawing_export(domain, drawing, docname) if drawing else None
            if export is not None:
                xref.replace_self(attachment_link(xref, export, docname))
                continue
            if xref.get("reftype") == "note" and (is_attachment(target) or has_file_suffix(target)):
                path = find_attachment(domain, target, docname)
                if path is not None:  # else a link to a missing note, as Obsidian shows it
                    xref.replace_self(attachment_link(xref, path, docname))


def relative_to_note(docname: str, target: str) -> str:
    """Return *target* as a path from the source directory when written from the note.

    With Obsidian's "relative path to file" link format, links read ``[[./Other]]`` and
    ``[[../Folder/Other#Part]]``: relative to the folder of the note that holds them.
    Other targets, and one that climbs out of the source directory, are returned as
    they are.
    """
    if not target.startswith(("./", "../")):
        return target
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(docname), target))
    return target if joined == ".." or joined.startswith("../") else joined


def _from_source_directory(parent: nodes.Element, docname: str) -> None:
    """Rewrite the note links and embeds under *parent* written relative to the note.

    They are then paths from the source directory, resolved alike by every later step
    (links, embeds, backlinks, previews, the graph).
    """
    for xref in parent.findall(addnodes.pending_xref):
        if xref.get("reftype") == "note":
            xref["reftarget"] = relative_to_note(docname, xref["reftarget"])
    for embed in parent.findall(ng_embed):
        page, hash_mark, anchor = embed["target"].partition("#")
        embed["target"] = relative_to_note(docname, page.strip()) + hash_mark + anchor


def _locate_links(parent: nodes.Element) -> None:
    """Give each link and embed of a paragraph the line it is written on.

    A paragraph knows only its first line; the lines before a link are the line breaks
    in the text before it.
    """
    if parent.line is None:
        return
    line = parent.line
    for child in parent.children:
        if isinstance(child, (ng_embed, addnodes.pending_xref)):
            child.source, child.line = parent.source, line
        line += child.astext().count("\n")


def lift_embeds(parent: nodes.Element) -> None:
    """Move an embed out of its paragraph, splitting the paragraph around it."""
    if not isinstance(parent, nodes.paragraph) or not any(
        isinstance(c, ng_embed) for c in parent.children
    ):
        return
    blocks: list[nodes.Node] = []
    current = nodes.paragraph()
    for child in list(parent.children):
        if isinstance(child, ng_embed):
            if current.astext().strip():
                blocks.append(current)
            if child.line is None:
                child.source, child.line = parent.source, parent.line
            blocks.append(child)
            current = nodes.paragraph()
        else:
            current += child
    if current.astext().strip():
        blocks.append(current)
    for block in blocks:
        if isinstance(block, nodes.paragraph):
            block.source, block.line = parent.source, parent.line
    parent.replace_self(blocks)


class NoteRole(SphinxRole):
    """``{note}`Models are maps``` and ``{note}`a map <Models are maps#Section>```."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        """Return a note reference."""
        explicit, title, target = split_explicit_title(self.text)
        label: list[nodes.Node] | None = [nodes.Text(title)] if explicit else None
        reference = note_reference(target, label, explicit=explicit)
        reference["reftarget"] = relative_to_note(self.env.docname, reference["reftarget"])
        self.set_source_info(reference)
        return [reference], []


def setup_wikilinks(app: Sphinx) -> None:
    """Register the wikilink transform and the ``note`` role."""
    app.add_transform(WikilinkTransform)
    app.connect("env-before-read-docs", index_attachments)
    app.add_role("note", NoteRole())
