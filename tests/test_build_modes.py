"""Build-mode equality: -j 2 equals -j 1, incremental equals clean, and two builds are identical."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import copy_root, output_files, warning_lines
from sphinx.testing.util import SphinxTestApp

MakeApp = Callable[..., SphinxTestApp]
ROOTS = ["callouts"]


def _extend(src: Path, copies: int = 6) -> None:
    """Add documents so that a parallel build really splits the reading."""
    body = (src / "obsidian.md").read_text(encoding="utf-8")
    names = []
    for number in range(copies):
        name = f"extra{number}"
        (src / f"{name}.md").write_text(body.replace("# Obsidian syntax", f"# Extra {number}"))
        names.append(name)
    index = src / "index.md"
    index.write_text(
        index.read_text().replace("obsidian\n```", "obsidian\n" + "\n".join(names) + "\n```")
    )


def _build(make_app: MakeApp, src: Path, builddir: Path, parallel: int = 0) -> dict[str, bytes]:
    app = make_app("html", srcdir=src, builddir=builddir, parallel=parallel, freshenv=True)
    app.build()
    app.cleanup()  # several apps in one test: restore docutils' registries between them
    assert warning_lines(app) == []
    return output_files(Path(app.outdir))


@pytest.mark.parametrize("root", ROOTS)
def test_parallel_equals_serial(make_app: MakeApp, tmp_path: Path, root: str) -> None:
    src = copy_root(root, tmp_path)
    _extend(src)
    serial = _build(make_app, src, tmp_path / "serial")
    parallel = _build(make_app, src, tmp_path / "parallel", parallel=2)
    assert serial.keys() == parallel.keys()
    assert [name for name in serial if serial[name] != parallel[name]] == []


@pytest.mark.parametrize("root", ROOTS)
def test_two_clean_builds_are_identical(make_app: MakeApp, tmp_path: Path, root: str) -> None:
    src = copy_root(root, tmp_path)
    first = _build(make_app, src, tmp_path / "one")
    second = _build(make_app, src, tmp_path / "two")
    assert first == second


def test_incremental_edit_equals_clean(make_app: MakeApp, tmp_path: Path) -> None:
    src = copy_root("callouts", tmp_path)
    app = make_app("html", srcdir=src, builddir=tmp_path / "inc")
    app.build()
    app.cleanup()
    edited = src / "obsidian.md"
    edited.write_text(edited.read_text().replace("[!warning] The trap", "[!danger] The trap"))
    app2 = make_app("html", srcdir=src, builddir=tmp_path / "inc")
    app2.build()
    app2.cleanup()
    assert "obsidian" in app2.env.found_docs
    incremental = output_files(Path(app2.outdir))
    clean = _build(make_app, src, tmp_path / "clean")
    assert [name for name in clean if clean[name] != incremental.get(name)] == []


def test_no_change_rebuild_reads_nothing(make_app: MakeApp, tmp_path: Path) -> None:
    src = copy_root("callouts", tmp_path)
    first = make_app("html", srcdir=src, builddir=tmp_path / "b")
    first.build()
    first.cleanup()
    app = make_app("html", srcdir=src, builddir=tmp_path / "b")
    read: list[str] = []
    app.connect("env-before-read-docs", lambda _app, _env, docnames: read.extend(docnames))
    app.build()
    assert read == []
