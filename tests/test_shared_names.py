"""Notes and attachments that share a file name: which one a bare link names.

Obsidian's own rule (``getFirstLinkpathDest``, observed on Obsidian 1.13): an exact
path from the vault's root wins; else the file in the linking note's own folder (not an
ancestor's); else the shortest path string; here, then the first in sort order.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sphinx.testing.util import SphinxTestApp

from sphinx_notegarden.link_index import build_link_index

from helpers import soup, warning_lines, write_project

MakeApp = Callable[..., SphinxTestApp]


def test_the_linking_notes_folder_then_the_shortest_path() -> None:
    docnames = ["Archive/Overview", "A/B/Overview", "Projects/Overview", "Note", "Projects/Note"]
    index = build_link_index(docnames, {}, {}, docnames)
    assert index.resolve("Overview", "Projects/Plan") == "Projects/Overview"
    # Not beside the note, nor in an ancestor's folder: the shortest path string
    # (three folders deep but shorter, so not the fewest folders).
    assert index.resolve("Overview", "Journal/Day") == "A/B/Overview"
    assert index.resolve("overview.md", "A/Day") == "A/B/Overview"
    assert index.resolve("Overview") == "A/B/Overview"
    # A path from the root beats the note beside the link.
    assert index.resolve("Note", "Projects/Plan") == "Note"
    # Ends of paths are told apart the same way.
    ends = ["x/lib/Guide", "long-folder/lib/Guide", "y/z/lib/Guide"]
    index = build_link_index(ends, {}, {}, ends)
    assert index.resolve("lib/Guide", "y/z/Other") == "y/z/lib/Guide"
    assert index.resolve("lib/Guide", "q/Other") == "x/lib/Guide"
    assert index.clashes == []  # sharing a file name is no clash


SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4">'
    '<rect width="4" height="4"/></svg>'
)

FILES = {
    "index.md": "# Home\n\n[[Overview]] and [[Journal/Day]].\n",
    "Projects/Plan.md": "# Plan\n\nSee [[Overview]] and [[Note]].\n\n![[diagram.svg]]\n\n"
    "![[Day]]\n",
    "Projects/Overview.md": "# Projects overview\n\nThe projects.\n",
    "Projects/Note.md": "# Projects note\n\nNot the root note.\n",
    "Projects/diagram.svg": SVG,
    "Journal/Day.md": "# Day\n\nRead [[Overview]] and [the overview](Overview.md).\n\n"
    "![[diagram.svg]]\n",
    "A/B/Overview.md": "# Short overview\n\nThe short one.\n",
    "Archive/Overview.md": "# Archived overview\n\nOld.\n",
    "Note.md": "# Root note\n\nAt the root.\n",
    "Assets/diagram.svg": SVG.replace("<rect", "<circle r='2'"),
}


def test_links_and_backlinks_follow_the_same_rule(make_app: MakeApp, tmp_path: Path) -> None:
    app = make_app("html", srcdir=write_project(tmp_path / "src", FILES))
    app.build()
    assert [w for w in warning_lines(app) if "notegarden" in w] == []

    def hrefs(page: str) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        body = soup(app, page).select_one("div.body")
        assert body is not None
        for ref in body.select("a.ng-note-ref, a.reference.internal"):
            if ref.find_parent(class_="ng-backlinks") is None:
                found.setdefault(ref.get_text(" ", strip=True), []).append(ref["href"])
        return found

    plan = hrefs("Projects/Plan.html")
    assert plan["Overview"][0] == "Overview.html"  # Projects/Overview, beside the note
    assert plan["Note"] == ["../Note.html"]  # the root path wins over the note beside
    # The embedded note's link keeps its own note's choice, not the embedding page's.
    assert "../A/B/Overview.html" in plan["Overview"]
    day = hrefs("Journal/Day.html")
    assert day["Overview"] == ["../A/B/Overview.html"]
    assert day["the overview"] == ["../A/B/Overview.html"]  # a Markdown link alike
    assert hrefs("index.html")["Overview"] == ["A/B/Overview.html"]

    plan_page = soup(app, "Projects/Plan.html")
    images = [img["src"] for img in plan_page.select("div.body img")]
    day_image = soup(app, "Journal/Day.html").select_one("div.body img")
    assert day_image is not None
    # Beside the note for Plan; from Journal, none beside: the shortest path.
    assert images[0] != day_image["src"]
    assert (Path(app.outdir) / "Projects" / images[0]).resolve().read_text() == FILES[
        "Projects/diagram.svg"
    ]
    assert (Path(app.outdir) / "Journal" / day_image["src"]).resolve().read_text() == FILES[
        "Assets/diagram.svg"
    ]

    def linked_from(page: str) -> str:
        section = soup(app, page).select_one(".ng-backlinks")
        return section.get_text(" ", strip=True) if section else ""

    assert "Plan" in linked_from("Projects/Overview.html")
    assert "Day" not in linked_from("Projects/Overview.html")
    assert "Day" in linked_from("A/B/Overview.html")
    assert "Plan" not in linked_from("A/B/Overview.html")
    assert linked_from("Archive/Overview.html") == ""
