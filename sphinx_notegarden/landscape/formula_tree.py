"""Expression trees for landscape formulas.

The node types (:class:`Const`, :class:`Var`, :class:`Unary`, :class:`Binary`,
:class:`Call`) are small frozen dataclasses.  Trees are built only by the
whitelisting parser in :mod:`.formula` and by symbolic differentiation in
:mod:`.formula_diff`; nothing here ever evaluates Python code.

The ``make_*`` constructors fold constants (with float64 numpy arithmetic, so
``9 ** 9 ** 9`` becomes ``inf`` instead of a huge Python integer) and, when
``simplify=True``, apply the light identities ``0*a = 0``, ``1*a = a``,
``a + 0 = a``, ``a - 0 = a``, ``a / 1 = a``, ``a ** 1 = a``, ``a ** 0 = 1`` and
``--a = a``.  The identities ignore the IEEE special cases (``0 * inf``), which
is the usual convention for symbolic derivatives.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Union

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
Impl = Callable[..., Any]

VARIABLES: tuple[str, ...] = ("x", "y", "t")
"""Variable names a formula may use."""

CONSTANTS: dict[str, float] = {"pi": math.pi, "e": math.e}
"""Named constants a formula may use."""


@dataclass(frozen=True)
class Const:
    """A float64 constant."""

    value: float


@dataclass(frozen=True)
class Var:
    """One of the variables ``x``, ``y`` or ``t``."""

    name: str


@dataclass(frozen=True)
class Unary:
    """Unary negation (the only unary operator kept in trees)."""

    op: str
    operand: Expr


@dataclass(frozen=True)
class Binary:
    """A binary arithmetic operator or a 0/1-valued comparison."""

    op: str
    left: Expr
    right: Expr


@dataclass(frozen=True)
class Call:
    """A call of a function from :data:`FUNCTIONS`."""

    func: str
    args: tuple[Expr, ...]


Expr = Union[Const, Var, Unary, Binary, Call]  # noqa: UP007 (runtime alias, Python 3.10)
"""Any expression tree node."""


def _compare(ufunc: Impl) -> Impl:
    def impl(a: Any, b: Any) -> Any:
        return np.asarray(ufunc(a, b), dtype=np.float64)

    return impl


def _where(cond: Any, a: Any, b: Any) -> Any:
    return np.where(np.not_equal(cond, 0.0), a, b)


BINARY_OPS: dict[str, Impl] = {
    "+": np.add,
    "-": np.subtract,
    "*": np.multiply,
    "/": np.true_divide,
    "**": np.power,
    "%": np.mod,
    "<": _compare(np.less),
    "<=": _compare(np.less_equal),
    ">": _compare(np.greater),
    ">=": _compare(np.greater_equal),
    "==": _compare(np.equal),
    "!=": _compare(np.not_equal),
}
"""Binary operators and their numpy implementations (comparisons give 0.0/1.0)."""


COMPARISONS: frozenset[str] = frozenset({"<", "<=", ">", ">=", "==", "!="})
"""The comparison operators (0/1-valued, derivative zero)."""

FUNCTIONS: dict[str, tuple[int, Impl]] = {
    "abs": (1, np.abs),
    "arccos": (1, np.arccos),
    "arcsin": (1, np.arcsin),
    "arctan": (1, np.arctan),
    "arctan2": (2, np.arctan2),
    "ceil": (1, np.ceil),
    "cos": (1, np.cos),
    "cosh": (1, np.cosh),
    "exp": (1, np.exp),
    "expm1": (1, np.expm1),
    "floor": (1, np.floor),
    "hypot": (2, np.hypot),
    "log": (1, np.log),
    "log1p": (1, np.log1p),
    "maximum": (2, np.maximum),
    "minimum": (2, np.minimum),
    "sign": (1, np.sign),
    "sin": (1, np.sin),
    "sinh": (1, np.sinh),
    "sqrt": (1, np.sqrt),
    "tan": (1, np.tan),
    "tanh": (1, np.tanh),
    "where": (3, _where),
}
"""The fixed function table: name -> (number of arguments, numpy implementation)."""

ALIASES: dict[str, str] = {
    "acos": "arccos",
    "asin": "arcsin",
    "atan": "arctan",
    "atan2": "arctan2",
    "ln": "log",
    "max": "maximum",
    "min": "minimum",
}
"""Alternative spellings accepted by the parser, mapped to their canonical name."""

ZERO = Const(0.0)
ONE = Const(1.0)


def _fold(impl: Impl, *values: float) -> Const:
    with np.errstate(all="ignore"):
        result = impl(*(np.float64(v) for v in values))
    return Const(float(result))


def is_const(node: Expr, value: float | None = None) -> bool:
    """Tell whether ``node`` is a constant (equal to ``value`` when given)."""
    return isinstance(node, Const) and (value is None or node.value == value)


def make_neg(a: Expr) -> Expr:
    """Build ``-a`` with constant folding and ``--a = a``."""
    if isinstance(a, Const):
        return Const(-a.value)
    if isinstance(a, Unary) and a.op == "-":
        return a.operand
    return Unary("-", a)


def make_binary(op: str, a: Expr, b: Expr, simplify: bool = True) -> Expr:
    """Build ``a op b`` with constant folding and (optionally) light simplification."""
    if isinstance(a, Const) and isinstance(b, Const):
        return _fold(BINARY_OPS[op], a.value, b.value)
    if simplify:
        simplified = _simplify(op, a, b)
        if simplified is not None:
            return simplified
    return Binary(op, a, b)


def _simplify(op: str, a: Expr, b: Expr) -> Expr | None:
    if op == "+":
        if is_const(a, 0.0):
            return b
        if is_const(b, 0.0):
            return a
    elif op == "-":
        if is_const(b, 0.0):
            return a
        if is_const(a, 0.0):
            return make_neg(b)
    elif op == "*":
        if is_const(a, 0.0) or is_const(b, 0.0):
            return ZERO
        if is_const(a, 1.0):
            return b
        if is_const(b, 1.0):
            return a
        if is_const(a, -1.0):
            return make_neg(b)
        if is_const(b, -1.0):
            return make_neg(a)
    elif op == "/":
        if is_const(a, 0.0):
            return ZERO
        if is_const(b, 1.0):
            return a
    elif op == "**":
        if is_const(b, 0.0):
            return ONE
        if is_const(b, 1.0):
            return a
    return None


def make_call(func: str, args: tuple[Expr, ...], simplify: bool = True) -> Expr:
    """Build ``func(*args)`` with constant folding (and ``where(c, a, a) = a``)."""
    if all(isinstance(arg, Const) for arg in args):
        return _fold(FUNCTIONS[func][1], *(arg.value for arg in args if isinstance(arg, Const)))
    if simplify and func == "where":
        _, then, other = args
        if isinstance(then, Const) and isinstance(other, Const) and then.value == other.value:
            return then
    return Call(func, args)


def add(a: Expr, b: Expr) -> Expr:
    """Simplifying ``a + b``."""
    return make_binary("+", a, b)


def sub(a: Expr, b: Expr) -> Expr:
    """Simplifying ``a - b``."""
    return make_binary("-", a, b)


def mul(a: Expr, b: Expr) -> Expr:
    """Simplifying ``a * b``."""
    return make_binary("*", a, b)


def div(a: Expr, b: Expr) -> Expr:
    """Simplifying ``a / b``."""
    return make_binary("/", a, b)


def power(a: Expr, b: Expr) -> Expr:
    """Simplifying ``a ** b``."""
    return make_binary("**", a, b)


def call(func: str, *args: Expr) -> Expr:
    """Simplifying ``func(*args)``."""
    return make_call(func, args)


def children(node: Expr) -> tuple[Expr, ...]:
    """Return the direct sub-expressions of ``node``."""
    if isinstance(node, Unary):
        return (node.operand,)
    if isinstance(node, Binary):
        return (node.left, node.right)
    if isinstance(node, Call):
        return node.args
    return ()


def iter_nodes(tree: Expr) -> list[Expr]:
    """List the distinct nodes (by identity) of ``tree`` in post-order, iteratively."""
    seen: set[int] = set()
    order: list[Expr] = []
    stack: list[tuple[Expr, bool]] = [(tree, False)]
    while stack:
        node, expanded = stack.pop()
        if expanded:
            order.append(node)
            continue
        if id(node) in seen:
            continue
        seen.add(id(node))
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(children(node)))
    return order


def variables(tree: Expr) -> frozenset[str]:
    """Return the variable names used in ``tree``."""
    return frozenset(node.name for node in iter_nodes(tree) if isinstance(node, Var))


def format_number(value: float) -> str:
    """Spell a float constant so that it parses back (``inf`` as ``1e999``)."""
    if math.isnan(value):
        return "nan"
    text = "1e999" if math.isinf(value) else repr(float(abs(value)))
    return f"(-{text})" if value < 0 or math.copysign(1.0, value) < 0 else text


def canonical(tree: Expr) -> str:
    """Return a fully parenthesised normal form of ``tree``; used for cache keys.

    Parsing the canonical form of a parsed formula gives the same canonical form
    (except for ``nan`` constants, which cannot be written in a formula).
    """
    parts: dict[int, str] = {}
    for node in iter_nodes(tree):
        if isinstance(node, Const):
            text = format_number(node.value)
        elif isinstance(node, Var):
            text = node.name
        elif isinstance(node, Unary):
            text = f"(-{parts[id(node.operand)]})"
        elif isinstance(node, Binary):
            text = f"({parts[id(node.left)]} {node.op} {parts[id(node.right)]})"
        else:
            text = f"{node.func}({', '.join(parts[id(arg)] for arg in node.args)})"
        parts[id(node)] = text
    return parts[id(tree)]
