"""Every builder gets full output or a readable fallback, with zero warnings."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from helpers import compile_pdf, copy_root, warning_lines

MakeApp = Callable[..., SphinxTestApp]
ROOTS_WITH_CALLOUTS = ["callouts"]


def build(make_app: MakeApp, tmp_path: Path, builder: str, root: str = "callouts") -> SphinxTestApp:
    app = make_app(builder, srcdir=copy_root(root, tmp_path), confoverrides={"version": "1.0"})
    app.build()
    assert warning_lines(app) == []
    return app


def _read(app: SphinxTestApp, pattern: str) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(Path(app.outdir).glob(pattern)))


@pytest.mark.parametrize("builder", ["dirhtml", "singlehtml", "epub"])
def test_html_family(make_app: MakeApp, tmp_path: Path, builder: str) -> None:
    app = build(make_app, tmp_path, builder)
    pattern = {"dirhtml": "**/index.html", "singlehtml": "index.html", "epub": "*.xhtml"}[builder]
    html = BeautifulSoup(_read(app, pattern), "html.parser")
    titles = [t.get_text() for t in html.select("aside.ng-callout .ng-callout-title-text")]
    assert len(titles) == 16  # 7 + 2 + 7 callouts across the three documents
    assert "The trap of coherence and \\(\\nabla L\\)" in titles
    if builder == "epub":
        # E-readers rarely expand <details>: epub shows collapsible callouts open.
        assert html.find("details") is None
    else:
        assert html.find("details") is not None
    assert (Path(app.outdir) / "_static" / "notegarden.css").is_file() or builder == "epub"


def test_latex(make_app: MakeApp, tmp_path: Path) -> None:
    app = build(make_app, tmp_path, "latex")
    tex = _read(app, "*.tex")
    assert (
        r"\begin{sphinxadmonition}{warning}{The trap of \sphinxstyleemphasis{coherence} "
        r"and \(\nabla L\)}" in tex
    )
    assert r"\begin{sphinxadmonition}{important}{Definition with \(\theta\)}" in tex
    assert r"\begin{sphinxadmonition}{hint}{A site kind}" in tex  # latex type from conf.py
    assert tex.count(r"\begin{sphinxadmonition}") == tex.count(r"\end{sphinxadmonition}") == 16
    assert r"\label{\detokenize{index:trap}}" in tex


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("latexmk") is None, reason="needs latexmk and TeX Live")
def test_latex_compiles_to_pdf(make_app: MakeApp, tmp_path: Path) -> None:
    app = build(make_app, tmp_path, "latex")
    compile_pdf(app.outdir)
    assert (Path(app.outdir) / "callouts.pdf").stat().st_size > 10_000


def test_text(make_app: MakeApp, tmp_path: Path) -> None:
    app = build(make_app, tmp_path, "text")
    text = _read(app, "*.txt")
    assert "The trap of coherence and \\nabla L: Coherence is not truth." in text
    assert "Abstract: A title-less abstract." in text
    assert "Inner note: Nested quote callout." in text
    assert "Definition with \\theta:" in text


def test_man(make_app: MakeApp, tmp_path: Path) -> None:
    app = build(make_app, tmp_path, "man")
    man = _read(app, "**/*.1")
    assert "The trap of coherence" in man and "Coherence is not truth." in man


def test_texinfo(make_app: MakeApp, tmp_path: Path) -> None:
    app = build(make_app, tmp_path, "texinfo")
    texi = _read(app, "*.texi")
    assert "@quotation The trap of coherence" in texi
    assert "Coherence is not truth." in texi


@pytest.mark.parametrize("theme", ["alabaster", "furo", "pydata_sphinx_theme", "sphinx_book_theme"])
def test_themes(make_app: MakeApp, tmp_path: Path, theme: str) -> None:
    src = copy_root("callouts", tmp_path)
    app = make_app("html", srcdir=src, confoverrides={"html_theme": theme})
    app.build()
    assert warning_lines(app) == []
    html = BeautifulSoup(
        (Path(app.outdir) / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    assert len(html.select("aside.ng-callout")) == 7
    hrefs = [link["href"] for link in html.find_all("link", rel="stylesheet")]
    assert any("notegarden.css" in href for href in hrefs)
