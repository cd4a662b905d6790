"""Previews of many sections of one note load that note's doctree once, not per section."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sphinx.application import Sphinx
from sphinx.testing.util import SphinxTestApp

from sphinx_notegarden.read_doctrees import loaded_doctrees

from helpers import count_doctree_loads, soup, write_project

MakeApp = Callable[..., SphinxTestApp]
SECTIONS = 30


def test_section_previews_share_one_load(
    make_app: MakeApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {
        "index.md": "# Home\n\n" + "".join(f"[[Big#Part {i}]]\n\n" for i in range(SECTIONS)),
        "big.md": "# Big\n\n"
        + "".join(f"## Part {i}\n\nText of part {i}.\n\n" for i in range(SECTIONS)),
    }
    app = make_app("html", srcdir=write_project(tmp_path / "src", files))
    loads = count_doctree_loads(monkeypatch)
    app.build()
    page = soup(app, "index.html")
    previews = page.select("template.ng-preview-template")
    assert len(previews) == SECTIONS
    for i, template in enumerate(previews):
        assert f"Text of part {i}." in str(template)
    assert loads.count("big") <= 2  # its own page, and the previews' one load


def test_sections_linked_from_many_pages_share_one_load(
    make_app: MakeApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Pages are written in name order; each links one section of Alpha, Beta and Gamma,
    # so the notes' sections are asked for in turns, never two of one note in a row (and
    # more notes than the loaded doctrees kept).
    pages = 12
    files = {
        "index.md": "# Home\n\n" + "".join(f"[[Page {i:02}]]\n\n" for i in range(pages)),
        "alpha.md": "# Alpha\n\n"
        + "".join(f"## A{i}\n\nAlpha text {i}.\n\n" for i in range(pages)),
        "beta.md": "# Beta\n\n" + "".join(f"## B{i}\n\nBeta text {i}.\n\n" for i in range(pages)),
        "gamma.md": "# Gamma\n\n"
        + "".join(f"## G{i}\n\nGamma text {i}.\n\n" for i in range(pages)),
    }
    for i in range(pages):
        files[f"page-{i:02}.md"] = (
            f"# Page {i:02}\n\nSee [[Alpha#A{i}]], [[Beta#B{i}]], [[Gamma#G{i}]].\n"
        )
    app = make_app("html", srcdir=write_project(tmp_path / "src", files))
    loads = count_doctree_loads(monkeypatch)
    app.build()
    for i in range(pages):
        previews = soup(app, f"page-{i:02}.html").select("template.ng-preview-template")
        shown = [str(template) for template in previews]
        assert len(shown) == 3
        assert f"Alpha text {i}." in shown[0] and f"Alpha text {i + 1}." not in shown[0]
        assert f"Beta text {i}." in shown[1] and f"Gamma text {i}." in shown[2]
    for note in ("alpha", "beta", "gamma"):
        assert loads.count(note) <= 2, loads  # its own page, and the previews' one load


def test_no_loaded_doctree_outlives_its_page(make_app: MakeApp, tmp_path: Path) -> None:
    # A doctree loaded for section previews and kept from one page to the next lived
    # into the oldest generation of the garbage collector, and set off full collections.
    # Big is written first ("big" < "page-1"), so its tree is unpickled for Page 1.
    files = {
        "index.md": "# Home\n\n[[Page 1]] [[Page 2]]\n",
        "big.md": "# Big\n\n## One\n\nFirst part.\n\n## Two\n\nSecond part.\n",
        "page-1.md": "# Page 1\n\nSee [[Big#One]].\n",
        "page-2.md": "# Page 2\n\nSee [[Big#Two]].\n",
    }
    app = make_app("html", srcdir=write_project(tmp_path / "src", files))
    kept_after_page: dict[str, int] = {}

    def record(app: Sphinx, pagename: str, *args: object) -> None:
        kept_after_page[pagename] = len(loaded_doctrees(app.env))

    app.connect("html-page-context", record, priority=900)  # after the extension's handler
    app.build()
    assert "Second part." in str(soup(app, "page-2.html").select("template"))
    assert kept_after_page["page-1"] == kept_after_page["page-2"] == 0
    assert kept_after_page["big"] == 0
