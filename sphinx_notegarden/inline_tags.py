"""Obsidian inline tags: ``#learning`` or ``#math/optimization`` in running text.

A tag starts after white space or at the start of a text, holds letters, digits,
``_``, ``-`` and ``/``, and has at least one character that is not a digit (so
``#12`` stays text, as in Obsidian). Text inside code, literals, math, links, URLs,
headings and raw markup is never read.
"""

from __future__ import annotations

import re

from docutils import nodes

from .note_header import tag_reference
from .walk import nodes_of

INLINE_TAG_RE = re.compile(r"(?<![^\s(\[{\"'])#([^\W][\w/-]*)", re.UNICODE)
_DIGITS_ONLY = re.compile(r"^[0-9/_-]+$")

#: Ancestors under which ``#word`` is never a tag.
SKIPPED_PARENTS = (
    nodes.literal,
    nodes.literal_block,
    nodes.math,
    nodes.math_block,
    nodes.raw,
    nodes.reference,
    nodes.title,
    nodes.subtitle,
    nodes.rubric,
    nodes.target,
    nodes.comment,
    nodes.docinfo,
    nodes.field_list,
    nodes.system_message,
)


def _skipped(node: nodes.Node) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, SKIPPED_PARENTS) or parent.tagname == "pending_xref":
            return True
        parent = parent.parent
    return False


class InlineTagFinder:
    """Find inline tags in a document and turn them into tag references."""

    def __init__(self, document: nodes.document) -> None:
        self.document = document

    def replace_all(self) -> list[str]:
        """Replace every inline tag by a reference; return the tag names in order."""
        found: list[str] = []
        for text in nodes_of(self.document, nodes.Text):
            if "#" not in text or _skipped(text):
                continue
            replacement = self._split(str(text), found)
            if replacement is not None:
                text.parent.replace(text, replacement)
        return found

    def _split(self, text: str, found: list[str]) -> list[nodes.Node] | None:
        pieces: list[nodes.Node] = []
        position = 0
        for match in INLINE_TAG_RE.finditer(text):
            name = match.group(1).rstrip("/-")
            if not name or _DIGITS_ONLY.match(name):
                continue
            if match.start() > position:
                pieces.append(nodes.Text(text[position : match.start()]))
            pieces.append(tag_reference(name, label=f"#{name}", classes=["ng-inline-tag"]))
            found.append(name)
            position = match.start() + 1 + len(name)
        if not pieces:
            return None
        if position < len(text):
            pieces.append(nodes.Text(text[position:]))
        return pieces
