"""A :class:`~.graph_data.Subgraph` drawn as inline SVG, and written out as a list.

The SVG is written as text with every title and value escaped (the list is built with
ElementTree and serialised the same way); nodes link to their notes
where the builder has links. The list says the same for keyboard and screen-reader
users and for builders without pictures: each note, then the notes it links to.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from html import escape

from docutils import nodes

from .graph_data import Subgraph
from .graph_layout import FloatArray, radial_layout, spring_layout

#: The drawing area of a neighbourhood (a square) and of a whole garden.
LOCAL_SIZE, LOCAL_MARGIN = (420, 300), 40
GARDEN_SIZE, GARDEN_MARGIN = (1000, 700), 40
LABEL_LENGTH = 28
SVG_NS = "http://www.w3.org/2000/svg"
_SPECIAL = re.compile("[&<>\"']")

#: Returns the URI of a docname from the page being written, or None (no link).
UriOf = Callable[[str], "str | None"]


def layout(subgraph: Subgraph) -> FloatArray:
    """Return the positions of *subgraph*'s nodes: rings for a neighbourhood, else springs."""
    if subgraph.centred:
        return radial_layout(subgraph.levels, subgraph.parents)
    return spring_layout(len(subgraph.names), subgraph.pairs)


def short(title: str, length: int = LABEL_LENGTH) -> str:
    """Return *title* cut to *length* characters, with an ellipsis if it was longer."""
    return title if len(title) <= length else title[: length - 1] + "…"


def subgraph_svg(subgraph: Subgraph, positions: FloatArray, uri_of: UriOf, label: str) -> str:
    """Return the ``<svg>`` markup of *subgraph* laid out at *positions*.

    Written as text directly (a page's graph is made for every note, so this is hot),
    with the same escaping as :func:`svg_markup`: names of tags and attributes come
    from this function, and every value and text is escaped.
    """
    width, height = LOCAL_SIZE if subgraph.centred else GARDEN_SIZE
    margin = LOCAL_MARGIN if subgraph.centred else GARDEN_MARGIN
    classes = "ng-graph-svg ng-graph-local" if subgraph.centred else "ng-graph-svg"
    parts = [
        "<svg"
        + _attributes(
            {
                "xmlns": SVG_NS,
                "class": classes,
                "viewBox": f"0 0 {width} {height}",
                "role": "img",
                "aria-label": label,
            }
        )
        + ">"
    ]
    # A square picture: rings stay round in a wide box.
    side = min(width, height) - 2 * margin
    left, top = (width - side) / 2, (height - side) / 2

    # Formatted once per node (numpy scalars are slow to index one by one).
    points = [(f"{left + x * side:.1f}", f"{top + y * side:.1f}") for x, y in positions.tolist()]

    degree = [0] * len(subgraph.names)
    for a, b in subgraph.pairs:
        degree[a] += 1
        degree[b] += 1
        (x1, y1), (x2, y2) = points[a], points[b]
        parts.append(
            f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" class="ng-graph-edge"'
            f' data-source="{a}" data-target="{b}"></line>'
        )
    for index, name in enumerate(subgraph.names):
        x, y = points[index]
        title = subgraph.titles[index]
        radius = 9.0 if subgraph.centred and index == 0 else 4 + 1.6 * math.sqrt(degree[index])
        kind = "ng-graph-node"
        missing = subgraph.is_missing(index)
        uri = None if missing else uri_of(name)
        if missing:
            kind += " ng-graph-missing"
        elif subgraph.centred and index == 0:
            kind += " ng-graph-root"
        attributes = {"class": kind, "data-id": str(index)}
        if uri is not None:
            attributes["href"] = uri
        tag = "a" if uri is not None else "g"
        parts.append(f"<{tag}{_attributes(attributes)}>")
        parts.append(f'<circle cx="{x}" cy="{y}" r="{radius:.1f}"></circle>')
        label_text = short(title)
        if label_text != title or missing:
            # The visible label names the node in full otherwise (and is its link text).
            tooltip = f"{title} (missing)" if missing else title
            parts.append(f"<title>{escape(tooltip, quote=False)}</title>")
        parts.append(
            f'<text x="{x}" y="{float(y) - radius - 3:.1f}">'
            f"{escape(label_text, quote=False)}</text></{tag}>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _attributes(attributes: dict[str, str]) -> str:
    """Return *attributes* as markup, each value escaped where it needs it."""
    return "".join(
        f' {name}="{escape(value) if _SPECIAL.search(value) else value}"'
        for name, value in attributes.items()
    )


def svg_markup(element: ET.Element) -> str:
    """Return *element* as markup that is both HTML and XML (for epub's XHTML).

    A small serialiser instead of ``ET.tostring``, which is written in Python and
    scans namespaces first: a note's graph is written at half the cost. It is as safe:
    tags and attribute names come from this module only, and every attribute value
    and text goes through :func:`html.escape`.
    """
    parts: list[str] = []
    _serialise(element, parts)
    return "".join(parts)


def _serialise(element: ET.Element, parts: list[str]) -> None:
    parts.append("<" + element.tag)
    for name, value in element.attrib.items():
        # Most values are numbers: look for a character to escape before escaping.
        parts.append(f' {name}="{escape(value) if _SPECIAL.search(value) else value}"')
    parts.append(">")
    if element.text:
        parts.append(escape(element.text, quote=False))
    for child in element:
        _serialise(child, parts)
    parts.append(f"</{element.tag}>")
    if element.tail:
        parts.append(escape(element.tail, quote=False))


def _targets(subgraph: Subgraph) -> dict[int, list[int]]:
    outgoing: dict[int, list[int]] = {}
    for a, b in subgraph.pairs:
        outgoing.setdefault(a, []).append(b)
    return outgoing


def subgraph_html(
    subgraph: Subgraph,
    positions: FloatArray,
    uri_of: UriOf,
    label: str,
    *,
    heading: str = "",
    note: str = "",
    svg_links: bool = True,
) -> str:
    """Return the picture, its caption and the list, as one block of HTML.

    Built as one ElementTree (escaped like the SVG) rather than as docutils nodes:
    a page's graph then costs one serialisation, not a walk of the HTML writer.
    """
    parts = ['<div class="ng-graph-picture">']
    if heading:
        parts.append(f'<h2 class="rubric ng-local-graph-title">{escape(heading, quote=False)}</h2>')
    parts.append(subgraph_svg(subgraph, positions, uri_of if svg_links else _no_uri, label))
    parts.append(f'<p class="ng-graph-caption">{escape(label + note, quote=False)}</p>')
    parts.append(list_markup(subgraph, uri_of))
    parts.append("</div>")
    return "".join(parts)


def list_markup(subgraph: Subgraph, uri_of: UriOf) -> str:
    """Return the ``<ul>`` of each note of *subgraph* with the notes it links to.

    Written as text directly (it is made for every note), each title and link escaped.
    """
    outgoing = _targets(subgraph)

    def name(index: int) -> str:
        title = escape(subgraph.titles[index], quote=False)
        if subgraph.is_missing(index):
            return f'<span class="ng-graph-missing-text">{title}</span> (missing)'
        uri = uri_of(subgraph.names[index])
        if not uri:
            return f"<span>{title}</span>"
        return f"<a{_attributes({'href': uri})}>{title}</a>"

    parts = ['<ul class="ng-graph-list">']
    for index in range(len(subgraph.names)):
        if subgraph.is_missing(index):
            continue
        parts.append("<li>" + name(index))
        for position, target in enumerate(outgoing.get(index, [])):
            parts.append((" → " if position == 0 else ", ") + name(target))
        parts.append("</li>")
    parts.append("</ul>")
    return "".join(parts)


def _no_uri(_docname: str) -> None:
    return None


def subgraph_list(subgraph: Subgraph, uri_of: UriOf) -> nodes.bullet_list:
    """Return each note of *subgraph* with the notes it links to, as a bullet list."""
    outgoing = _targets(subgraph)

    def name_node(index: int) -> nodes.Node:
        title = subgraph.titles[index]
        if subgraph.is_missing(index):
            return nodes.inline(title, title, classes=["ng-graph-missing-text"])
        uri = uri_of(subgraph.names[index])
        if uri is None:
            return nodes.inline(title, title)
        return nodes.reference(title, title, internal=True, refuri=uri)

    items = nodes.bullet_list(classes=["ng-graph-list"])
    for index in range(len(subgraph.names)):
        if subgraph.is_missing(index):
            continue
        entry = nodes.paragraph()
        entry += name_node(index)
        targets = outgoing.get(index, [])
        if targets:
            entry += nodes.Text(" → ")
            for position, target in enumerate(targets):
                if position:
                    entry += nodes.Text(", ")
                entry += name_node(target)
                if subgraph.is_missing(target):
                    entry += nodes.Text(" (missing)")
        items += nodes.list_item("", entry)
    return items
