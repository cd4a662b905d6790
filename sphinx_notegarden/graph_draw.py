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
    missing = subgraph.missing_flags()
    for index, name in enumerate(subgraph.names):
        x, y = points[index]
        title = subgraph.titles[index]
        root = subgraph.centred and index == 0
        radius = 9.0 if root else 4 + 1.6 * math.sqrt(degree[index])
        uri = None if missing[index] else uri_of(name)
        kind = "ng-graph-missing" if missing[index] else "ng-graph-root" if root else ""
        if uri is None:
            tag, href = "g", ""
        else:
            tag, href = "a", f' href="{_escape_value(uri)}"'
        parts.append(
            f'<{tag} class="ng-graph-node{" " + kind if kind else ""}" data-id="{index}"{href}>'
            f'<circle cx="{x}" cy="{y}" r="{radius:.1f}"></circle>'
        )
        label_text = short(title)
        if label_text != title or missing[index]:
            # The visible label names the node in full otherwise (and is its link text).
            tooltip = f"{title} (missing)" if missing[index] else title
            parts.append(f"<title>{escape(tooltip, quote=False)}</title>")
        parts.append(
            f'<text x="{x}" y="{float(y) - radius - 3:.1f}">'
            f"{escape(label_text, quote=False)}</text></{tag}>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _escape_value(value: str) -> str:
    """Return *value* escaped for an attribute (most values need nothing)."""
    return escape(value) if _SPECIAL.search(value) else value


def _attributes(attributes: dict[str, str]) -> str:
    """Return *attributes* as markup, each value escaped where it needs it."""
    return "".join(f' {name}="{_escape_value(value)}"' for name, value in attributes.items())


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

    Written as text directly (it is made for every note), each title and link escaped;
    each node's markup is made once, however many notes link to it.
    """
    outgoing = _targets(subgraph)
    missing = subgraph.missing_flags()
    names: list[str] = []
    for index, is_missing in enumerate(missing):
        title = escape(subgraph.titles[index], quote=False)
        uri = None if is_missing else uri_of(subgraph.names[index])
        if is_missing:
            names.append(f'<span class="ng-graph-missing-text">{title}</span> (missing)')
        elif not uri:
            names.append(f"<span>{title}</span>")
        else:
            names.append(f'<a href="{_escape_value(uri)}">{title}</a>')
    parts = ['<ul class="ng-graph-list">']
    for index, is_missing in enumerate(missing):
        if is_missing:
            continue
        parts.append("<li>" + names[index])
        targets = outgoing.get(index)
        if targets:
            parts.append(" → " + ", ".join([names[target] for target in targets]))
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
