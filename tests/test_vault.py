"""An Obsidian-style vault: no toctree, no H1, file-name titles, attachments."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import soup, warning_lines
from sphinx.testing.util import SphinxTestApp


@pytest.mark.sphinx("html", testroot="vault", freshenv=True)
def test_vault_builds_with_only_real_problems(app: SphinxTestApp) -> None:
    app.build()
    warnings = warning_lines(app)
    # No heading-level or toctree noise; the one missing attachment is reported.
    assert len(warnings) == 1, warnings
    assert "First note.md:12" in warnings[0] and "'nowhere.png' not found" in warnings[0]
    assert "[notegarden.attachment]" in warnings[0]


@pytest.mark.sphinx("html", testroot="vault", freshenv=True)
def test_file_name_is_the_title(app: SphinxTestApp) -> None:
    app.build()
    page = soup(app, "Folder One/First note.html")
    assert page.title.get_text().startswith("First note")
    assert page.select_one("section > h1").get_text().rstrip("¶") == "First note"
    # Sections that start at ## nest under the title.
    assert page.select_one("section > section > h2").get_text().rstrip("¶") == "Starting at H2"
    plain = soup(app, "Folder One/Second Note.html")
    assert plain.title.get_text().startswith("Second Note")


@pytest.mark.sphinx("html", testroot="vault", freshenv=True)
def test_attachments(app: SphinxTestApp) -> None:
    app.build()
    assert (Path(app.outdir) / "_images" / "diagram.png").is_file()
    home = soup(app, "Home.html")
    image = home.select_one("img.ng-attachment")
    assert image["src"] == "_images/diagram.png" and "width: 300px" in image["style"]
    note = soup(app, "Folder One/First note.html")
    assert note.select_one("img.ng-attachment")["src"] == "../_images/diagram.png"
    assert note.select_one(".ng-missing-attachment").get_text() == "[missing: nowhere.png]"
    links = [a["href"] for a in home.select("a.ng-note-ref")]
    assert links == ["Folder%20One/First%20note.html", "Folder%20One/Second%20Note.html"]


@pytest.mark.sphinx("html", testroot="vault", freshenv=True, parallel=2)
def test_vault_in_parallel(app: SphinxTestApp) -> None:
    app.build()
    assert len(warning_lines(app)) == 1
