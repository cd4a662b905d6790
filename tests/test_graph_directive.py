"""The ``note-graph`` directive in every builder, its options and its warnings."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import Tag
from sphinx.testing.util import SphinxTestApp
from test_graph_local import node_name

from sphinx_notegarden.graph_data import Subgraph
from sphinx_notegarden.graph_draw import layout
from sphinx_notegarden.graph_image import image_bytes

from helpers import soup, warning_lines

HOSTILE = '<script>alert("x")</script> & $x$ "quoted"'


def _titles(svg: Tag) -> set[str]:
    return {node_name(node) for node in svg.select("[data-id]")}


@pytest.mark.sphinx("html", testroot="graph", freshenv=True)
def test_directive_html(app: SphinxTestApp) -> None:
    app.build()
    assert warning_lines(app) == []
    page = soup(app, "map.html")
    whole, around = page.select(".ng-note-graph svg.ng-graph-svg")
    # No root on a page that is not a note: the whole garden, missing notes included.
    assert _titles(whole) == {
        "Alpha",
        "Beta",
        "Gamma",
        "Delta",
        "Lonely",
        "Epsilon",
        HOSTILE,
        "Missing thing (missing)",
    }
    # :root: Alpha, :depth: 2, :tags: math (nested tags count: Beta is math/algebra).
    assert _titles(around) == {"Alpha", "Beta", "Missing thing (missing)"}
    assert "ng-graph-root" in around.select_one('[data-id="0"]')["class"]
    rst = soup(app, "map-rst.html").select_one(".ng-note-graph svg")
    # Depth 1 by default: Alpha's missing link is two links from Beta.
    assert rst is not None and _titles(rst) == {"Alpha", "Beta", "Gamma"}
    assert rst["aria-label"].startswith("Graph of the notes around Beta")
    # Without JavaScript the picture is there; with it, the page also has the script.
    assert page.select_one('script[src*="notegarden.js"]') is not None
    script = (Path(app.outdir) / "_static" / "notegarden.js").read_text(encoding="utf-8")
    assert "neighbour highlighting" in script


@pytest.mark.sphinx("latex", testroot="graph", freshenv=True)
def test_directive_latex(app: SphinxTestApp) -> None:
    app.build()
    assert warning_lines(app) == []
    tex = (Path(app.outdir) / "graph.tex").read_text(encoding="utf-8")
    images = [line for line in tex.splitlines() if r"\sphinxincludegraphics" in line]
    assert len(images) == 3  # local graphs are HTML only; the three directives are here
    for line in images:
        name = line.split("{{", 1)[1].split("}", 1)[0] + ".pdf"
        assert (Path(app.outdir) / name).read_bytes().startswith(b"%PDF")
    assert r"\caption{Graph of the notes around Alpha" in tex
    sources = [p for p in Path(app.srcdir).rglob("*.pdf") if "_build" not in p.parts]
    assert sources == []  # nothing written into the sources
    if shutil.which("latexmk") is None:
        pytest.skip("latexmk is not installed")
    result = subprocess.run(
        ["latexmk", "-pdf", "-interaction=nonstopmode", "-halt-on-error", "graph.tex"],
        cwd=app.outdir,
        capture_output=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-2000:]
    assert (Path(app.outdir) / "graph.pdf").is_file()


@pytest.mark.sphinx("text", testroot="graph", freshenv=True)
def test_directive_text_is_a_list(app: SphinxTestApp) -> None:
    app.build()
    assert warning_lines(app) == []
    text = (Path(app.outdir) / "map.txt").read_text(encoding="utf-8")
    assert "Graph of 7 notes and 6 links" in text
    assert "* Alpha → Beta, Missing thing (missing)" in text
    assert f"* {HOSTILE} → Alpha" in text
    note = (Path(app.outdir) / "notes/alpha.txt").read_text(encoding="utf-8")
    assert "Graph of" not in note  # local graphs are for HTML


@pytest.mark.parametrize("builder", ["man", "texinfo", "epub", "singlehtml", "dirhtml"])
def test_directive_other_builders(make_app: object, tmp_path: Path, builder: str) -> None:
    from helpers import copy_root

    src = copy_root("graph", tmp_path)
    app = make_app(builder, srcdir=src, builddir=tmp_path / "out")  # type: ignore[operator]
    app.build()
    app.cleanup()
    warnings = [w for w in warning_lines(app) if "epub.unknown_project_files" not in w]
    assert warnings == []
    output = "".join(
        path.read_text(encoding="utf-8", errors="replace")
        for path in Path(app.outdir).rglob("*")
        if path.is_file() and path.suffix in {".1", ".texi", ".xhtml", ".html"}
    )
    assert "Graph of the notes around Beta" in output


@pytest.mark.sphinx("html", testroot="graph-bad", freshenv=True)
def test_bad_options_warn_with_location(app: SphinxTestApp) -> None:
    app.build()
    warnings = sorted(warning_lines(app), key=lambda w: int(w.split("index.md:")[1].split(":")[0]))
    assert len(warnings) == 3, warnings
    assert "index.md:7: WARNING: note-graph: no note is called 'Nobody here'" in warnings[0]
    assert "index.md:11: WARNING: note-graph: depth 'two' is not a number" in warnings[1]
    assert "index.md:15: WARNING: note-graph: no notes with the tags nonexistent" in warnings[2]
    assert all(w.endswith("[notegarden.graph]") for w in warnings)
    page = soup(app, "index.html")
    # The bad depth falls back to the default; the others draw nothing.
    assert len(page.select(".ng-note-graph")) == 1


def test_images_are_deterministic() -> None:
    subgraph = Subgraph(
        names=["a", "b", "c", "missing:x"],
        titles=["Alpha", HOSTILE, "$\\frac{", "x"],
        pairs=[(0, 1), (1, 2), (0, 3)],
        levels=[0, 1, 2, 1],
        parents=[0, 0, 1, 0],
    )
    positions = layout(subgraph)
    first = image_bytes(subgraph, positions, "pdf")
    assert first == image_bytes(subgraph, positions, "pdf")
    assert first.startswith(b"%PDF") and b"CreationDate" not in first
