"""In the ``sphinx-build`` command the heap is left frozen for the exit; nowhere else."""

from __future__ import annotations

import gc
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from sphinx_notegarden.gc_tuning import runs_as_sphinx_build

from helpers import NOTES_CONF, write_project

MakeApp = Callable[..., SphinxTestApp]

# The last thing before the interpreter's final collection: atexit handlers.
REPORT_AT_EXIT = """
import atexit, gc
atexit.register(lambda: print("frozen at exit:", gc.get_freeze_count()))
"""
NOTES = {
    "index.md": "# Home\n\n```{toctree}\n:glob:\n\n*\n```\n",
    **{f"n{i}.md": f"# Note {i}\n\nSee [[Note {(i + 1) % 4}]].\n" for i in range(4)},
}


def _frozen_at_exit(src: Path, out: Path, *command: str) -> int:
    result = subprocess.run(
        [*command, "-b", "html", "-q", str(src), str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    line = next(x for x in result.stdout.splitlines() if x.startswith("frozen at exit:"))
    assert (out / "n0.html").is_file()
    return int(line.split(":")[1])


#: The console script beside this Python (the virtual environment's).
SCRIPT = Path(sys.executable).with_name("sphinx-build")


@pytest.mark.parametrize(
    "command",
    [
        (sys.executable, "-m", "sphinx"),
        (sys.executable, "-m", "sphinx.cmd.build"),
        pytest.param((str(SCRIPT),), marks=pytest.mark.skipif(not SCRIPT.exists(), reason="")),
    ],
)
def test_the_command_exits_with_the_heap_frozen(tmp_path: Path, command: tuple[str, ...]) -> None:
    src = write_project(tmp_path / "src", NOTES, conf=NOTES_CONF + REPORT_AT_EXIT)
    assert _frozen_at_exit(src, tmp_path / "out", *command) > 10_000


def test_the_command_without_tuning_leaves_it_alone(tmp_path: Path) -> None:
    conf = NOTES_CONF + "notegarden_gc_tuning = False\n" + REPORT_AT_EXIT
    src = write_project(tmp_path / "src", NOTES, conf=conf)
    assert _frozen_at_exit(src, tmp_path / "out", sys.executable, "-m", "sphinx") == 0


def test_a_build_in_another_process_leaves_nothing_frozen(
    make_app: MakeApp, tmp_path: Path
) -> None:
    assert not runs_as_sphinx_build()  # pytest is the process here
    app = make_app("html", srcdir=write_project(tmp_path / "src", NOTES))
    app.build()
    assert gc.get_freeze_count() == 0
    assert "Note 1" in (Path(app.outdir) / "n0.html").read_text(encoding="utf-8")
