"""Wikilinks read literally, as Obsidian reads them, before Markdown's inline syntax."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from sphinx_notegarden.wikilink_source import protect_wikilinks

from helpers import build_files, line_for_line, soup, warning_lines

MakeApp = Callable[..., SphinxTestApp]


def rewrite(text: str) -> str:
    return line_for_line(protect_wikilinks, text)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("[[Python __init__]]", r"[[Python \_\_init\_\_]]"),
        ("![[a*b*.png|300]]", r"![[a\*b\*.png|300]]"),
        ("[[x_y|**bold** _label_]]", r"[[x\_y|**bold** _label_]]"),  # labels are Markdown
        (r"| [[x_y\|label]] |", r"| [[x\_y\|label]] |"),  # the table form of the bar
        ("[[Magic Numbers]](MZ).", r"[[Magic Numbers]]\(MZ)."),
        ("[[Peyton Jones]][paper]", r"[[Peyton Jones]\][paper]"),  # a link of its own
        ("[[a]][[b]]", "[[a]][[b]]"),  # two wikilinks in a row
        (r"[[a\_b]]", r"[[a\_b]]"),  # escaped already
    ],
)
def test_wikilinks_are_protected(source: str, expected: str) -> None:
    assert rewrite(source) == expected


@pytest.mark.parametrize(
    "source",
    [
        "`[[x__y__]](z)`",  # code span
        "```\n[[x__y__]](z)\n```",  # fenced code
        "Math $[[a_1]]$ inline",
        "Display $$[[a_1]]$$ on a line",
        "$$\nM = [[x_1]](y)\n$$",  # a formula over several lines
        "---\ntitle: '[[a_b]]'\n---",  # front matter
        r"\[\[x_y\]\](z)",  # not a wikilink
        "[[]]",
    ],
)
def test_code_math_and_front_matter_are_left_alone(source: str) -> None:
    assert rewrite(source) == source


def test_wikilinks_read_as_in_obsidian(make_app: MakeApp, tmp_path: Path) -> None:
    files = {
        "index.md": (
            "# Index\n\n"
            "See [[Python __builtins__]], [[Magic Numbers]](MZ) and [[a*b*c|**bold** label]].\n\n"
            "| name | link |\n|---|---|\n| py | [[Python __builtins__\\|the builtins]] |\n\n"
            "In code `[[x__y__]](z)`, in math $[[a_1]]$.\n\n"
            "An empty label: [[a*b*c|]].\n\n"
            "Then [[Magic Numbers]][paper] and [[Magic Numbers]][[a*b*c]].\n\n"
            "[paper]: https://example.org/paper.pdf\n"
        ),
        "Python __builtins__.md": "What Python has without an import.\n",
        "Magic Numbers.md": "Bytes at the start of a file.\n",
        "a*b*c.md": "A name with asterisks.\n",
    }
    app = build_files(make_app, tmp_path, files)
    assert not warning_lines(app)
    body = soup(app, "index.html").select_one("div.body")
    assert body is not None
    links = {a.get_text(): a["href"] for a in body.select("a.ng-note-ref")}
    assert links == {
        "Python __builtins__": "Python%20__builtins__.html",
        "Magic Numbers": "Magic%20Numbers.html",
        "bold label": "a%2Ab%2Ac.html",
        "the builtins": "Python%20__builtins__.html",
        "a*b*c": "a%2Ab%2Ac.html",
    }
    assert "Magic Numbers(MZ)" in body.get_text()  # the bracket stays text
    assert body.select_one("a.ng-note-ref strong") is not None  # the label is Markdown
    assert body.select_one("code").get_text() == "[[x__y__]](z)"
    assert "[[a_1]]" in body.select_one(".math").get_text()
    # [[Note|]] shows the note's name, as in Obsidian, not an empty link.
    assert body.select("section > p")[-2].get_text() == "An empty label: a*b*c."
    # [[Note]][label]: the wikilink, then the label's own link (not a reference link
    # whose text is "[Magic Numbers]").
    last = body.select("section > p")[-1]
    assert last.get_text() == "Then Magic Numberspaper and Magic Numbersa*b*c."
    assert [a["href"] for a in last.select("a")] == [
        "Magic%20Numbers.html",
        "https://example.org/paper.pdf",
        "Magic%20Numbers.html",
        "a%2Ab%2Ac.html",
    ]


def test_targets_read_as_written(make_app: MakeApp, tmp_path: Path) -> None:
    """``[[[[Note|x]]`` is ``[[`` and a link (no name holds a bracket), as in Obsidian;
    ``[[AdS$_2$ notes]]`` names the file with the dollars, which Markdown read as math."""
    files = {
        "index.md": "# Index\n\nAs in [[[[Target|the target note]], and [[[Target]] too.\n\n"
        "[[AdS$_2$ notes]] and [[AdS$_2$ notes|the $x$ alias]].\n",
        "Target.md": "# Target\n\nText.\n",
        "AdS$_2$ notes.md": "# AdS two\n\nText.\n",
    }
    app = build_files(make_app, tmp_path, files)
    assert not warning_lines(app)
    brackets, dollars = soup(app, "index.html").select("section > p")[:2]
    assert brackets.get_text() == "As in [[the target note, and [Target too."
    assert [a["href"] for a in brackets.select("a.ng-note-ref")] == ["Target.html"] * 2
    links = dollars.select("a.ng-note-ref")
    assert [a["href"] for a in links] == ["AdS%24_2%24%20notes.html"] * 2
    assert links[0].get_text() == "AdS$_2$ notes"
    assert links[1].select_one(".math") is not None  # the label's math stays math
