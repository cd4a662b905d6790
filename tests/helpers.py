"""Helpers for tests: warnings as lines, built HTML as soup, whole output trees as bytes."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bs4 import BeautifulSoup

if TYPE_CHECKING:
    import pytest
    from sphinx.testing.util import SphinxTestApp

ANSI = re.compile(r"\x1b\[[0-9;]*m")
ROOTS = Path(__file__).parent / "roots"


def warning_lines(app: SphinxTestApp) -> list[str]:
    """Return the build's warnings, one string each, colour codes stripped."""
    text = ANSI.sub("", app.warning.getvalue())
    return [line for line in text.splitlines() if "WARNING" in line or "ERROR" in line]


def soup(app: SphinxTestApp, page: str) -> BeautifulSoup:
    """Parse a written HTML page of *app*'s output."""
    return BeautifulSoup((Path(app.outdir) / page).read_text(encoding="utf-8"), "html.parser")


#: The conf.py of a small project whose every document is a note.
NOTES_CONF = 'extensions = ["myst_parser", "sphinx_notegarden"]\nnotegarden_notes = ["**"]\n'


def write_project(root: Path, files: dict[str, str], conf: str = NOTES_CONF) -> Path:
    """Write ``conf.py`` and *files* (path: text) under *root*; return *root*."""
    for name, text in {"conf.py": conf, **files}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def build_files(
    make_app: Callable[..., SphinxTestApp],
    tmp_path: Path,
    files: dict[str, str],
    conf: str = NOTES_CONF,
    builder: str = "html",
) -> SphinxTestApp:
    """Write *files* (and *conf*) under ``tmp_path/src``, build them; return the app."""
    app = make_app(builder, srcdir=write_project(tmp_path / "src", files, conf))
    app.build()
    return app


def build_recording_pages(
    make_app: Callable[..., SphinxTestApp], **kwargs: Any
) -> tuple[SphinxTestApp, list[str]]:
    """Build with ``make_app("html", **kwargs)``; return the app and every page it wrote."""
    app = make_app("html", **kwargs)
    written: list[str] = []
    app.connect("html-page-context", lambda _app, pagename, *_rest: written.append(pagename))
    app.build()
    app.cleanup()
    return app, written


def line_for_line(rewrite: Callable[[list[str]], list[str]], text: str) -> str:
    """Apply a source *rewrite* to *text*, checking it keeps every line (warnings' lines)."""
    lines = text.split("\n")
    out = rewrite(lines)
    assert len(out) == len(lines)
    return "\n".join(out)


def copy_root(name: str, dest: Path) -> Path:
    """Copy test root ``test-<name>`` to *dest* and return the copy's path."""
    target = dest / f"test-{name}"
    shutil.copytree(ROOTS / f"test-{name}", target)
    return target


def output_files(
    outdir: Path, suffixes: tuple[str, ...] = (".html", ".css", ".js", ".json")
) -> dict[str, bytes]:
    """Return every output file with one of *suffixes*, by relative path, as bytes."""
    return {
        str(path.relative_to(outdir)): path.read_bytes()
        for path in sorted(outdir.rglob("*"))
        if path.is_file() and path.suffix in suffixes and ".doctrees" not in path.parts
    }


def compile_pdf(outdir: str | Path, timeout: int = 600) -> None:
    """Run the LaTeX builder's Makefile (latexmk) in *outdir*; fail with the log's tail."""
    result = subprocess.run(
        ["make", "all-pdf", "LATEXMKOPTS=-interaction=nonstopmode -halt-on-error"],
        cwd=outdir,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:]


def count_doctree_loads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record the docname of every ``BuildEnvironment.get_doctree`` call from now on."""
    from sphinx.environment import BuildEnvironment

    loads: list[str] = []
    original = BuildEnvironment.get_doctree

    def counting(env: BuildEnvironment, docname: str) -> Any:
        loads.append(docname)
        return original(env, docname)

    monkeypatch.setattr(BuildEnvironment, "get_doctree", counting)
    return loads
