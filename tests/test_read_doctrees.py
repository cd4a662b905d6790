"""Embeds and section previews copy from the doctree Sphinx still holds, when it does."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from helpers import count_doctree_loads, soup, write_project

MakeApp = Callable[..., SphinxTestApp]

# Pages are written in name order: "alpha" before "middle", "zeta" after it.
FILES = {
    "index.md": "# Home\n\n[[Middle]]\n",
    "alpha.md": "# Alpha\n\n## Early part\n\nEarly alpha text.\n\nAn alpha block. ^ablock\n",
    "zeta.md": "# Zeta\n\n## Late part\n\nLate zeta text.\n\nA zeta block. ^zblock\n",
    "middle.md": "# Middle\n\n![[Alpha#^ablock]]\n\n![[Zeta#^zblock]]\n\n"
    "See [[Alpha#Early part]] and [[Zeta#Late part]].\n",
}


def _check_middle(app: SphinxTestApp) -> None:
    page = soup(app, "middle.html")
    bodies = [body.get_text() for body in page.select(".ng-embed-body")]
    assert "An alpha block." in bodies[0] and "A zeta block." in bodies[1]
    previews = {
        template["id"]: str(template) for template in page.select("template.ng-preview-template")
    }
    assert any("Early alpha text." in html for html in previews.values()), previews
    assert any("Late zeta text." in html for html in previews.values()), previews


def test_notes_not_yet_written_are_not_unpickled(
    make_app: MakeApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app("html", srcdir=write_project(tmp_path / "src", FILES))
    loads = count_doctree_loads(monkeypatch)
    app.build()
    _check_middle(app)
    # Zeta's page is written after Middle's: its tree is still in memory, and copied from.
    assert loads.count("zeta") == 0, loads
    # Alpha's was written before: its tree is gone, and unpickled once for both uses.
    assert loads.count("alpha") == 1, loads


def test_notes_not_read_again_are_unpickled(make_app: MakeApp, tmp_path: Path) -> None:
    srcdir = write_project(tmp_path / "src", FILES)
    make_app("html", srcdir=srcdir).build()
    # Only Middle changes: the notes it embeds are not read again, so not in memory.
    (srcdir / "middle.md").write_text(FILES["middle.md"] + "\nOne more line.\n")
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert "One more line." in soup(app, "middle.html").get_text()
    _check_middle(app)
