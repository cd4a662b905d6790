"""Layouts of large graphs, kept in the build's doctree folder between builds.

A force-directed layout of a whole garden costs a tenth of a second or more; the
same notes and links give the same positions, so they are stored keyed by a
fingerprint of the graph's shape (names and links, not titles) and an unchanged
graph is never laid out again. The cache never decides what is drawn: a hit holds
exactly the (rounded) numbers a fresh layout would give. Small graphs are not cached.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from .assets import write_if_changed
from .graph_data import Subgraph, digest_of
from .graph_draw import layout
from .graph_layout import FloatArray

if TYPE_CHECKING:
    from sphinx.application import Sphinx

CACHE_NAME = "notegarden-graph-layouts.json"
#: Layouts kept (the graph page and a few ``note-graph`` pictures of whole gardens).
CACHE_ENTRIES = 8
#: Graphs below this many nodes are laid out on the spot.
CACHE_FROM = 60
#: Bumped when the layout algorithm changes, so old positions are not reused.
LAYOUT_VERSION = 3
#: Bumped when the graph page's markup changes, so an old page is not reused.
MARKUP_VERSION = 4


def cached_layout(app: Sphinx, subgraph: Subgraph) -> FloatArray:
    """Return *subgraph*'s layout, from the cache when its shape was laid out before."""
    if len(subgraph.names) < CACHE_FROM or subgraph.centred:
        return layout(subgraph)
    key = digest_of([LAYOUT_VERSION, subgraph.names, subgraph.pairs])
    path = Path(app.doctreedir) / CACHE_NAME
    entries: dict[str, list[list[float]]] = {}
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(loaded, dict):
            entries = loaded
    except (OSError, ValueError):
        pass
    hit = entries.get(key)
    if isinstance(hit, list) and len(hit) == len(subgraph.names):
        return np.array(hit, dtype=np.float64).reshape(-1, 2)
    positions = layout(subgraph)
    entries.pop(key, None)
    entries[key] = positions.tolist()
    while len(entries) > CACHE_ENTRIES:
        entries.pop(next(iter(entries)))
    write_if_changed(path, json.dumps(entries, separators=(",", ":")) + "\n")
    return positions


def cached_markup(app: Sphinx, slot: str, key: object, make: Callable[[], str]) -> str:
    """Return the markup *make* gives, from the cache when *key* is the one it was made for.

    One entry per *slot* (``page`` for the graph page): a no-change rebuild then costs
    a digest of the inputs, not a new SVG of every note.
    """
    digest = digest_of([LAYOUT_VERSION, MARKUP_VERSION, key])
    path = Path(app.doctreedir) / f"notegarden-graph-{slot}.json"
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(stored, dict) and stored.get("key") == digest:
            return str(stored["markup"])
    except (OSError, ValueError, KeyError):
        pass
    markup = make()
    write_if_changed(path, json.dumps({"key": digest, "markup": markup}) + "\n")
    return markup
