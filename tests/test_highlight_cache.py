"""Code that previews repeat is highlighted once; output and warnings stay the same."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sphinx.highlighting import PygmentsBridge
from sphinx.testing.util import SphinxTestApp

from sphinx_notegarden.highlight_cache import HighlightCache

from helpers import NOTES_CONF, output_files, warning_lines, write_project

MakeApp = Callable[..., SphinxTestApp]

CODE = "def area(r):\n    return 3.14159 * r ** 2\n"
BAD_CODE = "x = $$y ?? 1\n"
FILES = {
    "index.md": "# Home\n\nSee [[Geometry]] and [[Other]].\n",
    "Geometry.md": f"# Geometry\n\n```python\n{CODE}```\n",
    "Other.md": f"# Other\n\nThe same code:\n\n```python\n{CODE}```\n\n```python\n{BAD_CODE}```\n",
    "Third.md": f"# Third\n\nSee [[Other]].\n\n```python\n{BAD_CODE}```\n",
}


def _count_highlights(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    original = PygmentsBridge.highlight_block

    def counting(self: PygmentsBridge, source: str, lang: str, *args: Any, **kwargs: Any) -> str:
        calls.append(source)
        return original(self, source, lang, *args, **kwargs)

    monkeypatch.setattr(PygmentsBridge, "highlight_block", counting)
    return calls


def test_repeated_code_is_highlighted_once(
    make_app: MakeApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _count_highlights(monkeypatch)
    app = make_app("html", srcdir=write_project(tmp_path / "src", FILES))
    assert isinstance(app.builder.highlighter.highlight_block, HighlightCache)  # type: ignore[attr-defined]
    app.build()
    # The Python block: on two pages and in the previews of both; highlighted once.
    assert calls.count(CODE) == 1
    # A block that does not lex is highlighted (and warns) once per place it is written
    # at: its page (and its preview, which does not warn again), and Third's copy.
    assert calls.count(BAD_CODE) == 2


def test_the_cache_changes_no_output_and_warns_once_per_place(
    make_app: MakeApp, tmp_path: Path
) -> None:
    src = write_project(tmp_path / "src", FILES)
    cached = make_app("html", srcdir=src, builddir=tmp_path / "cached")
    cached.build()
    plain = make_app("html", srcdir=src, builddir=tmp_path / "plain")
    highlighter = plain.builder.highlighter  # type: ignore[attr-defined]
    highlighter.highlight_block = highlighter.highlight_block.highlight_block  # uncached
    plain.build()
    assert output_files(Path(cached.outdir)) == output_files(Path(plain.outdir))
    page = (Path(cached.outdir) / "index.html").read_text(encoding="utf-8")
    assert page.count('<span class="k">def</span>') == 2  # both previews show the code

    def lexing(app: SphinxTestApp) -> list[str]:
        found = [w for w in warning_lines(app) if "Lexing literal_block" in w]
        return [w.split("src/", 1)[1].split(":")[0] for w in found]

    # Without the cache the preview of Other warned again about Other's line.
    assert lexing(plain) == ["Other.md", "Third.md", "Other.md"]
    assert lexing(cached) == ["Other.md", "Third.md"]


def test_no_cache_without_previews(make_app: MakeApp, tmp_path: Path) -> None:
    conf = NOTES_CONF + "notegarden_previews = False\n"
    app = make_app("html", srcdir=write_project(tmp_path / "src", FILES, conf))
    assert not isinstance(app.builder.highlighter.highlight_block, HighlightCache)  # type: ignore[attr-defined]
