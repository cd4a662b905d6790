"""A table of only a header row, on a page with footnotes, in LaTeX (latex_tables.py)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from helpers import compile_pdf, output_files, warning_lines, write_project

MakeApp = Callable[..., SphinxTestApp]
NOTE = "# Plans\n\nA claim^[with a footnote].\n\n| Step | Done |\n|---|---|\n\nNothing yet.\n"


def test_header_only_table_with_footnotes(make_app: MakeApp, tmp_path: Path) -> None:
    app = make_app("latex", srcdir=write_project(tmp_path / "src", {"index.md": NOTE}))
    app.build()  # Sphinx's footnote transform stopped here, looking for the rows
    assert warning_lines(app) == []
    tex = b"".join(output_files(Path(app.outdir), (".tex",)).values()).decode()
    assert r"\sphinxstyletheadfamily" in tex and "Step" in tex and "Done" in tex
    assert r"\begin{footnote}" in tex and "with a footnote" in tex


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("latexmk") is None, reason="needs latexmk and TeX Live")
def test_header_only_table_compiles(make_app: MakeApp, tmp_path: Path) -> None:
    app = make_app("latex", srcdir=write_project(tmp_path / "src", {"index.md": NOTE}))
    app.build()
    compile_pdf(app.outdir)
