"""Obsidian's inline footnotes, ``^[...]``, as MyST footnotes (inline_footnotes.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from sphinx_notegarden.inline_footnotes import extract_inline_footnotes

from helpers import build_files, soup, warning_lines

MakeApp = Callable[..., SphinxTestApp]


def test_references_replace_the_footnotes_line_for_line() -> None:
    lines = ["# T", "", "A^[one [nested] $x^[2]$ `]`] b^[two].", "", "c^[three]"]
    out, found = extract_inline_footnotes(lines)
    assert out == ["# T", "", "A[^ng-inline-1] b[^ng-inline-2].", "", "c[^ng-inline-3]"]
    assert found == [
        ("ng-inline-1", "one [nested] $x^[2]$ `]`", 3),
        ("ng-inline-2", "two", 3),
        ("ng-inline-3", "three", 5),
    ]


@pytest.mark.parametrize(
    "source",
    [
        "`code ^[no]`",
        "$a^[b]$",
        "```\n^[fenced]\n```",
        "$$\nx^[y]\n$$",
        "---\ntitle: a^[b]\n---",
        r"\^[escaped]",
        "^[never closed",
        "^[]",
    ],
)
def test_code_math_and_other_brackets_are_left_alone(source: str) -> None:
    lines = source.split("\n")
    assert extract_inline_footnotes(lines) == (lines, [])


def test_inline_footnotes_in_a_build(make_app: MakeApp, tmp_path: Path) -> None:
    files = {
        "index.md": (
            "# Index\n\n"
            "Claim^[with [[Other]], $x^2$ and [[Nowhere]]] and a labelled[^a] one, "
            "then^[a second].\n\n"
            "- in a list^[third]\n\n"
            "[^a]: The labelled one.\n"
        ),
        "Other.md": "# Other\n\nText.\n",
        "Linker.md": "# Linker\n\nSee [[Index]] and mine[^a].\n\n![[Index]]\n\n[^a]: Mine.\n",
    }
    app = build_files(make_app, tmp_path, files)
    # The warning is on the line the footnote was written on, not past the end.
    assert [w.split(": WARNING")[0].rsplit(":", 1)[-1] for w in warning_lines(app)] == ["3"]
    page = soup(app, "index.html")
    numbers = [a.get_text() for a in page.select("a.footnote-reference")]
    assert numbers == ["[1]", "[2]", "[3]", "[4]"]  # in the order they are read
    notes = [note.select_one("p").get_text() for note in page.select("aside.footnote")]
    assert notes == ["with Other, \\(x^2\\) and Nowhere", "The labelled one.", "a second", "third"]
    assert page.select_one("aside.footnote a.ng-note-ref")["href"] == "Other.html"
    assert "^[" not in page.select_one("div.body").get_text()
    # A preview of the note elsewhere shows the markers, not links to footnotes it lacks.
    preview = soup(app, "Linker.html").select_one("template.ng-preview-template")
    assert preview is not None and not preview.select("a.footnote-reference")
    # (Text inside <template> is TemplateString, which get_text() leaves out.)
    assert [str(sup.string) for sup in preview.select("sup")] == ["1", "2", "3", "4"]
    # Embedded, the markers are plain too: "#a" would be the embedding page's own [^a].
    linker = soup(app, "Linker.html")
    assert [a["href"] for a in linker.select("div.body a.footnote-reference")] == ["#a"]
    assert linker.select_one("aside.footnote#a").get_text(" ", strip=True).endswith("Mine.")
    assert [sup.get_text() for sup in linker.select(".ng-embed sup")] == ["1", "2", "3", "4"]
