"""Formulas that will not render are written as code in LaTeX, so the PDF still builds.

The check (:mod:`~sphinx_notegarden.math.sphinx_glue`) warns about each formula that
MathJax will not render, and marks it (:data:`BROKEN`). In HTML, MathJax shows such a
formula with its error, and the page is fine. Passed on to LaTeX as math, the same
formula stops ``pdflatex`` (an undefined macro, a ``#``, a brace left open): one
mistake in one note of a vault, and there is no PDF at all. So for the LaTeX builder a
marked formula is written as what the author typed, in code type; its warning says why.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: The attribute set on a formula the check found will not render.
BROKEN = "ng_math_broken"


class BrokenMathLatexTransform(SphinxPostTransform):
    """Replace each marked formula by its source, as code, in LaTeX output."""

    default_priority = 400
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        """Write marked inline formulas as inline code and marked blocks as code blocks."""
        for formula in list(self.document.findall(nodes.math)):
            if formula.get(BROKEN):
                tex = f"${formula.astext()}$"
                formula.replace_self(nodes.literal(tex, tex, classes=["ng-math-broken"]))
        for block in list(self.document.findall(nodes.math_block)):
            if block.get(BROKEN):
                tex = block.astext()
                code = nodes.literal_block(tex, tex, language="none", classes=["ng-math-broken"])
                code["ids"] = list(block["ids"])  # references to the equation still land
                block.replace_self(code)


def setup_latex_fallback(app: Sphinx) -> None:
    """Register the transform."""
    app.add_post_transform(BrokenMathLatexTransform)
