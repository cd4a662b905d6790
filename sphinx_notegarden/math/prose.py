r"""A ``$`` that swallows prose: inline math that reads like a sentence.

``It costs $5 and the fee is $2.`` pairs the two dollars and typesets ``5 and the fee
is `` as math: MathJax renders it (in italics, without spaces), so only a heuristic
can tell. Inline math whose text, outside ``\text{...}``-like arguments and macro
names, holds three or more different words of three or more letters written as prose
writes them (lower case, or a capital and lower case) is reported. Variables and
operators written out in letters are not prose: ``Var(X+X)=4Var(X)`` repeats one
word, ``xRy, yRz`` mixes cases inside a word, ``ABC`` is all capitals, and ``sin``,
``max``, ``det``... are function names written without their backslash. Words joined by
arrows (``$Backlog → Ready → Done$``, ``\to``, ``\Rightarrow``), relations (``=``,
``<``, ``>``), sub- and superscripts or TeX commands (``$Resp = Sign(chal)$``,
``$exec: Com \times Store$``) are written as math on purpose: prose between two
dollars paired by mistake holds none of them.
"""

from __future__ import annotations

import re

from .checker import MathProblem

_TEXTLIKE = re.compile(
    r"\\(?:text\w*|math(?:rm|it|sf|tt|bf|cal|frak|scr|bb|normal)|operatorname\*?|mbox|hbox|"
    r"fbox|label|tag\*?|ref|eqref|href|color|textcolor|colorbox|ce|pu|unicode|begin|end|"
    r"enclose|bbox|class|style|cssId|require|verb)\s*(?:\[[^\]]*\])?\s*\{[^{}]*\}"
)
_CONTROL_WORD = re.compile(r"\\[A-Za-z]+")
#: A relation, a sub- or superscript, or a TeX command (text-like ones removed first).
_MATH_SIGN = re.compile(r"[=<>^_]|\\[A-Za-z]+")
#: An arrow, as a character (Unicode's arrow blocks) or a TeX command.
_ARROW = re.compile(
    r"[\u2190-\u21ff\u27f0-\u27ff\u2900-\u297f]"
    r"|\\(?:to|gets|mapsto|implies|impliedby|iff|[a-zA-Z]*(?:arrow|harpoon)[a-z]*)(?![A-Za-z])"
)
_WORD = re.compile(r"(?<![A-Za-z])(?:[A-Z][a-z]{2,}|[a-z]{3,})(?![A-Za-z])")
MIN_WORDS = 3
#: Function names that math written without backslashes spells out.
MATH_NAMES = frozenset(
    [
        "sin",
        "cos",
        "tan",
        "cot",
        "sec",
        "csc",
        "sinh",
        "cosh",
        "tanh",
        "arcsin",
        "arccos",
        "arctan",
        "log",
        "exp",
        "lim",
        "max",
        "min",
        "sup",
        "inf",
        "det",
        "dim",
        "ker",
        "deg",
        "gcd",
        "lcm",
        "mod",
        "arg",
        "var",
        "cov",
        "span",
        "rank",
        "tr",
        "id",
    ]
)


def swallowed_dollar(tex: str) -> list[MathProblem]:
    """Return a ``swallowed`` problem when inline math *tex* reads like prose."""
    stripped = tex
    while True:
        shorter = _TEXTLIKE.sub(" ", stripped)
        if shorter == stripped:
            break
        stripped = shorter
    words = _WORD.findall(_CONTROL_WORD.sub(" ", stripped))
    distinct = {word.lower() for word in words} - MATH_NAMES
    if len(distinct) < MIN_WORDS or _ARROW.search(tex) or _MATH_SIGN.search(stripped):
        return []
    quoted = " ".join(words[:4])
    return [
        MathProblem(
            "swallowed",
            f"the math reads like prose ({quoted!r}): a $ probably paired with the wrong $ "
            "(write a literal dollar as \\$)",
        )
    ]
