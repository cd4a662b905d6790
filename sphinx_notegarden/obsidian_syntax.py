r"""The rest of Obsidian-flavoured Markdown: comments, highlights, block ids, plugin fences.

- ``%%comment%%`` (inline or spanning lines) is removed from Markdown sources as they
  are read, outside code, so it reaches no output and no search index; the lines stay
  (blank) so warnings keep their line numbers.
- ``==highlight==`` becomes a ``<mark>`` (a highlight box in LaTeX), ``~~struck~~`` a
  ``<del>`` (:mod:`~sphinx_notegarden.inline_marks`).
- ``^block-id`` at the end of a paragraph or list item, alone on the line after a
  block, or ending a line followed by display math, becomes that block's anchor, for
  ``[[Note#^block-id]]`` and embeds.
- Code fences of Obsidian plugins (``dataview``, ``query``, ``base``...) keep their name
  with a plain lexer; any other language without a lexer is plain code too
  (:mod:`~sphinx_notegarden.code_languages`), without Sphinx's unknown-lexer warning.
- Admonition-plugin fences (:mod:`~sphinx_notegarden.admonition_fences`) and escaped
  ``\[\[`` and ``\=\=`` (:mod:`~sphinx_notegarden.escapes`) are read as Obsidian
  reads them.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from docutils import nodes
from pygments.lexers.special import TextLexer
from sphinx.transforms import SphinxTransform

from .admonition_fences import setup_admonition_fences
from .callouts import ng_callout_title
from .code_languages import setup_code_languages
from .empty_front_matter import setup_empty_front_matter
from .escapes import setup_escapes
from .inline_footnotes import setup_inline_footnotes
from .inline_marks import MARKERS, mark_across, mark_text, setup_inline_marks
from .markdown_source import is_markdown
from .walk import nodes_of
from .wikilink_source import setup_wikilink_source

if TYPE_CHECKING:
    from sphinx.application import Sphinx

PLUGIN_FENCES = (
    "dataview",
    "dataviewjs",
    "query",
    "base",
    "bases",
    "tasks",
    "tracker",
    "excalidraw",
)
_FENCE_RE = re.compile(r"^\s{0,3}(```|~~~)")
_INLINE_CODE_RE = re.compile(r"(`+)(.+?)\1")
BLOCK_ID_RE = re.compile(r"(?:^|\s)\^([A-Za-z0-9][A-Za-z0-9-]*)\s*$")
_LINE_END_BLOCK_ID_RE = re.compile(r"(?:^|(?<=\s))\^([A-Za-z0-9][A-Za-z0-9-]*)[ \t]*\n")


def strip_comments(text: str) -> str:
    """Remove Obsidian ``%%comments%%`` from Markdown, outside fenced and inline code.

    Each removed character that is not a line break becomes nothing, and each line break
    stays, so the lines after a comment keep their numbers.
    """
    out: list[str] = []
    in_comment = False
    fenced = False
    for line in text.split("\n"):
        if not in_comment and _FENCE_RE.match(line):
            fenced = not fenced
            out.append(line)
            continue
        if fenced:
            out.append(line)
            continue
        kept: list[str] = []
        position = 0
        code_spans = [m.span() for m in _INLINE_CODE_RE.finditer(line)] if not in_comment else []
        while position < len(line):
            marker = line.find("%%", position)
            while marker >= 0 and any(start <= marker < end for start, end in code_spans):
                marker = line.find("%%", marker + 2)
            if marker < 0:
                if not in_comment:
                    kept.append(line[position:])
                break
            if not in_comment:
                kept.append(line[position:marker])
            in_comment = not in_comment
            position = marker + 2
        out.append("".join(kept).rstrip() if kept else "")
    return "\n".join(out)


def remove_comments(app: Sphinx, docname: str, source: list[str]) -> None:
    """On ``source-read``: strip comments from Markdown documents.

    Such a document's source is then not copied into the output (``_sources/``), where
    the comments would still be.
    """
    if "%%" in source[0] and is_markdown(app.env, docname):
        stripped = strip_comments(source[0])
        if stripped != source[0]:
            source[0] = stripped
            domain = app.env.get_domain("ng")
            domain.data.setdefault("private_sources", {})[docname] = True


def hide_private_sources(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object
) -> None:
    """On ``html-page-context``: no "show source" copy for documents that had comments."""
    if app.env.get_domain("ng").data.get("private_sources", {}).get(pagename):
        context["sourcename"] = ""


class ObsidianInlineTransform(SphinxTransform):
    """Highlights, strikethrough and block ids, in MyST and rST text alike."""

    default_priority = 695  # after wikilinks (690), before notes (700)

    def apply(self, **kwargs: object) -> None:
        """Rewrite highlights and struck text, then collect block ids."""
        # One walk per marker, but only while some text still holds a later marker.
        found = dict.fromkeys(MARKERS, False)
        for index, marker in enumerate(MARKERS):
            if index and not found[marker]:
                continue
            parents: dict[int, nodes.Element] = {}
            for text in nodes_of(self.document, nodes.Text):
                if index == 0:
                    for other in MARKERS:
                        found[other] = found[other] or other in text
                parent = text.parent
                if marker not in text or parent is None or _in_code(parent):
                    continue
                parents.setdefault(id(parent), parent)
                pieces = mark_text(str(text), marker)
                if pieces is not None:
                    parent.replace(text, pieces)
            for parent in parents.values():
                mark_across(parent, marker)
        for block in nodes_of(self.document, nodes.paragraph):
            if not _in_code(block):
                self._block_id(block)
        # A heading can end with "^id" too: written so, or a paragraph whose "^id" line
        # is followed by "---", which CommonMark (and Obsidian) reads as a heading.
        for title in list(self.document.findall(nodes.title)):
            if isinstance(title.parent, nodes.section):
                self._block_id(title)
        # A heading where a section cannot start (``- # Heading ^id`` in a list item, in
        # a quote) is a rubric: its id names the list item it opens, or the rubric.
        for rubric in nodes_of(self.document, nodes.rubric):
            if not _in_code(rubric):
                self._block_id(rubric)
        # "> [!definition] Title ^id": math vaults name a callout on its title line.
        for callout_title in nodes_of(self.document, ng_callout_title):
            self._block_id(callout_title)

    def _block_id(self, block: nodes.Element) -> None:
        if isinstance(block, nodes.title | nodes.rubric | ng_callout_title):
            _merge_texts(block)  # "text", "\n", "^id": one text, so the break goes too
        last = _last_text(block)
        match = BLOCK_ID_RE.search(str(last)) if last is not None else None
        if last is None or match is None:
            self._line_end_block_id(block)
            return
        target: nodes.Element = block
        rest = str(last)[: match.start()].rstrip()
        if isinstance(block, nodes.title | nodes.rubric | ng_callout_title):
            if not rest and len(block.children) == 1:
                return  # a heading that is only "^id": leave it as written
            last.parent.replace(last, nodes.Text(rest))
            opens_item = isinstance(block.parent, nodes.list_item) and block.parent[0] is block
            if isinstance(block, nodes.title | ng_callout_title) or opens_item:
                # The section, the callout ("> [!kind] Title ^id"), or the list item
                # the heading opens.
                target = block.parent
            self._anchor(target, match.group(1))
            return
        if not rest and len(block.children) == 1 and isinstance(block, nodes.paragraph):
            # "^id" alone on its line names the block before it.
            previous = block.previous_sibling()
            if isinstance(previous, nodes.Element):
                target = previous
            block.parent.remove(block)
        else:
            last.parent.replace(last, nodes.Text(rest))
            if isinstance(block.parent, nodes.list_item) and block.parent[-1] is block:
                target = block.parent
        self._anchor(target, match.group(1))

    def _line_end_block_id(self, block: nodes.Element) -> None:
        """``^id`` ending a line inside the paragraph, display math or more text after it.

        Obsidian ends the block there (``$$`` starts a new one); MyST keeps the math in
        the paragraph, so the paragraph takes the id.
        """
        if not any(isinstance(c, nodes.Text) and "^" in c for c in block.children):
            return
        _merge_texts(block)
        for child in block.children:
            match = _LINE_END_BLOCK_ID_RE.search(str(child))
            if isinstance(child, nodes.Text) and match is not None:
                text = str(child)
                before, after = text[: match.start()].rstrip(" \t"), text[match.end() - 1 :]
                if not before or before.endswith("\n"):  # the id had its own line
                    after = after[1:]
                block.replace(child, nodes.Text(before + after))
                target = block
                if isinstance(block.parent, nodes.list_item) and block.parent[-1] is block:
                    target = block.parent
                self._anchor(target, match.group(1))
                return

    def _anchor(self, target: nodes.Element, name: str) -> None:
        block_id = f"^{name}"
        if block_id not in self.document.ids:
            target["ids"].append(block_id)
            self.document.ids[block_id] = target


def _in_code(node: nodes.Node | None) -> bool:
    while node is not None:
        if isinstance(node, (nodes.literal, nodes.literal_block, nodes.math, nodes.raw)):
            return True
        node = node.parent
    return False


def _merge_texts(block: nodes.Element) -> None:
    """Join neighbouring Text children (MyST gives each soft line break its own)."""
    merged: list[nodes.Node] = []
    for child in block.children:
        if isinstance(child, nodes.Text) and merged and isinstance(merged[-1], nodes.Text):
            merged[-1] = nodes.Text(str(merged[-1]) + str(child))
        else:
            merged.append(child)
    if len(merged) < len(block.children):
        block.children = []
        block.extend(merged)


def _last_text(block: nodes.Element) -> nodes.Text | None:
    last = block.children[-1] if block.children else None
    return last if isinstance(last, nodes.Text) else None


def setup_obsidian_syntax(app: Sphinx) -> None:
    """Register comments, highlights, block ids, plugin fences, escapes, links, languages."""
    app.connect("source-read", remove_comments)
    setup_admonition_fences(app)  # after comments, before escapes: they skip code fences
    setup_escapes(app)
    setup_wikilink_source(app)
    setup_inline_footnotes(app)
    setup_code_languages(app)
    setup_empty_front_matter(app)
    app.connect("html-page-context", hide_private_sources)
    setup_inline_marks(app)
    app.add_transform(ObsidianInlineTransform)
    for name in PLUGIN_FENCES:
        app.add_lexer(name, TextLexer)
