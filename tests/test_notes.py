"""Note metadata, titles and the note header, through real Sphinx builds."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from sphinx.testing.util import SphinxTestApp

from sphinx_notegarden.domain import NoteGardenDomain

from helpers import build_files, soup, warning_lines, write_project


def _meta_warnings(app: SphinxTestApp) -> list[str]:
    return [line for line in warning_lines(app) if "[notegarden.meta]" in line]


@pytest.mark.sphinx("html", testroot="notes", freshenv=True)
def test_only_expected_warnings(app: SphinxTestApp) -> None:
    app.build()
    other = [
        line
        for line in warning_lines(app)
        if "[notegarden.meta]" not in line and "have the same slug" not in line
    ]
    # No "document isn't included in any toctree" for notes, nothing else either.
    assert other == []


@pytest.mark.sphinx("html", testroot="notes", freshenv=True)
def test_bad_metadata_warns_once_each_with_line(app: SphinxTestApp) -> None:
    app.build()
    warnings = _meta_warnings(app)
    expected = [
        ("bad-meta.md:3:", "date: 'yesterday' is not an ISO date"),
        ("bad-meta.md:4:", "tags: 1 is not a tag name"),
        ("bad-meta.md:4:", "tags: {'nested': 'dict'} is not a tag name"),
        ("bad-meta.md:5:", "status: unknown status 'wilting'"),
    ]
    assert len(warnings) == len(expected), warnings
    for line, (location, message) in zip(warnings, expected, strict=True):
        assert location in line and message in line
    # The note still builds, with what was usable.
    note = app.env.get_domain("ng").note("notes/bad-meta")  # type: ignore[attr-defined]
    assert note.title == "Bad metadata" and note.tags == ["fine"]
    assert note.date is None and note.status is None


@pytest.mark.sphinx("html", testroot="notes", freshenv=True)
def test_metadata_from_myst_and_rst(app: SphinxTestApp) -> None:
    app.build()
    domain = app.env.get_domain("ng")
    assert isinstance(domain, NoteGardenDomain)
    maps = domain.note("notes/models-are-maps")
    assert maps is not None
    assert (maps.title, maps.date, maps.updated, maps.status) == (
        "Models are maps",
        "2026-04-18",
        "2026-05-02",
        "seedling",
    )
    assert maps.tags == ["epistemology", "math/optimization"]  # a YAML list
    assert maps.aliases == ["Maps and models"]
    thought = domain.note("notes/shape-of-a-thought")
    assert thought is not None
    # A comma-separated string; inline tags follow; the first heading is the title.
    assert thought.tags == ["learning", "epistemology", "writing", "math/optimization"]
    assert thought.title == "The shape of a thought" and thought.kind == "essay"
    rst = domain.note("notes/rst-note")
    assert rst is not None
    assert (rst.tags, rst.date, rst.status, rst.summary) == (
        ["learning", "epistemology"],
        "2026-02-14",
        "evergreen",
        "A note written in reStructuredText.",
    )
    # Documents without note metadata are left alone.
    assert domain.note("index") is None and domain.note("plain") is None


@pytest.mark.sphinx("html", testroot="notes", freshenv=True)
def test_front_matter_title_is_the_page_title(app: SphinxTestApp) -> None:
    app.build()
    page = soup(app, "notes/models-are-maps.html")
    assert page.title is not None and page.title.get_text().startswith("Models are maps")
    assert page.select_one("section > h1").get_text().rstrip("¶") == "Models are maps"
    assert app.env.titles["notes/models-are-maps"].astext() == "Models are maps"
    # Search uses it too.
    index = (Path(app.outdir) / "searchindex.js").read_text(encoding="utf-8")
    assert '"Models are maps"' in index


@pytest.mark.sphinx("html", testroot="notes", freshenv=True)
def test_note_header(app: SphinxTestApp) -> None:
    app.build()
    header = soup(app, "notes/models-are-maps.html").select_one(".ng-note-header")
    assert header is not None
    assert header.select_one(".ng-note-kind").get_text() == "Note"
    assert header.select_one(".ng-note-date").get_text() == "Apr 18, 2026"
    assert header.select_one(".ng-note-updated").get_text() == "updated May 02, 2026"
    status = header.select_one(".ng-status")
    assert status.get_text() == "seedling" and "ng-status-seedling" in status["class"]
    assert header.select_one(".ng-note-summary").get_text().startswith("A map can be")
    links = [(a.get_text(), a["href"]) for a in header.select(".ng-note-tags a")]
    assert links == [
        ("epistemology", "../tags/epistemology.html"),
        ("math/optimization", "../tags/math-optimization.html"),
    ]


@pytest.mark.sphinx("text", testroot="notes", freshenv=True)
def test_header_is_made_when_the_page_is_resolved(app: SphinxTestApp) -> None:
    """Read trees (kept in memory until written) hold one placeholder, not the header."""
    from docutils import nodes

    from sphinx_notegarden.note_header import ng_note_header

    app.build()
    docname = "notes/models-are-maps"
    read = app.env.get_doctree(docname)
    assert [node["docname"] for node in read.findall(ng_note_header)] == [docname]
    assert not [n for n in read.findall(nodes.container) if "ng-note-header" in n["classes"]]
    resolved = app.env.get_and_resolve_doctree(docname, app.builder, tags=app.builder.tags)
    assert not list(resolved.findall(ng_note_header))
    header = next(n for n in resolved.findall(nodes.container) if "ng-note-header" in n["classes"])
    # No tag pages in this builder: tags are text (the domain's own resolution).
    assert [n.astext() for n in header.findall(nodes.inline) if "ng-tag-text" in n["classes"]] == [
        "epistemology",
        "math/optimization",
    ]
    text = (Path(app.outdir) / "notes" / "models-are-maps.txt").read_text(encoding="utf-8")
    assert "Note · Apr 18, 2026" in text and "epistemology math/optimization" in text


@pytest.mark.sphinx("html", testroot="notes", freshenv=True)
def test_header_tags_are_searched_but_not_its_kind_and_dates(app: SphinxTestApp) -> None:
    import json

    app.build()
    text = (Path(app.outdir) / "searchindex.js").read_text(encoding="utf-8")
    terms = json.loads(text[text.index("(") + 1 : text.rindex(")")])["terms"]
    assert "epistemolog" in terms  # a tag, only in headers
    assert "seedl" not in terms and "apr" not in terms and "updat" not in terms
    meta = soup(app, "notes/models-are-maps.html").select_one(".ng-note-meta")
    assert "no-search" in meta["class"] and "seedling" in meta.get_text()


@pytest.mark.sphinx("html", testroot="notes", freshenv=True)
def test_header_can_be_turned_off(app: SphinxTestApp) -> None:
    app.build()
    assert soup(app, "notes/no-header.html").select_one(".ng-note-header") is None
    assert soup(app, "plain.html").select_one(".ng-note-header") is None


@pytest.mark.sphinx("html", testroot="notes", confoverrides={"notegarden_note_header": False})
def test_header_off_globally(app: SphinxTestApp) -> None:
    app.build()
    assert soup(app, "notes/models-are-maps.html").select_one(".ng-note-header") is None


@pytest.mark.sphinx("html", testroot="notes", confoverrides={"notegarden_orphan_notes": False})
def test_toctree_warnings_come_back_when_asked(app: SphinxTestApp) -> None:
    app.build()
    orphans = [w for w in warning_lines(app) if "isn't included in any toctree" in w]
    assert len(orphans) == 8  # every note; plain.md is in the hidden toctree


@pytest.mark.sphinx(
    "html", testroot="notes", confoverrides={"notegarden_notes": ["notes/collide-*"]}
)
def test_notes_by_pattern(app: SphinxTestApp) -> None:
    app.build()
    domain = app.env.get_domain("ng")
    assert isinstance(domain, NoteGardenDomain)
    assert sorted(domain.note_data) == ["notes/collide-a", "notes/collide-b", "notes/collide-c"]


@pytest.mark.sphinx("html", testroot="notes", freshenv=True)
def test_hostile_title_and_summary_are_text(app: SphinxTestApp) -> None:
    app.build()
    html = (Path(app.outdir) / "notes" / "hostile.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html
    for page in Path(app.outdir).rglob("*.html"):
        assert not re.search(r"<script>alert|<img src=x", page.read_text(encoding="utf-8"))


@pytest.mark.sphinx("text", testroot="notes")
def test_header_in_text_output(app: SphinxTestApp) -> None:
    app.build()
    text = (Path(app.outdir) / "notes" / "models-are-maps.txt").read_text(encoding="utf-8")
    assert "Note · Apr 18, 2026 · updated May 02, 2026 · seedling" in text
    assert "epistemology math/optimization" in text


@pytest.mark.sphinx("latex", testroot="notes")
def test_header_in_latex_output(app: SphinxTestApp) -> None:
    app.build()
    tex = "\n".join(p.read_text(encoding="utf-8") for p in Path(app.outdir).glob("*.tex"))
    assert r"\DUrole{ng-status}{\DUrole{ng-status-seedling}{seedling}}" in tex


def test_any_status_as_written_with_statuses_none(make_app: Any, tmp_path: Path) -> None:
    files = {
        "index.md": "# Home\n\n```{note-list}\n:status: in progress\n```\n\n"
        "```{toctree}\n:glob:\n\n*\n```\n",
        "Draft.md": "---\nstatus: In   progress\n---\n# Draft\n\nText.\n",
        "Done.md": "---\nstatus: done\n---\n# Done\n\nText.\n",
    }
    app = make_app(
        "html",
        srcdir=write_project(tmp_path / "src", files),
        confoverrides={"notegarden_statuses": None},
    )
    app.build()
    assert [w for w in warning_lines(app) if "status" in w] == []
    badge = soup(app, "Draft.html").select_one(".ng-note-header .ng-status")
    assert badge is not None and badge.get_text() == "In progress"
    assert "ng-status-in-progress" in badge["class"]
    listed = [a.get_text() for a in soup(app, "index.html").select(".ng-note-list a")]
    assert listed == ["Draft"]  # the list's filter matches whatever the case


def test_empty_properties_are_empty(make_app: Any, tmp_path: Path) -> None:
    # Obsidian writes a property with no value as "key:" (YAML's null).
    files = {
        "index.md": "# Home\n\n[[Bare]]\n",
        "Bare.md": "---\ntitle:\ndate:\nstatus:\ntags: []\naliases:\n  - Naked\n---\n"
        "- # A heading in a list\n",
    }
    app = build_files(make_app, tmp_path, files)
    assert warning_lines(app) == []
    page = soup(app, "Bare.html")
    assert page.select_one("h1").get_text() == "Bare¶"  # the file name, not "null"
    assert page.select_one(".ng-note-header .ng-status") is None
    assert "null" not in page.select_one("div.body").get_text()
    domain = app.env.get_domain("ng")
    assert isinstance(domain, NoteGardenDomain)
    note = domain.note("Bare")
    assert note is not None and note.date is None and note.aliases == ["Naked"]


def test_note_record_as_dict_is_asdict_with_its_own_lists() -> None:
    from dataclasses import asdict

    from sphinx_notegarden.note_metadata import NoteRecord

    record = NoteRecord(title="T", tags=["a"], aliases=["b"], status="s", cssclasses=["c"])
    values = record.as_dict()
    assert values == asdict(record) and list(values) == list(asdict(record))
    values["tags"].append("x")  # the environment's copy is its own
    assert record.tags == ["a"]
    assert NoteRecord(**values).tags == ["a", "x"]
