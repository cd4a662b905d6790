"""The ``{tag}`` role, the ``tag-index`` and ``note-list`` directives, and keeping them fresh.

Directives leave placeholder nodes that are filled on ``doctree-resolved``, when every
note is known. Pages holding them are remembered in the domain, and ``env-updated``
returns them (and notes whose tag links moved) whenever notes changed, so an
incremental build never leaves a stale list behind.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, cast

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective, SphinxRole

from .domain import NoteGardenDomain, tag_key
from .note_header import tag_reference
from .note_lists import note_list, tag_cloud, tag_overview
from .note_metadata import clean_tag
from .placeholders import add_placeholder_node
from .tag_pages import collect_pages, remove_stale_pages, tag_page_uri
from .written_trees import location_of

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)
SORTS = ("date", "title")


class ng_note_list(nodes.General, nodes.Element):  # noqa: N801
    """Placeholder for a ``note-list``; filled on ``doctree-resolved``."""


class ng_tag_index(nodes.General, nodes.Element):  # noqa: N801
    """Placeholder for a ``tag-index``; filled on ``doctree-resolved``."""


def _domain(env: BuildEnvironment) -> NoteGardenDomain:
    return cast("NoteGardenDomain", env.get_domain("ng"))


def _comma_list(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


class TagRole(SphinxRole):
    """``{tag}`learning``` links to the page of a tag."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        """Return a tag reference, or the plain text with a warning for a bad name."""
        name = clean_tag(self.text)
        if name is None:
            logger.warning(
                "%r is not a tag name",
                self.text,
                type="notegarden",
                subtype="tags",
                location=self.get_location(),
            )
            return [nodes.inline(self.text, self.text)], []
        _domain(self.env).note_list_page(self.env.docname)
        reference = tag_reference(name)
        reference["ng_check_tag"] = True
        self.set_source_info(reference)
        return [reference], []


class NoteListDirective(SphinxDirective):
    """``note-list``: notes filtered by tag, status or kind, sorted, limited."""

    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "tags": directives.unchanged,
        "status": directives.unchanged,
        "kind": directives.unchanged,
        "sort": lambda value: directives.choice(value, SORTS),
        "limit": directives.nonnegative_int,
        "no-summary": directives.flag,
    }

    def run(self) -> list[nodes.Node]:
        """Return the placeholder."""
        node = ng_note_list(
            "",
            tags=_comma_list(self.options.get("tags")),
            status=_comma_list(self.options.get("status")),
            kind=_comma_list(self.options.get("kind")),
            sort=self.options.get("sort", "date"),
            limit=self.options.get("limit", 0),
            summaries="no-summary" not in self.options,
        )
        self.set_source_info(node)
        _domain(self.env).note_list_page(self.env.docname)
        return [node]


class TagIndexDirective(SphinxDirective):
    """``tag-index``: the tag overview (counts, cloud, notes) inside any document."""

    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "tags": directives.unchanged,
        "cloud": directives.flag,
        "no-notes": directives.flag,
    }

    def run(self) -> list[nodes.Node]:
        """Return the placeholder."""
        node = ng_tag_index(
            "",
            tags=_comma_list(self.options.get("tags")),
            cloud="cloud" in self.options,
            notes="no-notes" not in self.options,
        )
        self.set_source_info(node)
        _domain(self.env).note_list_page(self.env.docname)
        return [node]


def _selected_notes(domain: NoteGardenDomain, node: ng_note_list) -> list[str]:
    index = domain.tag_index()
    wanted_tags = {tag_key(name) for name in node["tags"]}
    members: set[str] | None = None
    if wanted_tags:
        members = set()
        for key in wanted_tags:
            if key in index.tags:
                members.update(index.tags[key].notes)
    statuses = {s.lower() for s in node["status"]}
    kinds = {k.lower() for k in node["kind"]}
    chosen = []
    for docname, note in domain.notes():
        if members is not None and docname not in members:
            continue
        if statuses and (note.status or "").lower() not in statuses:
            continue
        if kinds and note.kind.lower() not in kinds:
            continue
        chosen.append((docname, note))
    if node["sort"] == "title":
        chosen.sort(key=lambda item: (item[1].title.lower(), item[0]))
    else:
        chosen.sort(key=lambda item: item[0])
        chosen.sort(key=lambda item: item[1].sort_date, reverse=True)
    docnames = [docname for docname, _ in chosen]
    return docnames[: node["limit"]] if node["limit"] else docnames


def fill_placeholders(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """On ``doctree-resolved``: replace note lists and tag indexes with their content."""
    domain = _domain(app.env)
    for node in list(doctree.findall(ng_note_list)):
        docnames = _selected_notes(domain, node)
        if docnames:
            node.replace_self(
                note_list(domain, docnames, app.builder, docname, summaries=node["summaries"])
            )
        else:
            node.replace_self(nodes.paragraph("", "No notes yet.", classes=["ng-empty"]))
    for placeholder in list(doctree.findall(ng_tag_index)):
        index = domain.tag_index()
        keys = [tag_key(name) for name in placeholder["tags"]] or index.sorted_keys()
        for name in placeholder["tags"]:
            if tag_key(name) not in index.tags:
                logger.warning(
                    "tag-index: no note has the tag %r",
                    name,
                    type="notegarden",
                    subtype="tags",
                    location=location_of(placeholder),
                )
        keys = [key for key in keys if key in index.tags]

        def uri(key: str) -> str | None:
            return tag_page_uri(app.env, app.builder, docname, key)

        content: list[nodes.Node] = []
        if placeholder["cloud"]:
            content.append(tag_cloud(index, keys, uri))
        content.append(
            tag_overview(domain, keys, app.builder, docname, uri, with_notes=placeholder["notes"])
        )
        placeholder.replace_self(content)


def _fingerprint(domain: NoteGardenDomain) -> str:
    text = json.dumps(domain.note_data, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """On ``env-updated``: return pages that list notes, or link tags that moved."""
    domain = _domain(env)
    fingerprint = _fingerprint(domain)
    index = domain.tag_index()
    slugs = {key: info.slug for key, info in index.tags.items()}
    changed_slugs = {
        key
        for key in slugs.keys() | domain.tag_slugs.keys()
        if slugs.get(key) != domain.tag_slugs.get(key)
    }
    affected: set[str] = set()
    if fingerprint != domain.data.get("fingerprint"):
        affected.update(doc for doc in domain.list_pages if doc in env.all_docs)
    titles = {docname: note.title for docname, note in domain.notes()}
    renamed = {
        doc
        for doc in titles.keys() & domain.data.get("titles", {}).keys()
        if titles[doc] != domain.data["titles"][doc]
    }
    if renamed & set(env.files_to_rebuild):
        # A note in a toctree changed its title: every page's navigation (sidebars,
        # previous/next links) may show it, and Sphinx does not rewrite them.
        affected.update(env.found_docs)
    domain.data["titles"] = titles
    if changed_slugs:
        affected.update(doc for doc, _ in domain.notes() if domain.tags_of([doc]) & changed_slugs)
    domain.data["fingerprint"] = fingerprint
    domain.tag_slugs.clear()
    domain.tag_slugs.update(slugs)
    return sorted(affected)


def warn_collisions(app: Sphinx, env: BuildEnvironment) -> None:
    """On ``env-check-consistency``: tags whose names share a slug were kept apart; say so."""
    index = _domain(env).tag_index()
    for group in index.collisions:
        first = index.tags[tag_key(group[0])]
        names = ", ".join(repr(name) for name in group)
        slugs = ", ".join(index.tags[tag_key(name)].slug for name in group)
        logger.warning(
            "tags %s have the same slug; kept apart as %s",
            names,
            slugs,
            type="notegarden",
            subtype="tags",
            location=first.notes[0] if first.notes else None,
        )


def setup_tags(app: Sphinx) -> None:
    """Register tag role, directives, placeholders and the events that keep them fresh."""
    for node_class in (ng_note_list, ng_tag_index):
        add_placeholder_node(app, node_class)
    app.add_role("tag", TagRole())
    app.add_directive("note-list", NoteListDirective)
    app.add_directive("tag-index", TagIndexDirective)
    app.connect("doctree-resolved", fill_placeholders)
    app.connect("env-updated", pages_to_rewrite)
    app.connect("env-updated", remove_stale_pages)
    app.connect("env-check-consistency", warn_collisions)
    app.connect("html-collect-pages", collect_pages)
