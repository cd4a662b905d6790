"""Safe parsing of loss-surface formulas such as ``(1 - x)^2 + 100*(y - x^2)^2``.

Grammar
-------
A formula is an expression in the variables ``x``, ``y`` and (for moving
landscapes) ``t``, built from

* numbers (evaluated as float64: ``9**9**9`` is ``inf``, never a hang) and the
  constants ``pi`` and ``e``;
* ``+ - * / ** %``, unary ``-`` and ``+`` and parentheses.  ``^`` means power:
  it is replaced by ``**`` *before* parsing, so it has the precedence and right
  associativity of ``**`` (``-x^2`` is ``-(x^2)``, ``2^3^2`` is ``2^9``);
* comparisons ``< <= > >= == !=`` anywhere, as 0/1-valued expressions (mostly
  useful as the first argument of ``where``); chained comparisons are rejected;
* calls of the functions in :data:`~.formula_tree.FUNCTIONS` (``sin``, ``cos``,
  ``tan``, ``exp``, ``log``, ``sqrt``, ``abs``, ``tanh``, ``sinh``, ``cosh``,
  ``arctan``, ``arcsin``, ``arccos``, ``arctan2``, ``log1p``, ``expm1``,
  ``hypot``, ``minimum``, ``maximum``, ``where(cond, a, b)``, ``sign``,
  ``floor``, ``ceil``) and their aliases ``atan``, ``ln``, ``min``, ``max``...

The unicode minus sign (U+2212), multiplication sign (U+00D7) and division sign
(U+00F7) are accepted as ``-``, ``*`` and ``/``;
tabs and newlines count as spaces.

Security
--------
The text is parsed with :func:`ast.parse` (which only builds a syntax tree) and
the tree is walked with a whitelist of node types into our own small expression
tree; anything else (attributes, subscripts, lambdas, comprehensions, strings,
keywords, unknown names...) raises :class:`FormulaError`.  Nothing is passed to
``eval``, ``exec`` or ``compile``-to-bytecode.  Size limits: at most
:data:`MAX_LENGTH` characters (checked before parsing), :data:`MAX_NODES` nodes
and :data:`MAX_DEPTH` levels of nesting (each term of a long sum counts as one
level).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from .formula_diff import diff
from .formula_eval import (
    Evaluator,
    MultiEvaluator,
    ScalarEvaluator,
    compile_expr,
    compile_many,
    compile_scalar,
)
from .formula_parse import MAX_DEPTH, MAX_LENGTH, MAX_NODES, FormulaError, parse_expr
from .formula_tree import Expr, FloatArray, canonical, variables

__all__ = ["MAX_DEPTH", "MAX_LENGTH", "MAX_NODES", "Formula", "FormulaError"]
__all__ += ["compile_expr", "diff", "parse_expr"]


class Formula:
    """A parsed formula with exact (symbolic) first and second derivatives.

    Use :meth:`parse`; evaluation methods broadcast their array arguments and
    return float64 arrays of the broadcast shape of ``x`` and ``y``.
    """

    def __init__(self, text: str, tree: Expr) -> None:
        self.text = text
        """The formula as written."""
        self.tree = tree
        """The parsed expression tree."""
        self.canonical = canonical(tree)
        """A normalised, fully parenthesised spelling (stable across releases; cache keys)."""
        self.uses_time = "t" in variables(tree)
        """Whether the formula depends on ``t`` (a moving landscape)."""
        self._value: Evaluator = compile_expr(tree)
        self._grad: tuple[Expr, Expr] | None = None
        self._value_grad: MultiEvaluator | None = None
        self._value_grad_scalar: ScalarEvaluator | None = None
        self._hess: MultiEvaluator | None = None

    @classmethod
    def parse(cls, text: str) -> Formula:
        """Parse ``text`` (see the module docstring for the grammar)."""
        return cls(text, parse_expr(text))

    def __repr__(self) -> str:
        return f"Formula({self.text!r})"

    def gradient_trees(self) -> tuple[Expr, Expr]:
        """Return the symbolic partial derivatives ``(df/dx, df/dy)``."""
        if self._grad is None:
            try:
                self._grad = (diff(self.tree, "x"), diff(self.tree, "y"))
            except RecursionError:
                raise FormulaError("formula is nested too deeply to differentiate") from None
        return self._grad

    def value(self, x: ArrayLike, y: ArrayLike, t: ArrayLike = 0.0) -> FloatArray:
        """Evaluate f(x, y, t)."""
        return self._value(x, y, t)

    def value_and_gradient(
        self, x: ArrayLike, y: ArrayLike, t: ArrayLike = 0.0
    ) -> tuple[FloatArray, FloatArray, FloatArray]:
        """Return ``(f, df/dx, df/dy)``, computed together (shared sub-expressions)."""
        if self._value_grad is None:
            self._value_grad = compile_many([self.tree, *self.gradient_trees()])
        f, gx, gy = self._value_grad(x, y, t)
        return f, gx, gy

    def value_and_gradient_at(
        self, x: float, y: float, t: float = 0.0
    ) -> tuple[float, float, float]:
        """Return ``(f, df/dx, df/dy)`` at one point as floats (fast path for optimizers)."""
        if self._value_grad_scalar is None:
            self._value_grad_scalar = compile_scalar([self.tree, *self.gradient_trees()])
        f, gx, gy = self._value_grad_scalar(x, y, t)
        return f, gx, gy

    def gradient(
        self, x: ArrayLike, y: ArrayLike, t: ArrayLike = 0.0
    ) -> tuple[FloatArray, FloatArray]:
        """Return ``(df/dx, df/dy)``."""
        _, gx, gy = self.value_and_gradient(x, y, t)
        return gx, gy

    def hessian(self, x: ArrayLike, y: ArrayLike, t: ArrayLike = 0.0) -> FloatArray:
        """Return the Hessian, an array of shape ``(2, 2) + broadcast shape of x, y``."""
        if self._hess is None:
            gx, gy = self.gradient_trees()
            try:
                trees = [diff(gx, "x"), diff(gx, "y"), diff(gy, "y")]
            except RecursionError:
                raise FormulaError("formula is nested too deeply to differentiate") from None
            self._hess = compile_many(trees)
        hxx, hxy, hyy = self._hess(x, y, t)
        return np.array([[hxx, hxy], [hxy, hyy]], dtype=np.float64)
