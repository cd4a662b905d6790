"""Wikilinks, the note role, embeds, backlinks and unresolved links, through real builds."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from helpers import NOTES_CONF, ROOTS, build_files, copy_root, soup, warning_lines, write_project

MakeApp = Callable[..., SphinxTestApp]


def _links(page: BeautifulSoup, paragraph: int = 0) -> list[tuple[str, str]]:
    body = page.select("section > p")[paragraph]
    return [(a.get_text(), a["href"]) for a in body.select("a.ng-note-ref")]


def _by(warnings: list[str], subtype: str) -> list[str]:
    return [w for w in warnings if f"[notegarden.{subtype}]" in w]


@pytest.mark.sphinx("html", testroot="links", freshenv=True)
def test_wikilinks_resolve(app: SphinxTestApp) -> None:
    app.build()
    page = soup(app, "notes/shape-of-a-thought.html")
    assert _links(page) == [
        ("Models are maps", "models-are-maps.html"),
        ("a map", "models-are-maps.html"),  # case and spaces do not matter
        ("Maps and models", "models-are-maps.html"),  # by alias
        ("Models are maps > Some section", "models-are-maps.html#some-section"),
        ("Models are maps > Nope", "models-are-maps.html"),  # missing heading: the note
    ]
    # A label keeps its markup.
    assert page.select("section > p")[0].select_one("a em").get_text() == "map"


@pytest.mark.sphinx("html", testroot="links", freshenv=True)
def test_never_inside_code_or_math(app: SphinxTestApp) -> None:
    app.build()
    page = soup(app, "notes/shape-of-a-thought.html")
    not_links = page.select("section > p")[1]
    assert not_links.select("a") == []
    assert not_links.select_one("code").get_text() == "[[code]]"
    assert "[[x]]" in not_links.select_one(".math").get_text()


@pytest.mark.sphinx("html", testroot="links", freshenv=True)
def test_rst_and_roles(app: SphinxTestApp) -> None:
    app.build()
    page = soup(app, "page.html")
    hrefs = [a["href"] for a in page.select("section > p a")]
    assert hrefs == ["notes/models-are-maps.html"] * 3
    writing = soup(app, "notes/writing.html")
    assert [a["href"] for a in writing.select("section > p")[0].select("a")] == [
        "models-are-maps.html"
    ] * 3


@pytest.mark.sphinx("html", testroot="links", freshenv=True)
def test_warnings(app: SphinxTestApp) -> None:
    app.build()
    warnings = warning_lines(app)
    unresolved = _by(warnings, "unresolved")
    # One per link, where it is written (not again where the note is embedded).
    assert [w.split(": WARNING")[0].rsplit("/", 1)[-1] for w in unresolved] == [
        "shape-of-a-thought.md:14",
        "writing.md:7",
    ]
    assert all("'The stub problem'" in w for w in unresolved)
    links = _by(warnings, "links")
    assert len(links) == 2
    assert any("'notes/dup-one', 'notes/dup-two' share the title 'duplicate'" in w for w in links)
    assert any("shape-of-a-thought.md:10" in w and "no heading 'Nope'" in w for w in links)
    assert len(_by(warnings, "embed")) == 2  # the A <-> B cycle, once from each side
    assert len(warnings) == 6


def test_one_warning_per_line_for_the_same_missing_target(
    make_app: MakeApp, tmp_path: Path
) -> None:
    files = {
        "index.md": (
            "# Index\n\nSee [[Nope]], [[Nope|again]], [[Other#Nowhere]], [[Other#Nowhere|x]].\n\n"
            "[[Nope]] on another line, and [[Gone]].\n\nA block: [[Other#^gone]].\n"
        ),
        "Other.md": "# Other\n\nText.\n",
    }
    src = write_project(tmp_path / "src", files)
    app = make_app("html", srcdir=src)
    app.build()
    lines = [w.split(": WARNING")[0].rsplit(":", 1)[-1] for w in warning_lines(app)]
    texts = [w.split(": WARNING: ")[1] for w in warning_lines(app)]
    assert sorted(zip(lines, [t.split(":")[0] for t in texts], strict=True)) == [
        ("3", "no heading 'Nowhere' in 'Other'; the link goes to the note [notegarden.links]"),
        ("3", "unresolved note link 'Nope'"),
        ("5", "unresolved note link 'Gone'"),
        ("5", "unresolved note link 'Nope'"),
        ("7", "no block '^gone' in 'Other'; the link goes to the note [notegarden.links]"),
    ]
    # A rebuild of the page warns again, once.
    (src / "index.md").write_text(files["index.md"] + "\nMore.\n", encoding="utf-8")
    app._warning.truncate(0)
    app._warning.seek(0)
    app.build()
    assert len(warning_lines(app)) == 5


@pytest.mark.sphinx("html", testroot="links", freshenv=True)
def test_unresolved_text_stays(app: SphinxTestApp) -> None:
    app.build()
    page = soup(app, "notes/shape-of-a-thought.html")
    missing = page.select_one(".ng-unresolved")
    assert missing is not None and missing.get_text() == "The stub problem"
    assert missing.find_parent("a") is None


@pytest.mark.sphinx("html", testroot="links", freshenv=True)
def test_backlinks_with_context(app: SphinxTestApp) -> None:
    app.build()
    section = soup(app, "notes/models-are-maps.html").select_one(".ng-backlinks")
    assert section.select_one("h2").get_text() == "Linked from"
    sources = [a.get_text() for a in section.select(".ng-backlink-source a")]
    # Sorted by title; the landing page is not a note; the self-link does not count.
    assert sources == [
        "<script>alert(1)</script>",
        "The shape of a thought",
        "Writing is a search procedure",
    ]
    shape = section.select("ul.ng-backlink-list > li")[1]
    contexts = [p.get_text() for p in shape.select(".ng-backlink-context")]
    assert contexts[0] == "As Models are maps argues, a map is not the territory."
    assert contexts[1] == "A second link with its own label: a map."
    assert contexts[-1] == "embeds this note"
    highlights = [h.get_text() for h in shape.select(".ng-backlink-highlight")]
    assert highlights[:3] == ["Models are maps", "a map", "Maps and models"]
    # Math in the sentence is math again, not TeX source in the text.
    hostile = section.select("ul.ng-backlink-list > li")[0]
    assert hostile.select_one(".ng-backlink-context .math").get_text() == r"\(\lambda\)"


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_linked_from_is_written_as_its_nodes_would_be(
    make_app: MakeApp, tmp_path: Path, builder: str
) -> None:
    """The section written straight to the page equals the writer's output for its nodes."""
    from sphinx_notegarden.backlinks import backlinks_section

    app = make_app(builder, srcdir=copy_root("links", tmp_path))
    app.build()
    domain = app.env.get_domain("ng")
    checked = 0
    for docname in sorted(app.env.found_docs):
        section = backlinks_section(domain, app.builder, docname, docname)  # type: ignore[arg-type]
        if section is None:
            continue
        expected = app.builder.render_partial(section)["fragment"]  # type: ignore[attr-defined]
        page = Path(app.outdir, app.builder.get_target_uri(docname) or "index.html")
        page = page / "index.html" if page.suffix != ".html" else page
        written = page.read_text(encoding="utf-8")
        start = written.index('<div class="ng-backlinks')
        assert written[start : start + len(expected)] == expected, docname
        checked += 1
    assert checked >= 3  # math, an embed, a hostile title and two links in one sentence


@pytest.mark.sphinx("html", testroot="links", freshenv=True)
def test_hostile_title_is_text_everywhere(app: SphinxTestApp) -> None:
    app.build()
    for page in Path(app.outdir).rglob("*.html"):
        assert "<script>alert(1)</script>" not in page.read_text(encoding="utf-8"), page
    graph = json.loads((Path(app.outdir) / "notegarden-graph.json").read_text(encoding="utf-8"))
    titles = {node["id"]: node["title"] for node in graph["nodes"]}
    assert titles["notes/hostile"] == "<script>alert(1)</script>"  # data, as JSON


@pytest.mark.sphinx("html", testroot="links", freshenv=True)
def test_embeds(app: SphinxTestApp) -> None:
    app.build()
    page = soup(app, "notes/shape-of-a-thought.html")
    embed = page.select_one(".ng-embed")
    assert embed.select_one(".ng-embed-title a")["href"] == "models-are-maps.html#some-section"
    assert (
        embed.select_one(".ng-embed-body").get_text().strip() == "The map is drawn inside a basin."
    )
    # Embedding a whole note embeds its embeds too, without its header or backlinks.
    writing = soup(app, "notes/writing.html")
    outer = writing.select_one(".ng-embed")
    assert "As Models are maps argues" in outer.get_text()
    assert outer.select_one(".ng-embed .ng-embed") is not None
    assert outer.select_one(".ng-note-header, .ng-backlinks") is None
    ids = [tag["id"] for tag in writing.find_all(id=True)]
    assert len(ids) == len(set(ids))
    # A cycle is a link, not a recursion.
    cycle = soup(app, "notes/cycle-a.html")
    assert cycle.select_one(".ng-embed-cycle a").get_text() == "Cycle A"


@pytest.mark.sphinx("html", testroot="links", freshenv=True)
def test_link_graph_json(app: SphinxTestApp) -> None:
    app.build()
    graph = json.loads((Path(app.outdir) / "notegarden-graph.json").read_text(encoding="utf-8"))
    node = next(n for n in graph["nodes"] if n["id"] == "notes/models-are-maps")
    assert node == {
        "id": "notes/models-are-maps",
        "title": "Models are maps",
        "tags": ["epistemology"],
        "status": None,
        "kind": "note",
        "url": "notes/models-are-maps.html",
    }
    edge = next(e for e in graph["edges"] if e["source"] == "notes/shape-of-a-thought")
    assert edge["target"] == "notes/models-are-maps"
    assert edge["location"] == {"file": "notes/shape-of-a-thought.md", "line": 8}
    missing = [e for e in graph["edges"] if not e["resolved"]]
    assert {e["target_text"] for e in missing} == {"The stub problem"}


@pytest.mark.sphinx(
    "html", testroot="links", freshenv=True, confoverrides={"notegarden_unresolved": "stub"}
)
def test_stub_pages(app: SphinxTestApp) -> None:
    app.build()
    assert _by(warning_lines(app), "unresolved") == []
    page = soup(app, "notes/shape-of-a-thought.html")
    link = page.select_one("a.ng-stub-link")
    assert link["href"] == "../stubs/the-stub-problem.html"
    stub = soup(app, "stubs/the-stub-problem.html")
    assert stub.select_one("h1").get_text().rstrip("¶") == "Missing note: The stub problem"
    sources = [a.get_text() for a in stub.select(".ng-backlink-list a")]
    assert sources == ["The shape of a thought", "Writing is a search procedure"]
    highlights = [h.get_text() for h in stub.select(".ng-backlink-highlight")]
    assert highlights == ["The stub problem", "The stub problem"]
    # Generated into the output only.
    assert not (Path(app.srcdir) / "stubs").exists()


@pytest.mark.sphinx(
    "html",
    testroot="links",
    freshenv=True,
    confoverrides={
        "notegarden_unresolved": "ignore",
        "notegarden_backlinks_from": "all",
        "notegarden_backlinks_self": True,
        "notegarden_backlinks_title": "Backlinks",
    },
)
def test_backlink_and_unresolved_options(app: SphinxTestApp) -> None:
    app.build()
    assert _by(warning_lines(app), "unresolved") == []
    section = soup(app, "notes/models-are-maps.html").select_one(".ng-backlinks")
    assert section.select_one("h2").get_text() == "Backlinks"
    sources = [a.get_text() for a in section.select(".ng-backlink-source a")]
    assert "Links" in sources and "A page in rST" in sources  # non-notes count
    assert "Models are maps" in sources  # the self-link counts


def test_backlinks_off_per_note(make_app: MakeApp, tmp_path: Path) -> None:
    src = copy_root("links", tmp_path)
    note = src / "notes/models-are-maps.md"
    note.write_text(
        note.read_text().replace("date: 2026-04-18", "date: 2026-04-18\nbacklinks: false")
    )
    app = make_app("html", srcdir=src)
    app.build()
    assert (
        BeautifulSoup(
            (Path(app.outdir) / "notes/models-are-maps.html").read_text(), "html.parser"
        ).select(".ng-backlinks")
        == []
    )


@pytest.mark.parametrize("builder", ["latex", "text", "singlehtml", "epub", "man", "texinfo"])
def test_other_builders_do_not_crash(make_app: MakeApp, tmp_path: Path, builder: str) -> None:
    app = make_app(builder, srcdir=copy_root("links", tmp_path))
    app.build()
    crashes = [w for w in warning_lines(app) if "Traceback" in w or "Exception" in w]
    assert crashes == []


@pytest.mark.parametrize("builder", ["latex", "singlehtml"])
def test_backlinks_in_assembled_builders(make_app: MakeApp, tmp_path: Path, builder: str) -> None:
    """LaTeX and singlehtml resolve one tree for all notes: each note keeps its own."""
    src = copy_root("links", tmp_path)
    index = src / "index.md"
    index.write_text(
        index.read_text().replace(":hidden:\n\npage", ":hidden:\n:glob:\n\npage\nnotes/*")
    )
    app = make_app(builder, srcdir=src)
    app.build()
    pattern = "*.tex" if builder == "latex" else "index.html"
    output = "\n".join(p.read_text(encoding="utf-8") for p in Path(app.outdir).glob(pattern))
    assert output.count("Linked from") == 6
    # The section after the note "Models are maps" lists the notes that link to it.
    after = output.split("Linked from")
    models = next(part for part in after[1:] if "As " in part and "argues" in part)
    assert "The shape of a thought" in models and "Writing is a search procedure" in models


@pytest.mark.sphinx("html", testroot="links", freshenv=True)
def test_graph_page(app: SphinxTestApp) -> None:
    app.build()
    page = soup(app, "graph.html")
    svg = page.select_one("svg.ng-graph-svg")
    nodes = svg.select("a.ng-graph-node")
    assert len(nodes) == 8  # every note
    hrefs = {node["href"] for node in nodes}
    assert "notes/models-are-maps.html" in hrefs
    titles = {node.select_one("title").get_text() for node in nodes}
    assert "<script>alert(1)</script>" in titles  # text in the SVG, never markup
    assert "<script>alert" not in (Path(app.outdir) / "graph.html").read_text(encoding="utf-8")
    missing = svg.select("g.ng-graph-missing")  # the missing note is drawn, distinctly
    assert [g.select_one("text").get_text() for g in missing] == ["The stub problem"]
    assert len(svg.select("line.ng-graph-edge")) >= 7
    listing = page.select("ul.ng-graph-list > li")
    assert len(listing) == 8
    assert [o.get_text() for o in page.select("select[data-ng-graph-filter] option")][:2] == [
        "all",
        "epistemology",
    ]


@pytest.mark.parametrize("glob_notes", [True, False])
def test_singlehtml_previews_notes_on_its_page(
    make_app: MakeApp, tmp_path: Path, glob_notes: bool
) -> None:
    src = copy_root("links", tmp_path)
    if glob_notes:
        index = src / "index.md"
        index.write_text(
            index.read_text().replace(":hidden:\n\npage", ":hidden:\n:glob:\n\npage\nnotes/*")
        )
    app = make_app("singlehtml", srcdir=src)
    app.build()
    page = BeautifulSoup((Path(app.outdir) / "index.html").read_text(), "html.parser")
    templates = page.select("template.ng-preview-template")
    linked = page.select("a.ng-has-preview")
    if not glob_notes:  # the notes are not on the page: nothing to preview there
        assert templates == [] and linked == []
        return
    assert templates and linked
    # Strings inside <template> are TemplateStrings, which get_text() leaves out.
    titles = {
        str(t.select_one(".ng-preview-title a").string): t.select_one(".ng-preview-title a")["href"]
        for t in templates
    }
    assert titles["Models are maps"] == "#document-notes/models-are-maps"
    assert titles["Models are maps > Some section"] == "#some-section"
    for link in linked:  # each link names a template that exists on the page
        number = next(c for c in link["class"] if c.startswith("ng-preview-for-")).split("-")[-1]
        assert page.select_one(f"template#ng-preview-{number}") is not None
    assert page.select_one('script[src*="notegarden.js"]') is not None
    script = (Path(app.outdir) / "_static" / "notegarden.js").read_text(encoding="utf-8")
    assert "hover previews" in script


def _with_references(src: Path) -> None:
    """Add a labelled section to a note and a page that refers to it in several ways."""
    note = src / "notes/models-are-maps.md"
    note.write_text(note.read_text().replace("## Some section", "(some-label)=\n## Some section"))
    (src / "refs.md").write_text(
        "# References\n\n"
        "By label: {ref}`some-label`. To a page that is not a note: {doc}`page`.\n\n"
        "To a note: [[Models are maps]]. Opted out: [[[Models are maps|quietly]]]{.no-preview}.\n",
        encoding="utf-8",
    )
    conf = src / "conf.py"
    conf.write_text(
        conf.read_text().replace('"colon_fence"]', '"colon_fence", "attrs_inline"]'),
        encoding="utf-8",
    )


def _previewed(outdir: Path, page: str) -> dict[str, str]:
    """Return {link text: preview title} for the links of *page* that have a preview."""
    html = BeautifulSoup((outdir / page).read_text(encoding="utf-8"), "html.parser")
    found = {}
    for link in html.select("a.ng-has-preview"):
        number = next(c for c in link["class"] if c.startswith("ng-preview-for-")).split("-")[-1]
        template = html.select_one(f"template#ng-preview-{number}")
        found[link.get_text()] = str(template.select_one(".ng-preview-title a").string)
    return found


@pytest.mark.parametrize("mode", ["notes", "internal"])
def test_preview_links_setting(make_app: MakeApp, tmp_path: Path, mode: str) -> None:
    src = copy_root("links", tmp_path)
    _with_references(src)
    app = make_app(
        "html", srcdir=src, freshenv=True, confoverrides={"notegarden_preview_links": mode}
    )
    app.build()
    app.cleanup()
    found = _previewed(Path(app.outdir), "refs.html")
    assert found.get("Models are maps") == "Models are maps"
    assert "quietly" not in found  # the link opted out with the class no-preview
    html = (Path(app.outdir) / "refs.html").read_text(encoding="utf-8")
    quiet = BeautifulSoup(html, "html.parser").select_one(".no-preview a.reference")
    assert quiet is not None and quiet.get_text() == "quietly"
    if mode == "notes":
        assert set(found) == {"Models are maps"}
    else:
        assert found["Some section"] == "Models are maps > Some section"
        assert found["A page in rST"] == "A page in rST"


def test_label_preview_follows_edits(make_app: MakeApp, tmp_path: Path) -> None:
    src = copy_root("links", tmp_path)
    _with_references(src)
    options = {"confoverrides": {"notegarden_preview_links": "internal"}}
    app = make_app("html", srcdir=src, builddir=tmp_path / "b", **options)
    app.build()
    app.cleanup()
    note = src / "notes/models-are-maps.md"
    note.write_text(note.read_text().replace("inside a basin", "inside a valley"))
    app = make_app("html", srcdir=src, builddir=tmp_path / "b", **options)
    app.build()
    app.cleanup()
    assert "inside a valley" in (Path(app.outdir) / "refs.html").read_text(encoding="utf-8")


def test_headings_match_whatever_their_punctuation(make_app: MakeApp, tmp_path: Path) -> None:
    src = copy_root("links", tmp_path)
    (src / "notes/target.md").write_text(
        "---\ntitle: Target\n---\n\nOpening.\n\n## How large is it?\n\nBig.\n\n"
        "## Émigrés & Co: the 🌍 view\n\nWide.\n\n## Plain heading\n\nPlain.\n",
        encoding="utf-8",
    )
    (src / "notes/asker.md").write_text(
        "---\ntitle: Asker\n---\n\n[[Target#How large is it]], [[Target#how large is it?]], "
        "[[Target#Émigrés Co the view]], [[Target#Plain: heading]], [[Target#Not there]].\n",
        encoding="utf-8",
    )
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    app.cleanup()
    page = BeautifulSoup((Path(app.outdir) / "notes/asker.html").read_text(), "html.parser")
    hrefs = [a["href"] for a in page.select("section p a.reference")][:5]
    assert hrefs[0] == hrefs[1] == "target.html#how-large-is-it"
    assert hrefs[2] == "target.html#emigres-co-the-view"
    assert hrefs[3] == "target.html#plain-heading"
    assert hrefs[4] == "target.html"
    missing = [w for w in warning_lines(app) if "asker.md" in w]
    assert len(missing) == 1 and "'Not there'" in missing[0]


def test_a_heading_text_wins_over_another_headings_id(make_app: MakeApp, tmp_path: Path) -> None:
    # "1. Volume" gets the id "volume"; "Volume", a heading of its own, gets "id1".
    files = {
        "index.md": "# Docker\n\n- [[#1. Volume]]\n- [[#Volume]]\n- [[#id1]]\n\n"
        "## 1. Volume\n\nFirst.\n\n## Volume\n\nSecond.\n",
    }
    app = build_files(make_app, tmp_path, files)
    assert not warning_lines(app)
    listed = soup(app, "index.html").select_one("div.body section ul")
    assert listed is not None
    assert [a["href"] for a in listed.select("a.reference")] == ["#volume", "#id1", "#id1"]


def test_headings_holding_wikilinks_match_as_obsidian_names_them(
    make_app: MakeApp, tmp_path: Path
) -> None:
    """Obsidian names such a heading by its source: the link's target and its label."""
    files = {
        "Target.md": (
            "# Target\n\n## [[Other|Comparison operators]] return Booleans\n\nText.\n\n"
            "## _corollary:_ $\\mathbb{Z}$ is the [[Other#Part|final object]]\n\nMore.\n"
        ),
        "Other.md": "# Other\n\n## Part\n\nText.\n",
        "Asker.md": (
            "# Asker\n\n[[Target#Other Comparison operators return Booleans|a]], "
            "[[Target#Comparison operators return Booleans|b]], "
            "[[Target#_corollary _ $ mathbb{Z}$ is the Other Part final object|c]], "
            "[[Target#Other Comparison|d]].\n"
        ),
    }
    app = build_files(make_app, tmp_path, files)
    hrefs = {a.get_text(): a["href"] for a in soup(app, "Asker.html").select("section p a")}
    first, second = soup(app, "Target.html").select("section section")
    assert hrefs["a"] == hrefs["b"] == f"Target.html#{first['id']}"
    assert hrefs["c"] == f"Target.html#{second['id']}"
    assert hrefs["d"] == "Target.html"  # a part of the name is not the name
    assert [w for w in warning_lines(app) if "no heading" in w] == [
        w for w in warning_lines(app) if "'Other Comparison'" in w
    ]


@pytest.mark.sphinx("html", testroot="links", freshenv=True)
def test_backlink_sentences_are_not_searched_on_the_linked_page(app: SphinxTestApp) -> None:
    app.build()
    text = (Path(app.outdir) / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    docnames = index["docnames"]
    # "argues" is in the sentence of "The shape of a thought" that links "Models are
    # maps"; the backlinks of "Models are maps" show it, but only its own words count.
    models = (Path(app.outdir) / "notes/models-are-maps.html").read_text(encoding="utf-8")
    own_text, backlinks = models.split("Linked from", 1)
    assert "argues" in backlinks and "argues" not in own_text
    pages = index["terms"]["argu"]
    pages = [pages] if isinstance(pages, int) else pages
    found = {docnames[number] for number in pages}
    assert "notes/shape-of-a-thought" in found
    assert "notes/models-are-maps" not in found


def test_previews_show_no_build_messages(make_app: MakeApp, tmp_path: Path) -> None:
    # A note whose first heading is ### gets MyST's heading-level message in its tree
    # while it is read; Sphinx filters such messages out of the page later, and so must
    # previews.
    files = {
        "index.md": "# Home\n\nSee [[Deep]] and [[Top]].\n\n```{toctree}\nDeep\nTop\n```\n",
        "Deep.md": "The opening sentence of the deep note.\n\n### Deep part\n\nMore.\n",
        "Top.md": "### Top part\n\nThe first words under a heading.\n",
    }
    app = build_files(make_app, tmp_path, files)
    page = BeautifulSoup((Path(app.outdir) / "index.html").read_text(), "html.parser")
    previews = [t.decode_contents() for t in page.select("template.ng-preview-template")]
    assert len(previews) == 2
    assert "The opening sentence of the deep note." in previews[0]
    # A note that opens with a heading previews the text under it.
    assert "The first words under a heading." in previews[1]
    for preview in previews:
        assert "System Message" not in preview and "myst.header" not in preview
    assert "System Message" not in (Path(app.outdir) / "Deep.html").read_text()


def test_previews_are_rendered_once_per_note_and_per_folder_only_with_a_picture(
    make_app: MakeApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A preview's title link depends on the page, its pictures' paths on the page's
    folder; the rest is rendered once per note and reused in every folder."""
    from sphinx_notegarden import previews

    made: list[str] = []
    original = previews._preview_box

    def counting(domain: Any, builder: Any, node: Any) -> Any:
        made.append(node["ng_target"])
        return original(domain, builder, node)

    monkeypatch.setattr(previews, "_preview_box", counting)
    links = "See [[Plain]] and [[Pictured]].\n"
    src = write_project(
        tmp_path / "src",
        {
            "index.md": "# Home\n\n" + links,
            "a/one.md": "# One\n\n" + links,
            "b/two.md": "# Two\n\n" + links,
            "b/c/three.md": "# Three\n\n" + links,
            "Plain.md": "# Plain\n\nOnly words here.\n",
            "Pictured.md": "# Pictured\n\nA picture:\n\n![[pond.png]]\n",
        },
    )
    shutil.copy(ROOTS / "test-vault-syntax" / "files" / "pond.png", src / "pond.png")
    app = make_app("html", srcdir=src)
    app.build()
    assert made.count("Plain") == 1  # one rendering for four pages in three folders
    assert made.count("Pictured") == 3  # its picture's path: _images, ../ and ../../
    pages = [("index.html", ""), ("a/one.html", "../"), ("b/two.html", "../")]
    for page, up in [*pages, ("b/c/three.html", "../../")]:
        # Text inside <template> is not get_text()'s: read the link's string.
        boxes = {
            t.select_one(".ng-preview-title a").string: t
            for t in soup(app, page).select("template.ng-preview-template")
        }
        assert boxes["Plain"].select_one(".ng-preview-title a")["href"] == f"{up}Plain.html"
        assert "Only words here." in str(boxes["Plain"])
        assert boxes["Pictured"].select_one("img")["src"] == f"{up}_images/pond.png"
        assert boxes["Pictured"].select_one(".ng-preview-title a")["href"] == f"{up}Pictured.html"


@pytest.mark.parametrize("parallel", [1, 2])
def test_pages_showing_previews_with_math_load_mathjax(
    make_app: MakeApp, tmp_path: Path, parallel: int
) -> None:
    """Pages without math of their own load MathJax for the math in their previews, also
    when the preview was rendered for an earlier page and written from the cache."""
    files = {f"page{n}.md": f"# Page {n}\n\nSee [[Formula]].\n" for n in range(4)}
    files["index.md"] = "# Home\n\nNo formula here.\n"
    files["Formula.md"] = "# Formula\n\nThe loss is $L(w) = \\|w\\|^2$.\n"
    conf = NOTES_CONF + 'myst_enable_extensions = ["dollarmath"]\n'
    app = make_app("html", srcdir=write_project(tmp_path / "src", files, conf), parallel=parallel)
    app.build()
    for n in range(4):
        page = (Path(app.outdir) / f"page{n}.html").read_text(encoding="utf-8")
        assert "ng-preview-template" in page and r"\(L(w)" in page
        assert "mathjax@" in page, f"page{n}"  # the MathJax script
    assert "mathjax@" not in (Path(app.outdir) / "index.html").read_text(encoding="utf-8")


def test_generated_pages_with_math_load_mathjax(make_app: MakeApp, tmp_path: Path) -> None:
    """A stub page shows the sentences that link the missing note, math included."""
    files = {
        "index.md": "# Home\n\nNothing.\n",
        "a.md": "# A\n\nWhen $x^2$ grows, see [[Missing idea]] for more.\n",
    }
    conf = NOTES_CONF + 'myst_enable_extensions = ["dollarmath"]\nnotegarden_unresolved = "stub"\n'
    app = build_files(make_app, tmp_path, files, conf)
    stub = (Path(app.outdir) / "stubs" / "missing-idea.html").read_text(encoding="utf-8")
    assert r"\(x^2\)" in stub and "mathjax@" in stub
    note_index = (Path(app.outdir) / "notes.html").read_text(encoding="utf-8")
    assert "mathjax@" not in note_index  # a generated page without math


def test_shared_titles_are_reported_only_when_a_link_names_them(
    make_app: MakeApp, tmp_path: Path
) -> None:
    files = {
        "index.md": "# Home\n\n[[one]], [[two]] and [[Shared alias]]\n",
        "one.md": "---\naliases: [Shared alias, Quiet alias]\n---\n# Example 2\n\nOne.\n",
        "two.md": "---\naliases: [Shared alias, Quiet alias]\n---\n# Example 2\n\nTwo.\n",
    }
    app = build_files(make_app, tmp_path, files)
    clashes = [w for w in warning_lines(app) if "share the" in w]
    # Links by file name trouble no one: only the alias a link uses is reported.
    assert len(clashes) == 1 and "share the alias 'shared alias'" in clashes[0], clashes


def test_warnings_in_a_callout_point_at_the_link_line(make_app: MakeApp, tmp_path: Path) -> None:
    files = {
        "index.md": "# Home\n\n> [!note] Title [[Gone title]]\n> First line.\n> Second line.\n"
        "> Third [[Gone one]].\n\n> [!note]\n> [[Gone two]] first.\n",
    }
    app = build_files(make_app, tmp_path, files)
    lines = {
        w.split("'")[1]: w.split(": WARNING")[0].rsplit(":", 1)[-1] for w in warning_lines(app)
    }
    assert lines == {"Gone title": "3", "Gone one": "6", "Gone two": "9"}
