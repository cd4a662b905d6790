"""Build-mode equality: -j 2 equals -j 1, incremental equals clean, and two builds are identical."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from helpers import build_recording_pages, copy_root, output_files, soup, warning_lines

MakeApp = Callable[..., SphinxTestApp]
ROOTS = ["callouts", "notes", "links"]


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


EXPECTED_WARNINGS = (
    "[notegarden.meta]",
    "have the same slug",
    "[notegarden.unresolved]",
    "[notegarden.links]",
    "[notegarden.embed]",
)


def _build(
    make_app: MakeApp, src: Path, builddir: Path, parallel: int = 0, fresh: bool = True
) -> dict[str, bytes]:
    app = make_app("html", srcdir=src, builddir=builddir, parallel=parallel, freshenv=fresh)
    app.build()
    app.cleanup()  # several apps in one test: restore docutils' registries between them
    unexpected = [w for w in warning_lines(app) if not any(e in w for e in EXPECTED_WARNINGS)]
    assert unexpected == []
    return output_files(Path(app.outdir))


@pytest.mark.parametrize("root", ROOTS)
def test_parallel_equals_serial(make_app: MakeApp, tmp_path: Path, root: str) -> None:
    src = copy_root(root, tmp_path)
    if root == "callouts":
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


@pytest.mark.parametrize("root", ROOTS)
def test_no_change_rebuild_reads_nothing(make_app: MakeApp, tmp_path: Path, root: str) -> None:
    src = copy_root(root, tmp_path)
    first = make_app("html", srcdir=src, builddir=tmp_path / "b")
    first.build()
    first.cleanup()
    app = make_app("html", srcdir=src, builddir=tmp_path / "b")
    read: list[str] = []
    app.connect("env-before-read-docs", lambda _app, _env, docnames: read.extend(docnames))
    app.build()
    assert read == []


def comparable(content: bytes) -> bytes:
    """Drop what Sphinx itself leaves in an incremental search index: words with no pages."""
    return re.sub(rb'"[^"]*":\[\],?', b"", content)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


NOTE_EDITS: dict[str, Callable[[Path], None]] = {
    "add-tag": lambda src: _edit(
        src / "notes/collide-b.md", 'tags: ["C"]', 'tags: ["C", "epistemology"]'
    ),
    "remove-tag": lambda src: _edit(
        src / "notes/rst-note.rst", ":tags: learning, epistemology", ":tags: learning"
    ),
    "new-colliding-tag": lambda src: _edit(
        src / "notes/no-header.md", "tags: [learning]", "tags: [learning, Epistemology!]"
    ),
    "change-date": lambda src: _edit(
        src / "notes/rst-note.rst", ":date: 2026-02-14", ":date: 2026-12-01"
    ),
    "delete-note": lambda src: (src / "notes/shape-of-a-thought.md").unlink(),
    "add-note": lambda src: (src / "notes/new.md").write_text(
        "---\ntags: [learning, fresh]\ndate: 2026-11-11\n---\n\n# Brand new\n\nHello.\n"
    ),
    "rename-title": lambda src: _edit(
        src / "notes/models-are-maps.md", "title: Models are maps", "title: Maps are models"
    ),
}


def assert_incremental_equals_clean(
    make_app: MakeApp, tmp_path: Path, root: str, edit: Callable[[Path], None], deleted: str = ""
) -> None:
    """Build, edit, rebuild incrementally, and compare with a clean build of the result."""
    src = copy_root(root, tmp_path)
    _build(make_app, src, tmp_path / "inc")
    edit(src)
    incremental = _build(make_app, src, tmp_path / "inc", fresh=False)
    clean = _build(make_app, src, tmp_path / "clean")
    # Sphinx never deletes the page of a deleted document; everything else must match.
    assert set(incremental) - set(clean) == ({deleted} if deleted else set())
    changed = [name for name in clean if comparable(clean[name]) != comparable(incremental[name])]
    assert changed == []


@pytest.mark.parametrize("edit", sorted(NOTE_EDITS))
def test_note_edits_incremental_equals_clean(make_app: MakeApp, tmp_path: Path, edit: str) -> None:
    deleted = "notes/shape-of-a-thought.html" if edit == "delete-note" else ""
    assert_incremental_equals_clean(make_app, tmp_path, "notes", NOTE_EDITS[edit], deleted)


def test_tag_edit_rewrites_only_affected_documents(make_app: MakeApp, tmp_path: Path) -> None:
    src = copy_root("notes", tmp_path)
    _build(make_app, src, tmp_path / "b")
    NOTE_EDITS["add-tag"](src)
    written, _ = _rebuild_writing(make_app, src, tmp_path / "b")
    # The edited note, and the page whose note lists changed; no other document.
    assert sorted(written) == ["index", "notes/collide-b"]


LINK_EDITS: dict[str, Callable[[Path], None]] = {
    "add-link": lambda src: _edit(
        src / "notes/dup-one.md", "One.", "One, citing [[The shape of a thought]]."
    ),
    "remove-link": lambda src: _edit(
        src / "notes/hostile.md", "Links to [[Models are maps]] with", "Links to nothing with"
    ),
    "retarget-link": lambda src: _edit(
        src / "notes/hostile.md",
        "Links to [[Models are maps]]",
        "Links to [[Writing is a search procedure]]",
    ),
    "rename-title": lambda src: _edit(
        src / "notes/writing.md", "title: Writing is a search procedure", "title: Writing searches"
    ),
    "add-missing-note": lambda src: (src / "notes/stub-problem.md").write_text(
        "---\ntitle: The stub problem\n---\n\nNow it exists.\n"
    ),
    "delete-note": lambda src: (src / "notes/hostile.md").unlink(),
    "edit-embedded-section": lambda src: _edit(
        src / "notes/models-are-maps.md", "drawn inside a basin", "drawn inside a valley"
    ),
}


@pytest.mark.parametrize("edit", sorted(LINK_EDITS))
def test_link_edits_incremental_equals_clean(make_app: MakeApp, tmp_path: Path, edit: str) -> None:
    deleted = "notes/hostile.html" if edit == "delete-note" else ""
    assert_incremental_equals_clean(make_app, tmp_path, "links", LINK_EDITS[edit], deleted)


def test_link_edit_rewrites_only_affected_documents(make_app: MakeApp, tmp_path: Path) -> None:
    src = copy_root("links", tmp_path)
    _build(make_app, src, tmp_path / "b")
    LINK_EDITS["add-link"](src)
    written, _ = _rebuild_writing(make_app, src, tmp_path / "b")
    # The edited note, the note it now links to (its backlinks changed), and the note
    # that links to the edited one (its preview of it changed).
    assert sorted(written) == ["notes/dup-one", "notes/dup-two", "notes/shape-of-a-thought"]


def test_edit_beyond_preview_rewrites_no_linker(make_app: MakeApp, tmp_path: Path) -> None:
    src = copy_root("links", tmp_path)
    opening = "A long opening sentence about maps and territories. " * 15
    (src / "notes/long.md").write_text(
        f"---\ntitle: Long note\n---\n\n{opening}\n\nThe tail, which no preview shows.\n"
    )
    linker = src / "notes/dup-one.md"
    linker.write_text(linker.read_text().replace("One.", "One, see [[Long note]]."))
    _build(make_app, src, tmp_path / "b")
    _edit(src / "notes/long.md", "The tail, which", "The tail, edited, which")
    written, _ = _rebuild_writing(make_app, src, tmp_path / "b")
    # The note's preview (its opening) did not change: the page linking it is not rewritten.
    assert sorted(written) == ["notes/long"]


def _rebuild_writing(make_app: MakeApp, src: Path, builddir: Path) -> tuple[list[str], list[str]]:
    """Rebuild; return the documents and the generated pages written, each sorted."""
    app, written = build_recording_pages(make_app, srcdir=src, builddir=builddir)
    documents = sorted(name for name in written if name in app.env.all_docs)
    generated = sorted(
        name
        for name in written
        if name not in app.env.all_docs and name not in {"genindex", "search"}
    )
    return documents, generated


def _generated_written(make_app: MakeApp, src: Path, builddir: Path) -> list[str]:
    """Rebuild and return the generated (non-document) pages written."""
    return _rebuild_writing(make_app, src, builddir)[1]


def test_no_change_rebuild_writes_no_generated_page(make_app: MakeApp, tmp_path: Path) -> None:
    src = copy_root("notes", tmp_path)
    clean = _build(make_app, src, tmp_path / "b")
    assert "tags/learning.html" in clean  # the root has generated pages
    assert _generated_written(make_app, src, tmp_path / "b") == []
    # A page deleted from the output is written again, the others are left alone.
    outdir = tmp_path / "b" / "html"
    (outdir / "tags/learning.html").unlink()
    assert _generated_written(make_app, src, tmp_path / "b") == ["tags/learning"]
    assert output_files(outdir) == clean


def test_tag_edit_rewrites_only_affected_generated_pages(make_app: MakeApp, tmp_path: Path) -> None:
    src = copy_root("notes", tmp_path)
    _build(make_app, src, tmp_path / "b")
    NOTE_EDITS["add-tag"](src)
    written = _generated_written(make_app, src, tmp_path / "b")
    # The tag that gained a note, the overview (counts), the page of the note's other
    # tag (its related tags); not every other tag page.
    assert "tags/epistemology" in written and "tags/index" in written
    unrelated = [page for page in written if page.startswith("tags/")]
    assert 0 < len(unrelated) < len(list((tmp_path / "b/html/tags").glob("*.html")))


def test_html_only_config_change_rewrites_generated_pages(
    make_app: MakeApp, tmp_path: Path
) -> None:
    src = copy_root("notes", tmp_path)
    _build(make_app, src, tmp_path / "b")
    app = make_app(
        "html", srcdir=src, builddir=tmp_path / "b", confoverrides={"html_title": "Renamed"}
    )
    app.build()
    app.cleanup()
    assert "Renamed" in (tmp_path / "b/html/tags/learning.html").read_text(encoding="utf-8")


def test_preview_length_change_without_reading_equals_clean(
    make_app: MakeApp, tmp_path: Path
) -> None:
    """Openings are kept while notes are read, cut at the length set then; a new length
    is an html-only change that reads nothing, and the previews follow it."""
    src = copy_root("links", tmp_path)
    opening = "\n\n".join(f"Paragraph {n} of the long note." for n in range(12))
    (src / "notes/long.md").write_text(f"---\ntitle: Long note\n---\n\n{opening}\n")
    linker = src / "notes/dup-one.md"
    linker.write_text(linker.read_text().replace("One.", "One, see [[Long note]]."))

    def build(builddir: Path, length: int) -> tuple[SphinxTestApp, list[str]]:
        app = make_app(
            "html",
            srcdir=src,
            builddir=builddir,
            confoverrides={"notegarden_preview_length": length},
        )
        read: list[str] = []
        app.connect("env-before-read-docs", lambda _app, _env, names: read.extend(names))
        app.build()
        app.cleanup()
        return app, read

    build(tmp_path / "b", 40)
    again, read = build(tmp_path / "b", 200)
    assert read == []
    clean, _ = build(tmp_path / "c", 200)
    page = "notes/dup-one.html"
    assert (Path(again.outdir) / page).read_bytes() == (Path(clean.outdir) / page).read_bytes()
    preview = next(t for t in soup(clean, page).select("template") if "Long note" in str(t))
    assert "Paragraph 4 of" in str(preview) and "Paragraph 11" not in str(preview)


def test_previews_follow_an_edit_between_two_builds_of_one_application(
    make_app: MakeApp, tmp_path: Path
) -> None:
    """Rendered previews are cached per builder: a second build in the same process
    (sphinx-autobuild, tests) must not show the first build's text."""
    src = copy_root("links", tmp_path)
    (src / "notes/long.md").write_text("---\ntitle: Long note\n---\n\nThe first opening.\n")
    linker = src / "notes/dup-one.md"
    linker.write_text(linker.read_text().replace("One.", "One, see [[Long note]]."))
    app = make_app("html", srcdir=src, builddir=tmp_path / "b")
    app.build()
    _edit(src / "notes/long.md", "The first opening.", "The second opening.")
    app.build()
    app.cleanup()
    previews = [str(t) for t in soup(app, "notes/dup-one.html").select("template")]
    assert any("The second opening." in p for p in previews)
    assert not any("The first opening." in p for p in previews)
