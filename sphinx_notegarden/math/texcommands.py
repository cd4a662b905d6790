r"""The TeX commands with rules of their own, as MathJax 3 applies them.

:func:`control_sequence` dispatches ``\name``: a site or page macro is expanded; a
command with a handler (environments, ``\left``/``\right``, ``\\``, ``\tag`` and
``\label`` in :mod:`.texstructure`; definitions and special readers in :mod:`.texdefs`)
follows MathJax's rule for it; any other MathJax macro reads its arguments as its
:class:`MacroSpec` says; anything else is undefined (MathJax draws it as red source text).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass

from . import tex_rules as rules
from . import texdefs, texstructure
from .macroset import MacroDef
from .tex_tables import MOVESUPSUB, OPERATORS, SCRIPT_REFUSED
from .texparse import Frame, Parser
from .texreader import substitute

Handler = Callable[[Parser, str, int], None]
_UNICODE = re.compile(r"\s*(x[0-9a-f]+|[0-9]+)\s*", re.IGNORECASE)
_X_ARROW = re.compile(r"x[A-Za-z]*(arrows?|harpoons?|harpoon(up|down)|mapsto|longequal|tofrom)")


@dataclass(frozen=True, slots=True)
class MacroSpec:
    """How a MathJax macro reads its input and what it leaves behind, from the tables."""

    nargs: int
    kinds: str
    optional: str
    dimension: bool
    array: str
    refused_as_script: bool
    style: bool
    no_atom: bool
    op: bool
    movesupsub: bool
    simple: bool  # reads nothing and just makes one atom (like \alpha)


_SPECS: dict[tuple[str, int], MacroSpec] = {}


def macro_spec(name: str, nargs: int) -> MacroSpec:
    r"""Return (and remember) the spec of MathJax's ``\name`` with *nargs* arguments."""
    spec = _SPECS.get((name, nargs))
    if spec is None:
        spec = _SPECS[name, nargs] = MacroSpec(
            nargs=rules.NARGS.get(name, nargs),
            kinds=rules.ARG_KINDS.get(name, ""),
            optional=rules.OPTIONAL.get(name) or ("m" if _X_ARROW.fullmatch(name) else ""),
            dimension=name in rules.DIMENSION,
            array=rules.ARRAY_MACROS.get(name, ""),
            refused_as_script=name in SCRIPT_REFUSED,
            style=name in rules.STYLE,
            no_atom=name in rules.NO_ATOM,
            op=name in OPERATORS,
            movesupsub=name in MOVESUPSUB,
            simple=False,
        )
        simple = not (spec.nargs or spec.optional or spec.dimension or spec.style or spec.no_atom)
        spec = _SPECS[name, nargs] = dataclasses.replace(spec, simple=simple)
    return spec


def control_sequence(p: Parser, start: int) -> None:
    """Handle the control sequence whose backslash is at *start*."""
    name = p.get_cs()
    ctx = p.ctx
    macro = (ctx.defined.get(name) if ctx.defined else None) or ctx.site.get(name)
    if macro is not None:
        expand_macro(p, macro, start)
        return
    nargs = ctx.table.get(name)
    if nargs is None:
        nargs = ctx.builtin(name)
        if nargs is None:
            ctx.undefined.append((name, p.where(start)))
            p.produce()
            return
    handler = HANDLERS.get(name)
    if handler is not None:
        handler(p, name, start)
        return
    spec = _SPECS.get((name, nargs)) or macro_spec(name, nargs)
    if spec.refused_as_script:
        p.no_pending()
    if spec.simple:
        p.produce(spec.op, spec.movesupsub)
    else:
        generic(p, name, spec)


def generic(p: Parser, name: str, spec: MacroSpec) -> None:
    """Read a MathJax macro's arguments as its spec says, and check the math ones."""
    if spec.optional:
        at = p.where()
        arg = p.get_brackets(name)
        if arg is not None and spec.optional == "m":
            p.parse_math(arg, at)
        elif arg is not None and name == "bbox":
            texdefs.check_bbox(p, arg)
    if spec.dimension:
        p.get_dimen(name)
    kinds = spec.kinds
    empty_text = bool(kinds) and set(kinds) == {"t"}
    for k in range(spec.nargs):
        arg, at = p.get_argument(name)
        if name == "sqrt" and arg == "\\frac":  # MathJax reads \sqrt\frac12 as \sqrt{\frac12}
            arg = f"\\frac{{{p.get_argument(name)[0]}}}{{{p.get_argument(name)[0]}}}"
        if name in ("ce", "pu") and arg.startswith("\\"):  # mhchem wants its formula in braces
            p.fail("ExtraCloseMissingOpen", "Extra close brace or missing open brace")
        kind = kinds[k] if k < len(kinds) else "m"
        if name == "unicode" and not _UNICODE.fullmatch(arg):
            p.fail("BadUnicode", "Argument to \\unicode must be a number")
        if kind == "m":
            p.parse_math(arg, at, Frame("start", flags=spec.array) if spec.array else None)
        elif kind == "t":
            p.parse_text(arg, at)
            empty_text = empty_text and not arg
    if empty_text:  # \text{} makes nothing: no base, no script filled
        return
    if spec.style:
        p.top.last = None
    elif not spec.no_atom:
        p.produce(spec.op, spec.movesupsub)


def expand_macro(p: Parser, macro: MacroDef, start: int) -> None:
    """Expand a site or page macro in place, as MathJax substitutes it."""
    name = macro.name
    if macro.kind == "template":  # a \def with delimited parameters: not modelled
        p.produce()
        return
    if macro.kind == "paired":
        p.get_star()
        p.get_brackets(name)
        for _ in range(macro.nargs):
            arg, at = p.get_argument(name)
            p.parse_math(arg, at)
        p.produce()
        return
    args: list[str] = []
    if macro.nargs and macro.default is not None:
        optional = p.get_brackets(name)
        args.append(macro.default if optional is None else optional)
    while len(args) < macro.nargs:
        args.append(p.get_argument(name)[0])
    p.splice(substitute(p, macro.body, args) if macro.nargs else macro.body, start)


HANDLERS: dict[str, Handler] = {
    "begin": texstructure.begin,
    "end": texstructure.end,
    "left": texstructure.left,
    "right": texstructure.right,
    "middle": texstructure.middle,
    **dict.fromkeys(rules.DELIMITED - {"left", "right", "middle"}, texstructure.big),
    **dict.fromkeys(("\\", "cr", "newline"), texstructure.new_row),
    **dict.fromkeys(("hline", "hdashline"), texstructure.hline),
    **dict.fromkeys(("limits", "nolimits"), texstructure.limits),
    **dict.fromkeys(rules.INFIX, texstructure.infix),
    "tag": texstructure.tag,
    "label": texstructure.label,
    **dict.fromkeys(("newcommand", "renewcommand"), texdefs.newcommand),
    **dict.fromkeys(("newenvironment", "renewenvironment"), texdefs.newenvironment),
    "def": texdefs.define,
    "let": texdefs.let,
    "DeclareMathOperator": texdefs.declare_operator,
    **dict.fromkeys(
        [
            "DeclarePairedDelimiter",
            "DeclarePairedDelimiters",
            "DeclarePairedDelimiterX",
            "DeclarePairedDelimitersX",
            "DeclarePairedDelimiterXPP",
            "DeclarePairedDelimitersXPP",
        ],
        texdefs.paired_delimiter,
    ),
    "require": texdefs.require,
    "operatorname": texdefs.operatorname,
    "verb": texdefs.verb,
    "root": texdefs.root,
    "toggle": texdefs.toggle,
    "genfrac": texdefs.genfrac,
}
