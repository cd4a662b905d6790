"""A local graph at the end of each note: the note, its links and backlinks, as a picture.

Each note gets an :class:`ng_local_graph` placeholder while it is read (unless its
front matter says ``graph: false``); on ``doctree-resolved`` HTML-family builders
replace it with an inline SVG of the note's neighbourhood (``notegarden_local_graph_depth``
links in either direction) and the same as a list; other builders drop it.

On ``env-updated`` the graph of the garden is resolved once and stored, and every
picture's content is fingerprinted, as :mod:`.link_state` does for backlinks: a page
is rewritten when what its pictures show changed, even if the page itself did not.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Any, cast

from docutils import nodes
from sphinx.util import logging

from .assets import use_script
from .graph_data import GardenGraph, Subgraph, digest_of, garden_graph, neighbourhood
from .links import resolve_target
from .note_graph import SPECS, picture, picture_nodes, setup_note_graph, stored_graph
from .notes import content_start
from .placeholders import add_placeholder_node
from .tag_pages import _, pages_enabled

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from .domain import NoteGardenDomain

logger = logging.getLogger(__name__)


#: The neighbourhoods cut out on ``env-updated``, reused when the pages are drawn (they
#: are kept beside the environment, not in it: they are made again every build).
_neighbourhoods: weakref.WeakKeyDictionary[BuildEnvironment, dict[str, Subgraph]] = (
    weakref.WeakKeyDictionary()
)


class ng_local_graph(nodes.General, nodes.Element):  # noqa: N801
    """Placeholder for a note's local graph; ``docname`` names the note."""


def _domain(env: BuildEnvironment) -> NoteGardenDomain:
    return cast("NoteGardenDomain", env.get_domain("ng"))


def add_local_graph(app: Sphinx, doctree: nodes.document) -> None:
    """On ``doctree-read``: end each note that wants one with a local-graph placeholder."""
    docname = app.env.docname
    record = _domain(app.env).note_data.get(docname)
    if record is None or not record.get("graph", True):
        return
    start = content_start(doctree)
    section = doctree.children[start] if start < len(doctree.children) else None
    if isinstance(section, nodes.section):
        section += ng_local_graph(docname=docname)


def graph_fingerprints(env: BuildEnvironment, graph: GardenGraph) -> dict[str, str]:
    """Return, per document with a picture, a digest of what its pictures show."""
    domain = _domain(env)
    depth = int(env.config.notegarden_local_graph_depth or 0)
    state: dict[str, list[str]] = {}
    cut: dict[str, Subgraph] = {}
    if depth > 0:
        for docname, record in domain.note_data.items():
            if record.get("graph", True):
                cut[docname] = neighbourhood(domain, graph, docname, depth)
                state[docname] = [cut[docname].digest()]
    _neighbourhoods[env] = cut
    specs_by_doc: dict[str, list[dict[str, Any]]] = domain.data.get(SPECS, {})
    pictures: dict[str, list[str]] = {}
    for docname, specs in specs_by_doc.items():
        for spec in specs:
            result = picture(domain, graph, spec, docname)
            pictures.setdefault(docname, []).append(
                result if isinstance(result, str) else result.digest()
            )
    for docname, digests in pictures.items():
        state.setdefault(docname, []).extend(digests)
    # A page embedding a note shows that note's pictures too.
    if pictures:
        for source, links in domain.links.items():
            for link in links:
                target = resolve_target(domain, link, source) if link["kind"] == "embed" else None
                if target in pictures and target != source:
                    state.setdefault(source, []).extend(pictures[target])
    return {docname: digest_of(value) for docname, value in state.items()}


def pages_with_changed_graphs(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """On ``env-updated``: store the garden's graph; return the pages whose pictures moved."""
    domain = _domain(env)
    graph = garden_graph(domain)
    domain.data["garden_graph"] = graph
    current = graph_fingerprints(env, graph)
    previous: dict[str, str] = domain.data.get("graph_fingerprints", {})
    domain.data["graph_fingerprints"] = current
    return sorted(
        doc
        for doc, digest in current.items()
        if previous.get(doc) != digest and doc in env.all_docs
    )


def fill_local_graphs(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """On ``doctree-resolved``: draw each note's local graph (HTML family), or drop it."""
    placeholders = list(doctree.findall(ng_local_graph))
    if not placeholders:
        return
    depth = int(app.config.notegarden_local_graph_depth or 0)
    domain = _domain(app.env)
    cut = _neighbourhoods.get(app.env, {})
    for placeholder in placeholders:
        note = placeholder.get("docname", docname)
        if (
            depth <= 0
            or app.builder.format != "html"
            or note not in domain.note_data
            or _embedded(placeholder)
        ):
            placeholder.parent.remove(placeholder)
            continue
        subgraph = cut.get(note) or neighbourhood(domain, stored_graph(domain), note, depth)
        if len(subgraph.names) == 1:  # nothing links here and it links nowhere
            placeholder.parent.remove(placeholder)
            continue
        drawn = picture_nodes(
            app, subgraph, docname, placeholder, ["ng-local-graph"], heading=_("Local graph")
        )
        placeholder.replace_self(drawn)


def _embedded(node: nodes.Node) -> bool:
    """Whether *node* came with a note embedded in another (``![[Note]]``)."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.Element) and "ng-embed-body" in parent["classes"]:
            return True
        parent = parent.parent
    return False


def install_graph_script(app: Sphinx) -> None:
    """On ``builder-inited``: ship the graph script to HTML builders (styles: assets.py)."""
    if app.builder.format != "html":
        return
    graph_page = app.config.notegarden_graph_page and pages_enabled(app.builder)
    local = int(app.config.notegarden_local_graph_depth or 0) > 0
    if local and not graph_page and not app.builder.name.startswith("epub"):
        use_script(app, "notegarden-graph.js")


def setup_local_graph(app: Sphinx) -> None:
    """Register local graphs and the ``note-graph`` directive."""
    add_placeholder_node(app, ng_local_graph)
    app.connect("doctree-read", add_local_graph)
    app.connect("env-updated", pages_with_changed_graphs)
    app.connect("doctree-resolved", fill_local_graphs)
    app.connect("builder-inited", install_graph_script)
    setup_note_graph(app)
