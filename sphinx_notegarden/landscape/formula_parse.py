"""The whitelisting parser behind :class:`~.formula.Formula` (grammar: see :mod:`.formula`).

:func:`parse_expr` checks the length, runs :func:`ast.parse` (syntax tree only,
never bytecode) and walks the tree with a whitelist of node types, building the
small expression tree of :mod:`.formula_tree`.  Every rejection is a
:class:`FormulaError` with a column offset when one is known.
"""

from __future__ import annotations

import ast
import math
import warnings

from .formula_tree import (
    ALIASES,
    COMPARISONS,
    CONSTANTS,
    FUNCTIONS,
    VARIABLES,
    Const,
    Expr,
    Var,
    make_binary,
    make_call,
    make_neg,
)

__all__ = ["MAX_DEPTH", "MAX_LENGTH", "MAX_NODES", "FormulaError", "parse_expr"]

MAX_LENGTH = 2000
"""Maximum formula length in characters."""
MAX_NODES = 500
"""Maximum number of syntax-tree nodes."""
MAX_DEPTH = 50
"""Maximum nesting depth."""

_ALLOWED_NAMES = ", ".join((*VARIABLES, *CONSTANTS))
_ALLOWED_FUNCTIONS = ", ".join(sorted(FUNCTIONS))
_TRANSLATE = str.maketrans({"\u2212": "-", "\u00d7": "*", "\u00f7": "/", "\t": " ", "\n": " "})
_TRANSLATE.update({ord("\r"): " ", ord("\f"): " ", ord("\v"): " "})

_BINOPS: dict[type[ast.operator], str] = {
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.Div: "/",
    ast.Pow: "**",
    ast.Mod: "%",
}
_BAD_BINOPS: dict[type[ast.operator], str] = {
    ast.FloorDiv: "//",
    ast.MatMult: "@",
    ast.LShift: "<<",
    ast.RShift: ">>",
    ast.BitOr: "|",
    ast.BitAnd: "&",
    ast.BitXor: "^",
}
_CMPOPS: dict[type[ast.cmpop], str] = {
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
    ast.Eq: "==",
    ast.NotEq: "!=",
}
_FORBIDDEN: dict[type[ast.AST], str] = {
    ast.Attribute: "attribute access is not allowed",
    ast.Subscript: "subscripts (indexing) are not allowed",
    ast.Lambda: "lambda expressions are not allowed",
    ast.ListComp: "comprehensions are not allowed",
    ast.SetComp: "comprehensions are not allowed",
    ast.DictComp: "comprehensions are not allowed",
    ast.GeneratorExp: "comprehensions are not allowed",
    ast.JoinedStr: "strings are not allowed",
    ast.List: "lists, tuples, sets and dicts are not allowed",
    ast.Tuple: "lists, tuples, sets and dicts are not allowed",
    ast.Set: "lists, tuples, sets and dicts are not allowed",
    ast.Dict: "lists, tuples, sets and dicts are not allowed",
    ast.IfExp: "conditional expressions are not allowed; use where(cond, a, b)",
    ast.BoolOp: "'and'/'or' are not allowed; use where(), minimum() or maximum()",
    ast.NamedExpr: "assignment expressions are not allowed",
    ast.Starred: "starred expressions are not allowed",
}


class FormulaError(ValueError):
    """An invalid or disallowed formula.

    ``message`` is the bare explanation and ``column`` the 0-based character
    offset in the original text when known; ``str()`` prefixes ``column N:``
    (1-based) to the message.
    """

    def __init__(self, message: str, column: int | None = None) -> None:
        self.message = message
        self.column = column
        super().__init__(message if column is None else f"column {column + 1}: {message}")


def _preprocess(text: str) -> tuple[str, list[int]]:
    """Normalise characters and replace ``^`` by ``**``; map new offsets to old ones."""
    translated = text.translate(_TRANSLATE)
    out: list[str] = []
    origin: list[int] = []
    indent = len(translated) - len(translated.lstrip(" "))  # Python rejects leading spaces
    for index, char in enumerate(translated[indent:], start=indent):
        if char == "^":
            out.append("**")
            origin.extend((index, index))
        else:
            out.append(char)
            origin.append(index)
    origin.append(len(text))
    return "".join(out), origin


class _Builder:
    """Walks a Python AST with a whitelist, producing an :data:`Expr`."""

    def __init__(self, source: str, origin: list[int]) -> None:
        self.source_bytes = source.encode("utf-8", errors="surrogatepass")
        self.origin = origin
        self.nodes = 0

    def column(self, node: ast.AST) -> int | None:
        offset = getattr(node, "col_offset", None)
        if not isinstance(offset, int):
            return None
        chars = len(self.source_bytes[:offset].decode("utf-8", errors="ignore"))
        return self.origin[min(chars, len(self.origin) - 1)]

    def fail(self, message: str, node: ast.AST) -> FormulaError:
        return FormulaError(message, self.column(node))

    def build(self, node: ast.AST, depth: int) -> Expr:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self.fail(f"formula is too complex (more than {MAX_NODES} elements)", node)
        if depth > MAX_DEPTH:
            raise self.fail(f"formula is nested too deeply (more than {MAX_DEPTH} levels)", node)
        if isinstance(node, ast.Constant):
            return self.constant(node)
        if isinstance(node, ast.Name):
            return self.name(node)
        if isinstance(node, ast.UnaryOp):
            operand = self.build(node.operand, depth + 1)
            if isinstance(node.op, ast.USub):
                return make_neg(operand)
            if isinstance(node.op, ast.UAdd):
                return operand
            symbol = "not" if isinstance(node.op, ast.Not) else "~"
            raise self.fail(f"operator '{symbol}' is not allowed", node)
        if isinstance(node, ast.BinOp):
            op = _BINOPS.get(type(node.op))
            if op is None:
                bad = _BAD_BINOPS.get(type(node.op), type(node.op).__name__)
                raise self.fail(f"operator '{bad}' is not allowed", node)
            left = self.build(node.left, depth + 1)
            return make_binary(op, left, self.build(node.right, depth + 1), simplify=False)
        if isinstance(node, ast.Compare):
            return self.compare(node, depth)
        if isinstance(node, ast.Call):
            return self.call(node, depth)
        message = _FORBIDDEN.get(type(node), f"unsupported syntax ({type(node).__name__})")
        raise self.fail(message, node)

    def constant(self, node: ast.Constant) -> Expr:
        value = node.value
        if isinstance(value, bool) or value is None or value is Ellipsis:
            raise self.fail(f"'{value}' is not allowed", node)
        if isinstance(value, int):
            try:
                return Const(float(value))
            except OverflowError:
                return Const(math.inf)
        if isinstance(value, float):
            return Const(value)
        if isinstance(value, complex):
            raise self.fail("complex numbers are not allowed", node)
        raise self.fail("strings are not allowed", node)

    def name(self, node: ast.Name) -> Expr:
        if node.id in VARIABLES:
            return Var(node.id)
        if node.id in CONSTANTS:
            return Const(CONSTANTS[node.id])
        if node.id in FUNCTIONS or node.id in ALIASES:
            raise self.fail(f"function '{node.id}' must be called, e.g. {node.id}(x)", node)
        raise self.fail(f"unknown name '{node.id}' (allowed: {_ALLOWED_NAMES})", node)

    def compare(self, node: ast.Compare, depth: int) -> Expr:
        if len(node.ops) != 1:
            raise self.fail("chained comparisons (a < b < c) are not allowed", node)
        op = _CMPOPS.get(type(node.ops[0]))
        if op is None or op not in COMPARISONS:
            raise self.fail("only the comparisons < <= > >= == != are allowed", node)
        left = self.build(node.left, depth + 1)
        return make_binary(op, left, self.build(node.comparators[0], depth + 1), simplify=False)

    def call(self, node: ast.Call, depth: int) -> Expr:
        if isinstance(node.func, ast.Attribute):
            raise self.fail("attribute access is not allowed", node.func)
        if not isinstance(node.func, ast.Name):
            raise self.fail("only the named functions can be called", node)
        name = ALIASES.get(node.func.id, node.func.id)
        if name not in FUNCTIONS:
            message = f"unknown function '{node.func.id}' (allowed: {_ALLOWED_FUNCTIONS})"
            raise self.fail(message, node)
        if node.keywords:
            raise self.fail("keyword arguments are not allowed", node)
        arity = FUNCTIONS[name][0]
        if len(node.args) != arity:
            plural = "s" if arity != 1 else ""
            message = f"{name}() takes {arity} argument{plural} ({len(node.args)} given)"
            raise self.fail(message, node)
        args = tuple(self.build(arg, depth + 1) for arg in node.args)
        return make_call(name, args, simplify=False)


def parse_expr(text: str) -> Expr:
    """Parse ``text`` into an expression tree, raising :class:`FormulaError`."""
    if not isinstance(text, str):
        raise FormulaError(f"formula must be a string, not {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise FormulaError(f"formula is too long ({len(text)} characters, at most {MAX_LENGTH})")
    if not text.strip():
        raise FormulaError("formula is empty")
    source, origin = _preprocess(text)
    try:
        with warnings.catch_warnings():  # e.g. SyntaxWarning for "1if": we report errors only
            warnings.simplefilter("ignore")
            module = ast.parse(source, mode="eval")
    except SyntaxError as exc:
        column = None
        if isinstance(exc.offset, int) and exc.offset >= 1:
            column = origin[min(exc.offset - 1, len(origin) - 1)]
        detail = "" if exc.msg in ("invalid syntax", "") else f" ({exc.msg})"
        raise FormulaError(f"invalid syntax{detail}", column) from None
    except (RecursionError, MemoryError):
        raise FormulaError("formula is nested too deeply") from None
    except (ValueError, OverflowError) as exc:
        raise FormulaError(f"invalid formula ({exc})") from None
    try:
        return _Builder(source, origin).build(module.body, 1)
    except RecursionError:
        raise FormulaError("formula is nested too deeply") from None
