r"""Will MathJax render this formula? A build-time answer, with the reason when it will not.

Pure Python, no Sphinx: :func:`check_formula` runs a model of MathJax 3's TeX parser
(:mod:`.texparse`) over one formula, with the site's macros, and returns the problems
MathJax would show in the reader's browser: a TeX error (MathJax draws its message in
place of the formula), an undefined macro (drawn as red source text) or a ``\tag`` in
inline math (silently dropped).

:class:`PageChecker` checks the formulas of one page in order, as MathJax typesets them:
a ``\newcommand`` or ``\require`` in one formula holds for the formulas after it, and a
``\label`` may be used once per page. Results are cached by formula, display mode and
macro set (:func:`analyse`), so a site that repeats formulas checks each only once.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .macroset import EMPTY_MACROS, EnvDef, MacroDef, MacroSet
from .tex_tables import AUTOLOAD, MACROS
from .texcontext import Context, TexError, packages_defining
from .texparse import Parser

#: Reason codes of :class:`MathProblem`, with what each means.
REASONS: dict[str, str] = {
    "braces": "unbalanced braces or brackets",
    "environment": "unbalanced, mismatched or wrongly nested environments",
    "unknown-environment": "an environment MathJax does not know, given the site's macros",
    "left-right": "unbalanced \\left/\\right/\\middle, or a missing delimiter",
    "undefined-macro": "a macro MathJax does not know, given the site's macros",
    "script": "a double or empty superscript or subscript",
    "argument": "a missing or malformed argument",
    "alignment": "& or \\hline outside an array-like environment",
    "tag": "\\tag or \\label used twice, or where MathJax forbids it",
    "tag-inline": "\\tag in inline math, which MathJax drops without a word",
    "definition": "a bad \\newcommand, \\def or \\newenvironment, or a recursive macro",
    "package": "\\require of a package MathJax cannot load",
    "syntax": "other TeX errors (# in math, two \\over in one group, misplaced \\limits, ...)",
    "swallowed": "a $ that pairs with a later $ and turns prose into math",
}

#: Autoloaded packages that define nothing beyond their autoload list: loading one changes
#: nothing for later formulas, so the page's macro set (the cache key) need not change.
AUTOLOAD_ONLY = frozenset(
    package
    for package, (names, _) in AUTOLOAD.items()
    if set(MACROS.get(package, {})) <= set(names)
)

_CATEGORY = {
    **dict.fromkeys(
        [
            "ExtraOpenMissingClose",
            "ExtraCloseMissingOpen",
            "MissingCloseBrace",
            "MissingCloseBracket",
            "ExtraCloseLooking",
        ],
        "braces",
    ),
    **dict.fromkeys(
        ["EnvMissingEnd", "EnvBadEnd", "MissingBeginExtraEnd", "ErroneousNestingEq", "InvalidEnv"],
        "environment",
    ),
    "UnknownEnv": "unknown-environment",
    **dict.fromkeys(
        [
            "ExtraLeftMissingRight",
            "MissingLeftExtraRight",
            "ExtraMiddle",
            "MissingOrUnrecognizedDelim",
        ],
        "left-right",
    ),
    **dict.fromkeys(
        [
            "DoubleExponent",
            "DoubleSubscripts",
            "DoubleExponentPrime",
            "MissingScript",
            "MissingOpenForSup",
            "MissingOpenForSub",
        ],
        "script",
    ),
    **dict.fromkeys(
        [
            "MissingArgFor",
            "MissingDimOrUnits",
            "BracketMustBeDimension",
            "TokenNotFoundForCommand",
            "NoClosingDelim",
        ],
        "argument",
    ),
    **dict.fromkeys(["Misplaced", "ExtraAlignTab"], "alignment"),
    **dict.fromkeys(["MultipleCommand", "CommandNotAllowedInEnv", "MultipleLabel"], "tag"),
    **dict.fromkeys(
        [
            "IllegalControlSequenceName",
            "IllegalParamNumber",
            "MissingCS",
            "SequentialParam",
            "CantUseHash2",
            "IllegalMacroParam",
            "MaxMacroSub1",
            "MaxBufferSize",
            "MissingReplacementString",
        ],
        "definition",
    ),
    **dict.fromkeys(["BadRequire", "UnknownPackage", "BadPackageName"], "package"),
}


@dataclass(frozen=True, slots=True)
class MathProblem:
    """One reason a formula will not render as written.

    *code* is a key of :data:`REASONS`; *message* says what is wrong (MathJax's own words
    when MathJax shows an error); *offset* is where, in characters from the formula's
    start; *mathjax_error* is MathJax's error id, or ``""`` when MathJax shows none.
    """

    code: str
    message: str
    offset: int = 0
    mathjax_error: str = ""


@dataclass(frozen=True, slots=True)
class Analysis:
    """What checking one formula found, and what it defines for the rest of its page."""

    problems: tuple[MathProblem, ...]
    labels: tuple[str, ...] = ()
    macros: tuple[MacroDef, ...] = ()
    environments: tuple[EnvDef, ...] = ()
    packages: tuple[str, ...] = ()


#: The analysis of a formula with no problem that defines and loads nothing.
NOTHING_FOUND = Analysis(())


@lru_cache(maxsize=1 << 16)
def analyse(tex: str, display: bool, macros: MacroSet) -> Analysis:
    """Check one formula against *macros*; cached by all three arguments."""
    ctx = Context(display=display, macros=macros)
    problems: list[MathProblem] = []
    try:
        Parser(tex, ctx).run()
    except TexError as error:
        problems.append(
            MathProblem(
                _CATEGORY.get(error.code, "syntax"), error.message, error.offset, error.code
            )
        )
    except RecursionError:  # nesting deeper than Python's stack: MathJax gives up too
        problems.append(MathProblem("syntax", "formula nested too deeply", 0, "Recursion"))
    seen: set[str] = set()
    for name, offset in ctx.undefined:
        if name not in seen:
            seen.add(name)
            problems.append(MathProblem("undefined-macro", _undefined(name), offset))
    problems.extend(MathProblem(code, message, offset) for code, message, offset in ctx.notes)
    problems = [
        MathProblem(p.code, p.message, min(p.offset, len(tex)), p.mathjax_error) for p in problems
    ]
    problems.sort(key=lambda problem: problem.offset)
    analysis = Analysis(
        tuple(problems),
        tuple(ctx.labels),
        tuple(ctx.defined.values()),
        tuple(ctx.defined_envs.values()),
        tuple(p for p in ctx.loaded if p not in macros.packages and p not in AUTOLOAD_ONLY),
    )
    # Most formulas find nothing and define nothing: one shared answer for them keeps
    # the cache from holding thousands of equal objects for the collector to walk.
    return NOTHING_FOUND if analysis == NOTHING_FOUND else analysis


def _undefined(name: str) -> str:
    packages = packages_defining(name)
    if packages:
        return (
            f"undefined macro \\{name} (MathJax's {packages[0]} package has it: "
            f"add \\require{{{packages[0]}}} to preamble.sty)"
        )
    return f"undefined macro \\{name} (define it in preamble.sty or notegarden_math_macros)"


class PageChecker:
    """Check the formulas of one page in order, carrying definitions and labels along.

    A formula that is fine with the site's macros alone is taken as fine: a page that
    redefines a macro so that a later formula breaks is not caught (a rare case, and
    the price of checking each distinct formula once per site).
    """

    def __init__(self, macros: MacroSet = EMPTY_MACROS) -> None:
        self.site = self.macros = macros
        self.labels: set[str] = set()

    def check(self, tex: str, *, display: bool) -> list[MathProblem]:
        """Return the problems of the next formula on the page."""
        # Checked against the site's macros first: that result is shared by every page
        # (a cache hit for a repeated formula). Only a formula with problems is checked
        # again with what earlier formulas of this page defined or loaded.
        analysis = analyse(tex, display, self.site)
        if analysis.problems and self.macros is not self.site:
            analysis = analyse(tex, display, self.macros)
        problems = list(analysis.problems)
        for label in analysis.labels:
            if label in self.labels:
                problems.append(
                    MathProblem("tag", f"Label '{label}' multiply defined", 0, "MultipleLabel")
                )
            self.labels.add(label)
        if analysis.macros or analysis.environments or analysis.packages:
            self.macros = self.macros.extended(
                analysis.macros, analysis.environments, analysis.packages
            )
        return problems


def check_formula(tex: str, *, display: bool, macros: MacroSet = EMPTY_MACROS) -> list[MathProblem]:
    """Return why MathJax will not render *tex* (empty when it will), given *macros*."""
    return PageChecker(macros).check(tex, display=display)
