"""The lookup from link text to document: ranks, clashes, normalisation."""

from __future__ import annotations

from sphinx_notegarden.link_index import build_link_index, link_key


def test_keys_ignore_case_space_and_suffix() -> None:
    assert link_key("  Models   ARE maps.md ") == "models are maps"
    assert link_key("/notes\\Models.rst") == "notes/models"


def test_a_note_title_beats_a_page_title_whatever_the_order() -> None:
    index = build_link_index(
        ["a-page", "zz-note"],
        {"a-page": "B", "zz-note": "B"},
        {},
        ["zz-note"],
    )
    assert index.resolve("b") == "zz-note"
    assert index.clashes == []  # a page sharing a title is no clash


def test_note_clashes_are_reported_and_first_wins() -> None:
    index = build_link_index(
        ["n/one", "n/two"], {"n/one": "Dup", "n/two": "Dup"}, {}, ["n/one", "n/two"]
    )
    assert index.resolve("dup") == "n/one"
    assert [(c.key, c.docnames) for c in index.clashes] == [("dup", ("n/one", "n/two"))]


def test_path_beats_file_name_beats_title_beats_alias() -> None:
    index = build_link_index(
        ["x", "notes/y", "notes/z", "a/curvature", "b/curvature-of-curves"],
        {"x": "notes/y", "notes/z": "Zed", "b/curvature-of-curves": "Curvature"},
        {"notes/y": ["Zed"]},
        ["x", "notes/y", "notes/z", "a/curvature", "b/curvature-of-curves"],
    )
    assert index.resolve("notes/y") == "notes/y"  # a path, though x has it as a title
    assert index.resolve("zed") == "notes/z"  # a title, though notes/y has it as an alias
    assert index.resolve("y") == "notes/y"  # by file name
    # As in Obsidian: [[Curvature]] is the file Curvature.md, though a note in a folder
    # sorted earlier has the title "Curvature".
    assert index.resolve("curvature") == "a/curvature"
    assert index.resolve("curvature-of-curves") == "b/curvature-of-curves"


def test_a_file_name_with_an_entity_is_found_by_the_decoded_link() -> None:
    index = build_link_index(["notes/Directives (labels)&nbsp;"], {}, {}, [])
    # [[Directives (labels)&nbsp;]] reaches the index as MyST decoded it: a no-break space.
    assert index.resolve("Directives (labels)\u00a0") == "notes/Directives (labels)&nbsp;"
    assert index.resolve("notes/Directives (labels)&nbsp;") == "notes/Directives (labels)&nbsp;"


def test_the_end_of_a_path_finds_a_note_in_a_deeper_folder() -> None:
    docnames = ["vault/wiki/concepts/rag", "other/concepts/rag", "concepts/top", "x/concepts/top"]
    index = build_link_index(docnames, {"x/concepts/top": "concepts/rag"}, {}, docnames)
    # As Obsidian does: [[wiki/concepts/rag]] is the file whose path ends so.
    assert index.resolve("wiki/concepts/rag") == "vault/wiki/concepts/rag"
    assert index.resolve("Wiki/Concepts/RAG.md") == "vault/wiki/concepts/rag"
    # Two paths end alike: the first in sort order, as for file names.
    assert index.resolve("concepts/rag") == "other/concepts/rag"
    # A full path beats the end of another's path; the end of a path beats a title.
    assert index.resolve("concepts/top") == "concepts/top"
    assert index.resolve("ki/concepts/rag") is None  # whole folder names only
    assert index.clashes == []
