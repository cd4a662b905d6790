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


TAGGED = {
    "index.md": "# Home\n\n```{toctree}\n:glob:\n\n*\ndeep/*\n```\n",
    **{
        f"{'deep/' if i == 5 else ''}n{i}.md": (
            f"---\ntags: [sea]\n---\n# Note {i}\n\nSee [[Note {(i + 1) % 6}]].\n"
        )
        for i in range(6)
    },
}


@pytest.mark.parametrize("on", [True, False])
def test_own_pages_are_made_with_the_collector_paused(
    make_app: MakeApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, on: bool
) -> None:
    from sphinx_notegarden import backlinks, folder_pages, previews, tag_pages

    seen: dict[str, list[bool]] = {}

    def recording(module: Any, name: str) -> None:
        original = getattr(module, name)

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            seen.setdefault(name, []).append(gc.isenabled())
            return original(*args, **kwargs)

        monkeypatch.setattr(module, name, wrapper)

    recording(backlinks, "write_backlinks_html")  # "Linked from", made as a page is written
    recording(previews, "_preview_box")
    recording(tag_pages, "_tag_page")
    recording(tag_pages, "_note_index_page")
    recording(folder_pages, "_folder_page")
    src = write_project(tmp_path / "src", TAGGED)
    app = make_app("html", srcdir=src, confoverrides={"notegarden_gc_tuning": on})
    app.build()
    assert set(seen) == {
        "write_backlinks_html",
        "_preview_box",
        "_tag_page",
        "_note_index_page",
        "_folder_page",
    }
    assert all(len(calls) >= 1 for calls in seen.values())
    assert {enabled for calls in seen.values() for enabled in calls} == {not on}
    assert gc.isenabled()
    page = (Path(app.outdir) / "n1.html").read_text(encoding="utf-8")
    assert "Linked from" in page and "ng-preview-template" in page


def test_text_builder_gets_the_linked_from_section_in_the_tree(
    make_app: MakeApp, tmp_path: Path
) -> None:
    app = make_app("text", srcdir=write_project(tmp_path / "src", NOTES))
    app.build()
    text = (Path(app.outdir) / "n1.txt").read_text(encoding="utf-8")
    assert "Linked from" in text and "Note 0" in text


def test_the_collector_comes_back_after_an_error_in_a_paused_block(
    make_app: MakeApp, tmp_path: Path
) -> None:
    from sphinx_notegarden.gc_tuning import collector_paused

    app = make_app("html", srcdir=write_project(tmp_path / "src", NOTES))
    with pytest.raises(ValueError, match="inside"), collector_paused(app.config):
        assert not gc.isenabled()
        raise ValueError("inside")
    assert gc.isenabled()


@pytest.mark.parametrize(
    ("builder", "on", "paused"),
    [
        ("html", True, True),
        ("dirhtml", True, True),
        ("html", False, False),
        ("singlehtml", True, False),
        ("latex", True, False),
    ],
)
def test_pages_are_written_with_the_collector_paused(
    make_app: MakeApp, tmp_path: Path, builder: str, on: bool, paused: bool
) -> None:
    app = make_app(
        builder,
        srcdir=write_project(tmp_path / "src", NOTES),
        confoverrides={"notegarden_gc_tuning": on},
    )
    while_written: list[bool] = []
    while_resolved: list[bool] = []
    # While a page is put into its template, and while it is resolved: from its first
    # post-transform on, the collector is paused through the page.
    app.connect("html-page-context", lambda *args: while_written.append(gc.isenabled()))
    app.connect("doctree-resolved", lambda *args: while_resolved.append(gc.isenabled()))
    app.build()
    documents = len(NOTES)
    if builder in {"html", "dirhtml"}:
        assert while_written[:documents] == [not paused] * documents
    assert set(while_resolved) == {not paused}
    assert gc.isenabled()


def _page_trees(app: SphinxTestApp) -> list[weakref.ref[nodes.document]]:
    """Watch the tree of each page as it is resolved (without keeping it alive)."""
    trees: list[weakref.ref[nodes.document]] = []
    app.connect("doctree-resolved", lambda _app, doctree, _name: trees.append(weakref.ref(doctree)))
    return trees


@pytest.mark.parametrize("on", [True, False])
def test_written_trees_are_freed_while_the_heap_is_frozen(
    make_app: MakeApp, tmp_path: Path, on: bool
) -> None:
    app = make_app(
        "html",
        srcdir=write_project(tmp_path / "src", NOTES),
        confoverrides={"notegarden_gc_tuning": on},
    )
    trees = _page_trees(app)
    freed_before_generated_pages: list[int] = []

    def count_freed(_app: object) -> list[Any]:
        # No collection can have freed them: the heap is frozen, and the collector off.
        freed_before_generated_pages.append(sum(tree() is None for tree in trees))
        return []

    app.connect("html-collect-pages", count_freed, priority=1)
    app.build()
    assert len(trees) == len(NOTES)
    # Every page's tree, freed by reference counting once taken apart; without
    # tuning none is, before a full collection finds them.
    assert freed_before_generated_pages == [len(NOTES) if on else 0]
    if on:
        assert gc.get_freeze_count() == 0  # unfrozen when the build ended


def test_a_tree_that_something_keeps_is_left_whole(make_app: MakeApp, tmp_path: Path) -> None:
    app = make_app("html", srcdir=write_project(tmp_path / "src", NOTES))
    trees = _page_trees(app)
    kept: dict[str, nodes.document] = {}
    kept_nodes: list[nodes.Node] = []

    def keep(_app: object, pagename: str, _t: str, _c: object, doctree: Any) -> None:
        if pagename == "n1":
            kept[pagename] = doctree  # another extension keeps a whole page
        if pagename == "n3" and doctree is not None:
            kept_nodes.append(next(iter(doctree.findall(nodes.paragraph))))  # or a node

    app.connect("html-page-context", keep)
    app.build()
    assert "See Note 2 and x^1." in kept["n1"].astext()
    assert all(node.parent is not None for node in kept["n1"].findall(include_self=False))
    paragraph = kept_nodes[0]
    assert paragraph.document is not None and paragraph.astext()
    assert kept_nodes[0].parent is not None and list(paragraph.document.findall(nodes.section))
    freed = sum(tree() is None for tree in trees)
    assert freed >= len(NOTES) - 2  # the others were freed all the same


def test_a_warning_while_writing_does_not_keep_the_tree(make_app: MakeApp, tmp_path: Path) -> None:
    notes = {**NOTES, "n2.md": "# Note 2\n\nSee [[Nowhere at all]].\n"}
    app = make_app("html", srcdir=write_project(tmp_path / "src", notes))
    trees = _page_trees(app)
    freed: list[bool] = []
    app.connect(
        "html-collect-pages",
        lambda _app: freed.extend(tree() is None for tree in trees) or [],
        priority=1,
    )
    app.build()
    assert "n2.md:3: WARNING: unresolved note link 'Nowhere at all'" in app.warning.getvalue()
    assert all(freed)
