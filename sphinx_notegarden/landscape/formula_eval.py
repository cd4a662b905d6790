"""Compile expression trees into numpy closures.

A tree (or several trees sharing sub-expressions, such as the two components
of a gradient) is flattened into a straight-line program of numpy ufunc calls.
Structurally identical sub-expressions are computed once.  Evaluation is a plain
loop, so deep trees cannot exhaust the Python stack, and it runs under
``np.errstate(all="ignore")``: overflow gives ``inf`` and invalid operations
give ``nan`` rather than exceptions.  No Python code is ever generated.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from .formula_tree import (
    BINARY_OPS,
    FUNCTIONS,
    VARIABLES,
    Binary,
    Const,
    Expr,
    FloatArray,
    Impl,
    Unary,
    Var,
    iter_nodes,
)

Evaluator = Callable[..., FloatArray]
MultiEvaluator = Callable[..., tuple[FloatArray, ...]]
ScalarEvaluator = Callable[[float, float, float], tuple[float, ...]]

_Key = tuple[Any, ...]


def _scalar_compare(op: Impl) -> Impl:
    def impl(a: Any, b: Any) -> Any:
        return np.float64(op(a, b))

    return impl


SCALAR_BINARY_OPS: dict[str, Impl] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
    "**": operator.pow,
    "%": operator.mod,
    "<": _scalar_compare(operator.lt),
    "<=": _scalar_compare(operator.le),
    ">": _scalar_compare(operator.gt),
    ">=": _scalar_compare(operator.ge),
    "==": _scalar_compare(operator.eq),
    "!=": _scalar_compare(operator.ne),
}
"""The same operators for numpy float64 scalars (numpy semantics, no Python exceptions)."""


class _Program:
    """A straight-line program: registers 0-2 hold x, y, t, then constants, then results."""

    def __init__(self, trees: Sequence[Expr]) -> None:
        self.constants: list[float] = []
        self.ops: list[tuple[Impl, tuple[int, ...]]] = []
        self.scalar_impls: list[Impl] = []
        self.outputs: list[int] = []
        slots: dict[int, int] = {}
        interned: dict[_Key, int] = {}
        for tree in trees:
            for node in iter_nodes(tree):
                if id(node) in slots:
                    continue
                key = self._key(node, slots)
                if key not in interned:
                    interned[key] = self._allocate(node, key)
                slots[id(node)] = interned[key]
            self.outputs.append(slots[id(tree)])
        # Constants live in registers after x, y, t; op results follow them.
        offset = len(VARIABLES) + len(self.constants)
        self.ops = [
            (impl, tuple(s if s >= 0 else offset + (-s - 1) for s in args))
            for impl, args in self.ops
        ]
        self.outputs = [s if s >= 0 else offset + (-s - 1) for s in self.outputs]
        self.scalar_ops = [
            (f, args) for f, (_, args) in zip(self.scalar_impls, self.ops, strict=True)
        ]
        self.scalar_constants = [np.float64(c) for c in self.constants]

    @staticmethod
    def _key(node: Expr, slots: dict[int, int]) -> _Key:
        if isinstance(node, Const):
            return ("c", node.value, repr(node.value))
        if isinstance(node, Var):
            return ("v", node.name)
        if isinstance(node, Unary):
            return ("u", node.op, slots[id(node.operand)])
        if isinstance(node, Binary):
            return ("b", node.op, slots[id(node.left)], slots[id(node.right)])
        return ("f", node.func, *(slots[id(arg)] for arg in node.args))

    def _allocate(self, node: Expr, key: _Key) -> int:
        """Return the register of ``node``: >= 0 for inputs/constants, < 0 for op results."""
        if isinstance(node, Var):
            return VARIABLES.index(node.name)
        if isinstance(node, Const):
            self.constants.append(node.value)
            return len(VARIABLES) + len(self.constants) - 1
        impl: Impl
        if isinstance(node, Unary):
            impl, scalar = np.negative, operator.neg
        elif isinstance(node, Binary):
            impl, scalar = BINARY_OPS[node.op], SCALAR_BINARY_OPS[node.op]
        else:
            impl = scalar = FUNCTIONS[node.func][1]
        self.ops.append((impl, tuple(int(s) for s in key[2:])))
        self.scalar_impls.append(scalar)
        return -len(self.ops)

    def run(self, x: ArrayLike, y: ArrayLike, t: ArrayLike) -> tuple[FloatArray, ...]:
        xa = np.asarray(x, dtype=np.float64)
        ya = np.asarray(y, dtype=np.float64)
        ta = np.asarray(t, dtype=np.float64)
        shape = np.broadcast_shapes(xa.shape, ya.shape)
        registers: list[Any] = [xa, ya, ta]
        registers.extend(np.float64(c) for c in self.constants)
        with np.errstate(all="ignore"):
            for impl, args in self.ops:
                registers.append(impl(*[registers[i] for i in args]))
        results: list[FloatArray] = []
        for slot in self.outputs:
            value = np.asarray(registers[slot], dtype=np.float64)
            if value.shape != shape:
                target = np.broadcast_shapes(value.shape, shape)
                value = np.array(np.broadcast_to(value, target), dtype=np.float64)
            results.append(value)
        return tuple(results)

    def run_scalar(self, x: float, y: float, t: float) -> tuple[float, ...]:
        """Evaluate at one point with numpy scalars (several times faster than 0-d arrays)."""
        registers: list[Any] = [np.float64(x), np.float64(y), np.float64(t)]
        registers.extend(self.scalar_constants)
        with np.errstate(all="ignore"):
            for impl, args in self.scalar_ops:
                registers.append(impl(*[registers[i] for i in args]))
        return tuple(float(registers[slot]) for slot in self.outputs)


def compile_scalar(trees: Sequence[Expr]) -> ScalarEvaluator:
    """Compile trees into ``f(x, y, t) -> tuple of floats`` for single points.

    Same results as :func:`compile_many` (float64 arithmetic, overflow gives
    ``inf``, invalid operations ``nan``), with less per-call overhead.
    """
    return _Program(trees).run_scalar


def compile_many(trees: Sequence[Expr]) -> MultiEvaluator:
    """Compile several trees into one evaluator ``f(x, y, t=0.0) -> tuple of arrays``.

    Common sub-expressions between the trees are evaluated once.
    """
    program = _Program(trees)

    def evaluate(x: ArrayLike, y: ArrayLike, t: ArrayLike = 0.0) -> tuple[FloatArray, ...]:
        return program.run(x, y, t)

    return evaluate


def compile_expr(tree: Expr) -> Evaluator:
    """Compile ``tree`` into ``f(x, y, t=0.0) -> ndarray``.

    The result is a float64 array broadcast to the common shape of ``x`` and
    ``y`` (constant formulas are broadcast too).
    """
    program = _Program([tree])

    def evaluate(x: ArrayLike, y: ArrayLike, t: ArrayLike = 0.0) -> FloatArray:
        return program.run(x, y, t)[0]

    return evaluate
