"""Embeds inside embeds: cycles, depth and the number a page shows are bounded; embedded
notes are loaded once per build, not once per page."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from sphinx_notegarden.embeds import MAX_DEPTH, MAX_EMBEDS_PER_PAGE

from helpers import build_files, count_doctree_loads, soup, warning_lines, write_project

MakeApp = Callable[..., SphinxTestApp]


def test_a_page_shows_at_most_so_many_embeds(make_app: MakeApp, tmp_path: Path) -> None:
    many = MAX_EMBEDS_PER_PAGE + 100
    files = {
        "index.md": "# Home\n\n" + "".join(f"![[Leaf]] {i}\n\n" for i in range(many)),
        "leaf.md": "# Leaf\n\nA leaf.\n",
    }
    app = build_files(make_app, tmp_path, files)
    page = soup(app, "index.html")
    assert len(page.select(".ng-embed")) == MAX_EMBEDS_PER_PAGE
    links = page.select(".ng-embed-many a")
    assert len(links) == 100 and all(a.get_text() == "Leaf" for a in links)
    warned = [w for w in warning_lines(app) if "the rest are shown as links" in w]
    # One warning for the page, where the first embed that did not fit is written.
    assert len(warned) == 1, warned
    assert f"index.md:{3 + 2 * MAX_EMBEDS_PER_PAGE}:" in warned[0]


def test_embeds_nested_too_deep_are_links(make_app: MakeApp, tmp_path: Path) -> None:
    chain = MAX_DEPTH + 4  # d0 embeds d1, which embeds d2, ... up to d{chain}
    files = {"index.md": "# Home\n\n[[d0]]\n"}
    for i in range(chain):
        # Twice on one line: the copies of a line share one warning on a page.
        files[f"d{i}.md"] = f"# D{i}\n\n![[d{i + 1}]] and ![[d{i + 1}]]\n"
    files[f"d{chain}.md"] = f"# D{chain}\n\nThe end.\n"
    app = build_files(make_app, tmp_path, files)
    first = soup(app, "d0.html")
    deepest = first.select(".ng-embed-body " * MAX_DEPTH)
    assert deepest and not first.select(".ng-embed-body " * (MAX_DEPTH + 1))
    assert {a.get_text() for a in first.select(".ng-embed-deep a")} == {f"d{MAX_DEPTH + 1}"}
    assert not first.select(".ng-embed-cycle")
    deep = [w for w in warning_lines(app) if "embeds deep" in w]
    # Pages d0 ... d3 reach further than MAX_DEPTH, once each (not once per copy).
    assert len(deep) == chain - MAX_DEPTH, deep
    assert all("embed cycle" not in w for w in warning_lines(app))
    assert any(f"d{MAX_DEPTH}.md:3:" in w and f"embed of d{MAX_DEPTH + 1} " in w for w in deep)


def test_a_note_embedded_on_many_pages_is_loaded_once(
    make_app: MakeApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages = 6
    files = {
        "index.md": "# Home\n\n" + "".join(f"[[Page {i}]]\n\n" for i in range(pages)),
        "theorems.md": "# Theorems\n\n## Main\n\nEvery $x$ is fine.[^why]\n\n"
        "[^why]: Because.\n\nA lemma. ^lemma\n",
    }
    for i in range(pages):
        files[f"page-{i}.md"] = f"# Page {i}\n\n![[Theorems#Main]]\n\n![[Theorems#^lemma]]\n"
    app = make_app("html", srcdir=write_project(tmp_path / "src", files))
    loads = count_doctree_loads(monkeypatch)
    app.build()
    for i in range(pages):
        page = soup(app, f"page-{i}.html")
        bodies = page.select(".ng-embed-body")
        assert len(bodies) == 2
        assert "Every" in bodies[0].get_text() and "A lemma." in bodies[1].get_text()
        # Each page's copy is its own: ids prefixed on this page, footnote marker unlinked.
        assert not bodies[0].select("a.footnote-reference")
        assert all(node["id"].startswith("embed") for node in page.select(".ng-embed-body [id]"))
    assert loads.count("theorems") <= 2, loads  # its own page, and one load for the embeds
