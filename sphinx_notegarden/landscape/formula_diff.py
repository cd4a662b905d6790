"""Symbolic differentiation of formula expression trees.

:func:`diff` returns a new tree built with the simplifying constructors of
:mod:`.formula_tree`, sharing unchanged sub-trees with its input, so gradients
and Hessians are exact (no finite differences).

Conventions for functions that are not differentiable everywhere:

* ``abs(u)'`` is ``sign(u) * u'`` (zero at ``u = 0``);
* ``sign``, ``floor``, ``ceil`` and comparisons have derivative zero;
* ``minimum(a, b)'`` is ``where(a <= b, a', b')`` and ``maximum`` likewise with
  ``>=``; ``where(c, a, b)'`` is ``where(c, a', b')``;
* ``a % b`` has derivative ``a' - floor(a / b) * b'``.
"""

from __future__ import annotations

from collections.abc import Callable

from .formula_tree import (
    COMPARISONS,
    ONE,
    ZERO,
    Binary,
    Call,
    Const,
    Expr,
    Unary,
    Var,
    add,
    call,
    div,
    is_const,
    make_binary,
    make_neg,
    mul,
    power,
    sub,
)

TWO = Const(2.0)

_Rule = Callable[[Call, tuple[Expr, ...], tuple[Expr, ...]], Expr]


def _chain(outer: Callable[[Expr, Expr], Expr]) -> _Rule:
    """Rule for a one-argument function: ``f(u)' = outer(node, u) * u'``."""

    def rule(node: Call, args: tuple[Expr, ...], dargs: tuple[Expr, ...]) -> Expr:
        if is_const(dargs[0], 0.0):
            return ZERO
        return mul(outer(node, args[0]), dargs[0])

    return rule


def _zero(node: Call, args: tuple[Expr, ...], dargs: tuple[Expr, ...]) -> Expr:
    return ZERO


def _select(cond_op: str) -> _Rule:
    def rule(node: Call, args: tuple[Expr, ...], dargs: tuple[Expr, ...]) -> Expr:
        cond = make_binary(cond_op, args[0], args[1])
        return call("where", cond, dargs[0], dargs[1])

    return rule


def _where(node: Call, args: tuple[Expr, ...], dargs: tuple[Expr, ...]) -> Expr:
    return call("where", args[0], dargs[1], dargs[2])


def _hypot(node: Call, args: tuple[Expr, ...], dargs: tuple[Expr, ...]) -> Expr:
    a, b = args
    da, db = dargs
    return div(add(mul(a, da), mul(b, db)), node)


def _arctan2(node: Call, args: tuple[Expr, ...], dargs: tuple[Expr, ...]) -> Expr:
    a, b = args
    da, db = dargs
    return div(sub(mul(b, da), mul(a, db)), add(power(a, TWO), power(b, TWO)))


def _one_minus_square(u: Expr) -> Expr:
    return sub(ONE, power(u, TWO))


_RULES: dict[str, _Rule] = {
    "abs": _chain(lambda n, u: call("sign", u)),
    "arccos": _chain(lambda n, u: make_neg(div(ONE, call("sqrt", _one_minus_square(u))))),
    "arcsin": _chain(lambda n, u: div(ONE, call("sqrt", _one_minus_square(u)))),
    "arctan": _chain(lambda n, u: div(ONE, add(ONE, power(u, TWO)))),
    "arctan2": _arctan2,
    "ceil": _zero,
    "cos": _chain(lambda n, u: make_neg(call("sin", u))),
    "cosh": _chain(lambda n, u: call("sinh", u)),
    "exp": _chain(lambda n, u: n),
    "expm1": _chain(lambda n, u: call("exp", u)),
    "floor": _zero,
    "hypot": _hypot,
    "log": _chain(lambda n, u: div(ONE, u)),
    "log1p": _chain(lambda n, u: div(ONE, add(ONE, u))),
    "maximum": _select(">="),
    "minimum": _select("<="),
    "sign": _zero,
    "sin": _chain(lambda n, u: call("cos", u)),
    "sinh": _chain(lambda n, u: call("cosh", u)),
    "sqrt": _chain(lambda n, u: div(ONE, mul(TWO, n))),
    "tan": _chain(lambda n, u: add(ONE, power(n, TWO))),
    "tanh": _chain(lambda n, u: _one_minus_square(n)),
    "where": _where,
}


def _diff_binary(node: Binary, da: Expr, db: Expr) -> Expr:
    a, b, op = node.left, node.right, node.op
    if op in COMPARISONS:
        return ZERO
    if op == "+":
        return add(da, db)
    if op == "-":
        return sub(da, db)
    if op == "*":
        return add(mul(da, b), mul(a, db))
    if op == "/":
        return div(sub(mul(da, b), mul(a, db)), power(b, TWO))
    if op == "%":
        return sub(da, mul(call("floor", div(a, b)), db))
    # op == "**"
    if is_const(db, 0.0):
        return mul(mul(b, power(a, sub(b, ONE))), da)
    if is_const(da, 0.0):
        return mul(mul(node, call("log", a)), db)
    return mul(node, add(mul(db, call("log", a)), div(mul(b, da), a)))


def diff(tree: Expr, var: str) -> Expr:
    """Return the symbolic partial derivative of ``tree`` with respect to ``var``.

    Recursion depth is bounded by the depth of ``tree``; shared sub-trees are
    differentiated once.
    """
    memo: dict[int, Expr] = {}
    keep: list[Expr] = []  # keeps ids in ``memo`` valid

    def d(node: Expr) -> Expr:
        key = id(node)
        cached = memo.get(key)
        if cached is not None:
            return cached
        result: Expr
        if isinstance(node, Const):
            result = ZERO
        elif isinstance(node, Var):
            result = ONE if node.name == var else ZERO
        elif isinstance(node, Unary):
            result = make_neg(d(node.operand))
        elif isinstance(node, Binary):
            result = _diff_binary(node, d(node.left), d(node.right))
        else:
            dargs = tuple(d(arg) for arg in node.args)
            if all(is_const(da, 0.0) for da in dargs):
                result = ZERO
            else:
                result = _RULES[node.func](node, node.args, dargs)
        memo[key] = result
        keep.append(node)
        return result

    return d(tree)
