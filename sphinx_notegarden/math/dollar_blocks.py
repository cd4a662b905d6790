r"""``$$`` blocks opened right under a line of text, read as Obsidian reads them.

Obsidian notes write display math straight under a sentence::

    The temperatures solve
    $$
    \begin{bmatrix} 2 & -1 \\ -1 & 2 \end{bmatrix} T
    =
    b
    $$

In Obsidian a ``$$`` line opens display math wherever it stands. In MyST a math block
cannot interrupt a paragraph, so the ``$$`` stays part of the paragraph: the formula
is then read as inline ``$$...$$`` only after Markdown has cut the paragraph into
blocks, and a line of the formula that looks like Markdown breaks it — ``=`` alone
underlines the lines above as a heading, ``+ x`` or ``- x`` starts a list, ``> x`` a
quote — and the rest of the formula, and the text after it, come out as prose.

On ``source-read`` this module makes such a block start a block of its own, line for
line (warnings keep their line numbers): the ``$$`` line becomes an empty line (of
the same callout or list) and the ``$$`` moves to the start of the formula's first
line, where MyST reads it as the opening of a math block::

    The temperatures solve
    (empty)
    $$\begin{bmatrix} 2 & -1 \\ -1 & 2 \end{bmatrix} T
    =
    b
    $$

Only a ``$$`` alone on its line (inside quotes or a list item as well), under a line
of text in the same container, with a closing ``$$`` before the next empty line, is
moved; fenced and indented code are left alone.

Obsidian's editor also keeps a ``$$`` block whole across empty lines, up to its
closing ``$$``; in Markdown an empty line ends the paragraph (or the math block), and
Sphinx would read an empty line inside a formula as the end of one equation. So an
empty line inside a ``$$`` block (opened at the start of a line, closed by the next
line holding a ``$$``, at most :data:`MAX_FORMULA_LINES` lines on, in the same callout)
gets a TeX comment, ``%``, which TeX and MathJax read as nothing.

Obsidian notes also indent the text that goes on after a formula (a tab, as its editor
continues the line). In Obsidian that is still the paragraph's text; here, after a
math block, a line indented four columns more than the paragraph would be indented
code. That line is given the paragraph's indentation, unless its text would then start
a block of its own (a heading, a list, a quote).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..markdown_source import front_matter_end, rewrite_lines

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: Quote markers of a line (callouts), then its indentation.
_CONTAINER_RE = re.compile(r"^(?P<quotes>(?:[ \t]{0,3}>[ \t]?)*)(?P<indent>[ \t]*)")
_FENCE_RE = re.compile(r"^(`{3,}|~{3,})")
_LIST_MARKER_RE = re.compile(r"^(?:[-+*]|\d{1,9}[.)])[ \t]+")


def _split(line: str) -> tuple[str, int, str]:
    """Return *line*'s quote markers, the width of its indentation and its text."""
    match = _CONTAINER_RE.match(line)
    assert match is not None  # the pattern matches every line
    indent = match.group("indent").expandtabs(4)
    return match.group("quotes"), len(indent), line[match.end() :]


def _closes(fence: str, stripped: str) -> bool:
    """Tell whether a line (its text, stripped) closes the code *fence* opened before."""
    return stripped.startswith(fence) and set(stripped) == {fence[0]}


def _quote_depth(quotes: str) -> int:
    return quotes.count(">")


def _content_indent(indent: int, text: str) -> int:
    """Return where the text of a line starts, past a list marker if it has one."""
    marker = _LIST_MARKER_RE.match(text)
    return indent + (marker.end() if marker else 0)


#: How many lines a ``$$`` block with empty lines in it may span to be kept whole.
MAX_FORMULA_LINES = 80


def fill_empty_formula_lines(lines: list[str]) -> None:
    """Put ``%`` on the empty lines inside ``$$`` blocks (in place), as the module says.

    The ``%`` is indented four columns past the formula's next line: at the start of a
    line MyST would read it as a comment of its own, ending the paragraph. The ``$$``
    are counted through the note (outside code), so that a closing ``$$`` is never
    taken for an opening.
    """
    fence: str | None = None
    dollars = 0
    index = front_matter_end(lines)
    while index < len(lines):
        quotes, _, text = _split(lines[index])
        stripped = text.strip()
        if fence is not None:
            if _closes(fence, stripped):
                fence = None
        elif (opening := _FENCE_RE.match(stripped)) is not None:
            fence = opening.group(1)
        elif dollars % 2 == 0 and stripped.startswith("$$") and "$$" not in stripped[2:]:
            closing, empty = _closing_across_empty_lines(lines, index, _quote_depth(quotes))
            if closing is not None and empty:
                _fill(lines, quotes, closing, empty)
            if closing is not None:
                index = closing + 1
                continue
            dollars += 1
        else:
            dollars += _INLINE_CODE_RE.sub("", stripped).count("$$")
        index += 1


def _fill(lines: list[str], quotes: str, closing: int, empty: list[int]) -> None:
    r"""Fill the *empty* lines of the formula that *closing* ends.

    Empty lines right before a closing ``$$`` that starts its line take that ``$$`` up
    instead: a ``%`` as the formula's last line would hide what Sphinx writes after it
    (``\end{split}``).
    """
    trailing = [line for line in empty if all(n in empty for n in range(line, closing))]
    closing_quotes, closing_indent, closing_text = _split(lines[closing])
    if trailing and closing_text.lstrip().startswith("$$"):
        lines[trailing[0]] = closing_quotes + " " * closing_indent + "$$"
        rest = closing_text.lstrip()[2:].lstrip()
        lines[closing] = (closing_quotes + " " * closing_indent + rest).rstrip()
        empty = [line for line in empty if line not in trailing]
    for line in empty:
        # Indented past the formula's next line: text, not a comment or a new block.
        after = next(n for n in range(line, len(lines)) if n not in empty)
        lines[line] = quotes + " " * (_split(lines[after])[1] + 4) + "%"


#: Inline code, whose ``$$`` are not math.
_INLINE_CODE_RE = re.compile(r"`[^`]*`")


def _closing_across_empty_lines(
    lines: list[str], index: int, depth: int
) -> tuple[int | None, list[int]]:
    """Return the line closing the ``$$`` opened at *index* and the empty lines before it.

    The closing line is the next with a ``$$``, and holds only that one (text may
    follow it: Obsidian notes go on after a formula on its closing line). No closing
    (another container, a fence, a heading, too far): None, and no empty lines.
    """
    empty: list[int] = []
    for end in range(index + 1, min(len(lines), index + MAX_FORMULA_LINES)):
        quotes, _, text = _split(lines[end])
        stripped = text.strip()
        if _quote_depth(quotes) != depth:
            return None, []
        if not stripped:
            empty.append(end)
            continue
        if _FENCE_RE.match(stripped) or _HEADING_RE.match(stripped):
            return None, []
        if "$$" in stripped:
            # One $$ closes it, and something was written between the two: after the
            # opening $$, on a line between, or before the closing one.
            after_opening = _split(lines[index])[2].strip()[2:]
            between = end - index - 1 > len(empty)
            written = bool(after_opening.strip()) or between or not stripped.startswith("$$")
            return (end, empty) if stripped.count("$$") == 1 and written else (None, [])
    return None, []


def open_dollar_blocks(lines: list[str]) -> list[str]:
    """Return *lines* with each ``$$`` block opened under text made a block, one line for one."""
    out = list(lines)
    fill_empty_formula_lines(out)
    fence: str | None = None
    # How many $$ the paragraph has had so far: a $$ line after an odd number closes one.
    dollars, depth = 0, 0
    # Where the current paragraph's text starts (past its list marker), and whether the
    # next line of text starts a paragraph.
    para_indent, para_start = 0, True
    # The text indent of the list the lines are in (0 outside lists), and whether the
    # current block is indented code.
    list_indent, code = 0, False
    index = front_matter_end(out)
    while index < len(out):
        quotes, indent, text = _split(out[index])
        stripped = text.strip()
        if fence is not None:
            if _closes(fence, stripped):
                fence, para_start = None, True
            index += 1
            continue
        opening = _FENCE_RE.match(stripped)
        if opening is not None:
            fence, dollars = opening.group(1), 0
            index += 1
            continue
        if not stripped or _quote_depth(quotes) != depth:
            dollars, depth, para_start, code = 0, _quote_depth(quotes), True, False
            if not stripped:
                index += 1
                continue
        marker = _LIST_MARKER_RE.match(text)
        if para_start and not marker:
            if indent == 0:
                list_indent = 0
            code = indent - list_indent >= 4
        if marker:
            list_indent, code = indent + marker.end(), False
        if para_start or marker:
            para_indent, para_start = _content_indent(indent, text), False
        if code:
            index += 1
            continue
        if _HEADING_RE.match(text):
            # A heading is a block of its own line: the next line starts a paragraph.
            dollars, para_start = 0, True
            index += 1
            continue
        block_start = stripped == "$$" and dollars % 2 == 0
        if block_start and index and _under_text(out, index, quotes, indent):
            closing = _closing(out, index, quotes)
            if closing is not None:
                first_quotes, _, first_text = _split(out[index + 1])
                out[index] = (quotes + " " * indent).rstrip()
                # At the paragraph's indentation: the formula's own (a tab, say) or a
                # $$ indented as a continuation line would make indented code.
                out[index + 1] = first_quotes + " " * para_indent + "$$" + first_text
                _unindent_after(out, closing, para_indent)
                index, dollars, para_start = closing + 1, 0, True
                continue
        if block_start and dollars == 0 and indent - para_indent < 4:
            # A $$ block of its own: the same for the line after its closing.
            closing = _closing(out, index, quotes)
            if closing is not None:
                _unindent_after(out, closing, para_indent)
                index, para_start = closing + 1, True
                continue
        dollars += stripped.count("$$")
        index += 1
    return out


#: Text that starts a block of its own once at the start of a line, left indented.
_BLOCK_START_RE = re.compile(r"^(?:[#>|<=*+-]|\d{1,9}[.)]|`{3}|~{3}|\$\$)")


def _unindent_after(lines: list[str], closing: int, para_indent: int) -> None:
    """Give the line right after a ``$$`` block the paragraph's indentation.

    Obsidian notes often indent the text that follows a formula (with a tab): in
    Obsidian the formula is part of the paragraph, so that line goes on as text. Here
    the formula is a block, and the line after it, indented by four columns more than
    the paragraph, would be indented code.
    """
    after = closing + 1
    if after >= len(lines):
        return
    quotes, indent, text = _split(lines[after])
    closing_quotes, _, _ = _split(lines[closing])
    if (
        indent - para_indent >= 4
        and text.strip()
        and _quote_depth(quotes) == _quote_depth(closing_quotes)
        and not _BLOCK_START_RE.match(text)
    ):
        lines[after] = quotes + " " * para_indent + text


_HEADING_RE = re.compile(r"^#{1,6}(?:[ \t]|$)")


def _under_text(lines: list[str], index: int, quotes: str, indent: int) -> bool:
    """Tell whether the line above *index* is text that the ``$$`` line would continue."""
    above_quotes, above_indent, above_text = _split(lines[index - 1])
    if _quote_depth(above_quotes) != _quote_depth(quotes) or not above_text.strip():
        return False
    if above_text.lstrip().startswith(("$$", "```", "~~~")) or above_text.rstrip().endswith("$$"):
        return False  # the end of another formula, or a fence: not a paragraph
    # Deeper than the text above (plus three spaces) would be code once on its own.
    return indent - _content_indent(above_indent, above_text) < 4


def _closing(lines: list[str], index: int, quotes: str) -> int | None:
    """Return the line that closes the ``$$`` opened at *index*, if the block has one."""
    depth = _quote_depth(quotes)
    for end in range(index + 1, len(lines)):
        end_quotes, _, text = _split(lines[end])
        if _quote_depth(end_quotes) != depth or not text.strip():
            return None
        if text.rstrip().endswith("$$"):
            return end if end > index + 1 or text.strip() != "$$" else None
    return None


def move_dollar_openings(app: Sphinx, docname: str, source: list[str]) -> None:
    """On ``source-read``: open ``$$`` blocks under text as blocks, in Markdown sources."""
    extensions = getattr(app.config, "myst_enable_extensions", ())
    if "$$" in source[0] and "dollarmath" in extensions:
        rewrite_lines(app.env, docname, source, open_dollar_blocks)


def setup_dollar_blocks(app: Sphinx) -> None:
    """Register the rewrite, after the other rewrites of Obsidian syntax (callout fences)."""
    app.connect("source-read", move_dollar_openings, priority=600)
