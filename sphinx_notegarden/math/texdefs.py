r"""TeX commands that define things or read their input their own way, as MathJax does.

Definitions (``\newcommand``, ``\renewcommand``, ``\def``, ``\let``,
``\DeclareMathOperator``, ``\newenvironment``, mathtools' paired delimiters) record
macros for the rest of the page; ``\require`` loads a package; ``\verb``, ``\root``,
``\toggle``, ``\genfrac``, ``\operatorname`` and ``\bbox`` options read their input in
their own way.
"""

from __future__ import annotations

import re

from .macroset import EnvDef, MacroDef
from .tex_tables import ENVIRONMENTS, MACROS, REQUIRE_REFUSED
from .texparse import Parser

_NAME = re.compile(r"(?:[^\n\r]|[a-z]+)", re.IGNORECASE)
_BBOX_PART = re.compile(
    r"\s*([-+]?(\.\d+|\d+(\.\d*)?)(pt|em|ex|mu|px|in|cm|mm)|[a-z0-9]+|#[0-9a-f]{6}|#[0-9a-f]{3}"
    r"|(style|border|padding|margin)\s*:.*)?\s*",
    re.IGNORECASE | re.DOTALL,
)


def _cs_name(p: Parser, name: str) -> str:
    text = p.get_argument(name)[0].strip()
    text = text[1:] if text.startswith("\\") else text
    if not _NAME.fullmatch(text):
        p.fail("IllegalControlSequenceName", f"Illegal control sequence name for \\{name}")
    return text


def _arg_count(p: Parser, name: str) -> int:
    count = p.get_brackets(name)
    if count and not count.strip().isdigit():
        p.fail("IllegalParamNumber", f"Illegal number of parameters specified in \\{name}")
    return int(count.strip()) if count else 0


def newcommand(p: Parser, name: str, start: int) -> None:
    r"""``\newcommand{\x}[n][default]{body}`` defines ``\x`` for the rest of the page."""
    cs = _cs_name(p, name)
    nargs = _arg_count(p, name)
    default = p.get_brackets(name)
    body = p.get_argument(name)[0]
    p.ctx.defined[cs] = MacroDef(cs, body, nargs, default)


def newenvironment(p: Parser, name: str, start: int) -> None:
    r"""``\newenvironment{name}[n][default]{begin}{end}``."""
    env = p.get_argument(name)[0].strip()
    nargs = _arg_count(p, name)
    default = p.get_brackets(name)
    begin_code = p.get_argument(name)[0]
    end_code = p.get_argument(name)[0]
    p.ctx.defined_envs[env] = EnvDef(env, begin_code, end_code, nargs, default)


def _cs_token(p: Parser, name: str) -> str:
    if p.peek() != "\\":
        p.fail("MissingCS", f"\\{name} must be followed by a control sequence")
    return p.get_argument(name)[0].strip()[1:]


def define(p: Parser, name: str, start: int) -> None:
    r"""``\def\x#1#2{body}``; a template with other tokens is accepted, not modelled."""
    cs = _cs_token(p, name)
    nparams, delimited = 0, False
    while (c := p.peek()) != "{":
        if not c:
            p.fail(
                "MissingReplacementString", f"Missing replacement string for definition of \\{name}"
            )
        if c == "#":
            digit = p.s[p.i + 1 : p.i + 2]
            if not digit or digit not in "123456789":
                p.fail("CantUseHash2", f"Illegal use of # in template for \\{cs}")
            if int(digit) != nparams + 1:
                p.fail("SequentialParam", f"Parameters for \\{cs} must be numbered sequentially")
            nparams += 1
            p.i += 2
        else:
            delimited = True
            p.i += 1
    body = p.get_argument(name)[0]
    p.ctx.defined[cs] = MacroDef(cs, body, nparams, None, "template" if delimited else "macro")


def let(p: Parser, name: str, start: int) -> None:
    r"""``\let\x\y`` or ``\let\x=y``."""
    cs = _cs_token(p, name)
    if p.peek() == "=":
        p.i += 1
    c = p.peek()
    p.i += 1
    if c != "\\":
        p.ctx.defined[cs] = MacroDef(cs, c)
        return
    target = p.get_cs()
    same = p.ctx.user_macro(target)
    if same is not None:
        p.ctx.defined[cs] = MacroDef(cs, same.body, same.nargs, same.default, same.kind)
    elif p.ctx.builtin(target) is not None:
        p.ctx.defined[cs] = MacroDef(cs, "\\" + target)
    else:  # MathJax undefines \cs: the site's own definition, if any, shows through again
        p.ctx.defined.pop(cs, None)


def declare_operator(p: Parser, name: str, start: int) -> None:
    r"""``\DeclareMathOperator{\x}{text}`` (``*``: limits below and above)."""
    star = "*" if p.get_star() else ""
    cs = p.get_argument(name)[0].strip().removeprefix("\\")
    body = p.get_argument(name)[0]
    p.ctx.defined[cs] = MacroDef(cs, f"\\operatorname{star}{{{body}}}")


def paired_delimiter(p: Parser, name: str, start: int) -> None:
    r"""Mathtools' ``\DeclarePairedDelimiter`` family defines ``\x*[size]{...}``."""
    cs = _cs_name(p, name)
    nargs = _arg_count(p, name) if "X" in name else 1
    for _ in range(5 if name.endswith("XPP") else 3 if "X" in name else 2):
        p.get_argument(name)
    p.ctx.defined[cs] = MacroDef(cs, "", nargs, None, "paired")


def require(p: Parser, name: str, start: int) -> None:
    r"""``\require{package}`` loads a MathJax package for the rest of the page."""
    package = p.get_argument(name)[0]
    if not re.fullmatch(r"[_a-zA-Z0-9]+", package):
        p.fail("BadPackageName", f"Argument for \\{name} is not a valid package name", start)
    if package in REQUIRE_REFUSED:
        p.fail("BadRequire", f'Extension "{package}" is not allowed to be loaded', start)
    if package not in MACROS and package not in ENVIRONMENTS:
        p.fail("UnknownPackage", f'MathJax has no package "{package}"', start)
    p.ctx.load(package)


# -- commands that read their input in a special way -----------------------------


def operatorname(p: Parser, name: str, start: int) -> None:
    r"""``\operatorname{...}`` and ``\operatorname*{...}``: an operator."""
    p.get_star()
    arg, at = p.get_argument(name)
    p.parse_math(arg, at)
    p.produce(op=True)


def verb(p: Parser, name: str, start: int) -> None:
    r"""``\verb|...|``: everything up to the next copy of the delimiter."""
    delimiter = p.peek()
    if not delimiter:
        p.fail("MissingArgFor", "Missing argument for \\verb")
    close = p.s.find(delimiter, p.i + 1)
    if close < 0:
        p.fail("NoClosingDelim", "Can't find closing delimiter for \\verb", start)
    p.i = close + 1
    p.produce()


def root(p: Parser, name: str, start: int) -> None:
    r"""``\root n \of x``."""
    p.skip_spaces()
    begin_at, depth = p.i, 0
    while p.i < len(p.s):
        here, c = p.i, p.s[p.i]
        p.i += 1
        if c == "\\":
            if p.get_cs() == "of" and depth == 0:
                p.parse_math(p.s[begin_at:here], p.where(begin_at))
                arg, at = p.get_argument(name)
                p.parse_math(arg, at)
                p.produce()
                return
        elif c == "{":
            depth += 1
        elif c == "}":
            if depth == 0:
                p.fail("ExtraCloseLooking", "Extra close brace while looking for \\of")
            depth -= 1
    p.fail("TokenNotFoundForCommand", "Could not find \\of for \\root", start)


def toggle(p: Parser, name: str, start: int) -> None:
    r"""``\toggle{a}{b}...\endtoggle``."""
    while True:
        arg, at = p.get_argument(name)
        if arg == "\\endtoggle":
            break
        p.parse_math(arg, at)
    p.produce()


def check_bbox(p: Parser, options: str) -> None:
    r"""Check ``\bbox[...]`` options: each a colour, a padding or a ``style:``-like part."""
    for part in options.split(","):
        if not _BBOX_PART.fullmatch(part):
            p.fail("InvalidBBoxProperty", f'"{part}" is not a color, a padding or a style')


def genfrac(p: Parser, name: str, start: int) -> None:
    r"""``\genfrac{left}{right}{thickness}{style}{num}{den}``."""
    for _ in range(2):
        delimiter = p.get_argument(name)[0].strip()
        if delimiter and not p.ctx.is_delimiter(delimiter):
            p.fail("MissingOrUnrecognizedDelim", f"Missing or unrecognized delimiter for \\{name}")
    p.get_argument(name)
    style = p.get_argument(name)[0]
    digits = re.match(r"\s*[-+]?\d+", style)
    if style and not (digits and 0 <= int(digits.group()) <= 3):
        p.fail("BadMathStyleFor", f"Bad math style for \\{name}")
    for _ in range(2):
        arg, at = p.get_argument(name)
        p.parse_math(arg, at)
    p.produce()
