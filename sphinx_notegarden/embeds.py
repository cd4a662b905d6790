"""Embeds (Obsidian's transclusion): ``![[Note]]`` and ``![[Note#Section]]``.

Expanded as a post-transform, before references are resolved, so links inside the
embedded text resolve as if written on the embedding page. The content comes from the
target's stored doctree; ids are prefixed so they cannot clash with the page's own.
A note that embeds itself, directly or through others, gets a warning and a link
instead of endless recursion.
"""

from __future__ import annotations

import pickle
from typing import TYPE_CHECKING, Any, cast

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

from .backlinks import ng_backlinks
from .gc_tuning import collector_paused
from .headings import anchored_block, heading_id, last_heading
from .link_index import link_key
from .links import FOOTNOTE_REFERENCES, anchors_by_target, unlink_footnote_reference
from .note_header import ng_note_header
from .placeholders import add_placeholder_node
from .read_doctrees import doctree_to_copy
from .walk import nodes_of
from .wikilinks import ng_embed, note_reference

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from .domain import NoteGardenDomain

logger = logging.getLogger(__name__)
#: Embeds inside embeds are expanded this many levels deep; deeper ones are links.
MAX_DEPTH = 8
#: At most this many embeds are expanded on one page, nested ones included: a note
#: that embeds two notes that each embed two more... would otherwise grow the page
#: exponentially. The rest are shown as links.
MAX_EMBEDS_PER_PAGE = 500
PICKLE_PROTOCOL = pickle.HIGHEST_PROTOCOL


def _body_of(
    doctree: nodes.document, anchor: str, headings: dict[str, str]
) -> list[nodes.Node] | None:
    """Return copies of the nodes to embed: a section's content, or the note's body."""
    if anchor:
        section_id = heading_id(headings, anchor)
        found = anchored_block(doctree.ids.get(section_id)) if section_id else None
        if isinstance(found, nodes.section):
            return [child.deepcopy() for child in found.children[1:]]
        if isinstance(found, nodes.Element):  # a block with a ^block-id
            return [found.deepcopy()]
        return None
    top = next((c for c in doctree.children if isinstance(c, nodes.section)), None)
    children = top.children[1:] if top is not None else doctree.children
    return [
        child.deepcopy()
        for child in children
        if not isinstance(child, (ng_backlinks, ng_note_header, nodes.docinfo))
        and not (isinstance(child, nodes.Element) and "ng-note-header" in child["classes"])
    ]


#: Where the embedded contents of this build are kept (see :func:`_embedded_content`).
EMBED_CACHE = "_embed_cache"
EMBED_ANCHORS = "_embed_anchors"


def _embedded_content(
    domain: NoteGardenDomain, docname: str, anchor: str
) -> list[nodes.Node] | None:
    """Return fresh copies of what an embed of *docname* (at *anchor*) shows, or None.

    Cut from the note's doctree once per build and process and kept as pickled bytes
    (detached from their document, like previews' openings), then unpickled for each
    embed. Before, every page that embedded a note loaded the note's whole doctree: in a
    maths vault that embeds theorems from other notes, those loads, and the full
    collections of the heap they set off, were a seventh of the build. The doctree is
    the one in memory if its page is not written yet, or unpickled with the collector
    paused (see :mod:`sphinx_notegarden.read_doctrees`).
    """
    cache: dict[tuple[str, str], bytes | None] = domain.__dict__.setdefault(EMBED_CACHE, {})
    key = (docname, anchor)
    if key not in cache:
        with collector_paused(domain.env.config):
            doctree = doctree_to_copy(domain.env, docname)
            headings = domain.headings.get(docname, {})
            # Every part of this note that some page embeds, while its doctree is loaded.
            for other in [anchor, *_embedded_anchors(domain).get(docname, ())]:
                if (docname, other) not in cache:
                    cache[docname, other] = _pickled(_body_of(doctree, other, headings))
    pickled = cache[key]
    return None if pickled is None else cast("list[nodes.Node]", pickle.loads(pickled))


def _pickled(content: list[nodes.Node] | None) -> bytes | None:
    """Return *content* detached from its document and pickled (None stays None)."""
    if content is None:
        return None
    for node in content:
        for found in nodes_of(node, nodes.Node):
            found.document = None  # type: ignore[assignment]  # docutils' own default
    return pickle.dumps(content, PICKLE_PROTOCOL)


def _embedded_anchors(domain: NoteGardenDomain) -> dict[str, list[str]]:
    """Return, for each note, the anchors it is embedded at ("" for the whole note).

    Found once per build from the recorded embeds, whose targets and anchors are
    written as :meth:`EmbedTransform._expand` reads them.
    """
    found = domain.__dict__.get(EMBED_ANCHORS)
    if found is None:
        found = domain.__dict__[EMBED_ANCHORS] = {
            target: sorted(anchors)
            for target, anchors in anchors_by_target(domain, ("embed",)).items()
        }
    return cast("dict[str, list[str]]", found)


def forget_embeds(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """On ``env-before-read-docs``: drop the last build's embedded contents."""
    env.get_domain("ng").__dict__.pop(EMBED_CACHE, None)
    env.get_domain("ng").__dict__.pop(EMBED_ANCHORS, None)


def _prefix_ids(content: list[nodes.Node], prefix: str, docname: str) -> None:
    """Make ids unique on the embedding page; mark copied references as embedded.

    Problems with embedded links are reported where they are written, not again on
    every page that embeds them; *docname*, the note they are written in, decides
    between notes that share a name (``ng_from``). Footnote markers become plain
    superscripts.
    """
    for node in content:
        for element in list(node.findall(nodes.Element)):
            element["ids"] = [f"{prefix}-{node_id}" for node_id in element["ids"]]
            if element.get("title_id"):  # a callout's aria-labelledby: its title's id
                element["title_id"] = f"{prefix}-{element['title_id']}"
            element["names"] = []
            if element.tagname == "pending_xref":
                element["ng_embedded"] = True
                element.setdefault("ng_from", docname)
            elif isinstance(element, FOOTNOTE_REFERENCES) and element.parent is not None:
                unlink_footnote_reference(element)


class EmbedTransform(SphinxPostTransform):
    """Replace embed placeholders with framed copies of the embedded notes or sections."""

    default_priority = 5  # before Sphinx resolves references (10)

    def run(self, **kwargs: Any) -> None:
        """Expand every embed of the document, depth first."""
        self.counter = 0
        # One warning per problem and place: copies of one embed, nested in several
        # embeds on this page, share their source line.
        self.warned: set[tuple[str, object, object]] = set()
        self._expand(self.document, [(self.env.docname, "")])

    def _as_link(self, embed: ng_embed, link: nodes.Node, reason: str, message: str) -> None:
        """Show *embed* as its link, warning once per problem and source line.

        Too many embeds on the page get one warning for the page.
        """
        key = (reason, None, None) if reason == "many" else (reason, embed.source, embed.line)
        if key not in self.warned:
            self.warned.add(key)
            logger.warning(message, type="notegarden", subtype="embed", location=embed)
        if isinstance(link, nodes.Element):
            link["ng_embedded"] = True  # warned about here: the link says nothing more
        embed.replace_self(nodes.paragraph("", "", link, classes=[f"ng-embed-{reason}"]))

    def _expand(self, tree: nodes.Node, stack: list[tuple[str, str]]) -> None:
        domain = cast("NoteGardenDomain", self.env.get_domain("ng"))
        for embed in list(tree.findall(ng_embed)):
            page, _, anchor = embed["target"].partition("#")
            page, anchor = page.strip(), anchor.strip()
            docname = domain.link_index().resolve(page, stack[-1][0]) if page else stack[-1][0]
            label: list[nodes.Node] = [nodes.Text(_title(page, anchor))]
            link = note_reference(embed["target"], label, explicit=False)
            link.source, link.line = embed.source, embed.line
            if docname is None:
                embed.replace_self(nodes.paragraph("", "", link, classes=["ng-embed-missing"]))
                continue
            key = (docname, link_key(anchor))
            whole_in_stack = not anchor and any(entry[0] == docname for entry in stack)
            path = " -> ".join(entry[0] for entry in stack)
            if key in stack or whole_in_stack:
                message = f"embed cycle: {docname} embeds itself through {path}; shown as a link"
                self._as_link(embed, link, "cycle", message)
                continue
            if len(stack) > MAX_DEPTH:
                message = (
                    f"embed of {docname} is nested more than {MAX_DEPTH} embeds deep "
                    f"({path}); shown as a link"
                )
                self._as_link(embed, link, "deep", message)
                continue
            if self.counter >= MAX_EMBEDS_PER_PAGE:
                message = (
                    f"embed of {docname}: this page already shows {MAX_EMBEDS_PER_PAGE} "
                    "embeds (nested ones included); the rest are shown as links"
                )
                self._as_link(embed, link, "many", message)
                continue
            content = _embedded_content(domain, docname, anchor)
            if content is None:
                what = "block" if last_heading(anchor).startswith("^") else "heading"
                message = f"embed: no {what} {anchor!r} in {docname!r}; embedded as a link"
                self._as_link(embed, link, "missing", message)
                continue
            self.counter += 1
            _prefix_ids(content, f"embed{self.counter}", docname)
            frame = nodes.container(classes=["ng-embed"])
            frame += nodes.paragraph("", "", link, classes=["ng-embed-title"])
            body = nodes.container("", *content, classes=["ng-embed-body"])
            frame += body
            embed.replace_self(frame)
            self._expand(body, [*stack, key])


def _title(page: str, anchor: str) -> str:
    """Return an embed's title as Obsidian shows it: the note's file name, then the section.

    ``![[folder/Note#Part]]`` and ``![](../folder/Note.md#Part)`` are both titled
    "Note > Part": the path the link was written with is not part of the title. An
    embed shown as a link (missing, a cycle, too many) has the same text.
    """
    name = page.rsplit("/", 1)[-1]
    if not name:
        return anchor
    return f"{name} > {anchor}" if anchor else name


def setup_embeds(app: Sphinx) -> None:
    """Register the embed expansion."""
    # Every embed is expanded by the post-transform; should one ever be left (a copy
    # in some later tree), writers skip it rather than fail.
    add_placeholder_node(app, ng_embed)
    app.add_post_transform(EmbedTransform)
    app.connect("env-before-read-docs", forget_embeds)
