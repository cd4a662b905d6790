r"""The site's preamble: macros defined once, for MathJax on every page and for LaTeX.

Two sources, in this order (later definitions win): a ``preamble.sty`` file at the root
of the notes (the convention of Obsidian's Extended MathJax plugin) and the
``notegarden_math_macros`` config value (MathJax's own ``tex.macros`` format).

The file is read with the same model of MathJax's parser that checks formulas, one
statement at a time, so a bad definition is reported with its line and the rest still
counts. Understood: ``\newcommand``, ``\renewcommand``, ``\def`` (undelimited
parameters), ``\let``, ``\DeclareMathOperator`` (and ``*``), ``\newenvironment``,
``\renewenvironment`` and ``\require{package}``.

:func:`latex_preamble` turns the result into LaTeX that defines every macro whether or
not LaTeX already has it, so the PDF carries the same formulas as the web pages.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .macroset import MacroDef, MacroSet
from .texcontext import Context, TexError
from .texparse import Parser

_STATEMENT = re.compile(
    r"\\(newcommand|renewcommand|def|let|DeclareMathOperator|newenvironment|"
    r"renewenvironment|require)(?![A-Za-z])"
)
_NAME = re.compile(r"[A-Za-z]+|[^A-Za-z\s]")
#: MathJax package names that are also LaTeX packages of the same name.
LATEX_PACKAGES = frozenset(
    [
        "amscd",
        "braket",
        "bussproofs",
        "cancel",
        "cases",
        "centernot",
        "colortbl",
        "empheq",
        "gensymb",
        "mathtools",
        "mhchem",
        "physics",
        "textcomp",
        "upgreek",
    ]
)


@dataclass(frozen=True)
class PreambleProblem:
    """A definition that could not be used: its line (1-based; 0: no line) and why."""

    line: int
    message: str


def _statements(text: str) -> list[tuple[int, str]]:
    """Split *text* into top-level statements, each with its first line number."""
    statements: list[tuple[int, str]] = []
    current: list[str] = []
    start_line = depth = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = re.sub(r"(?<!\\)%.*", "", raw)
        if not line.strip():
            continue
        if depth <= 0 and current:
            statements.append((start_line, "\n".join(current)))
            current = []
        if not current:
            start_line, depth = number, 0
        current.append(line)
        depth += _brace_balance(line)
    if current:
        statements.append((start_line, "\n".join(current)))
    return statements


def _brace_balance(line: str) -> int:
    stripped = re.sub(r"\\.", "", line)
    return stripped.count("{") - stripped.count("}")


def parse_preamble(
    text: str, base: MacroSet | None = None
) -> tuple[MacroSet, list[PreambleProblem]]:
    """Read a ``preamble.sty``: return its definitions (on top of *base*) and its problems."""
    macros = base or MacroSet()
    problems: list[PreambleProblem] = []
    for line, statement in _statements(text):
        for offset, part in _split_statement(statement):
            number = line + statement.count("\n", 0, offset)
            macros = _read_statement(part, number, macros, problems)
    return macros, problems


def _split_statement(statement: str) -> list[tuple[int, str]]:
    r"""Split a line such as ``\newcommand{\a}{1} \newcommand{\b}{2}`` at each definition."""
    starts = [
        m.start() for m in _STATEMENT.finditer(statement) if _depth_at(statement, m.start()) == 0
    ]
    if not starts or starts[0] != len(statement) - len(statement.lstrip()):
        starts.insert(0, 0)
    bounds = [*starts, len(statement)]
    pairs = itertools.pairwise(bounds)
    return [(a, statement[a:b]) for a, b in pairs if statement[a:b].strip()]


def _depth_at(text: str, position: int) -> int:
    return _brace_balance(text[:position])


def _read_statement(
    statement: str, line: int, macros: MacroSet, problems: list[PreambleProblem]
) -> MacroSet:
    stripped = statement.strip()
    if not _STATEMENT.match(stripped):
        word = re.match(r"\\[A-Za-z]+", stripped)
        what = word.group(0) if word else stripped.split()[0]
        hint = " (use \\require{...} for MathJax packages)" if what == "\\usepackage" else ""
        problems.append(
            PreambleProblem(line, f"{what} is not a definition MathJax reads; ignored{hint}")
        )
        return macros
    ctx = Context(display=True, macros=macros)
    try:
        parser = Parser(stripped, ctx)
        parser.run()
    except TexError as error:
        problems.append(PreambleProblem(line, f"bad definition: {error.message}"))
        return macros
    if ctx.undefined:
        names = ", ".join(f"\\{name}" for name, _ in ctx.undefined)
        problems.append(PreambleProblem(line, f"not a definition: undefined {names}"))
    return macros.extended(
        ctx.defined.values(),
        ctx.defined_envs.values(),
        [p for p in ctx.loaded if p not in macros.packages],
    )


def macros_from_config(
    value: Mapping[str, Any], base: MacroSet | None = None
) -> tuple[MacroSet, list[PreambleProblem]]:
    """Read ``notegarden_math_macros`` (MathJax's ``tex.macros`` format) on top of *base*."""
    problems: list[PreambleProblem] = []
    found: list[MacroDef] = []
    for name, spec in value.items():
        clean = name[1:] if isinstance(name, str) and name.startswith("\\") else name
        if not isinstance(clean, str) or not _NAME.fullmatch(clean):
            problems.append(PreambleProblem(0, f"notegarden_math_macros: bad macro name {name!r}"))
            continue
        parts = [spec] if isinstance(spec, str) else spec
        if (
            not isinstance(parts, (list, tuple))
            or not 1 <= len(parts) <= 3
            or not isinstance(parts[0], str)
            or (len(parts) > 1 and not (isinstance(parts[1], int) and 0 <= parts[1] <= 9))
            or (len(parts) > 2 and not isinstance(parts[2], str))
        ):
            problems.append(
                PreambleProblem(
                    0,
                    f"notegarden_math_macros: bad definition of \\{clean}: use a string, "
                    "[body, number of arguments] or [body, number, default of the first]",
                )
            )
            continue
        nargs = parts[1] if len(parts) > 1 else 0
        default = parts[2] if len(parts) > 2 else None
        found.append(MacroDef(clean, parts[0], nargs, default))
    return (base or MacroSet()).extended(found), problems


#: Macros MathJax knows with no ``\require`` (its base or autoloaded packages) that
#: LaTeX has only from a package; each loaded when TeX Live has it.
BUILTIN_LATEX_PACKAGES = r"""% sphinx-notegarden: what MathJax knows without \require, for LaTeX
\IfFileExists{mathrsfs.sty}{\usepackage{mathrsfs}}{\providecommand{\mathscr}{\mathcal}}
\IfFileExists{cancel.sty}{\usepackage{cancel}}{}
\IfFileExists{amscd.sty}{\usepackage{amscd}}{}
\IfFileExists{braket.sty}{\usepackage{braket}}{}
"""


def latex_preamble(macros: MacroSet) -> str:
    """Return LaTeX that defines the site's macros (empty when there are none)."""
    if not (macros.macros or macros.environments or macros.packages):
        return ""
    lines = ["% sphinx-notegarden: the site's math macros (preamble.sty, notegarden_math_macros)"]
    for package in macros.packages:
        latex = "xcolor" if package == "color" else package
        if package in LATEX_PACKAGES or package == "color":
            lines.append(f"\\IfFileExists{{{latex}.sty}}{{\\usepackage{{{latex}}}}}{{}}")
    for macro in macros.macros:
        if macro.kind == "template":
            continue
        if macro.kind == "paired":
            continue
        params = f"[{macro.nargs}]" if macro.nargs else ""
        default = f"[{macro.default}]" if macro.default is not None else ""
        lines.append(
            f"\\providecommand{{\\{macro.name}}}{{}}"
            f"\\renewcommand{{\\{macro.name}}}{params}{default}{{{macro.body}}}"
        )
    for env in macros.environments:
        params = f"[{env.nargs}]" if env.nargs else ""
        default = f"[{env.default}]" if env.default is not None else ""
        lines.append(
            f"\\providecommand{{\\{env.name}}}{{}}"
            f"\\renewenvironment{{{env.name}}}{params}{default}{{{env.begin}}}{{{env.end}}}"
        )
    return "\n".join(lines) + "\n"
