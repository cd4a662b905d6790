"""``notegarden init``: a minimal conf.py for a vault, never written over a file."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from sphinx_notegarden.cli import main

from helpers import ROOTS, soup, warning_lines


def test_init_writes_a_conf_py(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    vault = tmp_path / "Pond vault"
    vault.mkdir()
    assert main(["init", str(vault)]) == 0
    text = (vault / "conf.py").read_text(encoding="utf-8")
    assert "project = 'Pond vault'" in text
    assert 'extensions = ["myst_parser", "sphinx_notegarden"]' in text
    assert '"dollarmath"' in text and 'notegarden_notes = ["**"]' in text
    assert "sphinx-build -b html" in capsys.readouterr().out
    compile(text, "conf.py", "exec")  # valid Python
    assert "\\begin{align}" in text  # the comment's backslash is written, not a backspace
    assert not [c for c in text if ord(c) < 32 and c != "\n"]  # no control characters


def test_init_never_overwrites(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "conf.py").write_text("project = 'mine'\n", encoding="utf-8")
    assert main(["init", str(tmp_path)]) == 1
    assert (tmp_path / "conf.py").read_text(encoding="utf-8") == "project = 'mine'\n"
    assert "exists" in capsys.readouterr().err


def test_init_quotes_odd_folder_names(tmp_path: Path) -> None:
    vault = tmp_path / 'a "quoted" vault'
    assert main(["init", str(vault)]) == 0  # the folder is made
    namespace: dict[str, object] = {}
    exec((vault / "conf.py").read_text(encoding="utf-8"), namespace)
    assert namespace["project"] == 'a "quoted" vault'


def test_init_refuses_a_file_as_vault(tmp_path: Path) -> None:
    (tmp_path / "note.md").write_text("x")
    assert main(["init", str(tmp_path / "note.md")]) == 2


def test_module_runs_with_help() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "sphinx_notegarden", "init", "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0 and "never overwritten" in result.stdout
    bare = subprocess.run(
        [sys.executable, "-m", "sphinx_notegarden"], capture_output=True, text=True, check=False
    )
    assert bare.returncode == 2 and "init" in bare.stderr


def test_module_init_exit_code(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "sphinx_notegarden", "init", str(tmp_path)]
    assert subprocess.run(command, capture_output=True, check=False).returncode == 0
    again = subprocess.run(command, capture_output=True, text=True, check=False)
    assert again.returncode == 1 and "conf.py exists" in again.stderr


def test_the_written_conf_py_builds_the_vault(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    vault = tmp_path / "pond"
    shutil.copytree(ROOTS / "test-vault-landing", vault)
    (vault / "conf.py").unlink()
    # Code that does not lex as its language: plain code, as in Obsidian, no warning.
    (vault / "Build notes.md").write_text(
        "```cmake\n// not a CMake comment\nadd_library( hello hello.cpp )\n```\n",
        encoding="utf-8",
    )
    # Headings linked by their GitHub-style slug, as Quartz and GitHub write them.
    (vault / "Post.md").write_text(
        "# Post\n\nSee [what comes next](#whats-coming-next).\n\n## What's Coming Next\n\nMore.\n",
        encoding="utf-8",
    )
    assert main(["init", str(vault)]) == 0
    app = make_app("html", srcdir=vault, builddir=vault / "_build")
    app.build()
    app.cleanup()
    assert warning_lines(app) == []
    page = soup(app, "index.html")
    assert page.select_one("h1").get_text().rstrip("¶") == "pond"
    assert len(page.select("a.ng-note-link")) >= 6
    # The Templates plugin's folder is never read, without a word in conf.py.
    assert not any(doc.startswith("Templates/") for doc in app.env.found_docs)
    post = soup(app, "Post.html")
    link = post.find("a", string="what comes next")
    assert link is not None and link["href"] == "#what-s-coming-next"
    assert post.select_one("section#what-s-coming-next") is not None
    # Inline tags are on: the written conf.py asks for them.
    assert app.config.notegarden_inline_tags is True
