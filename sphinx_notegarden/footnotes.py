"""Footnote references without a footnote stay text, as in Obsidian.

``[^12]`` with no ``[^12]: ...`` anywhere in the note is literal text in Obsidian (and
in CommonMark's footnote extension). MyST makes a footnote reference of it, which
docutils reports twice as an error ("Unknown target name", "Too many autonumbered
footnote references"). :class:`DanglingFootnoteTransform` runs before docutils
numbers footnotes (``Footnotes``, 620) and puts the text back, in Markdown documents.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms import SphinxTransform

from .markdown_source import is_markdown

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class DanglingFootnoteTransform(SphinxTransform):
    """Turn references to footnotes that do not exist back into ``[^label]`` text."""

    default_priority = 615  # before docutils' Footnotes (620)

    def apply(self, **kwargs: Any) -> None:
        """Replace each footnote reference whose label no footnote of the note has."""
        if not self.document.footnote_refs or not is_markdown(self.env, self.env.docname):
            return  # MyST registers every [^label] it reads there: none, nothing to walk
        labels = {
            name for footnote in self.document.findall(nodes.footnote) for name in footnote["names"]
        }
        for reference in list(self.document.findall(nodes.footnote_reference)):
            label = reference.get("refname")
            if label is None or label in labels:
                continue
            self._forget(reference, label)
            reference.replace_self(nodes.Text(f"[^{label}]"))

    def _forget(self, reference: nodes.footnote_reference, label: str) -> None:
        """Take *reference* out of the document's registers, as if never parsed."""
        document = self.document
        for register in (document.autofootnote_refs, document.symbol_footnote_refs):
            if reference in register:
                register.remove(reference)
        for by_name in (document.refnames, document.footnote_refs):
            found = by_name.get(label, [])
            if reference in found:
                found.remove(reference)
            if not found:
                by_name.pop(label, None)
        for node_id in reference["ids"]:
            document.ids.pop(node_id, None)
        reference["ids"] = []


def setup_footnotes(app: Sphinx) -> None:
    """Register the transform."""
    app.add_transform(DanglingFootnoteTransform)
