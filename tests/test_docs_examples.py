"""The docs' examples are test inputs: each builds cleanly, and MyST equals rST."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from helpers import warning_lines

MakeApp = Callable[..., SphinxTestApp]
EXAMPLES = Path(__file__).parent.parent / "docs" / "examples"
NAMES = sorted({path.stem for path in EXAMPLES.glob("*.md")})
CONF = """
extensions = ["myst_parser", "sphinx_notegarden"]
myst_enable_extensions = ["dollarmath", "colon_fence", "attrs_inline"]
exclude_patterns = ["_build"]
"""


SAMPLE_NOTE = """---
title: The loss landscape
date: 2026-04-18
tags: [learning, epistemology, math/optimization]
---

Body.
"""
SECOND_NOTE = """---
title: Momentum
date: 2026-03-02
---

Momentum keeps a velocity.

## Why it overshoots

Velocity carries the iterate past the minimum.
"""


def _render(make_app: MakeApp, tmp_path: Path, name: str) -> list[str]:
    """Build the MyST and rST example side by side; return each one's callouts as HTML."""
    src = tmp_path / name
    src.mkdir()
    (src / "conf.py").write_text(CONF, encoding="utf-8")
    (src / "index.md").write_text("# Examples\n\n```{toctree}\nmyst\nrst\n```\n", encoding="utf-8")
    # One note, so that tag and note-list examples have something to show.
    (src / "note.md").write_text(SAMPLE_NOTE, encoding="utf-8")
    (src / "momentum.md").write_text(SECOND_NOTE, encoding="utf-8")
    md = (EXAMPLES / f"{name}.md").read_text(encoding="utf-8")
    rst = (EXAMPLES / f"{name}.rst").read_text(encoding="utf-8")
    (src / "myst.md").write_text(f"# Example\n\n{md}", encoding="utf-8")
    (src / "rst.rst").write_text(f"Example\n=======\n\n{rst}", encoding="utf-8")
    app = make_app("html", srcdir=src)
    app.build()
    assert warning_lines(app) == []
    rendered = []
    for page in ("myst.html", "rst.html"):
        html = BeautifulSoup((Path(app.outdir) / page).read_text(encoding="utf-8"), "html.parser")
        body = html.select_one("section")
        assert body is not None
        rendered.append(str(body))
    return rendered


def _normalise(html: str) -> str:
    html = re.sub(r"(central-metaphor)-(myst|rst)", r"\1", html)
    html = re.sub(r"<section[^>]*>", "<section>", html)
    # MyST and rST give math blocks different ids and wrapping whitespace only.
    html = re.sub(r'\s*<span class="eqno">.*?</span>', "", html)
    return re.sub(r"\s+", " ", html)


@pytest.mark.parametrize("name", NAMES)
def test_example_builds_and_syntaxes_agree(make_app: MakeApp, tmp_path: Path, name: str) -> None:
    assert (EXAMPLES / f"{name}.rst").is_file(), "every example has a MyST and an rST form"
    myst, rst = _render(make_app, tmp_path, name)
    assert "ng-" in myst  # the example shows something of ours
    assert _normalise(myst) == _normalise(rst)
