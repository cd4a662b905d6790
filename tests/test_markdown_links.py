"""Ordinary Markdown links resolved as Obsidian resolves them (markdown_links.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sphinx.testing.util import SphinxTestApp

from helpers import build_files, output_files, soup, warning_lines, write_project

MakeApp = Callable[..., SphinxTestApp]

NOTES = {
    "Glossary.md": "# Glossary\n\nWords.\n",
    "Deep/Folder/My Note.md": (
        "# My Note\n\nA claim worth citing. ^claim\n\n"
        "> [!definition] Arc length\n> The length of the curve.\n> ^arclength\n\n"
        "(a-label)=\n## Some Heading: with Punctuation?\n\nText of the section.\n"
    ),
    "Linker.md": (
        "# Linker\n\n"
        "By file name: [the claim](My%20Note.md#^claim).\n\n"
        "A block inside a callout: [arc length](My%20Note.md#^arclength).\n\n"
        "By heading text: [a section](My%20Note.md#Some%20Heading:%20with%20Punctuation?).\n\n"
        "Heading text, loosely: [loose](My%20Note.md#some%20heading%20with%20punctuation).\n\n"
        "From the root: [rooted](Deep/Folder/My%20Note.md#^claim).\n\n"
        "A label MyST knows: [labelled](Deep/Folder/My%20Note.md#a-label).\n\n"
        "In this note: [below](#Local%20Part).\n\n"
        "Missing heading: [nowhere](My%20Note.md#No%20Such%20Heading).\n\n"
        "Without the suffix: [bare](My%20Note#^claim),"
        " [bare heading](My%20Note#Some%20Heading:%20with%20Punctuation?),"
        " [bare root](Deep/Folder/My%20Note).\n\n"
        "(glossary)=\nA label of this note named like a note: [own label](glossary).\n\n"
        "## Local Part\n\nHere.\n"
    ),
}


def test_markdown_links_resolve_as_in_obsidian(make_app: MakeApp, tmp_path: Path) -> None:
    app = make_app("html", srcdir=write_project(tmp_path / "src", NOTES))
    app.build()
    page = soup(app, "Linker.html")
    hrefs = {a.get_text(): a["href"] for a in page.select("div.body p a.reference")}
    note = "Deep/Folder/My%20Note.html"
    assert hrefs["the claim"] == f"{note}#^claim"
    assert hrefs["arc length"] == f"{note}#^arclength"
    # The section's id is its label's.
    assert hrefs["a section"] == hrefs["loose"] == f"{note}#a-label"
    assert hrefs["rooted"] == f"{note}#^claim"
    assert hrefs["labelled"] == f"{note}#a-label"  # MyST's own resolution, untouched
    assert hrefs["below"] == "#local-part"
    # As in Obsidian, ".md" may be left out.
    assert hrefs["bare"] == f"{note}#^claim"
    assert hrefs["bare heading"] == f"{note}#a-label"
    assert hrefs["bare root"] == note
    assert hrefs["own label"] == "#glossary"  # this document's label, not the note
    # Every anchor exists on the target page.
    target = soup(app, "Deep/Folder/My Note.html")
    for anchor in ("^claim", "^arclength", "a-label"):
        assert target.find(id=anchor) is not None, anchor
    # The links count for backlinks and get previews, like wikilinks.
    backlinks = target.select_one(".ng-backlinks")
    assert backlinks is not None and "Linker" in backlinks.get_text()
    assert "ng-has-preview" in page.select_one('a[href$="#^claim"]')["class"]
    # Only the link that names nothing gets MyST's warning, naming the linking file.
    warnings = [w for w in warning_lines(app) if "toctree" not in w]
    assert len(warnings) == 1
    assert "Linker.md:17" in warnings[0] and "No Such Heading" in warnings[0]


def test_markdown_links_equal_under_parallel_reads(make_app: MakeApp, tmp_path: Path) -> None:
    src = write_project(tmp_path / "src", NOTES)
    serial = make_app("html", srcdir=src, builddir=tmp_path / "one")
    serial.build()
    parallel = make_app("html", srcdir=src, builddir=tmp_path / "two", parallel=2)
    parallel.build()
    assert output_files(Path(serial.outdir)) == output_files(Path(parallel.outdir))


def test_a_note_added_between_builds_is_found_by_file_name(
    make_app: MakeApp, tmp_path: Path
) -> None:
    src = write_project(tmp_path / "src", NOTES)
    app = make_app("html", srcdir=src)
    app.build()
    (src / "Deep/Later Note.md").write_text("# Later Note\n\nNew.\n", encoding="utf-8")
    linker = src / "Linker.md"
    linker.write_text(
        linker.read_text(encoding="utf-8") + "\nNew: [later](Later%20Note.md).\n", encoding="utf-8"
    )
    app.build()  # the same application: one process, as sphinx-autobuild may run it
    hrefs = {a.get_text(): a["href"] for a in soup(app, "Linker.html").select("a.reference")}
    assert hrefs["later"] == "Deep/Later%20Note.html"


def test_markdown_image_of_a_note_is_an_embed(make_app: MakeApp, tmp_path: Path) -> None:
    files = {
        **NOTES,
        "Embedder.md": (
            "# Embedder\n\nBefore.\n\n![the note](Deep/Folder/My%20Note.md)\n\n"
            "Text ![a block](My%20Note.md#^claim) after.\n\n![gone](Nowhere.md)\n\n"
            "![a picture](pic.png)\n"
        ),
        "pic.png": "",
    }
    app = build_files(make_app, tmp_path, files)
    page = soup(app, "Embedder.html")
    embeds = page.select("div.ng-embed")
    assert len(embeds) == 2
    assert "Text of the section." in embeds[0].get_text()  # the whole note
    assert embeds[1].select_one(".ng-embed-body").get_text(strip=True) == "A claim worth citing."
    # Titled by the note's file name, as Obsidian titles them, not by its folder path.
    titles = [embed.select_one(".ng-embed-title").get_text() for embed in embeds]
    assert titles == ["My Note", "My Note > ^claim"]
    assert not page.select("p div")  # lifted out of their paragraphs
    assert "Text" in page.get_text() and "after." in page.get_text()
    assert page.select_one(".ng-embed-missing").get_text(strip=True) == "Nowhere"
    assert [img["src"] for img in page.select("div.body img")] == ["_images/pic.png"]
    warnings = warning_lines(app)
    assert any("Embedder.md:9" in w and "'Nowhere'" in w for w in warnings), warnings
    assert not [w for w in warnings if "image file not readable" in w]
    target = soup(app, "Deep/Folder/My Note.html")
    assert "Embedder" in target.select_one(".ng-backlinks").get_text()


def test_quartz_links_to_tag_pages_go_to_ours(make_app: MakeApp, tmp_path: Path) -> None:
    """Quartz writes ``[x](./tags/name)``: the tag page, as ``[[tags/name]]`` is."""
    files = {
        "index.md": "---\ntags: [topic/culture]\n---\n# Home\n\nText.\n",
        "Folder/Note.md": "---\ntags: [plain]\n---\n# Note\n\n"
        "See [culture](./tags/topic/culture), [plain](../tags/plain), [root](/tags/plain)"
        " and [none](./tags/missing).\n",
    }
    app = build_files(make_app, tmp_path, files)
    page = soup(app, "Folder/Note.html")
    hrefs = {a.get_text(): a["href"] for a in page.select("div.body p a")}
    assert hrefs["culture"] == "../tags/topic-culture.html"
    assert hrefs["plain"] == hrefs["root"] == "../tags/plain.html"
    assert "none" not in hrefs  # no such tag: a missing link, warned once
    warned = [w for w in warning_lines(app) if "tags/missing" in w]
    assert len(warned) == 1 and "Note.md:6" in warned[0]
    assert [w for w in warning_lines(app) if "xref_missing" in w] == []


def test_links_to_other_apps_are_external(make_app: MakeApp, tmp_path: Path) -> None:
    """``[p](zotero://...)``: opened outside the site, as in Obsidian; never ``javascript:``."""
    files = {
        "index.md": "# Home\n\nSee [the *paper*](zotero://open-pdf/library/items/X?page=3), "
        "[a task](things:///show?id=today), [a picture](//images.example.org/a.png) "
        "and [bad](javascript://%0aalert(1)).\n",
    }
    app = build_files(make_app, tmp_path, files)
    links = {a.get_text(): a["href"] for a in soup(app, "index.html").select("div.body p a")}
    assert links["the paper"] == "zotero://open-pdf/library/items/X?page=3"
    assert links["a task"] == "things:///show?id=today"
    assert links["a picture"] == "//images.example.org/a.png"  # the page's own protocol
    assert 'href="javascript' not in (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    assert warning_lines(app) == []


def test_every_percent_escape_is_decoded(make_app: MakeApp, tmp_path: Path) -> None:
    """Markdown leaves ``%2B`` and ``%2C`` (reserved characters) encoded; Obsidian does not."""
    files = {
        "index.md": "# Home\n\nSee [x](3%2B1D%2C%20split.md) and [y](3%2B1D%2C%20split).\n",
        "3+1D, split.md": "# Split\n\nText.\n",
    }
    app = build_files(make_app, tmp_path, files)
    assert warning_lines(app) == []
    hrefs = [a["href"] for a in soup(app, "index.html").select("div.body p a")]
    assert hrefs == ["3%2B1D%2C%20split.html"] * 2
