r"""Wikilinks kept whole while Markdown reads the note: what Obsidian reads literally.

The wikilink transform finds ``[[...]]`` in the text MyST produces, after Markdown's
inline syntax has been applied. Two things Obsidian never does to a wikilink would
otherwise happen first:

- ``[[Python __builtins__]]``: the underscores (or asterisks) of a target make
  emphasis, and the link goes to "Python builtins";
- ``[[Magic Numbers]](MZ)``: a wikilink followed by text in brackets is read as a
  Markdown link ``[...](MZ)`` whose text is ``[Magic Numbers]``.

So, as a Markdown document is read, the ``_`` and ``*`` of each wikilink's target
(before its ``|``) get a backslash, and so does a ``(`` right after ``]]``: Markdown
then shows them as written and the wikilink transform sees the link as Obsidian does.
Code (fenced and inline), math and front matter are left alone. Lines are rewritten
one for one, so warnings keep their line numbers.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .markdown_source import rewrite_lines

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: A wikilink or embed not escaped, and a ``(`` right after it.
_WIKILINK_RE = re.compile(r"(?<!\\)(!?)\[\[([^\[\]\n]+?)\]\](\()?")
#: What a wikilink inside is not one: code spans, ``$$...$$`` and ``$...$`` on the line.
_PROTECTED_RE = re.compile(
    r"(`+)(?!`).+?(?<!`)\1|\$\$.*?\$\$|(?<![\\$])\$(?=\S)[^$\n]+?(?<=[^\s\\])\$(?!\d)"
)
_FENCE_RE = re.compile(r"^(?:[ \t]*>)*[ \t]*(`{3,}|~{3,})")
_CODE_SPAN_RE = re.compile(r"(`+)(?!`).+?(?<!`)\1")
#: A ``_`` or ``*`` not escaped already.
_EMPHASIS_RE = re.compile(r"(?<!\\)([_*])")


def _protect(match: re.Match[str]) -> str:
    """Return one wikilink with its target's emphasis characters and a ``(`` after escaped."""
    bang, inner, bracket = match.groups()
    bar = inner.find("|")
    if bar == -1:
        target, rest = inner, ""
    else:  # in a table the bar is written \|: the backslash is not the target's
        cut = bar - 1 if bar and inner[bar - 1] == "\\" else bar
        target, rest = inner[:cut], inner[cut:]
    target = _EMPHASIS_RE.sub(r"\\\1", target)
    return f"{bang}[[{target}{rest}]]" + ("\\(" if bracket else "")


def _protect_line(line: str) -> str:
    """Return *line* with its wikilinks protected, outside code spans and math."""
    pieces: list[str] = []
    position = 0
    for span in _PROTECTED_RE.finditer(line):
        pieces.append(_WIKILINK_RE.sub(_protect, line[position : span.start()]))
        pieces.append(span.group(0))
        position = span.end()
    pieces.append(_WIKILINK_RE.sub(_protect, line[position:]))
    return "".join(pieces)


def protect_wikilinks(lines: list[str]) -> list[str]:
    """Return *lines* with the wikilinks outside code, math and front matter protected."""
    out = list(lines)
    start = 0
    if out and out[0].strip() == "---":
        start = next((i + 1 for i in range(1, len(out)) if out[i].strip() == "---"), 0)
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
        if "[[" in line:
            # What follows the $$ that opens a formula is math.
            cut = line.rfind("$$") if odd else len(line)
            out[index] = _protect_line(line[:cut]) + line[cut:]
    return out


def protect_wikilink_source(app: Sphinx, docname: str, source: list[str]) -> None:
    """On ``source-read``: protect the wikilinks of a Markdown document from Markdown."""
    if "[[" in source[0]:
        rewrite_lines(app.env, docname, source, protect_wikilinks)


def setup_wikilink_source(app: Sphinx) -> None:
    """Register the rewrite: after escapes are marked (500), before ``$$`` moves (600)."""
    app.connect("source-read", protect_wikilink_source, priority=550)
