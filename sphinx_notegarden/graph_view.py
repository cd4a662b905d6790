"""The graph page: every note and link, as a picture that works without JavaScript.

The layout is computed at build time (:mod:`sphinx_notegarden.graph_layout`, the same
notes always give the same picture) and written as inline SVG built with ElementTree,
which escapes every title and tag. Each node is a link to its note; hovering shows its
title. ``notegarden-graph.js`` adds zoom, pan, neighbour highlighting and a tag filter.
For keyboard and screen-reader users the page also lists every note with its links.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import TYPE_CHECKING, cast

from docutils import nodes
from sphinx.builders.html import StandaloneHTMLBuilder

from .graph_layout import spring_layout
from .links import resolve_target
from .paths import safe_folder
from .tag_pages import Page, _, pages_enabled, render_page

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from .domain import NoteGardenDomain

WIDTH, HEIGHT, MARGIN = 1000, 700, 40
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#8c6d31", "#6b7785")


def graph_edges(
    domain: NoteGardenDomain,
) -> tuple[list[str], list[tuple[str, str]], list[tuple[str, str]]]:
    """Return (notes, links between notes, links to missing notes as (source, text))."""
    notes = sorted(domain.note_data)
    known = set(notes)
    edges: set[tuple[str, str]] = set()
    missing: set[tuple[str, str]] = set()
    for source in notes:
        for link in domain.links.get(source, []):
            target = resolve_target(domain, link)
            if target is None:
                if link["kind"] != "doc":
                    missing.add((source, str(link["target"])))
            elif target in known and target != source:
                edges.add((source, target))
    return notes, sorted(edges), sorted(missing)


def graph_svg(app: Sphinx, pagename: str) -> str:
    """Return the graph as HTML: a tag filter and an SVG picture."""
    domain = cast("NoteGardenDomain", app.env.get_domain("ng"))
    notes, edges, missing = graph_edges(domain)
    ghosts = sorted({text for _, text in missing})
    names = notes + [f"missing:{text}" for text in ghosts]
    number = {name: index for index, name in enumerate(names)}
    pairs = [(number[a], number[b]) for a, b in edges]
    pairs += [(number[a], number[f"missing:{text}"]) for a, text in missing]
    positions = spring_layout(len(names), pairs)
    degree = [0] * len(names)
    for a, b in pairs:
        degree[a] += 1
        degree[b] += 1
    tags = sorted({tag for doc in notes for tag in (domain.note(doc).tags or ["—"])[:1]})  # type: ignore[union-attr]
    colour = {tag: PALETTE[i % len(PALETTE)] for i, tag in enumerate(tags)}

    def xy(index: int) -> tuple[str, str]:
        x, y = positions[index]
        return (
            f"{MARGIN + x * (WIDTH - 2 * MARGIN):.1f}",
            f"{MARGIN + y * (HEIGHT - 2 * MARGIN):.1f}",
        )

    root = ET.Element("div", {"class": "ng-graph"})
    label = ET.SubElement(root, "label", {"class": "ng-graph-filter"})
    label.text = _("Show tag") + " "
    select = ET.SubElement(label, "select", {"data-ng-graph-filter": ""})
    ET.SubElement(select, "option", {"value": ""}).text = _("all")
    for tag in sorted({t for doc in notes for t in domain.note(doc).tags}):  # type: ignore[union-attr]
        ET.SubElement(select, "option", {"value": tag}).text = tag
    svg = ET.SubElement(
        root,
        "svg",
        {
            "class": "ng-graph-svg",
            "viewBox": f"0 0 {WIDTH} {HEIGHT}",
            "role": "img",
            "aria-label": _("Graph of %d notes and %d links") % (len(notes), len(pairs)),
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
        if name.startswith("missing:"):
            group = ET.SubElement(
                svg, "g", {"class": "ng-graph-node ng-graph-missing", "data-id": str(index)}
            )
            ET.SubElement(group, "circle", {"cx": x, "cy": y, "r": radius})
            ET.SubElement(group, "title").text = _("Missing note: %s") % name[8:]
            continue
        note = domain.note(name)
        assert note is not None
        link = ET.SubElement(
            svg,
            "a",
            {
                "href": app.builder.get_relative_uri(pagename, name),
                "class": "ng-graph-node",
                "data-id": str(index),
                "data-tags": " ".join(note.tags),
            },
        )
        first = (note.tags or ["—"])[0]
        ET.SubElement(link, "circle", {"cx": x, "cy": y, "r": radius, "fill": colour[first]})
        ET.SubElement(link, "title").text = note.title
        text = ET.SubElement(link, "text", {"x": x, "y": f"{float(y) - float(radius) - 3:.1f}"})
        text.text = note.title if len(note.title) <= 32 else note.title[:31] + "…"
    return ET.tostring(root, encoding="unicode", method="html")


def graph_list(app: Sphinx, pagename: str) -> nodes.bullet_list:
    """Return every note with the notes it links to, as a list (the graph as text)."""
    domain = cast("NoteGardenDomain", app.env.get_domain("ng"))
    notes, edges, _missing = graph_edges(domain)
    outgoing: dict[str, list[str]] = {}
    for source, target in edges:
        outgoing.setdefault(source, []).append(target)
    items = nodes.bullet_list(classes=["ng-graph-list"])
    for docname in notes:
        note = domain.note(docname)
        assert note is not None
        entry = nodes.paragraph()
        uri = app.builder.get_relative_uri(pagename, docname)
        entry += nodes.reference("", note.title, internal=True, refuri=uri)
        targets = outgoing.get(docname, [])
        if targets:
            entry += nodes.Text(" → ")
            for position, target in enumerate(targets):
                if position:
                    entry += nodes.Text(", ")
                other = domain.note(target)
                title = other.title if other else target
                entry += nodes.reference(
                    "", title, internal=True, refuri=app.builder.get_relative_uri(pagename, target)
                )
        items += nodes.list_item("", entry)
    return items


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
    body: list[nodes.Node] = [
        nodes.raw("", graph_svg(app, pagename), format="html"),
        nodes.rubric(_("Every note and where it links"), _("Every note and where it links")),
        graph_list(app, pagename),
    ]
    yield render_page(builder, pagename, _("Graph of notes"), body)


def install_graph_assets(app: Sphinx) -> None:
    """On ``builder-inited``: ship the graph script to builders that get the page."""
    if app.config.notegarden_graph_page and pages_enabled(app.builder):
        app.add_js_file("notegarden-graph.js", loading_method="defer")


def setup_graph_view(app: Sphinx) -> None:
    """Register the graph page."""
    app.connect("html-collect-pages", collect_graph_page)
    app.connect("builder-inited", install_graph_assets)
