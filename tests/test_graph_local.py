"""Local graphs on note pages: what they show, the per-note switch, incremental and -j 2."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from bs4 import BeautifulSoup, Tag
from sphinx.testing.util import SphinxTestApp

from sphinx_notegarden import graph_cache
from sphinx_notegarden.graph_data import LOCAL_LIMIT, Subgraph, neighbourhood
from sphinx_notegarden.graph_layout import radial_layout, spring_layout

from helpers import build_recording_pages, copy_root, output_files, soup, warning_lines

MakeApp = Callable[..., SphinxTestApp]
HOSTILE = '<script>alert("x")</script> & $x$ "quoted"'


def local_graph(page: BeautifulSoup) -> Tag | None:
    """Return the SVG of a page's local graph, or None."""
    return page.select_one(".ng-local-graph svg.ng-graph-svg")


def node_name(node: Tag) -> str:
    """Return the full title of a drawn node: its tooltip, or its label when not cut."""
    tooltip = node.select_one("title")
    return (tooltip or node.select_one("text")).get_text()


def drawn(svg: Tag) -> tuple[dict[str, str], set[tuple[str, str]]]:
    """Return the picture's nodes (title: classes) and links (source title, target title)."""
    titles = {node["data-id"]: node_name(node) for node in svg.select("[data-id]")}
    kinds = {titles[node["data-id"]]: " ".join(node["class"]) for node in svg.select("[data-id]")}
    links = {
        (titles[line["data-source"]], titles[line["data-target"]])
        for line in svg.select("line.ng-graph-edge")
    }
    return kinds, links


@pytest.mark.sphinx("html", testroot="graph", freshenv=True)
def test_local_graph_shows_links_and_backlinks(app: SphinxTestApp) -> None:
    app.build()
    assert warning_lines(app) == []
    svg = local_graph(soup(app, "notes/alpha.html"))
    assert svg is not None
    kinds, links = drawn(svg)
    assert set(kinds) == {"Alpha", "Beta", "Delta", HOSTILE, "Missing thing (missing)"}
    assert "ng-graph-root" in kinds["Alpha"]
    assert "ng-graph-missing" in kinds["Missing thing (missing)"]  # drawn distinctly
    assert svg.select_one("g.ng-graph-missing") is not None  # and not as a link
    assert links == {
        ("Alpha", "Beta"),
        ("Alpha", "Missing thing (missing)"),
        ("Delta", "Alpha"),
        (HOSTILE, "Alpha"),
    }
    hrefs = {node_name(a): a["href"] for a in svg.select("a.ng-graph-node")}
    assert hrefs["Beta"] == "beta.html"
    # The same as a list, for keyboard and screen-reader users.
    items = [
        li.get_text(" ", strip=True)
        for li in soup(app, "notes/alpha.html").select(".ng-local-graph ul.ng-graph-list > li")
    ]
    assert "Alpha → Beta , Missing thing (missing)" in items
    assert "Delta → Alpha" in items
    assert svg["aria-label"].startswith("Graph of the notes around Alpha")


@pytest.mark.sphinx("html", testroot="graph", freshenv=True)
def test_pages_without_a_local_graph(app: SphinxTestApp) -> None:
    app.build()
    assert local_graph(soup(app, "notes/delta.html")) is None  # graph: false
    assert local_graph(soup(app, "notes/lonely.html")) is None  # nothing to draw
    assert local_graph(soup(app, "index.html")) is None  # not a note
    assert local_graph(soup(app, "notes/gamma.html")) is not None
    # A note embedding another shows its own graph only, not the embedded note's.
    graphs = soup(app, "notes/epsilon.html").select(".ng-local-graph svg")
    assert [svg["aria-label"].split(":")[0] for svg in graphs] == [
        "Graph of the notes around Epsilon"
    ]


@pytest.mark.sphinx(
    "html", testroot="graph", freshenv=True, confoverrides={"notegarden_local_graph_depth": 0}
)
def test_depth_zero_turns_local_graphs_off(app: SphinxTestApp) -> None:
    app.build()
    assert list(Path(app.outdir).rglob("*.html")) != []
    for page in Path(app.outdir).rglob("*.html"):
        assert "ng-local-graph" not in page.read_text(encoding="utf-8")


@pytest.mark.sphinx(
    "html", testroot="graph", freshenv=True, confoverrides={"notegarden_local_graph_depth": 2}
)
def test_depth_two_reaches_further(app: SphinxTestApp) -> None:
    app.build()
    svg = local_graph(soup(app, "notes/alpha.html"))
    assert svg is not None
    kinds, links = drawn(svg)
    assert "Gamma" in kinds  # Alpha → Beta → Gamma
    assert ("Beta", "Gamma") in links


@pytest.mark.sphinx("html", testroot="graph", freshenv=True)
def test_hostile_titles_are_text_in_the_svg(app: SphinxTestApp) -> None:
    app.build()
    for page in ("notes/alpha.html", "notes/hostile.html"):
        html = (Path(app.outdir) / page).read_text(encoding="utf-8")
        assert "<script>alert" not in html
        svg = local_graph(soup(app, page))
        assert svg is not None
        assert HOSTILE in {title.get_text() for title in svg.select("title")}
    svg = local_graph(soup(app, "notes/hostile.html"))
    assert svg is not None and HOSTILE in svg["aria-label"]


def _graph_boxes(outdir: Path) -> dict[str, str]:
    """Return each page's graph pictures (local and directive) as markup."""
    boxes = {}
    for path in sorted(outdir.rglob("*.html")):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        boxes[str(path.relative_to(outdir))] = "".join(
            str(box) for box in page.select(".ng-graph-box")
        )
    return boxes


def _build(make_app: MakeApp, src: Path, out: Path, **kwargs: object) -> SphinxTestApp:
    app = make_app("html", srcdir=src, builddir=out, **kwargs)
    app.build()
    app.cleanup()
    return app


def test_incremental_link_updates_neighbours(make_app: MakeApp, tmp_path: Path) -> None:
    src = copy_root("graph", tmp_path)
    first = _build(make_app, src, tmp_path / "inc")
    gamma_before = (Path(first.outdir) / "notes/gamma.html").read_text(encoding="utf-8")
    assert "Lonely" not in gamma_before
    lonely = src / "notes/lonely.md"
    lonely.write_text(lonely.read_text() + "\nNow it points at [[Gamma]].\n", encoding="utf-8")
    app, written = build_recording_pages(make_app, srcdir=src, builddir=tmp_path / "inc")
    # Gamma was not read again, but its local graph gained Lonely: it was rewritten.
    assert "notes/gamma" in written
    svg = local_graph(soup(app, "notes/gamma.html"))
    assert svg is not None and "Lonely" in drawn(svg)[0]
    # The whole-garden picture on the map page shows the new link too.
    assert "map" in written
    # Beta's local graph (depth 1) did not change: it is not rewritten.
    assert "notes/beta" not in written
    clean = _build(make_app, src, tmp_path / "clean")
    assert _graph_boxes(Path(app.outdir)) == _graph_boxes(Path(clean.outdir))


def test_incremental_link_reaches_neighbours_two_links_away(
    make_app: MakeApp, tmp_path: Path
) -> None:
    src = copy_root("graph", tmp_path)
    depth = {"notegarden_local_graph_depth": 2}
    _build(make_app, src, tmp_path / "inc", confoverrides=depth)
    lonely = src / "notes/lonely.md"
    lonely.write_text(lonely.read_text() + "\nNow it points at [[Gamma]].\n", encoding="utf-8")
    app, written = build_recording_pages(
        make_app, srcdir=src, builddir=tmp_path / "inc", confoverrides=depth
    )
    # Beta links Gamma, which Lonely now links: Lonely is two links from Beta.
    assert "notes/beta" in written
    svg = local_graph(soup(app, "notes/beta.html"))
    assert svg is not None and "Lonely" in drawn(svg)[0]
    clean = _build(make_app, src, tmp_path / "clean", confoverrides=depth)
    assert _graph_boxes(Path(app.outdir)) == _graph_boxes(Path(clean.outdir))


def test_parallel_equals_serial(make_app: MakeApp, tmp_path: Path) -> None:
    src = copy_root("graph", tmp_path)
    serial = _build(make_app, src, tmp_path / "serial", freshenv=True)
    parallel = _build(make_app, src, tmp_path / "parallel", freshenv=True, parallel=2)
    one, two = output_files(Path(serial.outdir)), output_files(Path(parallel.outdir))
    assert one.keys() == two.keys()
    assert [name for name in one if one[name] != two[name]] == []


def test_layout_cache_returns_what_a_layout_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    count = graph_cache.CACHE_FROM + 5
    subgraph = Subgraph(
        names=[f"n{i:03d}" for i in range(count)],
        titles=[f"Note {i}" for i in range(count)],
        pairs=[(i, (i * 7 + 1) % count) for i in range(count)],
    )
    app = SimpleNamespace(doctreedir=str(tmp_path))
    fresh = graph_cache.cached_layout(app, subgraph)  # type: ignore[arg-type]
    assert (tmp_path / graph_cache.CACHE_NAME).is_file()

    def no_layout(_subgraph: Subgraph) -> None:
        raise AssertionError("laid out again")

    monkeypatch.setattr(graph_cache, "layout", no_layout)
    cached = graph_cache.cached_layout(app, subgraph)  # type: ignore[arg-type]
    assert np.array_equal(fresh, cached)
    changed = Subgraph(subgraph.names, subgraph.titles, subgraph.pairs[:-1])
    with pytest.raises(AssertionError, match="laid out again"):
        graph_cache.cached_layout(app, changed)  # type: ignore[arg-type]


def test_a_hub_neighbourhood_is_capped() -> None:
    sources = [f"n{i:03d}" for i in range(200)]
    notes = {name: {"title": name.upper()} for name in ["hub", *sources]}
    domain = SimpleNamespace(note_data=notes)
    graph = {"out": {name: ["hub"] for name in sources}, "in": {"hub": sources}, "missing": {}}
    around = neighbourhood(domain, graph, "hub", 2)  # type: ignore[arg-type]
    assert len(around.names) == LOCAL_LIMIT and around.hidden == 1
    assert around.names[:3] == ["hub", "n000", "n001"]  # nearest first, in a stable order
    small = neighbourhood(domain, graph, "n005", 1)  # type: ignore[arg-type]
    assert small.names == ["n005", "hub"] and small.hidden == 0
    assert small.pairs == [(0, 1)]


def test_layouts_are_deterministic() -> None:
    edges = [(i, (i * 13 + 5) % 500) for i in range(500)] + [(0, i) for i in range(1, 40)]
    first, second = spring_layout(500, edges), spring_layout(500, edges)
    assert np.array_equal(first, second)
    assert first.min() >= 0 and first.max() <= 1
    rings = radial_layout([0, 1, 1, 2], [0, 0, 0, 1])
    assert rings[0].tolist() == [0.5, 0.5]
    assert np.allclose(np.hypot(*(rings[1:3] - 0.5).T), 0.25)  # ring 1 of 2
