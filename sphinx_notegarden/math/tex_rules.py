r"""How MathJax reads the arguments of its macros: facts its tables do not carry.

:mod:`.tex_tables` (generated from MathJax) says which macros exist and how many braced
arguments each demands. This module adds, by hand and checked against MathJax 3.2.2 by
the tests, what kind each argument is (math, text or raw), which macros take an optional
``[...]`` argument or a dimension, which read a delimiter, and which produce no atom of
their own (so that ``x^2 \label{a}`` still counts as one base with one superscript).
"""

from __future__ import annotations

#: Argument kinds per macro, one letter per required argument: ``m`` math (parsed and
#: checked), ``t`` text (only its ``$...$`` parts are math), ``r`` raw (not parsed).
#: Macros not listed here take math arguments.
ARG_KINDS: dict[str, str] = {
    **dict.fromkeys(
        [
            "text",
            "textrm",
            "textup",
            "textnormal",
            "textit",
            "textbf",
            "textsf",
            "texttt",
            "mbox",
            "hbox",
            "fbox",
            "framebox",
            "textclap",
            "textllap",
            "textrlap",
            "qqtext",
        ],
        "t",
    ),
    **dict.fromkeys(
        [
            "label",
            "ref",
            "eqref",
            "refeq",
            "require",
            "ce",
            "pu",
            "unicode",
            "hspace",
            "mspace",
            "rule",
            "Rule",
            "Space",
            "setOptions",
            "cellcolor",
            "rowcolor",
            "columncolor",
            "usetagform",
            "mathtoolsset",
            "verb",
        ],
        "r",
    ),
    "tag": "t",
    "color": "r",
    "textcolor": "rm",
    "colorbox": "rt",
    "fcolorbox": "rrt",
    "definecolor": "rrr",
    "href": "rm",
    "class": "rm",
    "style": "rm",
    "cssId": "rm",
    "mmlToken": "rr",
    "enclose": "rm",
    "genfrac": "rrrrmm",
    "skew": "rrm",
    "mathtip": "mt",
    "texttip": "mt",
    "newtagform": "rrr",
    "renewtagform": "rrr",
    "Newextarrow": "rrr",
}

#: Required argument counts MathJax's probes cannot measure (they read more than braces).
NARGS: dict[str, int] = {"genfrac": 6, "mathchoice": 4, "toggle": 0}

#: Macros with an optional ``[...]`` argument right after the name (or after the star),
#: and the kind of that argument.
OPTIONAL: dict[str, str] = {
    "sqrt": "m",
    "cfrac": "r",
    "bbox": "r",
    "smash": "r",
    "unicode": "r",
    "color": "r",
    "textcolor": "r",
    "colorbox": "r",
    "fcolorbox": "r",
    "mathmakebox": "r",
    "mathmbox": "r",
    "multlined": "r",
}

#: Macros whose (only) argument is a dimension such as ``1em`` or ``{2pt}``.
DIMENSION: frozenset[str] = frozenset(
    [
        "kern",
        "mkern",
        "mskip",
        "hskip",
        "hspace",
        "mspace",
        "raise",
        "lower",
        "moveleft",
        "moveright",
    ]
)

#: Macros followed by a delimiter; ``left`` and ``right`` also open and close a group.
DELIMITED: frozenset[str] = frozenset(
    [
        "left",
        "right",
        "middle",
        "big",
        "Big",
        "bigg",
        "Bigg",
        "bigl",
        "Bigl",
        "biggl",
        "Biggl",
        "bigr",
        "Bigr",
        "biggr",
        "Biggr",
        "bigm",
        "Bigm",
        "biggm",
        "Biggm",
    ]
)

#: Macros that record something or change the font, and leave the current base as it is
#: (so ``x^2 \\label{a}^3`` is still a double exponent).
NO_ATOM: frozenset[str] = frozenset(
    [
        "label",
        "nonumber",
        "notag",
        "tag",
        "require",
        "limits",
        "nolimits",
        "nonscript",
        "newcommand",
        "renewcommand",
        "newenvironment",
        "renewenvironment",
        "def",
        "let",
        "DeclareMathOperator",
        "rm",
        "it",
        "bf",
        "cal",
        "sf",
        "tt",
        "mit",
        "oldstyle",
        "scr",
        "frak",
        "bbFont",
    ]
)

#: Macros that start a style for the rest of the group: no base for a following ``^``.
STYLE: frozenset[str] = frozenset(
    [
        "displaystyle",
        "textstyle",
        "scriptstyle",
        "scriptscriptstyle",
        "tiny",
        "Tiny",
        "scriptsize",
        "small",
        "normalsize",
        "large",
        "Large",
        "LARGE",
        "huge",
        "Huge",
        "color",
    ]
)

#: Plain-TeX macros whose argument is an array body (``&`` and ``\\cr`` allowed in it);
#: in ``\\cases`` the part after ``&`` is text.
ARRAY_MACROS: dict[str, str] = {
    **dict.fromkeys(
        [
            "matrix",
            "pmatrix",
            "array",
            "eqalign",
            "eqalignno",
            "leqalignno",
            "displaylines",
            "substack",
            "crampedsubstack",
        ],
        "ar",
    ),
    "cases": "arc",
}

#: The fraction-like infix commands: two of them in one group is "Ambiguous use".
INFIX: frozenset[str] = frozenset(
    [
        "over",
        "atop",
        "above",
        "choose",
        "brace",
        "brack",
        "overwithdelims",
        "atopwithdelims",
        "abovewithdelims",
    ]
)

#: Environments that read arguments after ``\\begin{name}``: required raw args, optional.
ENV_ARGS: dict[str, tuple[int, bool]] = {
    "array": (1, False),
    "subarray": (1, False),
    "crampedsubarray": (1, False),
    "alignat": (1, False),
    "alignat*": (1, False),
    "alignedat": (1, False),
    "xalignat": (1, False),
    "xalignat*": (1, False),
    "xxalignat": (1, False),
    "numcases": (1, False),
    "subnumcases": (1, False),
    "spreadlines": (1, False),
    "empheq": (1, True),
    "multlined": (0, True),
    **{
        f"{name}*": (0, True)
        for name in ["matrix", "pmatrix", "bmatrix", "Bmatrix", "vmatrix", "Vmatrix", "smallmatrix"]
    },
}

#: Packages another package loads with it (MathJax's loader dependencies).
PACKAGE_DEPENDENCIES: dict[str, tuple[str, ...]] = {
    "cancel": ("enclose",),
    "cases": ("empheq",),
    "colortbl": ("color",),
    "textcomp": ("textmacros",),
}
