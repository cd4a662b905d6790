"""The note graph as plain data, and the parts of it that one picture shows.

:func:`garden_graph` resolves every link between notes once per build (linear in
links). :func:`neighbourhood` cuts out what a local graph shows — a note, the notes
within *depth* links of it in either direction, the links among them, and links to
missing notes — keeping at most :data:`LOCAL_LIMIT` notes and walking no further once
it has them, so a hub's backlinks are not all visited for each of its neighbours.
:func:`whole_garden` is every note, optionally of some tags.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import chain
from typing import TYPE_CHECKING, Any

from .links import names_folder_or_tag, resolve_target

if TYPE_CHECKING:
    from .domain import NoteGardenDomain

#: At most this many notes in a neighbourhood (nearest first).
LOCAL_LIMIT = 40
#: Node names of missing notes start with this (docnames cannot contain it).
MISSING = "missing:"

GardenGraph = dict[str, dict[str, list[str]]]


def garden_graph(domain: NoteGardenDomain) -> GardenGraph:
    """Return ``{"out", "in", "missing"}``: per note, sorted linked notes and missing texts."""
    notes = domain.note_data
    outgoing: dict[str, set[str]] = {}
    incoming: dict[str, set[str]] = {}
    missing: dict[str, set[str]] = {}
    for source in sorted(notes):
        for link in domain.links.get(source, []):
            target = resolve_target(domain, link, source)
            if target is None:
                if link["kind"] != "doc" and not names_folder_or_tag(domain, link):
                    missing.setdefault(source, set()).add(" ".join(str(link["target"]).split()))
            elif target in notes and target != source:
                outgoing.setdefault(source, set()).add(target)
                incoming.setdefault(target, set()).add(source)
    return {
        "out": {doc: sorted(targets) for doc, targets in outgoing.items()},
        "in": {doc: sorted(sources) for doc, sources in incoming.items()},
        "missing": {doc: sorted(texts) for doc, texts in missing.items()},
    }


@dataclass
class Subgraph:
    """What one graph picture shows: nodes (notes, then missing notes) and links."""

    #: Docnames, and ``missing:<text>`` for missing notes.
    names: list[str]
    titles: list[str]
    #: Links as (source index, target index).
    pairs: list[tuple[int, int]]
    #: Rings of a neighbourhood (distance from the centre), and the node each came from.
    levels: list[int] = field(default_factory=list)
    parents: list[int] = field(default_factory=list)
    #: 1 when notes were left out because of :data:`LOCAL_LIMIT`, else 0.
    hidden: int = 0

    @property
    def centred(self) -> bool:
        """Whether this is a neighbourhood (drawn in rings) rather than a whole garden."""
        return bool(self.levels)

    def is_missing(self, index: int) -> bool:
        """Whether node *index* is a missing note."""
        return self.names[index].startswith(MISSING)

    def missing_flags(self) -> list[bool]:
        """Return, per node, whether it is a missing note."""
        return [name.startswith(MISSING) for name in self.names]

    def digest(self) -> str:
        """Return a fingerprint of everything the picture shows."""
        value = [self.names, self.titles, self.pairs, self.levels, self.parents, self.hidden]
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def _title(domain: NoteGardenDomain, name: str) -> str:
    if name.startswith(MISSING):
        return name[len(MISSING) :]
    return str(domain.note_data[name]["title"])


def _links(
    graph: GardenGraph, names: list[str], keep_missing: Iterable[str]
) -> list[tuple[int, int]]:
    """Return the links among *names*, and from *keep_missing* notes to missing ones."""
    number = {name: index for index, name in enumerate(names)}
    pairs = []
    for name in names:
        for target in graph["out"].get(name, ()):
            if target in number:
                pairs.append((number[name], number[target]))
    for name in keep_missing:
        for text in graph["missing"].get(name, ()):
            if MISSING + text in number:
                pairs.append((number[name], number[MISSING + text]))
    return sorted(pairs)


def neighbourhood(
    domain: NoteGardenDomain,
    graph: GardenGraph,
    root: str,
    depth: int,
    wanted: set[str] | None = None,
) -> Subgraph:
    """Return *root* and the notes within *depth* links of it (of the *wanted* tag keys)."""
    levels = {root: 0}
    parents = {root: root}
    order = [root]
    frontier = [root]
    hidden = 0
    for level in range(1, depth + 1):
        following = []
        for name in frontier:
            if name.startswith(MISSING):
                continue
            near = chain(
                graph["out"].get(name, ()),
                graph["in"].get(name, ()),
                (MISSING + text for text in graph["missing"].get(name, ())),
            )
            for other in near:
                if other in levels or not _wanted(domain, other, wanted):
                    continue
                if len(order) >= LOCAL_LIMIT:
                    # Full: stop at once, so a hub's thousand backlinks are never walked.
                    hidden = 1
                    break
                levels[other], parents[other] = level, name
                order.append(other)
                following.append(other)
            if hidden:
                break
        frontier = [] if hidden else following
    index = {name: i for i, name in enumerate(order)}
    return Subgraph(
        names=order,
        titles=[_title(domain, name) for name in order],
        pairs=_links(graph, order, [n for n in order if levels[n] < depth]),
        levels=[levels[name] for name in order],
        parents=[index[parents[name]] for name in order],
        hidden=hidden,
    )


def whole_garden(
    domain: NoteGardenDomain, graph: GardenGraph, wanted: set[str] | None = None
) -> Subgraph:
    """Return every note (of the *wanted* tag keys) and missing note, with their links."""
    notes = [doc for doc in sorted(domain.note_data) if _wanted(domain, doc, wanted)]
    missing = sorted({text for doc in notes for text in graph["missing"].get(doc, ())})
    names = notes + [MISSING + text for text in missing]
    return Subgraph(
        names=names,
        titles=[_title(domain, name) for name in names],
        pairs=_links(graph, names, notes),
    )


def _wanted(domain: NoteGardenDomain, name: str, wanted: set[str] | None) -> bool:
    if wanted is None or name.startswith(MISSING):
        return True
    return bool(domain.tags_of([name]) & wanted)


def digest_of(value: Any) -> str:
    """Return a short fingerprint of plain *value*."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]
