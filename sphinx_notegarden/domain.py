"""NoteGardenDomain: the cross-document data of a garden, kept in the build environment.

``self.data`` holds plain dicts only (it is pickled, and merged from parallel
readers): notes by document, and the documents that list notes. The tag index is
derived from the notes on demand and cached on the domain object, never stored.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Set
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, cast

from docutils import nodes
from sphinx import addnodes
from sphinx.domains import Domain
from sphinx.util import logging

from .headings import HEADING_FORMS, collect_headings
from .link_index import LinkIndex, build_link_index
from .note_metadata import NoteRecord
from .slugs import assign_slugs
from .written_trees import location_of

if TYPE_CHECKING:
    from sphinx.addnodes import pending_xref
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)


@dataclass
class TagInfo:
    """One tag: its display name, page slug, notes, and place among nested tags."""

    key: str
    name: str
    slug: str
    direct: list[str] = field(default_factory=list)
    children: list[str] = field(default_factory=list)
    parent: str | None = None
    #: Notes tagged with this tag or any tag nested below it, newest first.
    notes: list[str] = field(default_factory=list)


@dataclass
class TagIndex:
    """Every tag of the garden, and the groups of names that wanted one slug."""

    tags: dict[str, TagInfo]
    collisions: list[list[str]]
    #: The keys of every tag (and parent tag) each note carries.
    keys_by_note: dict[str, frozenset[str]] = field(default_factory=dict)

    def sorted_keys(self) -> list[str]:
        """Return tag keys in alphabetical order of their names."""
        return sorted(self.tags, key=lambda key: (self.tags[key].name.lower(), key))


def tag_key(name: str) -> str:
    """Return the identity of a tag name: tags match case-insensitively."""
    return " ".join(name.split()).casefold()


class NoteGardenDomain(Domain):
    """Notes, tags and (in later features) links between notes."""

    name = "ng"
    label = "Note garden"
    initial_data: ClassVar[dict[str, Any]] = {
        "notes": {},
        "list_pages": {},
        "tag_slugs": {},
        "links": {},
        "headings": {},
        "private_sources": {},
    }
    data_version = 2

    def __init__(self, env: BuildEnvironment) -> None:
        super().__init__(env)
        self._invalidate()

    def _invalidate(self) -> None:
        """Drop every derived index; they are rebuilt from ``self.data`` on demand."""
        self._tag_index: TagIndex | None = None
        self._link_index: LinkIndex | None = None
        self.backlink_cache: dict[str, Any] | None = None
        self.backlink_cache_stubs: dict[str, str] | None = None

    # -- stored data -------------------------------------------------------------

    @property
    def note_data(self) -> dict[str, dict[str, Any]]:
        """Notes by docname, as plain dicts."""
        notes: dict[str, dict[str, Any]] = self.data.setdefault("notes", {})
        return notes

    @property
    def list_pages(self) -> dict[str, bool]:
        """Documents holding note lists or tag indexes (rewritten when notes change)."""
        pages: dict[str, bool] = self.data.setdefault("list_pages", {})
        return pages

    @property
    def tag_slugs(self) -> dict[str, str]:
        """The tag slugs of the last finished read, to find pages whose links moved."""
        slugs: dict[str, str] = self.data.setdefault("tag_slugs", {})
        return slugs

    @property
    def links(self) -> dict[str, list[dict[str, Any]]]:
        """Links by source docname, in document order, as plain dicts."""
        links: dict[str, list[dict[str, Any]]] = self.data.setdefault("links", {})
        return links

    @property
    def headings(self) -> dict[str, dict[str, str]]:
        """Section ids by normalised heading text, by docname."""
        headings: dict[str, dict[str, str]] = self.data.setdefault("headings", {})
        return headings

    def note(self, docname: str) -> NoteRecord | None:
        """Return the note of *docname*, or None if it is not a note."""
        data = self.note_data.get(docname)
        return NoteRecord(**data) if data is not None else None

    def notes(self) -> Iterator[tuple[str, NoteRecord]]:
        """Yield (docname, note) for every note, in docname order."""
        for docname in sorted(self.note_data):
            yield docname, NoteRecord(**self.note_data[docname])

    def add_note(self, docname: str, record: NoteRecord) -> None:
        """Store the note of *docname*."""
        self.note_data[docname] = record.as_dict()
        self._invalidate()

    def note_list_page(self, docname: str) -> None:
        """Remember that *docname* lists notes, so it is rewritten when they change."""
        self.list_pages[docname] = True

    # -- environment protocol -------------------------------------------------------

    def process_doc(self, env: BuildEnvironment, docname: str, document: nodes.document) -> None:
        """Record the links and headings of a document just read."""
        from .links import collect_links  # links imports us

        self.links[docname] = collect_links(docname, document)
        self.headings[docname] = collect_headings(document, env.temp_data.get(HEADING_FORMS))
        self._invalidate()
        if not env.config.notegarden_previews:
            return
        any_document = env.config.notegarden_preview_links == "internal"
        if docname in self.note_data or any_document:
            from .link_state import preview_digest

            limit = int(env.config.notegarden_preview_length)
            digests = self.data.setdefault("read_digests", {})
            digests[docname] = preview_digest(self, docname, limit, document)
        if any_document:  # labels this document refers to, whose previews it shows
            labels = {
                str(xref["reftarget"])
                for xref in document.findall(addnodes.pending_xref)
                if (xref.get("refdomain"), xref.get("reftype"))
                in {("std", "ref"), ("std", "numref")}
            }
            self.data.setdefault("ref_labels", {})[docname] = sorted(labels)

    def clear_doc(self, docname: str) -> None:
        """Forget everything *docname* contributed."""
        for store in (self.note_data, self.list_pages, self.links, self.headings):
            store.pop(docname, None)
        self.data.setdefault("private_sources", {}).pop(docname, None)
        self.data.setdefault("read_digests", {}).pop(docname, None)
        self.data.setdefault("preview_openings", {}).pop(docname, None)
        self.data.setdefault("ref_labels", {}).pop(docname, None)
        self._invalidate()

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        """Take over what a parallel reader collected for *docnames*, and nothing else."""
        for docname in docnames:
            for key in (
                "notes",
                "list_pages",
                "links",
                "headings",
                "private_sources",
                "read_digests",
                "preview_openings",
                "ref_labels",
            ):
                if docname in otherdata.get(key, {}):
                    self.data.setdefault(key, {})[docname] = otherdata[key][docname]
        self._invalidate()

    def link_index(self) -> LinkIndex:
        """Return the lookup from link text to docname (cached until documents change)."""
        if self._link_index is None:
            titles = {doc: title.astext() for doc, title in self.env.titles.items()}
            titles.update({doc: note.title for doc, note in self.notes()})
            self._link_index = build_link_index(
                sorted(self.env.all_docs),
                titles,
                {doc: note.aliases for doc, note in self.notes()},
                self.note_data,
            )
        return self._link_index

    # -- derived data -------------------------------------------------------------------

    def tag_index(self) -> TagIndex:
        """Return every tag with its notes, nesting and slug (cached until notes change)."""
        if self._tag_index is None:
            self._tag_index = self._build_tag_index()
        return self._tag_index

    def _build_tag_index(self) -> TagIndex:
        tags: dict[str, TagInfo] = {}
        dates: dict[str, str] = {}
        keys_by_note: dict[str, frozenset[str]] = {}
        for docname, note in self.notes():
            dates[docname] = note.sort_date
            keys: set[str] = set()
            for name in note.tags:
                for partial in _nested_names(name):
                    key = tag_key(partial)
                    keys.add(key)
                    if key not in tags:
                        tags[key] = TagInfo(key=key, name=partial, slug="")
                tags[tag_key(name)].direct.append(docname)
            keys_by_note[docname] = frozenset(keys)
        for key, info in tags.items():
            if "/" in info.name:
                parent = tag_key(info.name.rsplit("/", 1)[0])
                info.parent = parent
                tags[parent].children.append(key)
        assignment = assign_slugs(info.name for info in tags.values())
        for info in tags.values():
            info.slug = assignment.slugs[info.name]
            info.children.sort(key=lambda child: tags[child].name.lower())
        for key in tags:
            members = set(_descendant_notes(tags, key))
            info = tags[key]
            info.notes = sorted(members, key=lambda doc: (_negate(dates[doc]), doc))
        return TagIndex(tags=tags, collisions=assignment.collisions, keys_by_note=keys_by_note)

    def tags_of(self, docnames: Iterable[str]) -> set[str]:
        """Return the keys of every tag (and parent tag) that *docnames* carry."""
        by_note = self.tag_index().keys_by_note
        keys: set[str] = set()
        for docname in docnames:
            keys.update(by_note.get(docname, ()))
        return keys

    # -- references -----------------------------------------------------------------------

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> nodes.reference | None:
        """Resolve ``tag`` references to tag pages; elsewhere they stay plain text.

        A reference written with the ``{tag}`` role to a tag that no note carries gets
        a ``[notegarden.tags]`` warning.
        """
        if typ == "note":
            from .links import resolve_note_xref  # a cycle at import time otherwise

            resolved = resolve_note_xref(self, builder, fromdocname, target, node, contnode)
            return cast("nodes.reference", resolved)
        if typ != "tag":
            return None
        from .tag_pages import tag_page_uri

        key = tag_key(target)
        if node.get("ng_check_tag") and key not in self.tag_index().tags:
            logger.warning(
                "no note has the tag %r",
                target,
                type="notegarden",
                subtype="tags",
                location=location_of(node),
            )
        uri = tag_page_uri(env, builder, fromdocname, key)
        if uri is None:
            # Text, not a missing reference: builders without tag pages are not an error.
            return cast("nodes.reference", nodes.inline("", "", contnode, classes=["ng-tag-text"]))
        reference = nodes.reference("", "", internal=True, refuri=uri, classes=["ng-tag-link"])
        reference += contnode
        return reference

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> list[tuple[str, nodes.reference]]:
        """Tags are not found by the ``any`` role."""
        return []


def _nested_names(name: str) -> list[str]:
    """Return ``a``, ``a/b``, ``a/b/c`` for the nested tag ``a/b/c``."""
    parts = [part.strip() for part in name.split("/") if part.strip()]
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]


def _descendant_notes(tags: dict[str, TagInfo], key: str) -> Iterator[str]:
    stack = [key]
    while stack:
        info = tags[stack.pop()]
        yield from info.direct
        stack.extend(info.children)


def _negate(iso_date: str) -> tuple[int, ...]:
    """Sort key that puts later ISO dates first and undated notes last."""
    if not iso_date:
        return (1,)
    return (0, *(-int(part) for part in iso_date.split("-")))
