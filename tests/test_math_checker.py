"""The formula checker, the preamble reader and the MathJax settings, without Sphinx builds."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sphinx_notegarden.math.checker import REASONS, PageChecker, analyse, check_formula
from sphinx_notegarden.math.display import top_level_command, whole_environment
from sphinx_notegarden.math.macroset import MacroDef, MacroSet
from sphinx_notegarden.math.mathjax_config import config_name, merge_settings, site_settings
from sphinx_notegarden.math.preamble import latex_preamble, macros_from_config, parse_preamble
from sphinx_notegarden.math.prose import swallowed_dollar

from math_corpus import load_all, preamble_text

SITE, _ = parse_preamble(preamble_text())


def codes(tex: str, display: bool = False, macros: MacroSet = SITE) -> list[str]:
    return [problem.code for problem in check_formula(tex, display=display, macros=macros)]


@pytest.mark.parametrize(
    ("tex", "display"),
    [
        (r"\frac{a}{b} + \sqrt[3]{x} + \binom{n}{k}", False),
        (r"\begin{aligned} a &= b \\ c &= d \end{aligned} \tag{1}", True),
        (r"\begin{align} a &= b \tag{a} \\ c &= d \tag{b} \end{align}", True),
        (r"f(n) = \begin{cases} 1 & n = 0 \\ n f(n-1) & \text{otherwise} \end{cases}", True),
        (r"\left( \frac{a}{b} \middle| c \right) \bigl[ x \bigr]", False),
        (r"\sum\limits_{i=1}^n x_i' + \operatorname*{arg\,max}\limits_x f", False),
        (r"\text{if $x > 0$ and \(y\)} \quad \mathbb{R}^n \ \boldsymbol{\theta}", False),
        (r"\newcommand{\half}{\frac12} \half + \def\sq#1{#1^2} \sq{x}", False),
        (r"\require{mathtools} a \coloneqq b", False),
        (r"\ce{H2O} + \cancel{x} + \ket{\psi}", False),  # autoloaded packages
        (r"x^2 \, y_1 \; z_{ij}^{(k)} \! \quad a\\b", False),
        (r"\norm{x}_2 + \tr(A) + \argmin_\theta \loss + \ip[H]{x}", False),  # site macros
        (r"a \\[2pt] b", True),
        (r"10^-3", False),  # looks wrong, renders
    ],
)
def test_valid(tex: str, display: bool) -> None:
    assert codes(tex, display) == []


@pytest.mark.parametrize(
    ("tex", "display", "code", "mathjax_error"),
    [
        (r"\frac{a}{b", False, "braces", "MissingCloseBrace"),
        (r"x + y}", False, "braces", "ExtraCloseMissingOpen"),
        (r"{x", False, "braces", "ExtraOpenMissingClose"),
        (r"\begin{aligned} a &= b", True, "environment", "EnvMissingEnd"),
        (r"\begin{pmatrix} 1 \end{bmatrix}", True, "environment", "EnvBadEnd"),
        (r"\begin{align} a \end{align}\begin{align} b \end{align}", True, "environment", ""),
        (r"\begin{theorem} x \end{theorem}", True, "unknown-environment", "UnknownEnv"),
        (r"\left( x", False, "left-right", "ExtraLeftMissingRight"),
        (r"\left x \right)", False, "left-right", "MissingOrUnrecognizedDelim"),
        (r"x^2^3", False, "script", "DoubleExponent"),
        (r"x^2'", False, "script", "DoubleExponentPrime"),
        (r"e^", False, "script", "MissingScript"),
        (r"\frac{a}", False, "argument", "MissingArgFor"),
        (r"x \\[a, b] y", False, "argument", "BracketMustBeDimension"),
        (r"a & b", False, "alignment", "Misplaced"),
        (r"x = 1 \tag{1} \tag{2}", True, "tag", "MultipleCommand"),
        (r"\begin{aligned} a \tag{1} \end{aligned}", True, "tag", "CommandNotAllowedInEnv"),
        (r"\newcommand{\r}{\r} \r", False, "definition", "MaxMacroSub1"),
        (r"\require{tikz}", False, "package", "UnknownPackage"),
        (r"a \over b \over c", False, "syntax", "AmbiguousUseOf"),
        (r"\text{$x}", False, "syntax", "MathNotTerminated"),
    ],
)
def test_errors(tex: str, display: bool, code: str, mathjax_error: str) -> None:
    problems = check_formula(tex, display=display, macros=SITE)
    assert [p.code for p in problems] == [code]
    if mathjax_error:
        assert problems[0].mathjax_error == mathjax_error
    assert code in REASONS


def test_silent_failures() -> None:
    (undefined,) = check_formula(r"\alpah + 1", display=False)
    assert undefined.code == "undefined-macro" and r"\alpah" in undefined.message
    (needs_package,) = check_formula(r"\coloneqq", display=False)
    assert r"\require{mathtools}" in needs_package.message
    assert codes(r"E = mc^2 \tag{1}") == ["tag-inline"]
    assert codes(r"E = mc^2 \tag{1}", display=True) == []


def test_offsets_point_at_the_problem() -> None:
    tex = "\\begin{aligned}\na &= b \\\\\nc &= x^2^3 \\\\\nd\n\\end{aligned}"
    (problem,) = check_formula(tex, display=True)
    assert tex[: problem.offset].count("\n") == 2


def test_page_state_carries_definitions_and_labels() -> None:
    page = PageChecker(SITE)
    assert page.check(r"\newcommand{\half}{\frac12} \half", display=False) == []
    assert page.check(r"\half + \require{physics} \dv{f}{x}", display=False) == []
    assert page.check(r"\dv{g}{x}", display=False) == []
    assert page.check(r"x \label{eq}", display=True) == []
    (duplicate,) = page.check(r"y \label{eq}", display=True)
    assert duplicate.code == "tag"
    # A fresh page knows none of it.
    assert codes(r"\half") == ["undefined-macro"]


def test_cache_is_by_formula_display_and_macros() -> None:
    analyse.cache_clear()
    check_formula(r"\norm{x}", display=False, macros=SITE)
    check_formula(r"\norm{x}", display=False, macros=parse_preamble(preamble_text())[0])
    check_formula(r"\norm{x}", display=True, macros=SITE)
    info = analyse.cache_info()
    assert (info.hits, info.misses) == (1, 2)


def test_corpus_checker_agrees_with_labels() -> None:
    """The corpus labels are what MathJax does (the browser test proves it)."""
    formulas = load_all()
    flagged = {f: bool(check_formula(f.tex, display=f.display, macros=SITE)) for f in formulas}
    valid = [f for f in formulas if f.valid]
    invalid = [f for f in formulas if not f.valid]
    assert len(valid) >= 300 and len(invalid) >= 200
    false_alarms = [f.tex for f in valid if flagged[f]]
    silent = [f.tex for f in invalid if not flagged[f]]
    assert len(false_alarms) <= len(valid) // 100, false_alarms
    assert len(silent) <= len(invalid) // 100, silent


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=list("\\{}^_&$#%'[]()|ab12 \nxfracleftrightbegendtag*"), max_size=40))
def test_never_crashes(tex: str) -> None:
    for display in (False, True):
        for problem in check_formula(tex, display=display, macros=SITE):
            assert problem.code in REASONS
            assert 0 <= problem.offset <= len(tex)


def test_preamble_reader() -> None:
    text = "\n".join(
        [
            r"% comment",
            r"\newcommand{\R}{\mathbb{R}} \newcommand{\N}{\mathbb{N}}",
            r"\newcommand{\bad}[x]{y}",
            r"\usepackage{amsmath}",
            r"\newcommand{\norm}[1]{",
            r"  \left\lVert #1 \right\rVert}",
            r"\DeclareMathOperator*{\argmax}{arg\,max}",
            r"\renewcommand{\vec}[1]{\mathbf{#1}}",
            r"\def\eps{\varepsilon}",
            r"\require{cancel}",
            r"\newenvironment{brk}{\left[}{\right]}",
            r"\newcommand{\ip}[2][]{\langle #2 \rangle_{#1}}",
        ]
    )
    macros, problems = parse_preamble(text)
    assert [(p.line, p.message.split(":")[0]) for p in problems] == [
        (3, "bad definition"),
        (
            4,
            r"\usepackage is not a definition MathJax reads; ignored "
            r"(use \require{...} for MathJax packages)",
        ),
    ]
    assert {m.name for m in macros.macros} == {"R", "N", "norm", "argmax", "vec", "eps", "ip"}
    assert macros.packages == ("enclose", "cancel")
    assert macros.mathjax_macros()["ip"] == [r"\langle #2 \rangle_{#1}", 2, ""]
    assert macros.mathjax_environments() == {"brk": [r"\left[", r"\right]"]}
    latex = latex_preamble(macros)
    assert r"\providecommand{\R}{}\renewcommand{\R}{\mathbb{R}}" in latex
    assert r"\renewcommand{\argmax}{\operatorname*{arg\,max}}" in latex
    assert r"\renewcommand{\ip}[2][]{\langle #2 \rangle_{#1}}" in latex
    assert r"\IfFileExists{cancel.sty}{\usepackage{cancel}}{}" in latex
    assert (
        check_formula(r"\begin{brk} \ip{x} \end{brk} + \cancel{a}", display=False, macros=macros)
        == []
    )


def test_macros_from_config() -> None:
    macros, problems = macros_from_config(
        {"R": r"\mathbb{R}", r"\norm": [r"\lVert #1 \rVert", 1], "bad name": "x", "v": [1]}
    )
    assert [m.name for m in macros.macros] == ["R", "norm"]
    assert len(problems) == 2
    assert codes(r"\R + \norm{x}", macros=macros) == []


def test_macro_set_digest() -> None:
    one = MacroSet((MacroDef("R", r"\mathbb{R}"),))
    assert one == MacroSet((MacroDef("R", r"\mathbb{R}"),))
    assert one.digest != MacroSet((MacroDef("R", r"\mathbf{R}"),)).digest
    assert hash(one) == hash(MacroSet((MacroDef("R", r"\mathbb{R}"),)))


def test_mathjax_settings_merge_without_clobbering() -> None:
    ours = site_settings(SITE.extended(packages=["physics"]), offline=False)
    assert ours["tex"]["packages"] == {"[+]": ["physics"]}
    assert ours["loader"] == {"load": ["[tex]/physics"]}
    users = {"tex": {"macros": {"R": r"\mathbf{R}"}, "tags": "ams"}, "loader": {"load": ["x"]}}
    merged = merge_settings(ours, users)
    assert merged["tex"]["macros"]["R"] == r"\mathbf{R}"  # the user's definition wins
    assert merged["tex"]["macros"]["norm"] == SITE.mathjax_macros()["norm"]
    assert merged["tex"]["tags"] == "ams"
    assert merged["loader"]["load"] == ["[tex]/physics", "x"]
    offline = site_settings(SITE, offline=True)
    assert offline["tex"]["packages"][:2] == ["base", "ams"]
    assert site_settings(MacroSet(), offline=False) == {}


def test_config_name() -> None:
    def name(**kwargs: object) -> str:
        base = {"has_v4": True, "user_v3": False, "user_v4": False, "path": "", "offline": False}
        return config_name(**{**base, **kwargs})  # type: ignore[arg-type]

    assert name(path="https://cdn.jsdelivr.net/npm/mathjax@4/tex-mml-chtml.js") == "mathjax4_config"
    assert (
        name(path="https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-mml-chtml.js")
        == "mathjax3_config"
    )
    assert name(offline=True) == "mathjax3_config"
    assert name(user_v3=True) == "mathjax3_config"
    assert name(user_v4=True, offline=True) == "mathjax4_config"
    assert name(has_v4=False) == "mathjax3_config"


def test_swallowed_dollar() -> None:
    assert [p.code for p in swallowed_dollar("5 and the fee is ")] == ["swallowed"]
    assert swallowed_dollar(r"\text{if } x > 0 \text{ and } y < 0") == []
    assert swallowed_dollar(r"\href{https://example.org}{x} + \sin\theta\cos\phi") == []
    # Variables and operators spelled out in letters are not prose.
    assert swallowed_dollar("Var(X+X)=Var(2x)=4Var(x)") == []
    assert swallowed_dollar(r"xRy, yRz \implies xRz") == []
    assert swallowed_dollar("ABC + DEF = GHI") == []
    assert swallowed_dollar("sin x + cos x = tan x") == []
    assert swallowed_dollar("ax + by + cz = 0") == []  # words of two letters are variables
    assert swallowed_dollar("dx dy dz + ba bbab ab") == []
    assert [p.code for p in swallowed_dollar("5 and The fee is ")] == ["swallowed"]
    # Words joined by arrows are math on purpose, as Obsidian renders them.
    assert swallowed_dollar("Backlog → Ready → Coding → Testing → Done") == []
    assert swallowed_dollar(r"Backlog \to Ready \Rightarrow Coding") == []
    assert swallowed_dollar(r"Backlog \longrightarrow Ready \xrightarrow{x} Coding") == []
    # Relations, scripts and TeX commands between the words: math on purpose too.
    assert swallowed_dollar("Resp = Sign(chal)") == []
    assert swallowed_dollar(r"exec: Com \times Store") == []
    assert swallowed_dollar(r"[6]_{\equiv}=\{Y \ divide \ Y\ 1 \ volta \ sola\}") == []
    assert [p.code for p in swallowed_dollar("5 for the basic plan, or the pro plan at US")] == [
        "swallowed"
    ]


def test_display_helpers() -> None:
    assert top_level_command(r"x \tag{1}", "tag") == (2, 9, "1")
    assert top_level_command(r"\begin{align} a \tag{1} \end{align}", "tag") is None
    assert top_level_command(r"{x \tag{1}}", "tag") is None
    assert whole_environment("\\begin{align}\na &= b\n\\end{align}") == "align"
    assert whole_environment(r"\begin{aligned} a \end{aligned}") is None
    assert whole_environment(r"\begin{align} a \end{align} + \begin{align} b \end{align}") is None


def test_reference_lists_every_reason() -> None:
    reference = (Path(__file__).parent.parent / "docs" / "reference" / "math.md").read_text()
    for code in REASONS:
        assert f"| `{code}` |" in reference
