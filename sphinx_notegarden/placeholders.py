"""Placeholder nodes: set while reading, filled or dropped before writing.

A placeholder that survives to a writer (an unfilled slot, a builder that shows none)
must not crash it: every writer family gets a visitor that skips the node.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from docutils import nodes

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator

#: The writer families Sphinx's builders use (epub and singlehtml use ``html``).
WRITERS = ("html", "latex", "text", "man", "texinfo")


def skip_node(translator: nodes.NodeVisitor, node: nodes.Node) -> None:
    """Leave the node and its children out of the output."""
    raise nodes.SkipNode


def add_placeholder_node(
    app: Sphinx, node_class: type[nodes.Element], writers: tuple[str, ...] = WRITERS, **kwargs: Any
) -> None:
    """Register *node_class*, skipped by *writers* (others given in *kwargs*)."""
    visitors: dict[str, Any] = dict.fromkeys(writers, (skip_node, None))
    visitors.update(kwargs)
    app.add_node(node_class, **visitors)


def add_html_only_node(
    app: Sphinx, node_class: type[nodes.Element], visit: Callable[..., None]
) -> None:
    """Register *node_class*, written by *visit* in HTML and skipped by other writers.

    *visit* writes the whole node and raises :class:`~docutils.nodes.SkipNode`.
    """
    others = tuple(writer for writer in WRITERS if writer != "html")
    add_placeholder_node(app, node_class, others, html=(visit, None))


def captured_html(translator: HTML5Translator, write: Callable[[], object]) -> str:
    """Return what *write* appends to *translator*'s body, taking it back out.

    For the HTML-only nodes that cache their writer output to write it again on later
    pages (note list entries, previews).
    """
    start = len(translator.body)
    write()
    html = "".join(translator.body[start:])
    del translator.body[start:]
    return html
