r"""Escaped Obsidian syntax stays text: ``\[\[x\]\]``, ``\=\=x\=\=``, ``\~\~x\~\~``, ``\#tag``.

MyST resolves backslash escapes before any transform sees the text, so ``\[\[x\]\]``
would reach the wikilink transform as ``[[x]]``. As a Markdown document is read, each
escaped ``[``, ``=``, ``~`` and ``#`` (outside code, math and front matter) gets a
private-use character after it: ``[\uE000[`` holds no ``[[`` and ``=\uE000=`` no
``==``, so neither the wikilink nor the highlight (or strikethrough) transform takes
them. A later transform removes the marker from every text of the document (code, math
and raw markup included), before anything reads the text; a text is cut after an
escaped ``#``, so that no inline tag starts there (a tag is read within one text).
``\%\%`` needs nothing: comments are taken out of the source itself, where the
backslashes are still there.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.transforms import SphinxTransform

from .markdown_source import is_markdown, rewrite_prose

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: Unicode private use: never in real text, and dropped before anything is written.
MARK = "\ue000"
#: An escaped ``[``, ``=``, ``~`` or ``#``: after an even number of backslashes (an
#: escaped backslash).
_ESCAPE_RE = re.compile(r"(?<!\\)((?:\\\\)*\\[\[=~#])")
#: The characters whose escapes are marked.
_ESCAPED = ("\\[", "\\=", "\\~", "\\#")


def mark_escapes(text: str) -> str:
    r"""Put :data:`MARK` after each escaped ``[``, ``=``, ``~``, ``#`` outside code and math."""
    lines = rewrite_prose(
        text.split("\n"), lambda prose, _: _ESCAPE_RE.sub(r"\1" + MARK, prose), "\\"
    )
    return "\n".join(lines)


#: Set in the document's temporary data when its source got a marker.
MARKED = "ng_escape_marks"


def mark_escaped_syntax(app: Sphinx, docname: str, source: list[str]) -> None:
    """On ``source-read``: mark escaped ``[``, ``=``, ``~`` and ``#`` of Markdown documents."""
    if not any(escaped in source[0] for escaped in _ESCAPED):
        return
    if is_markdown(app.env, docname):
        marked = mark_escapes(source[0])
        if marked != source[0]:
            source[0] = marked
            app.env.temp_data[MARKED] = True  # for EscapeMarkTransform, same document


class EscapeMarkTransform(SphinxTransform):
    """Remove the escape markers once wikilinks (690) and highlights (695) are read."""

    default_priority = 699  # before notes read their text (700)

    def apply(self, **kwargs: object) -> None:
        """Drop :data:`MARK` from every Text node and from code and math sources."""
        if not self.env.temp_data.get(MARKED):
            return  # nothing was marked: three walks of the document saved
        for text in list(self.document.findall(nodes.Text)):
            if MARK in text and text.parent is not None:
                # Cut after an escaped "#": the texts render as one, and neither
                # holds the "#word" an inline tag is read from.
                pieces = str(text).split("#" + MARK)
                kept = [f"{piece}#" for piece in pieces[:-1]] + pieces[-1:]
                text.parent.replace(text, [nodes.Text(p.replace(MARK, "")) for p in kept if p])
        for block in self.document.findall(nodes.FixedTextElement):
            if MARK in block.rawsource:
                block.rawsource = block.rawsource.replace(MARK, "")
        for element in self.document.findall(nodes.Element):
            for name in ("refuri", "alt", "title"):
                value = element.get(name)
                if isinstance(value, str) and MARK in value:
                    element[name] = value.replace(MARK, "")


def setup_escapes(app: Sphinx) -> None:
    """Register the marking and its removal."""
    app.connect("source-read", mark_escaped_syntax)
    app.add_transform(EscapeMarkTransform)
