"""The sentence around a link: found while reading, drawn in backlinks and stub pages.

The context is kept as plain text plus spans: where the link's own words are, and
where inline math is, so math is shown typeset again rather than as TeX source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise

from docutils import nodes

CONTEXT_LIMIT = 320
_SENTENCE_END = re.compile(r"[.!?…](?=\s|$)")
#: Block nodes whose text is the context of a link inside them.
CONTEXT_BLOCKS = (nodes.paragraph, nodes.term, nodes.line, nodes.title, nodes.caption)


@dataclass
class LinkContext:
    """A sentence, the link's span in it, its inline math spans, and the link's line."""

    text: str
    start: int
    end: int
    math: list[tuple[int, int]] = field(default_factory=list)
    line: int = 0


def line_of(node: nodes.Node | None) -> int:
    """Return the source line of *node*, or of its nearest ancestor that has one."""
    while node is not None:
        if node.line:
            return int(node.line)
        node = node.parent
    return 0


def _flatten(block: nodes.Node, target: nodes.Node) -> tuple[str, int, int, list[tuple[int, int]]]:
    parts: list[str] = []
    math: list[tuple[int, int]] = []
    span = [0, 0]

    def position() -> int:
        return sum(len(part) for part in parts)

    def walk(node: nodes.Node) -> None:
        if node is target:
            start = position()
            parts.append(node.astext())
            span[:] = [start, position()]
        elif isinstance(node, nodes.math):
            start = position()
            parts.append(node.astext())
            math.append((start, position()))
        elif isinstance(node, nodes.Text):
            parts.append(str(node))
        else:
            for child in node.children:
                walk(child)

    walk(block)
    return "".join(parts), span[0], span[1], math


def link_context(node: nodes.Node) -> LinkContext:
    """Return the sentence around *node*, with spans, and the line *node* stands on."""
    block = node.parent
    while block is not None and not isinstance(block, CONTEXT_BLOCKS):
        block = block.parent
    if block is None:
        text = node.astext()
        return LinkContext(text, 0, len(text), [], line_of(node))
    raw, start, end, math = _flatten(block, node)
    line = line_of(block) + raw.count("\n", 0, start)
    text = raw.replace("\n", " ")

    def in_math(index: int) -> bool:
        return any(s <= index < e for s, e in math)

    left = 0
    for match in _SENTENCE_END.finditer(text, 0, start):
        if not in_math(match.start()):
            left = match.end()
    right = len(text)
    for match in _SENTENCE_END.finditer(text, end):
        if not in_math(match.start()):
            right = match.end()
            break
    if right - left > CONTEXT_LIMIT:  # a long sentence: keep a window around the link
        left = max(left, start - CONTEXT_LIMIT // 2)
        right = min(right, max(end + CONTEXT_LIMIT // 2, left + CONTEXT_LIMIT))
    # Never cut through a formula.
    for s, e in math:
        if s < left < e:
            left = s
        if s < right < e:
            right = e
    sentence = text[left:right]
    lead = len(sentence) - len(sentence.lstrip())
    sentence = sentence.strip()
    shift = left + lead
    spans = [
        (s - shift, e - shift)
        for s, e in math
        if s >= shift and e <= shift + len(sentence) and not (s >= start and e <= end)
    ]
    return LinkContext(sentence, start - shift, end - shift, spans, line)


def context_pieces(
    text: str, start: int, end: int, math: list[tuple[int, int]]
) -> list[tuple[int, int, bool]]:
    """Cut *text* where math and the span ``start:end`` begin and end.

    Returns ``(left, right, is_math)`` for each non-empty piece, in order.
    """
    cuts = sorted(
        {0, len(text), max(0, start), min(len(text), end)} | {p for span in math for p in span}
    )
    spans = {tuple(span) for span in math}
    return [(left, right, (left, right) in spans) for left, right in pairwise(cuts) if left < right]


def context_nodes(text: str, start: int, end: int, math: list[tuple[int, int]]) -> list[nodes.Node]:
    """Return *text* as nodes: math typeset, the span ``start:end`` highlighted."""
    pieces: list[nodes.Node] = []
    for left, right, is_math in context_pieces(text, start, end, math):
        piece = text[left:right]
        node: nodes.Node = nodes.math(piece, piece) if is_math else nodes.Text(piece)
        if start <= left and right <= end and start < end:
            node = nodes.inline("", "", node, classes=["ng-backlink-highlight"])
        pieces.append(node)
    return pieces
