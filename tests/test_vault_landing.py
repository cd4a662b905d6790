"""A vault without a root document: the generated landing page, folder pages, templates."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from helpers import compile_pdf, copy_root, output_files, soup, warning_lines

MakeApp = Callable[..., SphinxTestApp]


@pytest.mark.sphinx("html", testroot="vault-landing", freshenv=True)
def test_landing_page_lists_notes_without_warnings(app: SphinxTestApp) -> None:
    app.build()
    assert warning_lines(app) == []
    page = soup(app, "index.html")
    assert page.select_one("section > h1").get_text().rstrip("¶") == "Pond Notes"
    links = [a["href"] for a in page.select("p.ng-landing-links a")]
    assert links == ["tags/index.html", "graph.html", "notes.html"]
    lists = page.select("ul.ng-note-list")
    recent = [a.get_text() for a in lists[0].select("a.ng-note-link")]
    assert recent == ["Water lily", "Algae", "Frog", "Welcome"]  # newest first, dated only
    folders = [r.get_text() for r in page.select("p.rubric.ng-landing-folder")]
    assert folders == ["Creatures", "Plants", "Plants/Deep"]
    assert page.select_one("p.ng-landing-folder a")["href"] == "folders/creatures.html"
    # The landing page is no note: not in the note index, no header, no backlinks.
    assert page.select_one(".ng-note-header") is None
    notes = soup(app, "notes.html")
    assert "Pond Notes" not in [a.get_text() for a in notes.select("a.ng-note-link")]
    # Nothing was written into the source directory.
    assert not (Path(app.srcdir) / "index.rst").exists()
    assert not (Path(app.srcdir) / "index.md").exists()


@pytest.mark.sphinx("html", testroot="vault-landing", freshenv=True)
def test_templates_and_excluded_folders_are_never_read(app: SphinxTestApp) -> None:
    app.build()
    assert not any(doc.startswith(("Templates/", "Archive/")) for doc in app.env.found_docs)
    for path in Path(app.outdir).rglob("*"):
        if path.is_file() and path.suffix in {".html", ".js", ".json", ".txt"}:
            text = path.read_text(encoding="utf-8")
            assert "tadpole-template-marker" not in text and "archive-marker" not in text, path


@pytest.mark.sphinx("html", testroot="vault-landing", freshenv=True)
def test_folder_links_and_folder_pages(app: SphinxTestApp) -> None:
    app.build()
    page = soup(app, "Welcome.html")
    hrefs = {a.get_text(): a["href"] for a in page.select("div.body a.reference")}
    assert hrefs["Plants/"] == "folders/plants.html"
    assert hrefs["Creatures"] == "folders/creatures.html"  # only a folder has this name
    assert hrefs["deep water"] == "folders/plants-deep.html"
    assert hrefs["Deep"] == "Deep.html"  # a note's name beats a folder's
    assert hrefs["tags/water"] == "tags/water.html"
    plants = soup(app, "folders/plants.html")
    assert plants.select_one("h1").get_text().rstrip("¶") == "Folder: Plants"
    assert [a["href"] for a in plants.select("ul.ng-folder-list a")] == ["plants-deep.html"]
    notes = [a.get_text() for a in plants.select("a.ng-note-link")]
    assert notes == ["Reeds", "Water lily"]
    deep = soup(app, "folders/plants-deep.html")
    assert deep.select_one("p.ng-folder-parent a")["href"] == "plants.html"


@pytest.mark.sphinx("html", testroot="vault-landing", freshenv=True)
def test_attachment_fragments_and_markdown_sizes(app: SphinxTestApp) -> None:
    app.build()
    images = soup(app, "Welcome.html").select("div.body img")
    icon, sized, pale, wide = images
    assert "ng-embed-icon" in icon["class"] and "style" not in icon.attrs
    assert "ng-embed-icon" in sized["class"] and sized["style"] == "width: 24px;"
    assert pale["alt"] == "a pale lily" and pale["style"] == "width: 300px;"
    assert wide["alt"] == "a wide lily" and wide["style"] == "width: 300px; height: 200px;"
    assert all(image["src"] == "_images/lily.svg" for image in images)
    assert not soup(app, "Welcome.html").select('a[href*="#icon"], img[src*="#"]')


@pytest.mark.sphinx("dirhtml", testroot="vault-landing", freshenv=True)
def test_landing_page_in_dirhtml(app: SphinxTestApp) -> None:
    app.build()
    page = soup(app, "index.html")
    assert [a["href"] for a in page.select("p.ng-landing-links a")] == ["tags/", "graph/", "notes/"]
    assert page.select_one("p.ng-landing-folder a")["href"] == "folders/creatures/"
    assert (Path(app.outdir) / "folders" / "plants-deep" / "index.html").is_file()
    welcome = soup(app, "Welcome/index.html")
    assert welcome.select_one('a[href="../folders/plants/"]') is not None


@pytest.mark.sphinx("singlehtml", testroot="vault-landing", freshenv=True)
def test_singlehtml_holds_the_landing_page_and_every_note(app: SphinxTestApp) -> None:
    app.build()
    page = soup(app, "index.html")
    body = page.select_one("div.body")
    assert body.select_one("h1").get_text().rstrip("¶") == "Pond Notes"
    text = body.get_text(" ")
    for phrase in ("Floats on the pond.", "Green, everywhere.", "Reeds grow", "Sits on a"):
        assert phrase in text
    # The list comes first, with links inside the one page; no folder pages here.
    assert body.select_one("ul.ng-note-list a")["href"].startswith("#document-")
    assert not (Path(app.outdir) / "folders").exists()


@pytest.mark.parametrize("builder", ["latex", "epub", "text", "texinfo", "man"])
def test_book_builders_get_every_note(make_app: MakeApp, tmp_path: Path, builder: str) -> None:
    src = copy_root("vault-landing", tmp_path)
    app = make_app(builder, srcdir=src, builddir=tmp_path / "out")
    app.build()
    app.cleanup()
    warnings = [w for w in warning_lines(app) if "epub" not in w.lower()]
    if builder == "latex":  # LaTeX cannot include the SVG: its alt text stands in
        assert len(warnings) == 4 and all("'lily.svg' cannot be included" in w for w in warnings)
        warnings = []
    assert warnings == []
    out = Path(app.outdir)
    written = "\n".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in out.rglob("*")
        if p.is_file() and p.suffix in {".tex", ".xhtml", ".txt", ".texi", ".1"}
    )
    for phrase in ("Floats on the pond", "Green, everywhere", "Reeds grow"):
        assert phrase in written, builder
    assert "tadpole-template-marker" not in written


def _without_stale_terms(index: bytes) -> bytes:
    """Drop the empty entries Sphinx's search index keeps for words no page has any more."""
    data = json.loads(index.decode("utf-8").removeprefix("Search.setIndex(").removesuffix(")"))
    for key in ("terms", "titleterms"):
        data[key] = {word: docs for word, docs in data[key].items() if docs != []}
    return json.dumps(data, sort_keys=True).encode("utf-8")


def _build(make_app: MakeApp, src: Path, builddir: Path, **kwargs: Any) -> dict[str, bytes]:
    app = make_app("html", srcdir=src, builddir=builddir, **kwargs)
    app.build()
    app.cleanup()
    assert warning_lines(app) == []
    files = output_files(Path(app.outdir))
    files["searchindex.js"] = _without_stale_terms(files["searchindex.js"])
    return files


def test_parallel_equals_serial(make_app: MakeApp, tmp_path: Path) -> None:
    src = copy_root("vault-landing", tmp_path)
    serial = _build(make_app, src, tmp_path / "serial")
    parallel = _build(make_app, src, tmp_path / "parallel", parallel=2)
    assert serial.keys() == parallel.keys()
    assert [name for name in serial if serial[name] != parallel[name]] == []


def test_adding_a_note_equals_a_clean_build(make_app: MakeApp, tmp_path: Path) -> None:
    src = copy_root("vault-landing", tmp_path)
    _build(make_app, src, tmp_path / "inc")
    (src / "Birds").mkdir()
    (src / "Birds" / "Heron.md").write_text("---\ndate: 2024-04-01\n---\nStands still.\n")
    welcome = src / "Welcome.md"
    welcome.write_text(welcome.read_text() + "\nAnd [[Birds]].\n")
    incremental = _build(make_app, src, tmp_path / "inc")
    clean = _build(make_app, src, tmp_path / "clean")
    assert incremental.keys() == clean.keys()
    assert [name for name in clean if clean[name] != incremental[name]] == []
    page = (tmp_path / "clean" / "html" / "index.html").read_text(encoding="utf-8")
    assert "folders/birds.html" in page and "Birds/Heron.html" in page


def test_removing_a_folder_removes_its_page(make_app: MakeApp, tmp_path: Path) -> None:
    src = copy_root("vault-landing", tmp_path)
    _build(make_app, src, tmp_path / "inc")
    page = tmp_path / "inc" / "html" / "folders" / "creatures.html"
    assert page.is_file()
    (src / "Creatures" / "Frog.md").unlink()
    (src / "Welcome.md").write_text("Start here: [[Plants/]].\n")
    incremental = _build(make_app, src, tmp_path / "inc")
    assert not page.exists()
    clean = _build(make_app, src, tmp_path / "clean")
    # (Sphinx leaves the removed note's own page behind; that is not ours to delete.)
    assert [name for name in clean if clean[name] != incremental.get(name)] == []
    assert not [name for name in incremental if name.startswith("folders/creatures")]


def test_a_vault_with_a_root_document_gets_no_landing_page(
    make_app: MakeApp, tmp_path: Path
) -> None:
    src = copy_root("vault-landing", tmp_path)
    (src / "index.md").write_text("# My own start\n\nHello.\n")
    app = make_app("html", srcdir=src, builddir=tmp_path / "own")
    app.build()
    app.cleanup()
    page = soup(app, "index.html")
    assert page.select_one("h1").get_text().rstrip("¶") == "My own start"
    assert page.select_one("p.ng-landing-links") is None


@pytest.mark.parametrize("suffixes", [None, {".md": "markdown"}])
def test_odd_project_names_stay_text(
    make_app: MakeApp, tmp_path: Path, suffixes: dict[str, str] | None
) -> None:
    src = copy_root("vault-landing", tmp_path)
    name = "*Pond* `notes` <b>& .. |x| \\ $x$ _y_ #pond"
    overrides: dict[str, Any] = {"project": name}
    if suffixes is not None:
        overrides["source_suffix"] = suffixes
    app = make_app("html", srcdir=src, builddir=tmp_path / "odd", confoverrides=overrides)
    app.build()
    app.cleanup()
    assert warning_lines(app) == []
    heading = soup(app, "index.html").select_one("h1")
    assert heading.get_text().rstrip("¶") == name
    assert heading.select("em, code, b, a:not(.headerlink), span.math") == []


def test_switching_between_own_and_generated_root(make_app: MakeApp, tmp_path: Path) -> None:
    src = copy_root("vault-landing", tmp_path)
    _build(make_app, src, tmp_path / "b")
    own = src / "index.md"
    own.write_text("# My own start\n\nHello.\n")
    os.utime(own, (1_000_000_000, 1_000_000_000))  # older than the last build
    _build(make_app, src, tmp_path / "b")
    heading = BeautifulSoup((tmp_path / "b" / "html" / "index.html").read_text(), "html.parser")
    assert heading.select_one("h1").get_text().rstrip("¶") == "My own start"
    own.unlink()
    _build(make_app, src, tmp_path / "b")
    page = BeautifulSoup((tmp_path / "b" / "html" / "index.html").read_text(), "html.parser")
    assert page.select_one("h1").get_text().rstrip("¶") == "Pond Notes"
    assert page.select_one("p.ng-landing-links") is not None


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("latexmk") is None, reason="needs latexmk and TeX Live")
def test_latex_of_a_vault_compiles(make_app: MakeApp, tmp_path: Path) -> None:
    app = make_app("latex", srcdir=copy_root("vault-landing", tmp_path))
    app.build()
    app.cleanup()
    tex = (Path(app.outdir) / "pondnotes.tex").read_text(encoding="utf-8")
    assert ".svg" not in tex and r"\DUrole{ng-image-alt}{a pale lily}" in tex
    assert tex.count(r"\chapter{") == 6  # every note, after the landing page
    compile_pdf(app.outdir)


@pytest.mark.sphinx(
    "html",
    testroot="vault-landing",
    freshenv=True,
    confoverrides={"notegarden_unresolved": "stub"},
)
def test_folder_and_tag_links_are_not_missing_notes(app: SphinxTestApp) -> None:
    app.build()
    stubs = Path(app.outdir) / "stubs"
    names = sorted(page.stem for page in stubs.glob("*.html")) if stubs.is_dir() else []
    assert not [name for name in names if "plants" in name or "creatures" in name]
    assert not [name for name in names if "water" in name]
    welcome = BeautifulSoup(
        (Path(app.outdir) / "Welcome.html").read_text(encoding="utf-8"), "html.parser"
    )
    graph_text = " ".join(g.get_text(" ") for g in welcome.select(".ng-local-graph"))
    assert graph_text and "(missing)" not in graph_text  # folders are not missing notes


@pytest.mark.parametrize("name", ["notegarden_folders_path", "notegarden_tags_path"])
def test_unsafe_output_folders_are_refused(make_app: MakeApp, tmp_path: Path, name: str) -> None:
    app = make_app(
        "html", srcdir=copy_root("vault-landing", tmp_path), confoverrides={name: "../escape"}
    )
    app.build()
    app.cleanup()
    warnings = [w for w in warning_lines(app) if "[notegarden.config]" in w]
    assert len(warnings) == 1 and name in warnings[0] and "not a safe folder" in warnings[0]
    assert not (tmp_path / "escape").exists() and not (Path(app.outdir).parent / "escape").exists()
    default = "folders" if name == "notegarden_folders_path" else "tags"
    assert list((Path(app.outdir) / default).glob("*.html"))
