r"""Wikilinks kept whole while Markdown reads the note: what Obsidian reads literally.

The wikilink transform finds ``[[...]]`` in the text MyST produces, after Markdown's
inline syntax has been applied. Two things Obsidian never does to a wikilink would
otherwise happen first:

- ``[[Python __builtins__]]``: the underscores (or asterisks) of a target make
  emphasis, and the link goes to "Python builtins";
- ``[[Magic Numbers]](MZ)``: a wikilink followed by text in brackets is read as a
  Markdown link ``[...](MZ)`` whose text is ``[Magic Numbers]``;
- ``[[Peyton Jones]][paper]``, with ``[paper]: URL`` defined in the note: the inner
  brackets and the label make a reference link ``[Peyton Jones][paper]``, where
  Obsidian reads the wikilink and then a link ``[paper]``.

So, as a Markdown document is read, the ``_`` and ``*`` of each wikilink's target
(before its ``|``) get a backslash, and so do a ``(`` right after ``]]`` and the last
``]`` of a wikilink that a ``[`` follows (``[[Peyton Jones]\][paper]``): Markdown then
shows them as written, ``[paper]`` stays a link of its own, and the wikilink transform
sees the link as Obsidian does.
Code (fenced and inline), math and front matter are left alone. Lines are rewritten
one for one, so warnings keep their line numbers.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .headings import HEADING_FORMS, heading_forms
from .markdown_source import is_markdown, rewrite_lines, rewrite_prose

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: A wikilink or embed not escaped, and a ``(`` or a lone ``[`` right after it.
_WIKILINK_RE = re.compile(r"(?<!\\)(!?)\[\[([^\[\]\n]+?)\]\](\(|\[(?!\[))?")
#: A wikilink target holding ``_`` or ``*``, or a ``(`` or lone ``[`` right after ``]]``:
#: a quick test.
_NEEDS_PROTECTION_RE = re.compile(r"\[\[[^\[\]|\n]*[_*]|\]\](?:\(|\[(?!\[))")
#: A ``_`` or ``*`` not escaped already.
_EMPHASIS_RE = re.compile(r"(?<!\\)([_*])")


def _protect(match: re.Match[str]) -> str:
    """Return one wikilink with its target's emphasis characters, and what follows, escaped."""
    bang, inner, bracket = match.groups()
    bar = inner.find("|")
    if bar == -1:
        target, rest = inner, ""
    else:  # in a table the bar is written \|: the backslash is not the target's
        cut = bar - 1 if bar and inner[bar - 1] == "\\" else bar
        target, rest = inner[:cut], inner[cut:]
    target = _EMPHASIS_RE.sub(r"\\\1", target)
    if bracket == "[":  # its own last ] escaped: the [ after it opens a link of its own
        return f"{bang}[[{target}{rest}]\\]["
    return f"{bang}[[{target}{rest}]]" + ("\\(" if bracket else "")


def protect_wikilinks(lines: list[str]) -> list[str]:
    """Return *lines* with the wikilinks outside code, math and front matter protected."""
    return rewrite_prose(lines, lambda text, _: _WIKILINK_RE.sub(_protect, text), "[[")


def protect_wikilink_source(app: Sphinx, docname: str, source: list[str]) -> None:
    """On ``source-read``: protect the wikilinks of a Markdown document from Markdown."""
    if "[[" in source[0] and is_markdown(app.env, docname):
        if _NEEDS_PROTECTION_RE.search(source[0]):  # most notes: nothing to protect
            rewrite_lines(app.env, docname, source, protect_wikilinks)
        forms = heading_forms(source[0])
        if forms:
            app.env.temp_data[HEADING_FORMS] = forms


def setup_wikilink_source(app: Sphinx) -> None:
    """Register the rewrite: after escapes are marked (500), before ``$$`` moves (600)."""
    app.connect("source-read", protect_wikilink_source, priority=550)
