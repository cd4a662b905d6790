"""The link graph as JSON in the HTML output, for tools and for a graph view.

``notegarden-graph.json``: nodes (every note: title, tags, status, url) and edges
(every link between documents: source, target, kind, and where it stands). Written
once per HTML build, deterministically, and only when its content changed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from sphinx.builders.html import StandaloneHTMLBuilder

from .assets import write_if_changed
from .links import resolve_target

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from .domain import NoteGardenDomain


def link_graph(app: Sphinx) -> dict[str, Any]:
    """Return the graph of notes and links as plain data."""
    domain = cast("NoteGardenDomain", app.env.get_domain("ng"))
    builder = app.builder
    graph_nodes = []
    for docname, note in domain.notes():
        graph_nodes.append(
            {
                "id": docname,
                "title": note.title,
                "tags": note.tags,
                "status": note.status,
                "kind": note.kind,
                "url": builder.get_target_uri(docname),
            }
        )
    edges = []
    for source in sorted(domain.links):
        file = str(app.env.doc2path(source, base=False))
        for link in domain.links[source]:
            target = resolve_target(domain, link, source)
            edges.append(
                {
                    "source": source,
                    "target": target,
                    "target_text": link["target"],
                    "anchor": link["anchor"],
                    "kind": link["kind"],
                    "resolved": target is not None,
                    "location": {
                        "file": file,
                        "line": link["line"],
                    },
                }
            )
    return {"version": 1, "nodes": graph_nodes, "edges": edges}


def write_link_graph(app: Sphinx, exception: Exception | None) -> None:
    """On ``build-finished``: write the graph JSON into the HTML output."""
    name = app.config.notegarden_link_graph
    if exception is not None or not name or not isinstance(app.builder, StandaloneHTMLBuilder):
        return
    if app.builder.name in ("epub",):
        return
    # No indent: json's C encoder only serves compact output (five times faster).
    data = link_graph(app)
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n"
    target = (Path(app.outdir) / Path(name).name).resolve()
    if target.is_relative_to(Path(app.outdir).resolve()):
        write_if_changed(target, text)
