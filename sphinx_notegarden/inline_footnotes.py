"""Obsidian's inline footnotes, ``text^[the note, with [[links]] and $math$]``.

MyST reads footnotes written as ``[^label]`` with a ``[^label]: text`` definition, but
not the inline form (its parser has it switched off). As a Markdown note is read, each
``^[...]`` outside code and math becomes a reference ``[^ng-inline-N]``, and its text a
definition added after the last line, so that MyST numbers, places and links it like
any footnote and the lines above keep their numbers. The definitions' own lines are
past the end of the file: :class:`InlineFootnoteLineTransform` gives their nodes the
line the footnote was written on, for warnings.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.transforms import SphinxTransform

from .markdown_source import code_or_math_spans, is_markdown, rewrite_prose

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: The label of the N-th inline footnote of a note.
LABEL = "ng-inline-{}"
#: Per document being read: ``{label: line}`` of its inline footnotes (1-based lines).
LINES_KEY = "ng_inline_footnote_lines"
_OPENING_RE = re.compile(r"(?<!\\)\^\[")


def _bracket_pairs(text: str, skipped: dict[int, int]) -> dict[int, int]:
    """Map the index of each ``[`` of *text* to that of the ``]`` closing it.

    One pass with a stack, so a line of thousands of unclosed ``^[`` stays linear.
    Brackets in code spans and math (*skipped*: their starts and ends) and escaped
    characters do not count.
    """
    pairs: dict[int, int] = {}
    open_at: list[int] = []
    index = 0
    while index < len(text):
        if index in skipped:
            index = skipped[index]
            continue
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == "[":
            open_at.append(index)
        elif char == "]" and open_at:
            pairs[open_at.pop()] = index
        index += 1
    return pairs


def extract_inline_footnotes(lines: list[str]) -> tuple[list[str], list[tuple[str, str, int]]]:
    """Return *lines* with each ``^[...]`` made a reference, and the (label, text, line)s."""
    found: list[tuple[str, str, int]] = []

    def rewrite(line: str, index: int) -> str:
        skipped = dict(code_or_math_spans(line))
        pairs = _bracket_pairs(line, skipped)
        pieces: list[str] = []
        position = 0
        for match in _OPENING_RE.finditer(line):
            start = match.start()
            if start < position or any(a <= start < b for a, b in skipped.items()):
                continue  # inside the footnote before, or in code or math
            end = pairs.get(match.end() - 1)
            body = line[match.end() : end].strip() if end is not None else ""
            if end is None or not body:
                continue
            label = LABEL.format(len(found) + 1)
            found.append((label, body, index + 1))
            pieces.append(line[position:start] + f"[^{label}]")
            position = end + 1
        return "".join(pieces) + line[position:]

    return rewrite_prose(lines, rewrite, "^[", whole_lines=True), found


def move_inline_footnotes(app: Sphinx, docname: str, source: list[str]) -> None:
    """On ``source-read``: turn a Markdown note's inline footnotes into MyST footnotes."""
    if "^[" not in source[0] or not is_markdown(app.env, docname):
        return
    lines, found = extract_inline_footnotes(source[0].split("\n"))
    if not found:
        return
    definitions = [f"[^{label}]: {text}" for label, text, _ in found]
    source[0] = "\n".join([*lines, "", *definitions, ""])
    app.env.temp_data[LINES_KEY] = {label: line for label, _, line in found}


class InlineFootnoteLineTransform(SphinxTransform):
    """Give the nodes of inline footnotes the line they were written on."""

    default_priority = 100  # before anything warns about what they hold

    def apply(self, **kwargs: object) -> None:
        """Set the line of each inline footnote's nodes, from what the rewrite recorded."""
        lines = self.env.temp_data.pop(LINES_KEY, None)
        if not isinstance(lines, dict):
            return
        for footnote in self.document.findall(nodes.footnote):
            line = next((lines[name] for name in footnote["names"] if name in lines), None)
            if line is None:
                continue
            for node in footnote.findall(nodes.Element):
                node.line = line


def setup_inline_footnotes(app: Sphinx) -> None:
    """Register the rewrite (after escapes and wikilink protection) and the line fix."""
    app.connect("source-read", move_inline_footnotes, priority=560)
    app.add_transform(InlineFootnoteLineTransform)
