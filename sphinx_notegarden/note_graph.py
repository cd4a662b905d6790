"""The ``note-graph`` directive: a graph picture for every builder.

The directive leaves an :class:`ng_note_graph` placeholder; :class:`GraphDirectiveCollector`
records its options per document (with purge and merge, for parallel reads and
incremental builds), and the placeholder is replaced on ``doctree-resolved`` by what
the builder can show: inline SVG and a list (HTML family, epub included), a PDF image
rendered at build time (LaTeX), or the list alone (text, man, texinfo).
"""

from __future__ import annotations

import weakref
from collections.abc import Set
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, cast

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.builders import Builder
from sphinx.environment.collectors import EnvironmentCollector
from sphinx.errors import NoUri
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.osutil import relative_uri

from .domain import tag_key
from .graph_cache import cached_layout
from .graph_data import GardenGraph, Subgraph, garden_graph, neighbourhood, whole_garden
from .graph_draw import UriOf, subgraph_html, subgraph_list
from .graph_image import image_file
from .placeholders import add_placeholder_node
from .tag_pages import _
from .written_trees import location_of

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from .domain import NoteGardenDomain

logger = logging.getLogger(__name__)
MAX_DEPTH = 5
SPECS = "graph_directives"


class ng_note_graph(nodes.General, nodes.Element):  # noqa: N801
    """Placeholder for a ``note-graph`` picture: ``root``, ``depth``, ``tags``, ``docname``."""


def _domain(env: BuildEnvironment) -> NoteGardenDomain:
    return cast("NoteGardenDomain", env.get_domain("ng"))


def default_depth(env: BuildEnvironment) -> int:
    """Return the depth of a picture that names none: the local graph's, at least 1."""
    return max(1, int(env.config.notegarden_local_graph_depth or 0))


class NoteGraphDirective(SphinxDirective):
    """``note-graph``: draw the notes around a note (or the whole garden)."""

    option_spec: ClassVar[dict[str, Any]] = {
        "root": directives.unchanged,
        "depth": directives.unchanged,
        "tags": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        """Return the placeholder, after checking the depth."""
        node = ng_note_graph(docname=self.env.docname)
        self.set_source_info(node)
        node["root"] = " ".join(self.options.get("root", "").split())
        depth_text = self.options.get("depth", "").strip()
        node["depth"] = default_depth(self.env)
        if depth_text:
            if depth_text.isdigit() and 0 <= int(depth_text) <= MAX_DEPTH:
                node["depth"] = int(depth_text)
            else:
                logger.warning(
                    "note-graph: depth %r is not a number from 0 to %d; %d is used",
                    depth_text,
                    MAX_DEPTH,
                    node["depth"],
                    type="notegarden",
                    subtype="graph",
                    location=node,
                )
        names = [part.strip().lstrip("#") for part in self.options.get("tags", "").split(",")]
        node["tags"] = sorted({tag_key(name) for name in names if name})
        return [node]


def spec_of(node: ng_note_graph) -> dict[str, Any]:
    """Return the options of a placeholder as plain data."""
    return {"root": node["root"], "depth": node["depth"], "tags": list(node["tags"])}


class GraphDirectiveCollector(EnvironmentCollector):
    """Remember each document's ``note-graph`` options, to know when a picture changes."""

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        """Forget *docname*'s pictures."""
        _domain(env).data.setdefault(SPECS, {}).pop(docname, None)

    def merge_other(
        self, app: Sphinx, env: BuildEnvironment, docnames: Set[str], other: BuildEnvironment
    ) -> None:
        """Take over the pictures of *docnames* from a parallel reader."""
        # A parallel reader's environment has no domain objects, only their data.
        theirs = other.domaindata.get("ng", {}).get(SPECS, {})
        ours = _domain(env).data.setdefault(SPECS, {})
        for docname in docnames:
            if docname in theirs:
                ours[docname] = theirs[docname]

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        """Record the pictures of the document just read."""
        specs = [spec_of(node) for node in doctree.findall(ng_note_graph)]
        if specs:
            _domain(app.env).data.setdefault(SPECS, {})[app.env.docname] = specs


def stored_graph(domain: NoteGardenDomain) -> GardenGraph:
    """Return the garden's graph as computed on ``env-updated`` (or now, if it was not)."""
    graph = domain.data.get("garden_graph")
    if graph is None:
        graph = domain.data["garden_graph"] = garden_graph(domain)
    return cast("GardenGraph", graph)


def picture(
    domain: NoteGardenDomain, graph: GardenGraph, spec: dict[str, Any], docname: str
) -> Subgraph | str:
    """Return the subgraph a picture shows, or why it shows nothing."""
    wanted = set(spec["tags"]) or None
    root: str | None = docname if docname in domain.note_data else None
    if spec["root"]:
        root = domain.link_index().resolve(spec["root"], docname)
        if root is None or root not in domain.note_data:
            return f"no note is called {spec['root']!r}"
    if root is None:
        subgraph = whole_garden(domain, graph, wanted)
    else:
        subgraph = neighbourhood(domain, graph, root, int(spec["depth"]), wanted)
    notes = [i for i in range(len(subgraph.names)) if not subgraph.is_missing(i)]
    if not notes or (wanted and len(notes) == 1 and root is not None):
        return f"no notes with the tags {', '.join(spec['tags'])}"
    return subgraph


def _count(number: int, one: str, many: str) -> str:
    return _(one) if number == 1 else _(many) % number


def describe(subgraph: Subgraph) -> str:
    """Return the picture's text alternative."""
    notes = sum(1 for i in range(len(subgraph.names)) if not subgraph.is_missing(i))
    counts = (
        _count(notes, "1 note", "%d notes"),
        _count(len(subgraph.pairs), "1 link", "%d links"),
    )
    if subgraph.centred:
        return _("Graph of the notes around %s: %s, %s") % (subgraph.titles[0], *counts)
    return _("Graph of %s and %s") % counts


#: Per builder, each docname's target URI and each relative URI from a folder, looked up
#: once per build (a note's graph links many notes, and every note is in many graphs).
_builder_uris: weakref.WeakKeyDictionary[
    Builder, tuple[dict[str, str | None], dict[tuple[str, str], str]]
] = weakref.WeakKeyDictionary()


def forget_uris(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """On ``env-before-read-docs``: a new build may place documents elsewhere (permalinks)."""
    _builder_uris.pop(app.builder, None)


def uri_finder(builder: Builder, fromdocname: str) -> UriOf:
    """Return a function giving the URI of a docname from *fromdocname*, or None."""
    targets, relative = _builder_uris.setdefault(builder, ({}, {}))

    def target(docname: str) -> str | None:
        if docname not in targets:
            try:
                targets[docname] = builder.get_target_uri(docname)
            except NoUri:
                targets[docname] = None
        return targets[docname]

    # Builders with their own get_relative_uri (singlehtml, texinfo) are asked each time.
    own = type(builder).get_relative_uri is not Builder.get_relative_uri
    base = None if own else target(fromdocname)
    # A relative URI depends on the folder it is made from, not the page (see
    # sphinx.util.osutil.relative_uri): pages of one folder share them.
    folder = "" if base is None else base.partition("#")[0].rpartition("/")[0]

    found: dict[str, str | None] = {}

    def uri_of(docname: str) -> str | None:
        if docname in found:
            return found[docname]
        uri: str | None
        if own or base is None:
            try:
                uri = builder.get_relative_uri(fromdocname, docname) or "#"
            except NoUri:
                uri = None
        else:
            to = target(docname)
            if to is None:
                uri = None
            elif to.partition("#")[0] == base.partition("#")[0]:
                uri = relative_uri(base, to) or "#"
            else:
                key = (folder, to)
                if key not in relative:
                    relative[key] = relative_uri(base, to) or "#"
                uri = relative[key]
        found[docname] = uri
        return uri

    return uri_of


def picture_nodes(
    app: Sphinx,
    subgraph: Subgraph,
    fromdocname: str,
    node: nodes.Element,
    classes: list[str],
    heading: str = "",
) -> list[nodes.Node]:
    """Return what stands for a picture of *subgraph* in the current builder's output.

    Marked ``no-search``: the titles of other notes are not this page's words.
    """
    builder = app.builder
    label = describe(subgraph)
    more = " " + _("(more notes not shown)") if subgraph.hidden else ""
    uri_of = uri_finder(builder, fromdocname)

    box = nodes.container(classes=["ng-graph-box", *classes, "no-search"])
    if builder.format == "html":
        epub = builder.name.startswith("epub")
        positions = cached_layout(app, subgraph)
        html = subgraph_html(
            subgraph, positions, uri_of, label, heading=heading, note=more, svg_links=not epub
        )
        box += nodes.raw("", html, format="html")
        return [box]
    if builder.format == "latex":
        positions = cached_layout(app, subgraph)
        path = image_file(subgraph, positions, Path(app.doctreedir) / "notegarden-graphs", "pdf")
        builder.images[str(path)] = path.name
        image = nodes.image(uri=str(path), alt=label, candidates={"application/pdf": str(path)})
        image.source, image.line = node.source, node.line
        caption = nodes.caption(label, label)
        return [nodes.figure("", image, caption, classes=classes)]
    if heading:
        box += nodes.rubric(heading, heading)
    box += nodes.paragraph("", label + more, classes=["ng-graph-caption"])
    box += subgraph_list(subgraph, uri_of)
    return [box]


def replace_note_graphs(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """On ``doctree-resolved``: replace each ``note-graph`` placeholder by its picture."""
    domain = _domain(app.env)
    if not domain.data.get(SPECS):  # no page has one: spare the walk of every tree
        return
    placeholders = list(doctree.findall(ng_note_graph))
    if not placeholders:
        return
    graph = stored_graph(domain)
    for node in placeholders:
        result = picture(domain, graph, spec_of(node), node.get("docname", docname))
        if isinstance(result, str):
            logger.warning(
                "note-graph: %s; nothing drawn",
                result,
                type="notegarden",
                subtype="graph",
                location=location_of(node),
            )
            node.parent.remove(node)
            continue
        node.replace_self(picture_nodes(app, result, docname, node, ["ng-note-graph"]))


def setup_note_graph(app: Sphinx) -> None:
    """Register the directive, its placeholder, collector and replacement."""
    add_placeholder_node(app, ng_note_graph)
    app.add_directive("note-graph", NoteGraphDirective)
    app.connect("env-before-read-docs", forget_uris)
    app.add_env_collector(GraphDirectiveCollector)
    app.connect("doctree-resolved", replace_note_graphs)
