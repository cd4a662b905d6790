"""The sentence kept with each link, when one paragraph holds many links and formulas."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sphinx.testing.util import SphinxTestApp

from helpers import soup, write_project

MakeApp = Callable[..., SphinxTestApp]
CONF = (
    'extensions = ["myst_parser", "sphinx_notegarden"]\n'
    'myst_enable_extensions = ["dollarmath"]\nnotegarden_notes = ["**"]\n'
)


def _links(app: SphinxTestApp, docname: str) -> list[dict[str, Any]]:
    links: list[dict[str, Any]] = app.env.get_domain("ng").links[docname]  # type: ignore[attr-defined]
    return links


def test_each_link_of_a_long_paragraph_keeps_its_own_sentence(
    make_app: MakeApp, tmp_path: Path
) -> None:
    count = 400
    sentences = [
        f"Step {i} uses $x_{{{i}}}. y$ and [[Target {i % 3}]] again." for i in range(count)
    ]
    files = {
        "index.md": "# Home\n\n" + "\n".join(sentences) + "\n",
        **{f"target-{k}.md": f"# Target {k}\n\nText.\n" for k in range(3)},
    }
    app = make_app("html", srcdir=write_project(tmp_path / "src", files, CONF))
    app.build()
    links = _links(app, "index")
    assert len(links) == count
    for i, link in enumerate(links):
        formula = f"x_{{{i}}}. y"
        # The full stop inside the formula ends no sentence; the lines were joined.
        assert link["context"] == f"Step {i} uses {formula} and Target {i % 3} again."
        assert link["context"][link["start"] : link["end"]] == f"Target {i % 3}"
        start = len(f"Step {i} uses ")
        assert link["math"] == [[start, start + len(formula)]]
        assert link["line"] == 3 + i


def test_a_hard_line_break_is_a_space_in_sentences_and_summaries(
    make_app: MakeApp, tmp_path: Path
) -> None:
    files = {
        "index.md": "# Home\n\n```{note-list}\n```\n",
        # Two trailing spaces: a hard line break, raw "<br />" and "\\\\" in the tree.
        "source.md": "# Source\n\nThe first line:  \nthe second line.\n\n"
        "- **[[Target]]-syntax:**  \n  next line of the item.\n",
        "target.md": "# Target\n\nText.\n",
    }
    app = make_app("html", srcdir=write_project(tmp_path / "src", files, CONF))
    app.build()
    context = _links(app, "source")[0]["context"]
    assert context == "Target-syntax: next line of the item."
    summary = app.env.get_domain("ng").note("source").summary  # type: ignore[attr-defined]
    assert summary == "The first line: the second line."
    shown = soup(app, "target.html").select_one(".ng-backlink-context")
    assert shown is not None and shown.get_text() == "Target-syntax: next line of the item."
    entry = soup(app, "index.html").select_one(".ng-note-list")
    assert entry is not None and "The first line: the second line." in entry.get_text()
