"""Markdown sources: which documents are Markdown, and line-for-line rewrites of them.

Several Obsidian features rewrite a Markdown note's text on ``source-read``, before
MyST reads it, always one line for one so that warnings keep their line numbers.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

#: File endings of Markdown documents (MyST's own, as Sphinx maps them).
MARKDOWN_SUFFIXES = (".md", ".markdown")


def is_markdown(env: BuildEnvironment, docname: str) -> bool:
    """Tell whether *docname* is read from a Markdown file."""
    return str(env.doc2path(docname)).endswith(MARKDOWN_SUFFIXES)


def rewrite_lines(
    env: BuildEnvironment,
    docname: str,
    source: list[str],
    rewrite: Callable[[list[str]], list[str]],
) -> None:
    """Apply *rewrite* (lines in, as many lines out) to a Markdown document's source."""
    if not is_markdown(env, docname):
        return
    lines = source[0].split("\n")
    rewritten = rewrite(lines)
    if rewritten != lines:
        source[0] = "\n".join(rewritten)


#: Code spans, ``$$...$$`` and ``$...$`` on one line: not prose.
_CODE_OR_MATH_RE = re.compile(
    r"(`+)(?!`).+?(?<!`)\1|\$\$.*?\$\$|(?<![\\$])\$(?=\S)[^$\n]+?(?<=[^\s\\])\$(?!\d)"
)
_FENCE_RE = re.compile(r"^(?:[ \t]*>)*[ \t]*(`{3,}|~{3,})")
_CODE_SPAN_RE = re.compile(r"(`+)(?!`).+?(?<!`)\1")


def front_matter_end(lines: list[str]) -> int:
    """Return the index of the first line after the front matter (0 without one)."""
    if not lines or lines[0].strip() != "---":
        return 0
    return next((i + 1 for i in range(1, len(lines)) if lines[i].strip() == "---"), 0)


def fence_openings(lines: list[str]) -> Iterator[int]:
    """Yield the index of each line that opens a code fence, in a quote or not.

    Front matter and the lines of a fence are skipped; a fence is closed by a line of
    at least as many of its marks and nothing else. *lines* may be changed at the
    index yielded.
    """
    fence = ""
    for index in range(front_matter_end(lines), len(lines)):
        found = _FENCE_RE.match(lines[index])
        if fence:
            marks = found.group(1) if found else ""
            closing = marks[:1] == fence[0] and len(marks) >= len(fence)
            if closing and found and not lines[index][found.end() :].strip():
                fence = ""
            continue
        if found:
            fence = found.group(1)
            yield index


def rewrite_prose(
    lines: list[str],
    rewrite: Callable[[str, int], str],
    needle: str = "",
    *,
    whole_lines: bool = False,
) -> list[str]:
    """Return *lines* with *rewrite* applied to their prose, one line for one.

    Prose is what lies outside the front matter, fenced code, code spans and math
    (inline, and display formulas over several lines). *rewrite* gets each stretch of
    prose and its line's index; lines without *needle* are skipped. With
    *whole_lines*, it gets each line of prose whole, code spans and inline math
    included (see :func:`code_or_math_spans`).
    """
    out = list(lines)
    start = front_matter_end(out)
    fence = ""
    in_display_math = False
    for index in range(start, len(out)):
        line = out[index]
        opening = _FENCE_RE.match(line)
        if fence:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = ""
            continue
        if opening:
            fence = opening.group(1)
            continue
        # A display formula over several lines: an odd number of $$ outside code opens
        # or closes one; its lines are math.
        odd = _CODE_SPAN_RE.sub("", line).count("$$") % 2 == 1
        if in_display_math:
            in_display_math = not odd
            continue
        in_display_math = odd
        if needle in line:
            # What follows the $$ that opens a formula is math.
            cut = line.rfind("$$") if odd else len(line)
            head = line[:cut]
            rewritten = rewrite(head, index) if whole_lines else _rewrite_line(head, index, rewrite)
            out[index] = rewritten + line[cut:]
    return out


def _rewrite_line(line: str, index: int, rewrite: Callable[[str, int], str]) -> str:
    """Return *line* with *rewrite* applied to the stretches outside code spans and math."""
    pieces: list[str] = []
    position = 0
    for span in _CODE_OR_MATH_RE.finditer(line):
        pieces.append(rewrite(line[position : span.start()], index))
        pieces.append(span.group(0))
        position = span.end()
    pieces.append(rewrite(line[position:], index))
    return "".join(pieces)


def code_or_math_spans(line: str) -> list[tuple[int, int]]:
    """Return the (start, end) of each code span and inline formula of *line*."""
    return [match.span() for match in _CODE_OR_MATH_RE.finditer(line)]
