"""Wikilinks relative to the note (``[[./Other]]``, ``[[../Folder/Other]]``), as Obsidian's
"relative path to file" link format writes them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from sphinx_notegarden.wikilinks import relative_to_note

from helpers import soup, warning_lines, write_project

MakeApp = Callable[..., SphinxTestApp]


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("./Z-test", "Concepts/Z-test"),
        ("../Other/Far", "Other/Far"),
        ("./sub/../Z-test", "Concepts/Z-test"),
        ("../../Out", "../../Out"),  # out of the source directory: left as written
        ("Z-test", "Z-test"),  # not relative: found by name, as before
        (".hidden", ".hidden"),
    ],
)
def test_relative_to_note(target: str, expected: str) -> None:
    assert relative_to_note("Concepts/Chi-squared test", target) == expected


FILES = {
    "index.md": "# Home\n\n[[Concepts/Chi-squared test]]\n",
    "Concepts/Chi-squared test.md": "# Chi\n\n"
    "See [[./Z-test#One Sample|the test]], [[../Other/Far]] and [[../../Out]].\n\n"
    "![[./Z-test#One Sample]]\n\nAlso {note}`./Z-test`.\n",
    "Concepts/Z-test.md": "# Z-test\n\n## One Sample\n\nThe z statistic.\n",
    # A note of the same name elsewhere: the relative link must not go there.
    "Other/Z-test.md": "# Other Z-test\n\nNot this one.\n",
    "Other/Far.md": "# Far\n\nFar text.\n",
}


def test_relative_links_resolve_from_the_notes_folder(make_app: MakeApp, tmp_path: Path) -> None:
    app = make_app("html", srcdir=write_project(tmp_path / "src", FILES))
    app.build()
    warned = [w for w in warning_lines(app) if "notegarden" in w]
    assert len(warned) == 1 and "'../../Out'" in warned[0] and "Chi-squared test.md:3" in warned[0]
    page = soup(app, "Concepts/Chi-squared test.html")
    hrefs = {a.get_text(): a["href"] for a in page.select("div.body p a.ng-note-ref")}
    assert hrefs["the test"] == "Z-test.html#one-sample"
    assert hrefs["../Other/Far"] == "../Other/Far.html"
    assert hrefs["./Z-test"] == "Z-test.html"
    embed = page.select_one(".ng-embed-body")
    assert embed is not None and "The z statistic." in embed.get_text()
    # The link records are written from the source directory too: backlinks and graph.
    linked_from = soup(app, "Concepts/Z-test.html").select_one(".ng-backlinks")
    assert linked_from is not None and "Chi" in linked_from.get_text()
    assert soup(app, "Other/Z-test.html").select_one(".ng-backlinks") is None
