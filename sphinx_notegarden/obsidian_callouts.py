"""Obsidian and Quartz callouts: block quotes that begin with ``[!kind] Optional title``.

``> [!warning] The trap of *coherence*`` becomes the same :class:`ng_callout` as the
``callout`` directive; ``[!kind]-`` is collapsed, ``[!kind]+`` collapsible and open.
The title keeps its inline markup; quotes nested in the body become nested callouts.
Works on the doctree, so it serves MyST and reStructuredText alike.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, cast

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from .callouts import build_callout, callout_fallback_kind
from .config import kind_registry

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

#: ``[!kind]`` with an optional fold marker; Obsidian allows spaces before the text, and
#: any kind name (``[!Note:]`` is a callout titled "Note:", styled as a note).
MARKER_RE = re.compile(r"^\s*\[!([^\]\s][^\]\n]*)\]([+-]?)[ \t]*")
FOLD_STATES = {"": "", "-": "closed", "+": "open"}


#: MyST's hard line break: ``<br />`` for HTML and ``\\`` for LaTeX, as raw nodes.
HARD_BREAKS = frozenset({"<br />\n", "\\\\\n"})


def metadata_classes(metadata: str) -> list[str]:
    """Return ``ng-callout-meta-<word>`` for each word of a callout's ``|metadata``."""
    words = (re.sub(r"[^a-z0-9-]+", "-", word.lower()).strip("-") for word in metadata.split())
    return [f"ng-callout-meta-{word[:40]}" for word in words if word]


def _is_hard_break(node: nodes.Node) -> bool:
    return isinstance(node, nodes.raw) and node.astext() in HARD_BREAKS


def split_first_line(
    children: list[nodes.Node],
) -> tuple[list[nodes.Node], list[nodes.Node]]:
    """Split inline *children* at the first line break: (title nodes, body nodes)."""
    title: list[nodes.Node] = []
    body: list[nodes.Node] = []
    target = title
    after_break = False
    for child in children:
        if _is_hard_break(child) and (target is title or after_break):
            # A title line ending in two spaces or a backslash: MyST gives a hard break
            # (one raw node per output format), which ends the title all the same.
            target, after_break = body, True
            continue
        after_break = False
        if target is title and isinstance(child, nodes.Text) and "\n" in child:
            head, tail = str(child).split("\n", 1)
            if head:
                title.append(nodes.Text(head))
            target = body
            if tail:
                body.append(nodes.Text(tail))
        else:
            target.append(child)
    if title and isinstance(title[-1], nodes.Text):
        stripped = str(title[-1]).rstrip()
        title[-1:] = [nodes.Text(stripped)] if stripped else []
    return title, body


class ObsidianCalloutTransform(SphinxTransform):
    """Turn ``> [!kind] Title`` block quotes into callouts."""

    # Before callout ids (800) and the domains' label collection (850).
    default_priority = 500

    def apply(self, **kwargs: object) -> None:
        """Convert every marked block quote, outermost first, in document order."""
        if not self.config.notegarden_obsidian_callouts:
            return
        registry = kind_registry(self.config)
        for quote in list(self.document.findall(nodes.block_quote)):
            if quote.children and isinstance(quote[0], nodes.rubric):
                self._unheading(quote)
            if not quote.children or not isinstance(quote[0], nodes.paragraph):
                continue
            paragraph = quote[0]
            first = paragraph[0] if paragraph.children else None
            if not isinstance(first, nodes.Text):
                continue
            match = MARKER_RE.match(str(first))
            if match is None:
                continue
            spelling, fold = match.groups()
            # [!kind|metadata]: themes style callouts by the metadata (Obsidian's syntax).
            spelling, _, metadata = spelling.partition("|")
            spelling = spelling.strip() or "note"
            kind = registry.resolve(spelling)
            label = kind.label if kind else spelling.replace("-", " ").capitalize()
            if kind is None:
                kind = callout_fallback_kind(dict(registry.kinds))
                if self.config.notegarden_callout_strict:
                    logger.warning(
                        "unknown callout kind %r; rendered as a note (known kinds: %s)",
                        spelling,
                        ", ".join(registry.known_names()),
                        type="notegarden",
                        subtype="callout",
                        location=quote,
                    )
            rest = str(first)[match.end() :]
            title, body = split_first_line(
                [nodes.Text(rest), *paragraph.children[1:]] if rest else paragraph.children[1:]
            )
            callout = build_callout(
                kind,
                title or [nodes.Text(label)],
                collapsible=FOLD_STATES[fold],
                classes=[c for c in quote["classes"] if c] + metadata_classes(metadata),
                default_title=not title,
            )
            callout.source, callout.line = quote.source, quote.line
            callout[0].source, callout[0].line = quote.source, quote.line
            callout["ids"] = list(quote["ids"])
            callout["names"] = list(quote["names"])
            if "".join(child.astext() for child in body).strip():
                body_paragraph = nodes.paragraph("", "", *body)
                # The body starts on the line after the title's.
                line = paragraph.line + 1 if paragraph.line else paragraph.line
                body_paragraph.source, body_paragraph.line = paragraph.source, line
                callout += body_paragraph
            callout += quote.children[1:]
            quote.replace_self(callout)

    def _unheading(self, quote: nodes.block_quote) -> None:
        """Read ``> [!kind] Title`` underlined by ``> -`` (an empty bullet) as a callout.

        Markdown takes a line of ``-`` under text as a heading underline, so the marker
        line became a heading (a rubric, inside a quote); Obsidian shows the callout.
        """
        rubric = cast("nodes.rubric", quote[0])
        if not MARKER_RE.match(rubric.astext()):
            return
        for node_id in rubric["ids"]:
            self.document.ids.pop(node_id, None)
        for name in rubric["names"]:
            self.document.nameids.pop(name, None)
            self.document.nametypes.pop(name, None)
        paragraph = nodes.paragraph("", "", *rubric.children)
        paragraph.source, paragraph.line = rubric.source, rubric.line
        quote[0] = paragraph


def setup_obsidian_callouts(app: Sphinx) -> None:
    """Register the block-quote transform."""
    app.add_transform(ObsidianCalloutTransform)
