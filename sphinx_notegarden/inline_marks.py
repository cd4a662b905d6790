r"""``==highlight==`` and ``~~strikethrough~~``, as Obsidian draws them, in every builder.

Both are pairs of a two-character marker around text on one line: the opening marker
before a non-space, the closing one after a non-space. A pair inside one text node is
found in time linear in its length (:func:`marked_spans`); a pair around markup
(``==**key** idea==``, ``~~[[Note]]~~``), which Markdown has cut into a text, the
markup and a later text, is joined by :func:`mark_across`.

HTML gets ``<mark>`` and ``<del>``; LaTeX a highlight box and a struck line (ulem's
``\sout`` when the TeX installation has it, else a rule over an unbreakable box);
other builders the text, with ``~~`` kept around struck text so that it still reads
as struck.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator
    from sphinx.writers.latex import LaTeXTranslator


class ng_mark(nodes.Inline, nodes.TextElement):  # noqa: N801
    """Highlighted text, ``==like this==``."""


class ng_strike(nodes.Inline, nodes.TextElement):  # noqa: N801
    """Struck-through text, ``~~like this~~``."""


#: Each marker and the node it makes.
MARKERS: dict[str, type[nodes.TextElement]] = {"==": ng_mark, "~~": ng_strike}


class _Patterns:
    """The regular expressions of one marker."""

    def __init__(self, marker: str) -> None:
        quoted = re.escape(marker)
        # Zero-width, so overlapping places (``===``) are all found.
        self.open = re.compile(rf"(?={quoted}\S)")
        self.close = re.compile(rf"(?<=\S)(?={quoted})")
        # Across markup: an opening not followed by a space (or ending the text), and a
        # closing not after a space (or starting the text, after the markup).
        self.open_at_end = re.compile(rf"{quoted}(?=\S|$)")
        self.closing = re.compile(rf"(?:^|(?<=\S)){quoted}")


_PATTERNS = {marker: _Patterns(marker) for marker in MARKERS}
_NEWLINE_RE = re.compile(r"\n")


def marked_spans(text: str, marker: str = "==") -> list[tuple[int, int]]:
    r"""Return the ``(start, end)`` of each pair of *marker* in *text*, left to right.

    For ``==``, the same matches as ``==(?=\S)(.+?)(?<=\S)==`` searched along the text,
    in time linear in its length: that expression, on a long line of ``==`` that never
    close, tries every opening against the rest of the line (a line of 30,000 took
    20 s). Here each opening looks up the first closing after it and the line's end.
    """
    patterns = _PATTERNS[marker]
    openings = [match.start() for match in patterns.open.finditer(text)]
    if not openings:
        return []
    closings = [match.start() for match in patterns.close.finditer(text)]
    line_ends = [match.start() for match in _NEWLINE_RE.finditer(text)]
    spans: list[tuple[int, int]] = []
    position = 0
    for start in openings:
        if start < position:
            continue
        found = bisect_left(closings, start + 3)  # at least one character between
        if found == len(closings):
            break  # no closing after this opening, so none after the later ones
        end = closings[found]
        line_end = bisect_left(line_ends, start)
        if line_end < len(line_ends) and line_ends[line_end] < end:
            continue  # pairs stay on one line
        spans.append((start, end + 2))
        position = end + 2
    return spans


def highlight_spans(text: str) -> list[tuple[int, int]]:
    """Return the spans of ``==highlight==`` in *text* (see :func:`marked_spans`)."""
    return marked_spans(text, "==")


def mark_text(text: str, marker: str) -> list[nodes.Node] | None:
    """Return *text* cut into texts and marked nodes, or None when it has no pair."""
    node_class = MARKERS[marker]
    pieces: list[nodes.Node] = []
    position = 0
    for start, end in marked_spans(text, marker):
        if start > position:
            pieces.append(nodes.Text(text[position:start]))
        inner = text[start + 2 : end - 2]
        pieces.append(node_class(inner, inner))
        position = end
    if not pieces:
        return None
    if position < len(text):
        pieces.append(nodes.Text(text[position:]))
    return pieces


def mark_across(parent: nodes.Element, marker: str) -> None:
    """Mark pairs of *marker* around markup among *parent*'s children.

    Markdown has cut such a pair into several children (texts around a strong, a
    link, math): the opening marker ends one text, the closing one starts a later
    text, on the same line. One pass over the children, so that a paragraph of
    thousands of openings that never close stays linear.
    """
    patterns = _PATTERNS[marker]
    pending: tuple[int, int] | None = None  # the child and offset of an open marker
    index = 0
    while index < len(parent.children):
        child = parent.children[index]
        if not isinstance(child, nodes.Text):
            index += 1
            continue
        text = str(child)
        if pending is not None:
            match = patterns.closing.search(text)
            line_end = text.find("\n")
            if match is not None and (line_end == -1 or match.start() < line_end):
                index = _join(parent, marker, pending, (index, match.start()))
                pending = None
                continue  # at the text after the closing marker, if any
            if line_end != -1:
                pending = None  # pairs stay on one line
        if pending is None:
            opening = _opening(text, patterns)
            if opening is not None:
                pending = (index, opening)
        index += 1


def _join(parent: nodes.Element, marker: str, start: tuple[int, int], end: tuple[int, int]) -> int:
    """Mark the children from *start* to *end* (child, offset); return where to go on."""
    (first_index, opening), (end_index, closing) = start, end
    first, last = str(parent.children[first_index]), str(parent.children[end_index])
    inner: list[nodes.Node] = list(parent.children[first_index + 1 : end_index])
    if first[opening + 2 :]:
        inner.insert(0, nodes.Text(first[opening + 2 :]))
    if last[:closing]:
        inner.append(nodes.Text(last[:closing]))
    mark = MARKERS[marker]("", "")
    replacement: list[nodes.Node] = [nodes.Text(first[:opening])] if opening else []
    replacement.append(mark)
    after = last[closing + 2 :]
    if after:
        replacement.append(nodes.Text(after))
    del parent.children[first_index : end_index + 1]  # detached, so they can move
    mark.extend(inner)
    for offset, node in enumerate(replacement):
        parent.insert(first_index + offset, node)
    return first_index + len(replacement) - (1 if after else 0)


def _opening(text: str, patterns: _Patterns) -> int | None:
    """Return where a pair opens in *text* and goes on past its end, if one does."""
    after = text.rfind("\n") + 1  # a pair stays on one line: after the last break
    match = patterns.open_at_end.search(text, after)
    return match.start() if match is not None else None


def visit_mark_html(self: HTML5Translator, node: ng_mark) -> None:
    """Open ``<mark>`` (styled by the theme's colours, see notegarden.css)."""
    self.body.append(self.starttag(node, "mark", "", CLASS="ng-mark"))


def depart_mark_html(self: HTML5Translator, node: ng_mark) -> None:
    """Close ``<mark>``."""
    self.body.append("</mark>")


def visit_mark_latex(self: LaTeXTranslator, node: ng_mark) -> None:
    """Open a highlight box (xcolor is always loaded by Sphinx)."""
    self.body.append(r"\colorbox{yellow!35}{\strut{}")


def depart_mark_latex(self: LaTeXTranslator, node: ng_mark) -> None:
    """Close the highlight box."""
    self.body.append("}")


def visit_strike_html(self: HTML5Translator, node: ng_strike) -> None:
    """Open ``<del>``."""
    self.body.append(self.starttag(node, "del", ""))


def depart_strike_html(self: HTML5Translator, node: ng_strike) -> None:
    """Close ``<del>``."""
    self.body.append("</del>")


def visit_strike_latex(self: LaTeXTranslator, node: ng_strike) -> None:
    r"""Open a struck-through group (``\ngstrike``, defined in the preamble)."""
    self.body.append(r"\ngstrike{")


def depart_strike_latex(self: LaTeXTranslator, node: ng_strike) -> None:
    """Close the struck-through group."""
    self.body.append("}")


#: ulem's ``\sout`` breaks across lines; without ulem, a rule over an unbreakable box.
STRIKE_PREAMBLE = r"""
\newcommand{\ngstrike}[1]{{\setbox0\hbox{#1}\rlap{\rule[0.5ex]{\wd0}{0.4pt}}\box0}}
\IfFileExists{ulem.sty}{\usepackage[normalem]{ulem}\let\ngstrike\sout}{}
"""


def add_strike_preamble(app: Sphinx, config: Any) -> None:
    r"""On ``config-inited``: define ``\ngstrike`` in the LaTeX preamble."""
    elements = config.latex_elements
    preamble = elements.get("preamble", "")
    if r"\ngstrike" not in preamble:
        elements["preamble"] = preamble + STRIKE_PREAMBLE


class MarkFallbackTransform(SphinxPostTransform):
    """Text for builders that draw neither: highlights plain, struck text in ``~~``."""

    default_priority = 200

    def is_supported(self) -> bool:
        """Run for every builder format except HTML and LaTeX."""
        return self.env._builder_cls.format not in ("html", "latex")

    def run(self, **kwargs: Any) -> None:
        """Replace each mark by an inline with the same text."""
        for mark in list(self.document.findall(ng_mark)):
            mark.replace_self(nodes.inline(mark.astext(), mark.astext(), classes=["ng-mark"]))
        for strike in list(self.document.findall(ng_strike)):
            text = f"~~{strike.astext()}~~"
            strike.replace_self(nodes.inline(text, text, classes=["ng-strike"]))


def setup_inline_marks(app: Sphinx) -> None:
    """Register the two nodes, the LaTeX macro and the fallback."""
    app.add_node(
        ng_mark,
        html=(visit_mark_html, depart_mark_html),
        latex=(visit_mark_latex, depart_mark_latex),
    )
    app.add_node(
        ng_strike,
        html=(visit_strike_html, depart_strike_html),
        latex=(visit_strike_latex, depart_strike_latex),
    )
    app.connect("config-inited", add_strike_preamble)
    app.add_post_transform(MarkFallbackTransform)
