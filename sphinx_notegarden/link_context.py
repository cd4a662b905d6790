"""The sentence around a link: found while reading, drawn in backlinks and stub pages.

The context is kept as plain text plus spans: where the link's own words are, and
where inline math is, so math is shown typeset again rather than as TeX source.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from itertools import pairwise

from docutils import nodes

CONTEXT_LIMIT = 320
_SENTENCE_END = re.compile(r"[.!?…](?=\s|$)")
_NEWLINE = re.compile(r"\n")
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


@dataclass
class FlatBlock:
    """A block's text, flattened once for all the links in it.

    *spans* gives each element's ``(start, end)`` in *text*; *math* the inline formulas'
    spans, in order (*math_starts* their starts); *sentence_ends* where sentences end
    outside formulas (just after the mark); *newlines* where the source's line breaks
    were.
    """

    text: str
    spans: dict[int, tuple[int, int]]
    math: list[tuple[int, int]]
    math_starts: list[int]
    sentence_ends: list[int]
    newlines: list[int]

    def formula_at(self, index: int, strictly: bool = False) -> tuple[int, int] | None:
        """Return the formula holding *index* (strictly inside it, if asked)."""
        at = bisect_left(self.math_starts, index if strictly else index + 1) - 1
        if at >= 0 and index < self.math[at][1]:
            return self.math[at]
        return None


def _flatten(block: nodes.Node) -> FlatBlock:
    parts: list[str] = []
    math: list[tuple[int, int]] = []
    spans: dict[int, tuple[int, int]] = {}
    position = 0

    def walk(node: nodes.Node) -> None:
        nonlocal position
        start = position
        if isinstance(node, nodes.math):
            parts.append(node.astext())
            position += len(parts[-1])
            math.append((start, position))
        elif isinstance(node, nodes.Text):
            parts.append(str(node))
            position += len(parts[-1])
            return
        elif isinstance(node, nodes.raw):
            # A hard line break is raw "<br />" and "\\" for each writer: a space here.
            if parts and not parts[-1][-1:].isspace():
                parts.append(" ")
                position += 1
        else:
            for child in node.children:
                walk(child)
        spans[id(node)] = (start, position)

    walk(block)
    raw = "".join(parts)
    flat = FlatBlock(
        raw.replace("\n", " "),
        spans,
        math,
        [s for s, _ in math],
        [],
        [match.start() for match in _NEWLINE.finditer(raw)],
    )
    flat.sentence_ends = [
        match.end()
        for match in _SENTENCE_END.finditer(flat.text)
        if flat.formula_at(match.start()) is None
    ]
    return flat


def link_context(node: nodes.Node, blocks: dict[int, FlatBlock] | None = None) -> LinkContext:
    """Return the sentence around *node*, with spans, and the line *node* stands on.

    *blocks*, kept by the caller while it goes through one document, holds each block
    flattened once: a paragraph of many links costs one walk, not one per link.
    """
    block = node.parent
    while block is not None and not isinstance(block, CONTEXT_BLOCKS):
        block = block.parent
    if block is None:
        text = node.astext()
        return LinkContext(text, 0, len(text), [], line_of(node))
    blocks = {} if blocks is None else blocks
    flat = blocks.get(id(block))
    if flat is None:
        flat = blocks[id(block)] = _flatten(block)
    text, math = flat.text, flat.math
    start, end = flat.spans[id(node)]
    line = line_of(block) + bisect_left(flat.newlines, start)

    # The sentence: from the last end before the link (a mark right before the link
    # ends one too) to the first end after it.
    found = bisect_right(flat.sentence_ends, start) - 1
    left = flat.sentence_ends[found] if found >= 0 else 0
    marked = start > 0 and _SENTENCE_END.match(text, start - 1, start)
    if marked and flat.formula_at(start - 1) is None:
        left = start
    found = bisect_left(flat.sentence_ends, end + 1)
    right = flat.sentence_ends[found] if found < len(flat.sentence_ends) else len(text)
    if right - left > CONTEXT_LIMIT:  # a long sentence: keep a window around the link
        left = max(left, start - CONTEXT_LIMIT // 2)
        right = min(right, max(end + CONTEXT_LIMIT // 2, left + CONTEXT_LIMIT))
    # Never cut through a formula.
    formula = flat.formula_at(left, strictly=True)
    left = formula[0] if formula else left
    formula = flat.formula_at(right, strictly=True)
    right = formula[1] if formula else right
    sentence = text[left:right]
    lead = len(sentence) - len(sentence.lstrip())
    sentence = sentence.strip()
    shift = left + lead
    limit = shift + len(sentence)
    spans = [
        (s - shift, e - shift)
        for s, e in math[
            bisect_left(flat.math_starts, shift) : bisect_right(flat.math_starts, limit)
        ]
        if e <= limit and not (s >= start and e <= end)
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
