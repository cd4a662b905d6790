"""Theorem numbering across build modes: LaTeX (and PDF), incremental, parallel."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp
from test_theorems import link_texts, titles

from helpers import build_recording_pages, compile_pdf, copy_root, output_files, soup, warning_lines

MakeApp = Callable[..., SphinxTestApp]
NEW_LEMMA = "> [!lemma] Inserted\n> A new lemma.\n\n"


def _build(
    make_app: MakeApp,
    src: Path,
    builddir: Path,
    *,
    parallel: int = 0,
    fresh: bool = True,
    numbering: str = "note",
) -> tuple[dict[str, bytes], list[str]]:
    """Build *src*; return the output files and the documents written."""
    app, written = build_recording_pages(
        make_app,
        srcdir=src,
        builddir=builddir,
        parallel=parallel,
        freshenv=fresh,
        confoverrides={"notegarden_theorem_numbering": numbering},
    )
    assert warning_lines(app) == []
    return output_files(Path(app.outdir)), sorted(written)


def _comparable(content: bytes) -> bytes:
    """Drop what Sphinx itself leaves in an incremental search index: words with no pages."""
    return re.sub(rb'"[^"]*":\[\],?', b"", content)


def _insert_lemma(src: Path) -> None:
    """Insert a lemma before the Banach theorem: every later number moves up."""
    path = src / "analysis.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("```{callout} Banach", NEW_LEMMA + "```{callout} Banach"))


@pytest.mark.parametrize("numbering", ["note", "site"])
def test_insert_theorem_renumbers_other_pages(
    make_app: MakeApp, tmp_path: Path, numbering: str
) -> None:
    src = copy_root("theorems", tmp_path)
    _build(make_app, src, tmp_path / "inc", numbering=numbering)
    _insert_lemma(src)
    incremental, written = _build(make_app, src, tmp_path / "inc", fresh=False, numbering=numbering)
    clean, _ = _build(make_app, src, tmp_path / "clean", numbering=numbering)
    changed = [name for name in clean if _comparable(clean[name]) != _comparable(incremental[name])]
    assert changed == []
    # The pages that refer to moved numbers were rewritten although not edited.
    assert {"index", "algebra"} <= set(written)
    index = incremental["index.html"].decode()
    assert "Theorem 3" in index and "Theorem 5" in index
    if numbering == "note":
        assert "loose" not in written  # its numbers did not move
    else:
        assert "Theorem 9" in incremental["loose.html"].decode()


def test_toctree_reorder_renumbers_the_site(make_app: MakeApp, tmp_path: Path) -> None:
    src = copy_root("theorems", tmp_path)
    _build(make_app, src, tmp_path / "inc", numbering="site")
    index = src / "index.md"
    index.write_text(index.read_text().replace("analysis\nalgebra\n", "algebra\nanalysis\n"))
    incremental, written = _build(make_app, src, tmp_path / "inc", fresh=False, numbering="site")
    clean, _ = _build(make_app, src, tmp_path / "clean", numbering="site")
    changed = [name for name in clean if _comparable(clean[name]) != _comparable(incremental[name])]
    assert changed == []
    # Only the index was read; the notes it orders were rewritten with new numbers.
    assert {"analysis", "algebra"} <= set(written)
    algebra = BeautifulSoup(incremental["algebra.html"], "html.parser")
    assert titles(algebra)[0] == ("theorem", "Theorem 1 (Lagrange)")
    analysis = BeautifulSoup(incremental["analysis.html"], "html.parser")
    assert titles(analysis)[1] == ("theorem", "Theorem 4 (Banach)")


def test_no_change_rebuild_writes_nothing_numbered(make_app: MakeApp, tmp_path: Path) -> None:
    src = copy_root("theorems", tmp_path)
    _build(make_app, src, tmp_path / "b")
    _, written = _build(make_app, src, tmp_path / "b", fresh=False)
    # Generated pages (search, index, graph) are always written; no document is.
    assert not set(written) & {"index", "analysis", "algebra", "loose"}


def _extend(src: Path, copies: int = 6) -> None:
    """Add notes so that a parallel build really splits the reading."""
    body = (src / "analysis.md").read_text(encoding="utf-8")
    names = []
    for number in range(copies):
        name = f"extra{number}"
        text = body.replace("# Analysis", f"# Extra {number}").replace(":name: thm-banach\n", "")
        (src / f"{name}.md").write_text(text.replace("^fixed", f"^fixed{number}"))
        names.append(name)
    index = src / "index.md"
    index.write_text(
        index.read_text().replace("algebra\n```", "algebra\n" + "\n".join(names) + "\n```")
    )


@pytest.mark.parametrize("numbering", ["note", "site"])
def test_parallel_equals_serial(make_app: MakeApp, tmp_path: Path, numbering: str) -> None:
    src = copy_root("theorems", tmp_path)
    _extend(src)
    serial, _ = _build(make_app, src, tmp_path / "serial", numbering=numbering)
    parallel, _ = _build(make_app, src, tmp_path / "parallel", parallel=2, numbering=numbering)
    assert serial.keys() == parallel.keys()
    assert [name for name in serial if serial[name] != parallel[name]] == []
    if numbering == "site":
        # 5 in analysis, 2 in algebra, 5 in each extra note, then the note in no toctree.
        assert b"Theorem 38" in serial["loose.html"]


@pytest.mark.sphinx("latex", testroot="theorems", freshenv=True)
def test_latex_amsthm_environments(app: SphinxTestApp) -> None:
    app.build()
    assert warning_lines(app) == []
    tex = (Path(app.outdir) / "theorems.tex").read_text(encoding="utf-8")
    assert "\\usepackage{amsthm}" in tex
    assert tex.index("\\usepackage{amsthm}") < tex.index("\\usepackage{hyperref}")
    assert "\\newtheorem{ngtheorem}[ngcallout]{Theorem}" in tex
    assert "\\theoremstyle{definition}\n\\newtheorem{ngdefinition}[ngcallout]{Definition}" in tex
    # The number of the HTML, then the environment with the written title and labels.
    assert (
        "\\renewcommand{\\ngcalloutnumber}{2}\n"
        "\\begin{ngtheorem}[{Banach}]\\label{\\detokenize{analysis:thm-banach}}"
    ) in tex
    assert "\\begin{ngdefinition}\\label{" in tex  # no title: no note
    assert "\\begin{nglemma}[{Triangle \\sphinxstyleemphasis{inequality}}]" in tex
    assert tex.count("\\begin{proof}") == tex.count("\\end{proof}") == 1
    assert tex.count("\\begin{ng") == tex.count("\\end{ng") == 8  # 5 + 2 + the embedded one
    # {numref} is LaTeX's \ref to that label; {ref} shows the same number as text.
    assert "{Theorem \\ref{\\detokenize{analysis:thm-banach}}}" in tex
    assert "{Thm.\\@ \\ref{\\detokenize{analysis:thm-banach}}}" in tex
    assert "\\DUrole{std-ref}{Theorem 2}" in tex
    # Other callouts keep their admonition box.
    assert "\\begin{sphinxadmonition}{note}{Not numbered}" in tex


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("latexmk") is None, reason="needs latexmk and TeX Live")
def test_latex_compiles_with_html_numbers(make_app: MakeApp, tmp_path: Path) -> None:
    app = make_app("latex", srcdir=copy_root("theorems", tmp_path))
    app.build()
    compile_pdf(app.outdir)
    log = (Path(app.outdir) / "theorems.log").read_text(encoding="latin-1")
    assert "undefined" not in log.lower() and "multiply defined" not in log.lower()
    if shutil.which("pdftotext") is None:
        return
    pdf = subprocess.run(
        ["pdftotext", str(Path(app.outdir) / "theorems.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    text = " ".join(pdf.split())
    for heading in (
        "Definition 1.",
        "Theorem 2 (Banach).",
        "Lemma 3 (Triangle inequality).",
        "Theorem 4 (Fixed point).",
        "Remark 5.",
        "Theorem 1 (Lagrange).",
        "Corollary 2.",
        "Proof. Iterate",
    ):
        assert heading in text
    assert "By Theorem 2, or Thm. 2, see Theorem 2" in text


@pytest.mark.parametrize("builder", ["singlehtml", "epub", "dirhtml"])
def test_html_family(make_app: MakeApp, tmp_path: Path, builder: str) -> None:
    app = make_app(builder, srcdir=copy_root("theorems", tmp_path))
    app.build()
    assert warning_lines(app) == []
    page = {"singlehtml": "index.html", "epub": "analysis.xhtml", "dirhtml": "analysis/index.html"}
    found = [t for _, t in titles(soup(app, page[builder]))]
    assert "Theorem 2 (Banach)" in found and "Remark 5" in found
    if builder == "dirhtml":
        assert link_texts(soup(app, "index.html"), "analysis/#thm-banach")[0] == "Theorem 2"
    app.cleanup()
