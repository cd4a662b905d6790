"""Previews of many sections of one note load that note's doctree once, not per section."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sphinx.environment import BuildEnvironment
from sphinx.testing.util import SphinxTestApp

from helpers import soup, write_project

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
    loads: list[str] = []
    original = BuildEnvironment.get_doctree

    def counting(env: BuildEnvironment, docname: str) -> Any:
        loads.append(docname)
        return original(env, docname)

    monkeypatch.setattr(BuildEnvironment, "get_doctree", counting)
    app.build()
    page = soup(app, "index.html")
    previews = page.select("template.ng-preview-template")
    assert len(previews) == SECTIONS
    for i, template in enumerate(previews):
        assert f"Text of part {i}." in str(template)
    assert loads.count("big") <= 2  # its own page, and the previews' one load
