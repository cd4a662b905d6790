"""Tests for the safe formula parser, evaluator and symbolic derivatives."""

from __future__ import annotations

import ast
import builtins
import math
import time
from collections.abc import Callable
from typing import Any
from unittest import mock

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sphinx_notegarden.landscape.formula import (
    MAX_DEPTH,
    MAX_LENGTH,
    MAX_NODES,
    Formula,
    FormulaError,
    compile_expr,
    diff,
    parse_expr,
)
from sphinx_notegarden.landscape.formula_tree import FUNCTIONS, Binary, Const, Var

X = np.linspace(-1.7, 1.9, 7)
Y = np.linspace(-0.8, 2.3, 7)

VALID: list[tuple[str, Callable[[Any, Any, Any], Any]]] = [
    ("x + y", lambda x, y, t: x + y),
    ("(1 - x)^2 + 100*(y - x^2)^2", lambda x, y, t: (1 - x) ** 2 + 100 * (y - x**2) ** 2),
    ("-x^2", lambda x, y, t: -(x**2)),
    ("2^3^2 + 0*x", lambda x, y, t: 512.0 + 0 * x),
    ("x**2 - y**2", lambda x, y, t: x**2 - y**2),
    ("x % 0.7 + +y", lambda x, y, t: np.mod(x, 0.7) + y),
    ("sin(x) * cos(y) + tan(x / 3)", lambda x, y, t: np.sin(x) * np.cos(y) + np.tan(x / 3)),
    (
        "exp(-x^2) + log(1 + y^2) + sqrt(abs(x))",
        lambda x, y, t: np.exp(-(x**2)) + np.log(1 + y**2) + np.sqrt(np.abs(x)),
    ),
    ("tanh(x) + sinh(y) + cosh(x*y)", lambda x, y, t: np.tanh(x) + np.sinh(y) + np.cosh(x * y)),
    (
        "arctan(x) + arcsin(x/2) + arccos(y/3)",
        lambda x, y, t: np.arctan(x) + np.arcsin(x / 2) + np.arccos(y / 3),
    ),
    (
        "atan(x) + ln(2 + y) + atan2(y, x)",
        lambda x, y, t: np.arctan(x) + np.log(2 + y) + np.arctan2(y, x),
    ),
    (
        "minimum(x, y) + maximum(x, y) + min(x, 0)",
        lambda x, y, t: np.minimum(x, y) + np.maximum(x, y) + np.minimum(x, 0),
    ),
    ("where(x < y, x, y^2)", lambda x, y, t: np.where(x < y, x, y**2)),
    (
        "(x >= 0) + (y != 1) - (x == y) + (x <= y) * (x > 1)",
        lambda x, y, t: 1.0 * (x >= 0) + (y != 1) - (x == y) + (x <= y) * (x > 1),
    ),
    ("sign(x) + floor(y) + ceil(x)", lambda x, y, t: np.sign(x) + np.floor(y) + np.ceil(x)),
    (
        "log1p(x^2) + expm1(y/4) + hypot(x, y)",
        lambda x, y, t: np.log1p(x**2) + np.expm1(y / 4) + np.hypot(x, y),
    ),
    ("pi * e * x", lambda x, y, t: math.pi * math.e * x),
    (
        "(x - cos(t))^2 + (y - sin(t))^2",
        lambda x, y, t: (x - np.cos(t)) ** 2 + (y - np.sin(t)) ** 2,
    ),
    ("x \u2212 y \u00d7 2 \u00f7 4", lambda x, y, t: x - y * 2 / 4),
    ("x +\n\ty", lambda x, y, t: x + y),
]


@pytest.mark.parametrize(("text", "reference"), VALID, ids=[v[0] for v in VALID])
def test_valid_formulas_match_numpy(text: str, reference: Callable[[Any, Any, Any], Any]) -> None:
    formula = Formula.parse(text)
    with np.errstate(all="ignore"):
        expected = np.broadcast_to(reference(X, Y, 0.7), X.shape)
    got = formula.value(X, Y, 0.7)
    assert got.shape == X.shape
    assert got.dtype == np.float64
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-12)


def test_constants_broadcast_and_scalars() -> None:
    grid = np.zeros((3, 4))
    assert Formula.parse("2 + 3").value(grid, grid).shape == (3, 4)
    assert Formula.parse("y").value(np.zeros(5), 1.0).shape == (5,)
    assert float(Formula.parse("x*y").value(2.0, 3.0)) == 6.0
    gx, gy = Formula.parse("7").gradient(grid, grid)
    assert gx.shape == gy.shape == (3, 4)
    assert Formula.parse("x").hessian(grid, grid).shape == (2, 2, 3, 4)


def test_caret_is_power_with_power_precedence() -> None:
    assert float(Formula.parse("2^3^2").value(0, 0)) == 512.0
    assert float(Formula.parse("-2^2").value(0, 0)) == -4.0
    assert Formula.parse("x^2").canonical == Formula.parse("x ** 2").canonical


def test_huge_constants_become_inf_quickly() -> None:
    start = time.perf_counter()
    assert math.isinf(float(Formula.parse("9**9**9").value(0, 0)))
    assert math.isinf(float(Formula.parse("9^9^9^9").value(0, 0)))
    assert math.isinf(float(Formula.parse("1e308*10").value(0, 0)))
    assert math.isinf(float(Formula.parse("1" + "0" * 400).value(0, 0)))
    assert math.isnan(float(Formula.parse("0 * 1e999 + x").value(0, 0)))
    assert time.perf_counter() - start < 1.0


def test_canonical_is_normalised_and_reparses() -> None:
    a = Formula.parse("  (1-x)^2 +100*( y - x^2 )^2 ")
    b = Formula.parse("(1 - x)**2 + 100*(y - x**2)**2")
    assert a.canonical == b.canonical
    assert Formula.parse(a.canonical).canonical == a.canonical
    assert Formula.parse("-x").canonical == Formula.parse(Formula.parse("-x").canonical).canonical
    assert Formula.parse("x").canonical != Formula.parse("y").canonical


def test_uses_time() -> None:
    assert Formula.parse("x + t").uses_time
    assert not Formula.parse("x + y").uses_time
    assert Formula.parse("x").text == "x"


HOSTILE = [
    ("__import__('os')", "unknown function '__import__'"),
    ("().__class__", "attribute access is not allowed"),
    ("().__class__.__bases__[0].__subclasses__()", "not allowed"),
    ("open('x')", "unknown function 'open' (allowed: abs, arccos"),
    ("exec('1')", "unknown function 'exec'"),
    ("eval", "unknown name 'eval' (allowed: x, y, t, pi, e)"),
    ("os", "unknown name 'os' (allowed: x, y, t, pi, e)"),
    ("lambda: 1", "lambda expressions are not allowed"),
    ("[i for i in x]", "comprehensions are not allowed"),
    ("(i for i in x)", "comprehensions are not allowed"),
    ("{i: 1 for i in x}", "comprehensions are not allowed"),
    ("x.real", "attribute access is not allowed"),
    ("sin.__call__(x)", "attribute access is not allowed"),
    ("[1][0]", "not allowed"),
    ("x[0]", "subscripts (indexing) are not allowed"),
    ("f'{x}'", "strings are not allowed"),
    ("'abc'", "strings are not allowed"),
    ("b'abc'", "strings are not allowed"),
    ("x if y else 1", "use where(cond, a, b)"),
    ("x and y", "'and'/'or' are not allowed"),
    ("not x", "operator 'not' is not allowed"),
    ("~x", "operator '~' is not allowed"),
    ("x // y", "operator '//' is not allowed"),
    ("x @ y", "operator '@' is not allowed"),
    ("x << 2", "operator '<<' is not allowed"),
    ("x < y < 1", "chained comparisons"),
    ("x in y", "only the comparisons"),
    ("x is y", "only the comparisons"),
    ("(y := 2)", "assignment expressions are not allowed"),
    ("sin(x, y)", "sin() takes 1 argument (2 given)"),
    ("where(x, y)", "where() takes 3 arguments (2 given)"),
    ("sin(x=1)", "keyword arguments are not allowed"),
    ("sin(*x)", "not allowed"),
    ("(1)(y)", "only the named functions can be called"),
    ("sin", "function 'sin' must be called"),
    ("1j", "complex numbers are not allowed"),
    ("True", "'True' is not allowed"),
    ("None", "'None' is not allowed"),
    ("...", "'Ellipsis' is not allowed"),
    ("é + x", "unknown name 'é'"),
    ("x +", "invalid syntax"),
    ("import os", "invalid syntax"),
    ("x = 1", "invalid syntax"),
    ("x\x00", "invalid"),
    ("", "formula is empty"),
    ("   ", "formula is empty"),
    ("x ^^ 2", "invalid syntax"),
]


@pytest.mark.parametrize(("text", "fragment"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_and_invalid_inputs_are_rejected(text: str, fragment: str) -> None:
    with pytest.raises(FormulaError) as info:
        Formula.parse(text)
    assert fragment in str(info.value)
    assert isinstance(info.value, ValueError)


def test_error_columns_point_into_the_original_text() -> None:
    with pytest.raises(FormulaError) as info:
        Formula.parse("x^2 + open(1)")
    assert info.value.column == 6
    assert str(info.value).startswith("column 7: unknown function 'open'")
    with pytest.raises(FormulaError) as info:
        Formula.parse("é^2 + éé")  # multi-byte characters before the error
    assert info.value.column == 0
    with pytest.raises(FormulaError) as info:
        Formula.parse("x^2 + y.real")
    assert info.value.column == 6


def _balanced_sum(term: str, count: int) -> str:
    if count == 1:
        return term
    half = count // 2
    return f"({_balanced_sum(term, half)} + {_balanced_sum(term, count - half)})"


def test_size_limits() -> None:
    with pytest.raises(FormulaError, match=r"too long \(2001 characters, at most 2000\)"):
        Formula.parse("x" * (MAX_LENGTH + 1))
    with pytest.raises(FormulaError, match="nested too deeply"):
        Formula.parse("-" * 1999 + "x")
    with pytest.raises(FormulaError, match="nested too deeply"):
        Formula.parse("sin(" * 60 + "x" + ")" * 60)
    with pytest.raises(FormulaError, match="nested"):
        Formula.parse("(" * 300 + "x" + ")" * 300)
    with pytest.raises(FormulaError, match=f"more than {MAX_NODES} elements"):
        Formula.parse(_balanced_sum("x*y", 200))  # shallow but wide
    ok = "+".join(["x"] * (MAX_DEPTH - 1))
    assert float(Formula.parse(ok).value(1.0, 0.0)) == MAX_DEPTH - 1


def test_non_string_input() -> None:
    with pytest.raises(FormulaError, match="must be a string"):
        Formula.parse(3)  # type: ignore[arg-type]


def test_compile_expr_and_diff_on_trees() -> None:
    tree = parse_expr("x*y + 3")
    f = compile_expr(tree)
    assert f(np.ones(3), 2.0).tolist() == [5.0, 5.0, 5.0]
    assert diff(Binary("*", Const(0.0), Var("x")), "x") == Const(0.0)
    assert diff(parse_expr("x + 0*y"), "x") == Const(1.0)
    assert diff(parse_expr("3*x"), "x") == Const(3.0)
    assert diff(parse_expr("y"), "x") == Const(0.0)


def _central_gradient(f: Formula, x: float, y: float, h: float = 1e-6) -> tuple[float, float]:
    gx = (float(f.value(x + h, y)) - float(f.value(x - h, y))) / (2 * h)
    gy = (float(f.value(x, y + h)) - float(f.value(x, y - h))) / (2 * h)
    return gx, gy


GRADIENT_CASES = [text for text, _ in VALID if "where" not in text and "(x >=" not in text]
GRADIENT_CASES = [c for c in GRADIENT_CASES if "sign" not in c and "%" not in c]


@pytest.mark.parametrize("text", GRADIENT_CASES)
def test_gradients_and_hessians_match_finite_differences(text: str) -> None:
    f = Formula.parse(text)
    for x, y in [(0.31, 0.42), (-0.67, 1.13), (1.21, -0.37)]:
        gx, gy = f.gradient(x, y)
        ngx, ngy = _central_gradient(f, x, y)
        assert float(gx) == pytest.approx(ngx, rel=1e-5, abs=1e-5)
        assert float(gy) == pytest.approx(ngy, rel=1e-5, abs=1e-5)
        h = 1e-5
        hess = f.hessian(x, y)
        gxp, gyp = f.gradient(x + h, y)
        gxm, gym = f.gradient(x - h, y)
        assert float(hess[0, 0]) == pytest.approx((gxp - gxm) / (2 * h), rel=1e-4, abs=1e-4)
        assert float(hess[1, 0]) == pytest.approx((gyp - gym) / (2 * h), rel=1e-4, abs=1e-4)
        assert float(hess[0, 1]) == float(hess[1, 0])


def test_piecewise_derivatives_are_documented_values() -> None:
    assert float(Formula.parse("abs(x)").gradient(-2.0, 0)[0]) == -1.0
    assert float(Formula.parse("floor(x) + sign(y)").gradient(0.5, 0.5)[0]) == 0.0
    assert float(Formula.parse("where(x > 0, x^2, -x)").gradient(2.0, 0)[0]) == 4.0
    assert float(Formula.parse("where(x > 0, x^2, -x)").gradient(-2.0, 0)[0]) == -1.0
    assert float(Formula.parse("minimum(x, 2*x)").gradient(1.0, 0)[0]) == 1.0
    assert float(Formula.parse("maximum(x, 2*x)").gradient(1.0, 0)[0]) == 2.0
    assert float(Formula.parse("x % 1").gradient(3.3, 0)[0]) == 1.0
    assert float(Formula.parse("x ^ y").gradient(2.0, 3.0)[1]) == pytest.approx(8 * math.log(2))


def test_every_function_has_a_derivative_rule() -> None:
    for name, (arity, _) in FUNCTIONS.items():
        args = ", ".join(["x * 0.3 + 0.1", "y * 0.2 + 0.4", "x"][:arity])
        if name == "where":
            args = "x > 0, x^2, y"
        f = Formula.parse(f"{name}({args})")
        gx, gy = f.gradient(0.5, 0.25)
        assert np.isfinite(gx) and np.isfinite(gy), name
        assert f.hessian(0.5, 0.25).shape == (2, 2)


# Random smooth formulas for gradient checks.
_SMOOTH_UNARY = ["sin", "cos", "tanh", "arctan"]
_leaf = st.sampled_from(["x", "y", "0.5", "1.3", "(x*y)"])


def _extend(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    unary = st.builds(lambda f, a: f"{f}({a})", st.sampled_from(_SMOOTH_UNARY), children)
    binary = st.builds(
        lambda a, op, b: f"({a} {op} {b})", children, st.sampled_from(["+", "-", "*"]), children
    )
    special = st.builds(lambda a: f"log(1 + ({a})^2)", children) | st.builds(
        lambda a: f"sqrt(2 + sin({a}))", children
    )
    return unary | binary | special


SMOOTH = st.recursive(_leaf, _extend, max_leaves=8)


@settings(max_examples=150, deadline=1000)
@given(text=SMOOTH, x=st.floats(-1.5, 1.5), y=st.floats(-1.5, 1.5))
def test_random_formula_gradients_match_central_differences(text: str, x: float, y: float) -> None:
    f = Formula.parse(text)
    gx, gy = f.gradient(x, y)
    ngx, ngy = _central_gradient(f, x, y, h=1e-6)
    assert float(gx) == pytest.approx(ngx, rel=1e-4, abs=1e-4)
    assert float(gy) == pytest.approx(ngy, rel=1e-4, abs=1e-4)


# Fuzzing: arbitrary text and token soup.
_TOKENS = [
    "x",
    "y",
    "t",
    "pi",
    "e",
    "1",
    "2.5",
    "1e308",
    "9",
    "+",
    "-",
    "*",
    "/",
    "**",
    "^",
    "%",
    "(",
    ")",
    ",",
    "<",
    "==",
    "sin",
    "exp",
    "log",
    "where",
    "sqrt",
    "minimum",
    "abs",
    " ",
    "__import__",
    "os",
    ".",
    "[",
    "]",
    "'",
    "lambda",
    ":",
    "for",
    "in",
    "if",
    "else",
    "=",
    "\u2212",
    "\x00",
    "é",
    "{",
    "}",
    "@",
    "~",
    "not",
    "and",
]
TOKEN_SOUP = st.lists(st.sampled_from(_TOKENS), max_size=60).map("".join)
_REAL_COMPILE = builtins.compile


def _forbidden(*args: object, **kwargs: object) -> None:
    raise AssertionError("code execution attempted")


def _ast_only_compile(
    source: Any, filename: Any, mode: Any, flags: int = 0, *a: Any, **k: Any
) -> Any:
    if not flags & ast.PyCF_ONLY_AST:
        raise AssertionError("compile() to bytecode attempted")
    return _REAL_COMPILE(source, filename, mode, flags, *a, **k)


@settings(max_examples=200, deadline=1000, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(st.text(max_size=300), TOKEN_SOUP, SMOOTH))
def test_fuzz_only_formula_errors_and_no_code_execution(text: str) -> None:
    grid = np.linspace(-2.0, 2.0, 5)
    with (
        mock.patch("builtins.eval", _forbidden),
        mock.patch("builtins.exec", _forbidden),
        mock.patch("builtins.compile", _ast_only_compile),
    ):
        try:
            formula = Formula.parse(text)
        except FormulaError:
            return
        values = formula.value(grid, grid[::-1], 0.5)
        gx, gy = formula.gradient(grid, grid, 0.5)
        hessian = formula.hessian(grid, grid)
    assert values.shape == gx.shape == gy.shape == (5,)
    assert hessian.shape == (2, 2, 5)


def test_monkeypatched_builtins_do_not_break_valid_parsing() -> None:
    with (
        mock.patch("builtins.eval", _forbidden),
        mock.patch("builtins.exec", _forbidden),
        mock.patch("builtins.compile", _ast_only_compile),
    ):
        assert float(Formula.parse("x^2 + y").value(2.0, 1.0)) == 5.0
