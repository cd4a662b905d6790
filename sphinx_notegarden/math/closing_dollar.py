r"""A ``$`` followed by a digit closes no formula: ``"$50", "$48"`` are two prices.

Obsidian's rule for inline math (as Pandoc's): the opening ``$`` has no space after
it, the closing ``$`` no space before it and no digit after it. MyST has the first two
(``myst_dmath_allow_space = False``), but its ``myst_dmath_allow_digits = False`` also
refuses a digit *before* the opening ``$``, which Obsidian allows (``a 2$\times$
matrix``). So MyST keeps its default, and this transform turns back into text each
``$...$`` formula of a Markdown document that a digit follows, as Obsidian shows it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.transforms import SphinxTransform

from ..markdown_source import is_markdown

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def closed_by_digit(math: nodes.math) -> bool:
    """Tell whether *math* is ``$...$`` written right before a digit."""
    parent = math.parent
    if parent is None or math.rawsource != math.astext():  # not $...$: the math role
        return False
    following = parent.children[parent.index(math) + 1 :][:1]
    return bool(following) and isinstance(following[0], nodes.Text) and following[0][:1].isdigit()


def as_text(math: nodes.math) -> None:
    """Replace *math* by its source, ``$`` signs included, joined to the texts beside it."""
    parent = math.parent
    index = parent.index(math)
    start, end = index, index + 1
    text = f"${math.astext()}$"
    if index > 0 and isinstance(parent[index - 1], nodes.Text):
        start -= 1
        text = str(parent[index - 1]) + text
    if end < len(parent) and isinstance(parent[end], nodes.Text):
        text += str(parent[end])
        end += 1
    parent[start:end] = [nodes.Text(text)]


class ClosingDollarTransform(SphinxTransform):
    """Turn ``$...$`` right before a digit back into text, in Markdown documents."""

    # Before the wikilink (690), highlight and tag transforms read the texts.
    default_priority = 400

    def apply(self, **kwargs: object) -> None:
        """Find the formulas a digit follows; give back their text."""
        if not is_markdown(self.env, self.env.docname):
            return
        for math in list(self.document.findall(nodes.math)):
            if closed_by_digit(math):
                as_text(math)


def setup_closing_dollar(app: Sphinx) -> None:
    """Register the transform."""
    app.add_transform(ClosingDollarTransform)
