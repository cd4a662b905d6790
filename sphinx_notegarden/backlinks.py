"""Backlinks: every note ends with a "Linked from" section, with the sentence of each link.

A placeholder is put at the end of each note while it is read (or where a
``backlinks`` directive stands) and filled on ``doctree-resolved`` from the reverse
link index, which is built once per build from the domain's links: linear in links.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, cast

from docutils import nodes
from sphinx.locale import get_translation
from sphinx.util.docutils import SphinxDirective

from .link_context import context_nodes
from .links import resolve_target
from .note_lists import doc_link
from .placeholders import add_placeholder_node

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

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
            target = resolve_target(domain, link)
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
    for placeholder in placeholders:
        note = placeholder.get("docname", docname)
        section = None if note in done else backlinks_section(domain, app.builder, docname, note)
        done.add(note)
        if section is None:
            placeholder.parent.remove(placeholder)
        else:
            placeholder.replace_self(section)


def setup_backlinks(app: Sphinx) -> None:
    """Register the backlinks placeholder, directive and filling."""
    add_placeholder_node(app, ng_backlinks)
    app.add_directive("backlinks", BacklinksDirective)
    app.connect("doctree-resolved", fill_backlinks)
