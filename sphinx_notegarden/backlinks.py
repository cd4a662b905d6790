"""Backlinks: every note ends with a "Linked from" section, with the sentence of each link.

A placeholder is put at the end of each note while it is read (or where a
``backlinks`` directive stands) and filled on ``doctree-resolved`` from the reverse
link index, which is built once per build from the domain's links: linear in links.

HTML pages get the section as the page is written (:class:`ng_backlinks_html`), not on
``doctree-resolved``: nothing reads it between the two (it is left out of the search
index), and a section made and written at once is garbage before the collector ever
moves it to its oldest generation. Made on ``doctree-resolved``, the sections were half
of every resolved page's nodes in a garden of 1,000 notes, and each was walked by every
full collection while the pages were written.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, cast

from docutils import nodes
from sphinx.errors import NoUri
from sphinx.locale import get_translation
from sphinx.util.docutils import SphinxDirective

from .gc_tuning import collector_paused
from .link_context import context_nodes, context_pieces
from .links import resolve_target
from .note_lists import doc_link
from .placeholders import add_html_only_node, add_placeholder_node

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.writers.html5 import HTML5Translator

    from .domain import NoteGardenDomain

_translate = get_translation("sphinx_notegarden")


class ng_backlinks(nodes.General, nodes.Element):  # noqa: N801
    """Placeholder for the backlinks section of a note; filled on ``doctree-resolved``."""


@dataclass(frozen=True, slots=True)
class Backlink:
    """One link into a note: where it stands and the sentence around it."""

    source: str
    title: str
    order: int
    line: int
    context: str
    start: int
    end: int
    math: tuple[tuple[int, int], ...] = ()

    @classmethod
    def from_link(cls, source: str, title: str, link: dict[str, Any]) -> Backlink:
        """Return the backlink of a link recorded by :func:`links.collect_links`."""
        return cls(
            source,
            title,
            link["order"],
            link["line"],
            link["context"],
            link["start"],
            link["end"],
            tuple((span[0], span[1]) for span in link.get("math", [])),
        )


def backlinks_by_target(domain: NoteGardenDomain) -> dict[str, list[Backlink]]:
    """Return, for every document, the links into it, in a stable order.

    Built once per build and cached on the domain object; which links count follows
    ``notegarden_backlinks_from`` and ``notegarden_backlinks_self``.
    """
    if domain.backlink_cache is not None:
        return cast("dict[str, list[Backlink]]", domain.backlink_cache)
    config = domain.env.config
    from_notes_only = config.notegarden_backlinks_from == "notes"
    result: dict[str, list[Backlink]] = {}
    for source in sorted(domain.links):
        source_note = domain.note(source)
        if from_notes_only and source_note is None:
            continue
        title = source_note.title if source_note else _title(domain, source)
        for link in domain.links[source]:
            target = resolve_target(domain, link, source)
            if target is None or (target == source and not config.notegarden_backlinks_self):
                continue
            result.setdefault(target, []).append(Backlink.from_link(source, title, link))
    for entries in result.values():
        entries.sort(key=lambda b: (b.title.casefold(), b.source, b.order))
    domain.backlink_cache = result
    return result


def _title(domain: NoteGardenDomain, docname: str) -> str:
    title = domain.env.titles.get(docname)
    return title.astext() if title is not None else docname


def context_paragraph(entry: Backlink) -> nodes.paragraph:
    """Return the sentence of a backlink with the link's own words highlighted."""
    text = entry.context
    paragraph = nodes.paragraph(classes=["ng-backlink-context"])
    if text:
        paragraph.extend(context_nodes(text, entry.start, entry.end, list(entry.math)))
    else:  # an embed has no sentence of its own
        message = str(_translate("embeds this note"))
        paragraph += nodes.emphasis(message, message)
    return paragraph


def backlinks_section(
    domain: NoteGardenDomain, builder: Builder, fromdocname: str, docname: str
) -> nodes.container | None:
    """Return the "Linked from" block of *docname*, or None when nothing links to it.

    Links are made relative to *fromdocname*, the page being written.
    """
    entries = backlinks_by_target(domain).get(docname, [])
    if not entries:
        return None
    title = builder.config.notegarden_backlinks_title or str(_translate("Linked from"))
    # Not searchable: the sentences belong to the linking notes, which are indexed with
    # them; indexed here too, every note would turn up for its neighbours' words (and the
    # search index grew by a third).
    block = nodes.container(classes=["ng-backlinks", "no-search"])
    heading = nodes.rubric(title, title)
    heading["heading-level"] = 2
    block += heading
    items = nodes.bullet_list(classes=["ng-backlink-list"])
    grouped: dict[str, list[Backlink]] = {}
    for entry in entries:
        grouped.setdefault(entry.source, []).append(entry)
    for source, group in grouped.items():
        item = nodes.list_item()
        item += nodes.paragraph(
            "",
            "",
            doc_link(builder, fromdocname, source, group[0].title),
            classes=["ng-backlink-source"],
        )
        for entry in group:
            item += context_paragraph(entry)
        items += item
    block += items
    return block


class ng_backlinks_html(nodes.General, nodes.Element):  # noqa: N801
    """The "Linked from" section of note ``ng_note``, made as page ``ng_from`` is written."""


def visit_backlinks_html(self: HTML5Translator, node: ng_backlinks_html) -> None:
    """Write the section in place of the node."""
    domain = cast("NoteGardenDomain", self.builder.env.get_domain("ng"))
    entries = backlinks_by_target(domain).get(node["ng_note"], [])
    if entries:
        with collector_paused(self.builder.config):
            write_backlinks_html(self, node["ng_from"], entries)
    raise nodes.SkipNode


#: Stand-ins whose ids and classes :meth:`starttag` reads, for the tags written directly.
_LIST = nodes.bullet_list(classes=["ng-backlink-list"])
_ITEM = nodes.list_item()
_SOURCE = nodes.paragraph(classes=["ng-backlink-source"])
_LINK = nodes.reference(classes=["ng-note-link"])
_TITLE = nodes.inline(classes=["ng-note-title"])
_CONTEXT = nodes.paragraph(classes=["ng-backlink-context"])
_HIGHLIGHT = nodes.inline(classes=["ng-backlink-highlight"])


def write_backlinks_html(self: HTML5Translator, fromdocname: str, entries: list[Backlink]) -> None:
    """Write the "Linked from" block of *entries* to the page being written.

    The block and its heading go through the writer's own visitors; its list, a few
    plain tags per link, is written with the writer's ``starttag`` and ``encode``,
    which is what its visitors would write for the nodes of :func:`backlinks_section`
    (a test compares the two), at a fifth of the cost of making and walking those nodes:
    a note's "Linked from" holds as many paragraphs as the note itself. Math goes
    through the writer's own ``math`` visitor, so every math renderer works.
    """
    builder = self.builder
    title = builder.config.notegarden_backlinks_title or str(_translate("Linked from"))
    block = nodes.container(classes=["ng-backlinks", "no-search"])
    heading = nodes.rubric(title, title)
    heading["heading-level"] = 2
    block += heading
    self.dispatch_visit(block)
    heading.walkabout(self)
    body = self.body
    tags = _fixed_tags(self)
    body.append(tags["list"])
    grouped: dict[str, list[Backlink]] = {}
    for entry in entries:
        grouped.setdefault(entry.source, []).append(entry)
    for source, group in grouped.items():
        body.append(tags["item"])
        _write_source(self, fromdocname, source, group[0].title)
        for entry in group:
            body.append(tags["context"])
            if entry.context:
                _write_context(self, entry, tags["highlight"])
            else:  # an embed has no sentence of its own
                message = str(_translate("embeds this note"))
                body.append(self.starttag(nodes.emphasis(), "em", "") + self.encode(message))
                body.append("</em>")
            body.append("</p>\n")
        body.append("</li>\n")
    body.append("</ul>\n")
    self.dispatch_departure(block)


#: The opening tags of the stand-ins, per builder (see :func:`_fixed_tags`).
_FIXED_TAGS: weakref.WeakKeyDictionary[Builder, dict[str, str]] = weakref.WeakKeyDictionary()


def _fixed_tags(self: HTML5Translator) -> dict[str, str]:
    """Return the opening tags that are the same on every page, made once per builder.

    ``starttag`` depends only on the node's ids and classes and on the arguments: for
    the stand-ins, which have no ids, it gives the same text on every page.
    """
    tags = _FIXED_TAGS.get(self.builder)
    if tags is None:
        tags = _FIXED_TAGS[self.builder] = {
            "list": self.starttag(_LIST, "ul"),
            "item": self.starttag(_ITEM, "li", ""),
            "source": self.starttag(_SOURCE, "p", ""),
            "title": self.starttag(_TITLE, "span", ""),
            "context": self.starttag(_CONTEXT, "p", ""),
            "highlight": self.starttag(_HIGHLIGHT, "span", ""),
        }
    return tags


def _write_source(self: HTML5Translator, fromdocname: str, source: str, title: str) -> None:
    """Write the paragraph with the link to *source*, as :func:`doc_link`'s nodes."""
    try:
        uri = self.builder.get_relative_uri(fromdocname, source)
    except NoUri:
        link = doc_link(self.builder, fromdocname, source, title)
        nodes.paragraph("", "", link, classes=["ng-backlink-source"]).walkabout(self)
        return
    tags = _fixed_tags(self)
    self.body += [
        tags["source"],
        self.starttag(_LINK, "a", "", CLASS="reference internal", href=uri),
        tags["title"],
        self.encode(title),
        "</span></a></p>\n",
    ]


def _write_context(self: HTML5Translator, entry: Backlink, highlight: str) -> None:
    """Write the sentence of *entry*: math typeset, the link's own words highlighted.

    *highlight* is the opening tag of the highlight.
    """
    text, start, end = entry.context, entry.start, entry.end
    for left, right, is_math in context_pieces(text, start, end, list(entry.math)):
        highlighted = start <= left and right <= end and start < end
        if highlighted:
            self.body.append(highlight)
        piece = text[left:right]
        if is_math:
            nodes.math(piece, piece).walkabout(self)
        else:
            self.body.append(self.encode(piece))
        if highlighted:
            self.body.append("</span>")


class BacklinksDirective(SphinxDirective):
    """``backlinks``: put this note's "Linked from" section here."""

    option_spec: ClassVar[dict[str, Any]] = {}

    def run(self) -> list[nodes.Node]:
        """Return the placeholder."""
        node = ng_backlinks(docname=self.env.docname)
        self.set_source_info(node)
        return [node]


def fill_backlinks(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """On ``doctree-resolved``: replace backlink placeholders with their sections."""
    placeholders = list(doctree.findall(ng_backlinks))
    if not placeholders:
        return
    domain = cast("NoteGardenDomain", app.env.get_domain("ng"))
    done: set[str] = set()
    # Builders that assemble one tree from many documents (latex, singlehtml) resolve
    # it as the root document: each placeholder names the note it belongs to.
    later = app.builder.format == "html"  # made as the page is written
    for placeholder in placeholders:
        note = placeholder.get("docname", docname)
        linked = note not in done and bool(backlinks_by_target(domain).get(note))
        done.add(note)
        if not linked:
            placeholder.parent.remove(placeholder)
        elif later:
            placeholder.replace_self(ng_backlinks_html(ng_note=note, ng_from=docname))
        else:
            section = backlinks_section(domain, app.builder, docname, note)
            assert section is not None  # the note is linked
            placeholder.replace_self(section)


def setup_backlinks(app: Sphinx) -> None:
    """Register the backlinks placeholder, directive and filling."""
    add_placeholder_node(app, ng_backlinks)
    add_html_only_node(app, ng_backlinks_html, visit_backlinks_html)
    app.add_directive("backlinks", BacklinksDirective)
    app.connect("doctree-resolved", fill_backlinks)
