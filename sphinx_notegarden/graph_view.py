"""The graph page: every note and link, as a picture that works without JavaScript.

The layout is computed at build time (:mod:`sphinx_notegarden.graph_layout`: the same
notes always give the same picture) and kept between builds (:mod:`.graph_cache`). It
is written as inline SVG built with ElementTree, which escapes every title and tag.
Each node is a link to its note; hovering shows its title. ``notegarden-graph.js``
adds zoom, pan, neighbour highlighting and a tag filter. For keyboard and
screen-reader users the page also lists every note with its links.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import TYPE_CHECKING, cast

from docutils import nodes
from sphinx.builders.html import StandaloneHTMLBuilder

from .assets import use_script
from .graph_cache import cached_layout, cached_markup
from .graph_data import Subgraph, whole_garden
from .graph_draw import UriOf, list_markup, short, svg_markup
from .local_graph import setup_local_graph
from .note_graph import stored_graph
from .paths import safe_folder
from .tag_pages import Page, _, pages_enabled, render_page_if_changed

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from .domain import NoteGardenDomain

WIDTH, HEIGHT, MARGIN = 1000, 700, 40
#: Room at the sides for the label of a node on the edge (centred, up to 32 letters).
MARGIN_X = 100
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#8c6d31", "#6b7785")


def garden_subgraph(app: Sphinx) -> Subgraph:
    """Return every note and missing note with the links between them."""
    domain = cast("NoteGardenDomain", app.env.get_domain("ng"))
    return whole_garden(domain, stored_graph(domain))


def graph_svg(app: Sphinx, pagename: str, subgraph: Subgraph, uri_of: UriOf) -> str:
    """Return the graph as HTML: a tag filter and an SVG picture."""
    domain = cast("NoteGardenDomain", app.env.get_domain("ng"))
    names, pairs = subgraph.names, subgraph.pairs
    notes = [name for index, name in enumerate(names) if not subgraph.is_missing(index)]
    positions = cached_layout(app, subgraph)
    degree = [0] * len(names)
    for a, b in pairs:
        degree[a] += 1
        degree[b] += 1
    records = {doc: domain.note_data[doc] for doc in notes}
    tags = sorted({tag for record in records.values() for tag in (record["tags"] or ["—"])[:1]})
    colour = {tag: PALETTE[i % len(PALETTE)] for i, tag in enumerate(tags)}

    # Formatted once per node, not once per link end (numpy scalars are slow one by one).
    points = [
        (
            f"{MARGIN_X + x * (WIDTH - 2 * MARGIN_X):.1f}",
            f"{MARGIN + y * (HEIGHT - 2 * MARGIN):.1f}",
        )
        for x, y in positions.tolist()
    ]
    xy = points.__getitem__

    root = ET.Element("div", {"class": "ng-graph"})
    label = ET.SubElement(root, "label", {"class": "ng-graph-filter"})
    label.text = _("Show tag") + " "
    select = ET.SubElement(label, "select", {"data-ng-graph-filter": ""})
    ET.SubElement(select, "option", {"value": ""}).text = _("all")
    for tag in sorted({t for record in records.values() for t in record["tags"]}):
        ET.SubElement(select, "option", {"value": tag}).text = tag
    svg = ET.SubElement(
        root,
        "svg",
        {
            "class": "ng-graph-svg",
            "viewBox": f"0 0 {WIDTH} {HEIGHT}",
            "role": "img",
            "aria-label": _("Graph of %d notes and %d links") % (len(notes), len(pairs)),
            "data-ng-graph-zoom": "",
        },
    )
    for a, b in pairs:
        (x1, y1), (x2, y2) = xy(a), xy(b)
        attributes = {"x1": x1, "y1": y1, "x2": x2, "y2": y2, "class": "ng-graph-edge"}
        attributes.update({"data-source": str(a), "data-target": str(b)})
        ET.SubElement(svg, "line", attributes)
    for index, name in enumerate(names):
        x, y = xy(index)
        radius = f"{4 + 2.2 * math.sqrt(degree[index]):.1f}"
        if subgraph.is_missing(index):
            group = ET.SubElement(
                svg, "g", {"class": "ng-graph-node ng-graph-missing", "data-id": str(index)}
            )
            ET.SubElement(group, "circle", {"cx": x, "cy": y, "r": radius})
            ET.SubElement(group, "title").text = _("Missing note: %s") % subgraph.titles[index]
            label = ET.SubElement(
                group, "text", {"x": x, "y": f"{float(y) - float(radius) - 3:.1f}"}
            )
            label.text = short(subgraph.titles[index], 32)
            continue
        record = records[name]
        link = ET.SubElement(
            svg,
            "a",
            {
                "href": uri_of(name) or "",
                "class": "ng-graph-node",
                "data-id": str(index),
                "data-tags": " ".join(record["tags"]),
            },
        )
        first = (record["tags"] or ["—"])[0]
        ET.SubElement(link, "circle", {"cx": x, "cy": y, "r": radius, "fill": colour[first]})
        ET.SubElement(link, "title").text = subgraph.titles[index]
        text = ET.SubElement(link, "text", {"x": x, "y": f"{float(y) - float(radius) - 3:.1f}"})
        text.text = short(subgraph.titles[index], 32)
    return svg_markup(root)


def collect_graph_page(app: Sphinx) -> Iterator[Page]:
    """On ``html-collect-pages``: the graph page, when there are notes."""
    builder = app.builder
    name = app.config.notegarden_graph_page
    if not name or not pages_enabled(builder):
        return
    assert isinstance(builder, StandaloneHTMLBuilder)
    domain = cast("NoteGardenDomain", app.env.get_domain("ng"))
    pagename = safe_folder(name, "graph")
    if not domain.note_data or pagename in app.env.all_docs:
        return
    subgraph = garden_subgraph(app)
    uris = {doc: builder.get_relative_uri(pagename, doc) for doc in domain.note_data}
    tags = {doc: domain.note_data[doc]["tags"] for doc in domain.note_data}
    key = [builder.name, pagename, app.config.language, subgraph.digest(), tags, uris]

    def make() -> str:
        # The list as markup built by ElementTree too: one serialisation for all notes.
        rubric = ET.Element("p", {"class": "rubric"})
        rubric.text = _("Every note and where it links")
        listing = svg_markup(rubric) + list_markup(subgraph, uris.get)
        return graph_svg(app, pagename, subgraph, uris.get) + listing

    markup = cached_markup(app, "page", key, make)
    body: list[nodes.Node] = [nodes.raw("", markup, format="html")]
    page = render_page_if_changed(builder, pagename, _("Graph of notes"), body)
    if page is not None:
        yield page


def install_graph_assets(app: Sphinx) -> None:
    """On ``builder-inited``: ship the graph script to builders that get the page."""
    if app.config.notegarden_graph_page and pages_enabled(app.builder):
        use_script(app, "notegarden-graph.js")


def setup_graph_view(app: Sphinx) -> None:
    """Register the graph page, local graphs and the ``note-graph`` directive."""
    app.connect("html-collect-pages", collect_graph_page)
    app.connect("builder-inited", install_graph_assets)
    setup_local_graph(app)
