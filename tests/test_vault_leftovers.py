"""No Obsidian syntax is left over as text in any vault root's HTML, outside code and math."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from helpers import copy_root

MakeApp = Callable[..., SphinxTestApp]
LEFTOVERS = {
    "wikilink": re.compile(r"\[\["),
    "callout": re.compile(r"\[![\w-]+\]"),
    "highlight": re.compile(r"==[^=\s][^=]*=="),
    "strikethrough": re.compile(r"~~[^~\s][^~]*~~"),
    "inline footnote": re.compile(r"\^\["),
    "comment": re.compile(r"%%"),
    "block id": re.compile(r"(?:^|\s)\^[A-Za-z0-9-]+(?:\s|$)"),
}
#: Pages that show Obsidian syntax on purpose (escaped in the source, as Obsidian shows it).
SHOWN_ON_PURPOSE = {"Escapes.html"}
#: ...and that text where other pages quote it (the Escapes note's backlink context).
QUOTED_ON_PURPOSE = "[[double bracket syntax]]"


@pytest.mark.parametrize("root", ["vault", "vault-landing", "vault-syntax", "vault-permalinks"])
def test_no_obsidian_syntax_left_in_the_text(make_app: MakeApp, tmp_path: Path, root: str) -> None:
    app = make_app("html", srcdir=copy_root(root, tmp_path), freshenv=True)
    app.build()
    app.cleanup()
    outdir = Path(app.outdir)
    found = []
    pages = sorted(outdir.rglob("*.html"))
    assert pages
    for page in pages:
        if page.name in SHOWN_ON_PURPOSE or "_static" in page.parts:
            continue
        html = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for hidden in html.select("code, pre, template, script, style, .math, title, head"):
            hidden.decompose()
        text = html.get_text("\n").replace(QUOTED_ON_PURPOSE, "")
        found += [
            (page.relative_to(outdir).as_posix(), name, match.group(0))
            for name, pattern in LEFTOVERS.items()
            if name != "block id"
            for match in pattern.finditer(text)
        ]
        # A link to a block reads "Note > ^id", as in Obsidian: block ids may stand in
        # link text, never in the text itself.
        for link in html.select("a, .ng-backlink-highlight"):
            link.decompose()
        found += [
            (page.relative_to(outdir).as_posix(), "block id", match.group(0))
            for match in LEFTOVERS["block id"].finditer(html.get_text("\n"))
        ]
    assert found == []
