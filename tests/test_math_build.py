"""Math through real builds: Obsidian's syntax, warnings with file:line, MathJax and LaTeX."""

from __future__ import annotations

import gc
import json
import random
import re
import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from sphinx_notegarden.math.checker import REASONS, analyse
from sphinx_notegarden.math.offline import OFFLINE_MATHJAX

from helpers import (
    ANSI,
    compile_pdf,
    copy_root,
    output_files,
    soup,
    warning_lines,
    write_project,
)
from math_corpus import load as load_corpus
from math_corpus import preamble_text as corpus_preamble

MakeApp = Callable[..., SphinxTestApp]
ROOTS = Path(__file__).parent / "roots"


def build(make_app: MakeApp, src: Path, builder: str = "html", **kwargs: object) -> SphinxTestApp:
    app = make_app(builder, srcdir=src, **kwargs)
    app.build()
    app.cleanup()
    return app


def math_warnings(app: SphinxTestApp) -> list[str]:
    return [line for line in warning_lines(app) if "[notegarden.math]" in line]


def mathjax_settings(app: SphinxTestApp, page: str) -> dict[str, object]:
    html = (Path(app.outdir) / page).read_text(encoding="utf-8")
    match = re.search(r"window\.MathJax = (\{.*?\})</script>", html)
    assert match is not None
    settings: dict[str, object] = json.loads(match.group(1))
    return settings


def maths(app: SphinxTestApp, page: str) -> list[str]:
    return [node.get_text().strip() for node in soup(app, page).select(".math")]


def test_obsidian_math_renders(make_app: MakeApp, tmp_path: Path) -> None:
    app = build(make_app, copy_root("math", tmp_path))
    assert warning_lines(app) == []
    found = maths(app, "obsidian.html")
    # Backslash escapes, _ and * reach MathJax untouched.
    for tex in (r"\(a\;b\,c\ d\)", r"\(\{x : x > 0\}\)", r"\(a \\ b\)", r"\(a_1 * b_2 * c_3\)"):
        assert tex in found
    # Mid-line $$...$$ is display math; \tag and whole environments go to MathJax as written.
    assert any("e^{i\\pi} + 1 = 0" in tex and tex.startswith(r"\[") for tex in found)
    assert any(r"a^2 + b^2 = c^2 \tag{1}" in tex and "split" not in tex for tex in found)
    assert any(tex.startswith("\\[\\begin{align}") and "split" not in tex for tex in found)
    page = soup(app, "obsidian.html")
    # Math between two links, in callout titles, table cells and list items.
    between = [p for p in page.select("p") if len(p.select("a.reference")) == 2]
    assert between and between[0].select_one(".math").get_text() == r"\(\alpha + \beta\)"
    titles = page.select(".ng-callout-title .math")
    assert [t.get_text() for t in titles] == [r"\(\nabla L(\theta)\)", r"\(\tr \nabla^2 L\)"]
    assert len(page.select("td .math")) == 2
    assert len(page.select("li .math")) == 2
    # The site's macros reach MathJax on every page, and MyST's own setting survives.
    settings = mathjax_settings(app, "obsidian.html")
    tex = settings["tex"]
    assert isinstance(tex, dict)
    assert tex["macros"]["norm"] == [r"\left\lVert #1 \right\rVert", 1]
    assert tex["macros"]["argmin"] == r"\operatorname*{arg\,min}"
    assert "processHtmlClass" in settings["options"]  # type: ignore[operator]
    assert "mathjax@4" in str(soup(app, "obsidian.html"))  # Sphinx's usual MathJax


def test_numbered_math_and_references(make_app: MakeApp, tmp_path: Path) -> None:
    app = build(make_app, copy_root("math", tmp_path))
    page = soup(app, "references.html")
    links = [a.get_text() for a in page.select("p a.reference")]
    assert links == ["(E)", "(1)", "(GD)", "(2)", "(N)"]
    eqnos = [span.get_text().rstrip("¶") for span in page.select(".eqno")]
    assert eqnos == ["(E)", "(1)", "(GD)", "(2)"]
    # A numbered whole environment becomes one equation that Sphinx numbers.
    assert any(r"\begin{aligned}" in tex for tex in maths(app, "references.html"))
    # The tag became the number: MathJax does not draw it a second time.
    assert all(r"\tag" not in tex and r"\label" not in tex for tex in maths(app, "references.html"))
    assert page.find(id="equation-gd") is not None
    rst = soup(app, "rst.html")
    assert [span.get_text().rstrip("¶") for span in rst.select(".eqno")] == ["(N)", "(1)"]


def test_latex_carries_formulas_numbers_and_macros(make_app: MakeApp, tmp_path: Path) -> None:
    app = build(make_app, copy_root("math", tmp_path), "latex")
    assert warning_lines(app) == []
    tex = "\n".join(p.read_text(encoding="utf-8") for p in Path(app.outdir).glob("*.tex"))
    assert r"\providecommand{\norm}{}\renewcommand{\norm}[1]{\left\lVert #1 \right\rVert}" in tex
    assert r"\renewcommand{\argmin}{\operatorname*{arg\,min}}" in tex
    assert r"\tag{E}\label{equation:references:einstein}\end{equation}" in tex
    assert r"\tag{GD}\label{equation:references:gd}" in tex
    assert r"\eqref{equation:references:einstein}" in tex
    assert r"\begin{equation*}a^2 + b^2 = c^2\tag{1}\end{equation*}" in tex
    assert "\\begin{align*}\nf(x) &= (x+1)^2" in tex
    assert r"\end{align*}" in tex
    assert "\\begin{equation}\\label{equation:references:decay}" in tex
    assert "\\begin{split}\\begin{aligned}" in tex


def test_broken_formulas_are_code_in_latex(make_app: MakeApp, tmp_path: Path) -> None:
    """A formula the check warns about is written as typed, in code type, in LaTeX."""
    app = build(make_app, copy_root("math-broken", tmp_path), "latex")
    tex = b"".join(output_files(Path(app.outdir), (".tex",)).values()).decode()
    assert r"\sphinxcode{\sphinxupquote{\$\textbackslash{}frac\{a\}\{b\$}}" in tex
    assert r"\frac{a}{b\)" not in tex and r"x^2^3\)" not in tex
    assert r"\(\norm{x} + \R\)" in tex  # a formula that works stays math
    html = build(make_app, copy_root("math-broken", tmp_path / "h"), "html")
    assert "\\(\\frac{a}{b\\)" in (Path(html.outdir) / "index.html").read_text()  # for MathJax


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("latexmk") is None, reason="needs latexmk and TeX Live")
def test_broken_formulas_do_not_stop_the_pdf(make_app: MakeApp, tmp_path: Path) -> None:
    app = build(make_app, copy_root("math-broken", tmp_path), "latex")
    compile_pdf(app.outdir)


MATHJAX_BUILTINS = r"""# Built in

A category $\mathscr{C}$, a cancelled $\cancel{x} + \bcancel{y}$, a set
$\set{x \mid x > 0}$, and a square:

$$
\begin{CD} A @>f>> B \\ @VgVV @VVhV \\ C @>>k> D \end{CD}
$$
"""


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("latexmk") is None, reason="needs latexmk and TeX Live")
def test_macros_mathjax_knows_compile_to_pdf(make_app: MakeApp, tmp_path: Path) -> None:
    """``\\mathscr``, ``\\cancel``, ``CD``: no ``\require`` for MathJax, a package for LaTeX."""
    src = write_project(tmp_path / "src", {"index.md": MATHJAX_BUILTINS})
    html = build(make_app, src, builddir=tmp_path / "html")
    assert math_warnings(html) == []
    app = build(make_app, src, "latex", builddir=tmp_path / "latex")
    tex = b"".join(output_files(Path(app.outdir), (".tex",)).values()).decode()
    assert r"\IfFileExists{mathrsfs.sty}{\usepackage{mathrsfs}}" in tex
    compile_pdf(app.outdir)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("latexmk") is None, reason="needs latexmk and TeX Live")
def test_latex_compiles_to_pdf(make_app: MakeApp, tmp_path: Path) -> None:
    app = build(make_app, copy_root("math", tmp_path), "latex")
    compile_pdf(app.outdir)
    if shutil.which("pdftotext"):
        pdf = next(Path(app.outdir).glob("*.pdf"))
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
        assert "(E)" in text and "(GD)" in text and "(N)" in text


def _expected_line(path: Path, marker: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if marker in line)


def _reason_code(message: str) -> str:
    for code, reason in REASONS.items():
        if message.startswith(f"math will not render ({reason})"):
            return code
    return message.split(":")[0]


def test_warnings_name_file_line_and_reason(make_app: MakeApp, tmp_path: Path) -> None:
    src = copy_root("math-broken", tmp_path)
    app = build(make_app, src)
    found = set()
    for line in math_warnings(app):
        if line.startswith("WARNING"):  # about conf.py: no file and line
            continue
        match = re.match(r"(.*?):(\d+): WARNING: (.*) \[notegarden\.math\]$", line)
        assert match, line
        found.add((Path(match.group(1)).name, int(match.group(2)), _reason_code(match.group(3))))
    index, more, rst, preamble = (
        src / n for n in ("index.md", "more.md", "rst.rst", "preamble.sty")
    )
    expected = {
        ("preamble.sty", _expected_line(preamble, r"\bad"), "bad definition"),
        (
            "preamble.sty",
            _expected_line(preamble, "usepackage"),
            r"\usepackage is not a definition MathJax reads; ignored "
            r"(use \require{...} for MathJax packages)",
        ),
        ("index.md", _expected_line(index, r"\frac{a}{b$"), "braces"),
        ("index.md", _expected_line(index, r"\alpah"), "undefined-macro"),
        ("index.md", _expected_line(index, "c &= d"), "environment"),
        ("index.md", _expected_line(index, r"y = 2 \tag{2}"), "tag"),
        ("index.md", _expected_line(index, "inline tag"), "tag-inline"),
        ("index.md", _expected_line(index, "It costs"), "swallowed"),
        ("index.md", _expected_line(index, "x^2^3"), "script"),
        ("index.md", _expected_line(index, r"\left( x"), "left-right"),
        ("more.md", _expected_line(more, "coloneqq"), "undefined-macro"),
        ("more.md", _expected_line(more, "pmatrix"), "environment"),
        ("rst.rst", _expected_line(rst, "sqrt"), "braces"),
        ("rst.rst", _expected_line(rst, "cases"), "environment"),
    }
    assert found == expected
    assert any("bad macro name 'bad name'" in line for line in warning_lines(app))
    assert r"add \require{mathtools} to preamble.sty" in app.warning.getvalue()


def test_check_can_be_switched_off_and_changes_nothing(make_app: MakeApp, tmp_path: Path) -> None:
    src = copy_root("math-broken", tmp_path)
    on = build(make_app, src, builddir=tmp_path / "on")
    off = build(
        make_app, src, builddir=tmp_path / "off", confoverrides={"notegarden_math_check": False}
    )
    assert [w for w in math_warnings(off) if "math will not render" in w] == []
    assert len(math_warnings(on)) > len(math_warnings(off))
    assert output_files(Path(on.outdir)) == output_files(Path(off.outdir))


def test_myst_defaults_respect_the_users_choice(make_app: MakeApp, tmp_path: Path) -> None:
    unset = build(make_app, copy_root("math", tmp_path))
    assert unset.config.myst_dmath_allow_space is False
    assert unset.config.myst_dmath_double_inline is True
    assert unset.config.myst_enable_extensions == ["dollarmath"]  # not amsmath: see below
    chosen = build(make_app, copy_root("math-broken", tmp_path))
    assert chosen.config.myst_dmath_allow_space is True  # set in its conf.py


def test_prices_and_arrows_as_obsidian_reads_them(make_app: MakeApp, tmp_path: Path) -> None:
    files = {
        "index.md": "# Home\n\n"
        "Prices $50,25/$48,90 and $52,10/$49 are text.\n\n"
        "$Backlog → Ready → Done$\n\n"
        "The step $x_1$ and $y$2 apart, a 2$\\times$ matrix, [[b|$a$1 and $b$]].\n",
        "b.md": "# B\n\nText.\n",
    }
    app = build(make_app, write_project(tmp_path / "src", files))
    prices, kanban, mixed = soup(app, "index.html").select("section > p")[:3]
    assert prices.select(".math") == []
    assert prices.get_text() == "Prices $50,25/$48,90 and $52,10/$49 are text."
    assert [m.get_text() for m in kanban.select(".math")] == [r"\(Backlog → Ready → Done\)"]
    # $y$2 is not math (a digit after the closing $), 2$\times$ is (one before the opening).
    formulas = [m.get_text() for m in mixed.select(".math")]
    assert formulas == [r"\(x_1\)", r"\(\times\)", r"\(b\)"]
    assert "$y$2 apart" in mixed.get_text()
    link = mixed.select_one("a.ng-note-ref")
    assert link is not None and link.get_text() == r"$a$1 and \(b\)"  # as Obsidian labels it
    assert [w for w in warning_lines(app) if "notegarden" in w] == []


OPENED_IN_A_PARAGRAPH = r"""# Opened in a paragraph

To enforce continuity at both ends:
$$
\begin{align}
u_{1}=a_{0}+a_{1}x_{1} \\
u_{2}=a_{0}+a_{1}x_{2}
\end{align}
$$
Using [[Target]], we have:
$$
a_{0} = \frac{u_{1}x_{2}-u_{2}x_{1}}{x_{2}-x_{1}}
$$
which ends the paragraph.

> [!info] Complete when the matrix is triangular
> Forward elimination is complete when, such as
> $$
> \begin{bmatrix}
> a_{11} & a_{12} \\
> 0 & a'_{22}
> \end{bmatrix}
> $$
> holds for [[Target]].
"""


def test_display_math_opened_inside_a_paragraph(make_app: MakeApp, tmp_path: Path) -> None:
    """Obsidian writes ``$$`` right under a line of text, and environments inside it.

    With MyST's ``amsmath`` (once a default) the ``\\begin{align}`` line ended the
    paragraph, the first ``$$`` stayed text and the second swallowed the text after it.
    """
    files = {"index.md": OPENED_IN_A_PARAGRAPH, "Target.md": "# Target\n\nThe note linked.\n"}
    app = build(make_app, write_project(tmp_path / "src", files))
    assert [w for w in warning_lines(app) if "toctree" not in w] == []
    page = soup(app, "index.html")
    formulas = [node.get_text() for node in page.select(".math")]
    assert len(formulas) == 3
    assert r"\begin{align}" in formulas[0] and "u_{2}" in formulas[0]
    assert r"\frac{u_{1}x_{2}" in formulas[1]
    assert r"\begin{bmatrix}" in formulas[2]
    assert not any("Using" in tex or "ends the paragraph" in tex for tex in formulas)
    text = page.select_one("div.body, article").get_text()
    assert "$$" not in text and "[[" not in text
    assert [a["href"] for a in page.select("a.ng-note-ref")] == ["Target.html"] * 2
    callout = page.select_one(".ng-callout")
    assert callout is not None
    assert "Complete when the matrix is triangular" in callout.get_text()
    assert callout.select(".math") and "holds for" in callout.get_text()


MARKDOWN_INSIDE_FORMULAS = r"""# Formulas with lines that look like Markdown

The temperatures solve
$$
\begin{bmatrix} 2 & -1 \\ -1 & 2 \end{bmatrix} T
=
b
$$
so the middle node is the mean.

> [!note] Expanded
> The square expands to
> $$
> (a+b)^2 = a^2
> + 2ab
> + b^2
> $$
> term by term.

- In a list item
  $$
  x
  - y
  $$
- Next item, with [[Nowhere]] on line 25.

Then, the formula indented by a tab,
$$
	f + D \ge 0
$$
	for every divisor (text, as in Obsidian, though indented).

## Bounds
"""


def test_markdown_like_lines_inside_formulas_stay_math(make_app: MakeApp, tmp_path: Path) -> None:
    """``=`` alone (a heading underline) and ``+ x`` (a list) inside a ``$$`` under text."""
    src = write_project(tmp_path / "src", {"index.md": MARKDOWN_INSIDE_FORMULAS})
    app = build(make_app, src)
    # Line numbers are kept: the one warning points at the missing note's line.
    assert [w.split(": WARNING")[0] for w in warning_lines(app)] == [f"{src / 'index.md'}:25"]
    page = soup(app, "index.html")
    formulas = [node.get_text() for node in page.select(".math")]
    assert len(formulas) == 4
    assert "T\n=\nb" in formulas[0] and "+ 2ab\n+ b^2" in formulas[1] and "- y" in formulas[2]
    assert "f + D" in formulas[3] and not page.select("pre")  # no indented code block
    assert "for every divisor (text" in page.select_one("div.body").get_text()
    assert len(page.select("h1")) == 1  # "=" underlined no heading
    assert "Bounds" in [h.get_text(strip=True).rstrip("¶") for h in page.select("div.body h2")]
    assert "so the middle node is the mean." in page.get_text()
    callout = page.select_one(".ng-callout")
    assert callout is not None and "Expanded" in callout.get_text()
    assert "term by term." in callout.get_text() and callout.select(".math")
    assert not page.select("div.body li li")  # "- y" is no nested list


EMPTY_LINES_INSIDE_FORMULAS = r"""# Formulas with empty lines

The Kronecker product is
$$K = A \otimes B =
\begin{bmatrix}
a_{11} B & a_{12} B \\

a_{21} B & a_{22} B
\end{bmatrix}

$$

For a two dimensional [[Target]], we would sum.

$$
\begin{align}
x &= 1 \\

y &= 2
\end{align}$$
and then $z$ follows.

> [!note] In a callout
> $$
> a + b
>
> = c
> $$
> Done.
"""


def test_empty_lines_inside_formulas_keep_them_whole(make_app: MakeApp, tmp_path: Path) -> None:
    """Obsidian keeps a ``$$`` block whole across empty lines; so do we (one formula each)."""
    files = {"index.md": EMPTY_LINES_INSIDE_FORMULAS, "target.md": "# Target\n\nHere.\n"}
    src = write_project(tmp_path / "src", files)
    app = build(make_app, src)
    assert warning_lines(app) == []
    page = soup(app, "index.html")
    formulas = [node.get_text() for node in page.select("div.body .math")]
    assert len(formulas) == 4, formulas  # three blocks and $z$
    assert "a_{11} B" in formulas[0] and "a_{22} B" in formulas[0]
    # One equation each: Sphinx would split a formula at an empty line into aligned parts.
    assert "aligned" not in formulas[0] and "For a two" not in formulas[0]
    assert "x &= 1" in formulas[1] and "y &= 2" in formulas[1]
    assert "a + b" in formulas[3] and "= c" in formulas[3]
    text = page.select_one("div.body").get_text()
    assert "For a two dimensional Target, we would sum." in text
    assert [a.get_text() for a in page.select("div.body a.ng-note-ref")] == ["Target"]
    assert "and then" in text and "$$" not in text
    callout = page.select_one(".ng-callout")
    assert callout is not None and "Done." in callout.get_text()
    latex = build(make_app, src, "latex", builddir=tmp_path / "latex")
    tex = b"".join(output_files(Path(latex.outdir), (".tex",)).values()).decode()
    assert "a_{21} B" in tex and "\n\n" not in tex.split("a_{11} B")[1].split("a_{21} B")[0]


def test_users_mathjax_settings_win(make_app: MakeApp, tmp_path: Path) -> None:
    users = {"tex": {"macros": {"R": r"\mathbf{R}"}, "tags": "ams"}}
    app = build(make_app, copy_root("math", tmp_path), confoverrides={"mathjax3_config": users})
    settings = mathjax_settings(app, "index.html")
    assert settings["tex"]["tags"] == "ams"  # type: ignore[index]
    assert settings["tex"]["macros"]["R"] == r"\mathbf{R}"  # type: ignore[index]
    assert settings["tex"]["macros"]["E"] == r"\mathbb{E}"  # type: ignore[index]


def test_offline_mathjax(make_app: MakeApp, tmp_path: Path) -> None:
    app = build(
        make_app, copy_root("math", tmp_path), confoverrides={"notegarden_math_offline": True}
    )
    assert warning_lines(app) == []
    static = Path(app.outdir) / "_static" / "notegarden-mathjax"
    assert (static / "tex-svg-full.js").stat().st_size > 1_000_000
    assert "Apache License" in (static / "LICENSE").read_text(encoding="utf-8")
    scripts = [s.get("src", "") for s in soup(app, "obsidian.html").find_all("script")]
    assert any(src.startswith(f"_static/{OFFLINE_MATHJAX}") for src in scripts)
    assert not any("cdn" in src or "://" in src for src in scripts)
    settings = mathjax_settings(app, "obsidian.html")
    assert settings["tex"]["packages"][:2] == ["base", "ams"]  # type: ignore[index]


def _extend(src: Path, copies: int = 6) -> None:
    body = (src / "index.md").read_text(encoding="utf-8").split("```", 2)[2]
    names = [f"extra{number}" for number in range(copies)]
    for name in names:
        (src / f"{name}.md").write_text(f"# {name}\n{body}", encoding="utf-8")
    index = src / "index.md"
    index.write_text(index.read_text().replace("more\n", "more\n" + "\n".join(names) + "\n"))


def _sorted_warnings(app: SphinxTestApp) -> list[str]:
    return sorted(ANSI.sub("", line) for line in math_warnings(app))


def test_parallel_warnings_equal_serial(make_app: MakeApp, tmp_path: Path) -> None:
    src = copy_root("math-broken", tmp_path)
    _extend(src)
    serial = build(make_app, src, builddir=tmp_path / "serial", freshenv=True)
    parallel = build(make_app, src, builddir=tmp_path / "parallel", freshenv=True, parallel=2)
    assert len(_sorted_warnings(serial)) > 40
    assert _sorted_warnings(parallel) == _sorted_warnings(serial)
    assert output_files(Path(parallel.outdir)) == output_files(Path(serial.outdir))


def test_no_change_rebuild_checks_nothing(make_app: MakeApp, tmp_path: Path) -> None:
    src = copy_root("math-broken", tmp_path)
    build(make_app, src, builddir=tmp_path / "b")
    analyse.cache_clear()
    again = build(make_app, src, builddir=tmp_path / "b")
    info = analyse.cache_info()
    assert info.hits + info.misses == 0
    assert [w for w in math_warnings(again) if "math will not render" in w] == []


def test_preamble_change_rechecks(make_app: MakeApp, tmp_path: Path) -> None:
    src = copy_root("math-broken", tmp_path)
    first = build(make_app, src, builddir=tmp_path / "b")
    assert any(r"\alpah" in w for w in math_warnings(first))
    with (src / "preamble.sty").open("a", encoding="utf-8") as preamble:
        preamble.write("\\newcommand{\\alpah}{\\alpha}\n")
    second = build(make_app, src, builddir=tmp_path / "b")
    warnings = math_warnings(second)
    assert not any(r"\alpah" in w for w in warnings)
    assert any(r"\frac{a}{b$" in w for w in warnings)  # everything was checked again
    assert mathjax_settings(second, "index.html")["tex"]["macros"]["alpah"] == r"\alpha"  # type: ignore[index]


@pytest.mark.parametrize("builder", ["text", "man", "texinfo", "singlehtml", "epub"])
def test_other_builders(make_app: MakeApp, tmp_path: Path, builder: str) -> None:
    app = build(make_app, copy_root("math", tmp_path), builder)
    assert warning_lines(app) == []


_PROSE = (
    "the loss surface around a minimum is flat in most directions and sharp in a few so "
    "gradient descent with a large step bounces across the valley while momentum smooths "
    "the path and weight decay pulls every parameter toward zero which changes the curvature "
    "we measure with the trace of the Hessian at the end of training"
)
_WORDS = _PROSE.split(" ")


def _write_vault(src: Path, notes: int = 250, seed: int = 11) -> int:
    """A vault like a real one: prose around the math (about 30 words a formula), short
    formulas repeated, longer ones varying a little."""
    rng = random.Random(seed)
    valid = load_corpus("valid")
    inline = [f.tex for f in valid if not f.display and "\n" not in f.tex and "label" not in f.tex]
    display = [f.tex for f in valid if f.display and "label" not in f.tex and "tag" not in f.tex]
    short = [r"x", r"n", r"\theta", r"f(x)", r"x_i", r"\eta", r"\lambda", r"L(\theta)", r"\nabla L"]
    (src / "conf.py").write_text(
        'extensions = ["myst_parser", "sphinx_notegarden", "sphinx_notegarden.math"]\n',
        encoding="utf-8",
    )
    (src / "preamble.sty").write_text(corpus_preamble(), encoding="utf-8")
    count = 0
    for number in range(notes):
        lines = [f"# Note {number}", ""]
        for _ in range(14):
            for _ in range(5):
                tex = rng.choice(short) if rng.random() < 0.5 else rng.choice(inline)
                if rng.random() < 0.2:
                    tex += f" + u_{rng.randint(1, 9)}"
                prose = " ".join(rng.choice(_WORDS) for _ in range(30))
                lines.append(f"{prose.capitalize()} ${tex}$ and more.")
            lines += ["", "$$", rng.choice(display), "$$", "", "$$", rng.choice(display), "$$", ""]
            count += 7
        (src / f"note{number}.md").write_text("\n".join(lines), encoding="utf-8")
    names = "\n".join(f"note{number}" for number in range(notes))
    (src / "index.md").write_text(f"# Vault\n\n```{{toctree}}\n{names}\n```\n", encoding="utf-8")
    return count


@pytest.mark.slow
def test_check_costs_little(
    make_app: MakeApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check's share of a clean build's CPU time, 24,500 formulas, stays under 3%."""
    import sphinx_notegarden.math as math_feature

    spent = [0.0]
    original = math_feature.check_document

    def timed(app: object, doctree: object) -> None:
        # Python collects garbage wherever its allocation counter happens to cross the
        # threshold; most of that garbage is Sphinx's, so the collections are not counted.
        gc.disable()
        start = time.process_time()
        try:
            original(app, doctree)  # type: ignore[arg-type]
        finally:
            spent[0] += time.process_time() - start
            gc.enable()

    monkeypatch.setattr(math_feature, "check_document", timed)
    src = tmp_path / "vault"
    src.mkdir()
    formulas = _write_vault(src)
    analyse.cache_clear()
    start = time.process_time()
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    total = time.process_time() - start
    assert formulas >= 24_500
    print(f"checked {formulas} formulas in {spent[0]:.2f}s of a {total:.2f}s build")
    assert spent[0] / total <= 0.03, f"check {spent[0]:.2f}s of {total:.2f}s"
