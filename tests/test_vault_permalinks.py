"""``permalink:``: the page's URL, slugged and kept in the output, with a redirect behind."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from helpers import copy_root, output_files, soup, warning_lines, write_project

MakeApp = Callable[..., SphinxTestApp]
NOTE = "Essays/Maps and territory"


@pytest.mark.sphinx("html", testroot="vault-permalinks", freshenv=True)
def test_page_is_written_at_its_permalink(app: SphinxTestApp) -> None:
    app.build()
    page = soup(app, "essays/maps-territory.html")
    assert page.select_one("h1").get_text().rstrip("¶") == "Maps and territory"
    # Paths inside the page are relative to where it is written.
    assert page.select_one("div.body img")["src"] == "../_images/dot.svg"
    assert page.select_one('link[rel="stylesheet"]')["href"].startswith("../_static/")
    assert page.select_one("div.body a.ng-note-ref")["href"] == "../Start.html"
    # Every other page links to the permalink.
    start = soup(app, "Start.html")
    assert start.select_one("div.body a.ng-note-ref")["href"] == "essays/maps-territory.html"
    index = soup(app, "index.html")
    assert index.select_one('a[href="essays/maps-territory.html"]') is not None
    graph = json.loads((Path(app.outdir) / "notegarden-graph.json").read_text())
    urls = {node["id"]: node["url"] for node in graph["nodes"]}
    assert urls[NOTE] == "essays/maps-territory.html"


@pytest.mark.sphinx("html", testroot="vault-permalinks", freshenv=True)
def test_redirect_at_the_files_own_path(app: SphinxTestApp) -> None:
    app.build()
    redirect = soup(app, f"{NOTE}.html")
    assert redirect.select_one('link[rel="canonical"]')["href"] == "../essays/maps-territory.html"
    refresh = redirect.select_one('meta[http-equiv="refresh"]')["content"]
    assert refresh == "0; url=../essays/maps-territory.html"
    assert redirect.select_one("a").get_text() == "Maps and territory"


@pytest.mark.sphinx("html", testroot="vault-permalinks", freshenv=True)
def test_bad_permalinks_are_refused_with_warnings(app: SphinxTestApp) -> None:
    app.build()
    warnings = warning_lines(app)
    assert len(warnings) == 3, warnings
    assert all("[notegarden.permalink]" in w for w in warnings)
    assert "Plain.md:2" in warnings[0] and "not a path inside the site" in warnings[0]
    assert "Reserved.md:2" in warnings[1] and "generated page" in warnings[1]
    assert "Taken.md:2" in warnings[2] and "another document" in warnings[2]
    outdir = Path(app.outdir)
    assert (outdir / "Plain.html").is_file() and not (outdir / "outside.html").exists()
    assert not (outdir.parent / "outside.html").exists()
    assert soup(app, "Start.html").select_one("h1").get_text().rstrip("¶") == "Start"
    assert not (outdir / "tags" / "mine.html").exists()


@pytest.mark.sphinx("dirhtml", testroot="vault-permalinks", freshenv=True)
def test_permalinks_in_dirhtml(app: SphinxTestApp) -> None:
    app.build()
    page = soup(app, "essays/maps-territory/index.html")
    assert page.select_one("div.body img")["src"] == "../../_images/dot.svg"
    start = soup(app, "Start/index.html")
    assert start.select_one("div.body a.ng-note-ref")["href"] == "../essays/maps-territory/"
    redirect = soup(app, f"{NOTE}/index.html")
    assert redirect.select_one("a")["href"] == "../../essays/maps-territory/"


@pytest.mark.parametrize("builder", ["singlehtml", "latex", "text", "epub"])
def test_other_builders_ignore_permalinks(make_app: MakeApp, tmp_path: Path, builder: str) -> None:
    app = make_app(builder, srcdir=copy_root("vault-permalinks", tmp_path))
    app.build()
    app.cleanup()
    assert not [w for w in warning_lines(app) if "[notegarden.permalink]" in w]
    assert not (Path(app.outdir) / "essays").exists()


def _build(make_app: MakeApp, src: Path, builddir: Path, parallel: int = 0) -> dict[str, bytes]:
    app = make_app("html", srcdir=src, builddir=builddir, parallel=parallel)
    app.build()
    app.cleanup()
    files = output_files(Path(app.outdir), (".html", ".json"))
    return files


def test_parallel_equals_serial(make_app: MakeApp, tmp_path: Path) -> None:
    src = copy_root("vault-permalinks", tmp_path)
    serial = _build(make_app, src, tmp_path / "serial")
    parallel = _build(make_app, src, tmp_path / "parallel", parallel=2)
    assert serial == parallel


def test_changing_a_permalink_equals_a_clean_build(make_app: MakeApp, tmp_path: Path) -> None:
    src = copy_root("vault-permalinks", tmp_path)
    _build(make_app, src, tmp_path / "inc")
    old = tmp_path / "inc" / "html" / "essays" / "maps-territory.html"
    assert old.is_file()
    note = src / f"{NOTE}.md"
    note.write_text(note.read_text().replace("/essays/Maps & Territory/", "maps"))
    incremental = _build(make_app, src, tmp_path / "inc")
    clean = _build(make_app, src, tmp_path / "clean")
    assert not old.exists()
    assert incremental == clean
    start = BeautifulSoup(clean["Start.html"], "html.parser")
    assert start.select_one("div.body a.ng-note-ref")["href"] == "maps.html"
    # Without a permalink, the page is back at its own path.
    note.write_text(note.read_text().replace("permalink: maps\n", ""))
    again = _build(make_app, src, tmp_path / "inc")
    assert again == _build(make_app, src, tmp_path / "clean2")
    assert b"http-equiv" not in again[f"{NOTE}.html"] and "maps.html" not in again


def test_own_path_in_another_case_and_home_slash(make_app: MakeApp, tmp_path: Path) -> None:
    src = copy_root("vault-permalinks", tmp_path)
    (src / "Essays/Fern.md").write_text("---\npermalink: essays/fern\n---\n\nA fern.\n")
    (src / "Home slash.md").write_text("---\npermalink: /\n---\n\nNot the home page.\n")
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    app.cleanup()
    warnings = [w for w in warning_lines(app) if "[notegarden.permalink]" in w]
    assert not [w for w in warnings if "Fern.md" in w]  # its own path: nothing to do
    assert (Path(app.outdir) / "Essays/Fern.html").is_file()
    (home,) = [w for w in warnings if "Home slash.md" in w]
    assert "names the home page" in home


def test_local_graph_follows_a_new_permalink_between_two_builds_of_one_application(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    files = {
        "index.md": "# Home\n\nSee [[Moved]].\n",
        "Moved.md": "---\npermalink: first-place\n---\n# Moved\n\nText.\n",
    }
    src = write_project(tmp_path / "src", files)
    app = make_app("html", srcdir=src)
    app.build()
    moved = src / "Moved.md"
    moved.write_text(moved.read_text().replace("first-place", "second-place"))
    app.build()
    app.cleanup()
    graph = soup(app, "index.html").select_one(".ng-local-graph")
    assert graph is not None
    hrefs = {a["href"] for a in graph.select("a[href]")}
    assert any("second-place" in href for href in hrefs)
    assert not any("first-place" in href for href in hrefs)
