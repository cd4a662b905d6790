"""The collector skips the trees read so far while reading, and sees everything after."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from docutils import nodes
from sphinx.testing.util import SphinxTestApp

from sphinx_notegarden.gc_tuning import freeze_survivors

from helpers import output_files, write_project

MakeApp = Callable[..., SphinxTestApp]

NOTES = {
    "index.md": "# Home\n\n```{toctree}\n:glob:\n\n*\n```\n",
    **{f"n{i}.md": f"# Note {i}\n\nSee [[Note {(i + 1) % 6}]] and $x^{i}$.\n" for i in range(6)},
}


class Cycle:
    """Cyclic garbage made while a document is read."""

    def __init__(self) -> None:
        self.me = self


@pytest.fixture(autouse=True)
def _collector_as_python_sets_it() -> Iterator[None]:
    yield  # a failing test must not leave the heap frozen for the rest of the suite
    if freeze_survivors in gc.callbacks:
        gc.callbacks.remove(freeze_survivors)
    gc.unfreeze()


def _build(make_app: MakeApp, src: Path, **overrides: Any) -> tuple[SphinxTestApp, list[int]]:
    """Build *src*, running a full collection as each document is read; return the
    app and the number of frozen objects seen after each of those collections."""
    app = make_app("html", srcdir=src, confoverrides=overrides)
    frozen: list[int] = []

    def collect_and_look(_app: object, _doctree: nodes.document) -> None:
        gc.collect()
        frozen.append(gc.get_freeze_count())

    app.connect("doctree-read", collect_and_look)
    app.build()
    return app, frozen


def test_survivors_are_frozen_while_reading_and_unfrozen_after(
    make_app: MakeApp, tmp_path: Path
) -> None:
    app, frozen = _build(make_app, write_project(tmp_path / "src", NOTES))
    assert len(frozen) == 7
    assert all(count > 0 for count in frozen)  # the documents read so far are skipped
    assert frozen[-1] > frozen[0]  # ...and more of them as reading goes on
    assert gc.get_freeze_count() == 0
    assert freeze_survivors not in gc.callbacks
    assert "Note 1" in (Path(app.outdir) / "n0.html").read_text(encoding="utf-8")


def test_garbage_made_while_reading_is_freed_after_the_build(
    make_app: MakeApp, tmp_path: Path
) -> None:
    app = make_app("html", srcdir=write_project(tmp_path / "src", NOTES))
    refs: list[weakref.ref[Cycle]] = []

    def make_garbage(_app: object, _doctree: nodes.document) -> None:
        gc.collect()  # freezes what is alive now; the cycle below dies after it
        refs.append(weakref.ref(Cycle()))

    app.connect("doctree-read", make_garbage)
    app.build()
    gc.collect()
    assert len(refs) == 7
    assert [ref() for ref in refs] == [None] * 7


def test_off_leaves_the_collector_alone(make_app: MakeApp, tmp_path: Path) -> None:
    _app, frozen = _build(
        make_app, write_project(tmp_path / "src", NOTES), notegarden_gc_tuning=False
    )
    assert frozen == [0] * 7


def test_objects_frozen_by_someone_else_are_left_frozen(make_app: MakeApp, tmp_path: Path) -> None:
    gc.freeze()
    before = gc.get_freeze_count()
    _app, frozen = _build(make_app, write_project(tmp_path / "src", NOTES))
    assert freeze_survivors not in gc.callbacks
    # Neither unfrozen by us nor added to (objects that die frozen still leave it).
    assert all(0 < count <= before for count in frozen)
    assert 0 < gc.get_freeze_count() <= before


def test_a_build_stopped_by_an_error_unfreezes(make_app: MakeApp, tmp_path: Path) -> None:
    app = make_app("html", srcdir=write_project(tmp_path / "src", NOTES))

    def fail(_app: object, doctree: nodes.document) -> None:
        gc.collect()
        assert gc.get_freeze_count() > 0
        raise RuntimeError("reading stops here")

    app.connect("doctree-read", fail)
    with pytest.raises(Exception, match="reading stops here"):  # in an ExtensionError
        app.build()
    assert gc.get_freeze_count() == 0
    assert freeze_survivors not in gc.callbacks


def test_output_is_the_same_with_and_without(make_app: MakeApp, tmp_path: Path) -> None:
    outputs = []
    for on in (True, False):
        src = write_project(tmp_path / f"src-{on}", NOTES)
        app = make_app("html", srcdir=src, confoverrides={"notegarden_gc_tuning": on})
        app.build()
        outputs.append(output_files(Path(app.outdir)))
    assert outputs[0] == outputs[1]
