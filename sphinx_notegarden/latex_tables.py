"""Tables with a header and no rows, which stop Sphinx's LaTeX builder.

A Markdown table of only a header row (``| a | b |`` then ``|---|---|``) is common
in notes (a table begun and never filled). MyST reads it as a table with a ``thead``
and no ``tbody``, and Sphinx's LaTeX footnote transform (``LaTeXFootnoteVisitor``)
looks for the ``tbody`` of every table of a page that has footnotes: the build stops
with ``StopIteration``. An empty ``tbody`` is added before it runs; the table is
written as its header, as in HTML.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class HeaderOnlyTableTransform(SphinxPostTransform):
    """Give each table group that lacks one an empty body, for the LaTeX builder."""

    default_priority = 590  # before Sphinx's LaTeXFootnoteTransform (600)
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        """Append an empty ``tbody`` to every ``tgroup`` without one."""
        for group in self.document.findall(nodes.tgroup):
            if not any(isinstance(child, nodes.tbody) for child in group.children):
                group += nodes.tbody()


def setup_latex_tables(app: Sphinx) -> None:
    """Register the transform."""
    app.add_post_transform(HeaderOnlyTableTransform)
