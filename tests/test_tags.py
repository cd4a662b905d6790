"""Tags: pages, overview, slugs, role, lists and inline tags, through real builds."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from helpers import copy_root, soup, warning_lines

MakeApp = Callable[..., SphinxTestApp]


def _entries(page: object, selector: str = ".ng-note-list .ng-note-title") -> list[str]:
    return [node.get_text() for node in page.select(selector)]  # type: ignore[attr-defined]


@pytest.mark.sphinx("html", testroot="notes", freshenv=True)
def test_tag_page(app: SphinxTestApp) -> None:
    app.build()
    page = soup(app, "tags/epistemology.html")
    assert page.select_one("h1").get_text().rstrip("¶") == "Tag: epistemology"
    assert page.select_one(".ng-tag-summary").get_text() == "3 notes"
    # Newest first (by updated, else date), with dates and summaries.
    assert _entries(page) == ["Models are maps", "The shape of a thought", "On writing in rST"]
    assert _entries(page, ".ng-note-list .ng-note-date")[0] == "May 02, 2026"
    assert "territory" in page.select_one(".ng-note-list-summary").get_text()
    links = [a["href"] for a in page.select(".ng-note-list a")]
    assert links[0] == "../notes/models-are-maps.html"
    related = _entries(page, ".ng-tag-cloud .ng-tag")
    assert related[0] == "learning" and "epistemology" not in related
    # The theme's layout: the page has the theme's sidebar and search box.
    assert page.select_one("div.sphinxsidebar") is not None


@pytest.mark.sphinx("html", testroot="notes", freshenv=True)
def test_nested_tags(app: SphinxTestApp) -> None:
    app.build()
    parent = soup(app, "tags/math.html")
    assert _entries(parent, ".ng-tag-cloud .ng-tag")[0] == "math/optimization"
    assert sorted(_entries(parent)) == ["Models are maps", "The shape of a thought"]
    child = soup(app, "tags/math-optimization.html")
    assert "Part of" in child.get_text()


@pytest.mark.sphinx("html", testroot="notes", freshenv=True)
def test_overview_and_note_index(app: SphinxTestApp) -> None:
    app.build()
    overview = soup(app, "tags/index.html")
    counts = {
        item.select_one(".ng-tag").get_text(): item.select_one(".ng-tag-count").get_text()
        for item in overview.select("ul.ng-tag-index > li")
    }
    assert counts["epistemology"] == " (3)" and counts["learning"] == " (3)"
    assert counts["math"] == " (2)"
    weights = {
        span.select_one(".ng-tag").get_text(): span["class"][0]
        for span in overview.select(".ng-tag-cloud > span")
    }
    assert weights["epistemology"] == "ng-tag-w5" and weights["fine"] == "ng-tag-w1"
    notes = soup(app, "notes.html")
    assert len(_entries(notes)) == 9
    assert _entries(notes)[0] == "Models are maps"


@pytest.mark.sphinx("html", testroot="notes", freshenv=True)
def test_tag_pages_are_searchable(app: SphinxTestApp) -> None:
    app.build()
    index = (Path(app.outdir) / "searchindex.js").read_text(encoding="utf-8")
    assert '"tags/epistemology"' in index and '"Tag: epistemology"' in index


@pytest.mark.sphinx("html", testroot="notes", freshenv=True)
def test_slug_collisions_are_kept_apart(app: SphinxTestApp) -> None:
    app.build()
    collisions = [w for w in warning_lines(app) if "have the same slug" in w]
    assert len(collisions) == 1
    assert "'C', 'C++', 'c#'" in collisions[0] and "[notegarden.tags]" in collisions[0]
    titles = {}
    for page in sorted((Path(app.outdir) / "tags").glob("c*.html")):
        html = soup(app, f"tags/{page.name}")
        titles[html.select_one("h1").get_text().rstrip("¶")] = _entries(html)
    assert titles == {
        "Tag: C": ["Plain C"],
        "Tag: C++": ["C plus plus"],
        "Tag: c#": ["C sharp"],
    }


@pytest.mark.sphinx("html", testroot="notes", freshenv=True)
def test_hostile_tag_names_stay_inside(app: SphinxTestApp) -> None:
    app.build()
    outdir = Path(app.outdir).resolve()
    tag_files = sorted(p.name for p in (outdir / "tags").iterdir())
    assert all(len(name) <= 64 + 9 + len(".html") for name in tag_files)
    srcdir = Path(app.srcdir).resolve()
    builddir = outdir.parent
    assert [p for p in srcdir.rglob("*.html") if not p.resolve().is_relative_to(builddir)] == []
    assert not (srcdir.parent / "x.html").exists() and not (srcdir / "x.html").exists()
    assert "x.html" in tag_files and "etc-passwd.html" in tag_files
    page = soup(app, "tags/index.html")
    assert "<b>bold</b>" in page.get_text()  # the name shown as text...
    assert page.find("b", string="bold") is None  # ...never as markup


@pytest.mark.sphinx("dirhtml", testroot="notes", freshenv=True)
def test_dirhtml_tag_pages(app: SphinxTestApp) -> None:
    app.build()
    page = soup(app, "tags/epistemology/index.html")
    assert page.select(".ng-note-list a")[0]["href"] == "../../notes/models-are-maps/"
    note = soup(app, "notes/models-are-maps/index.html")
    assert note.select(".ng-note-tags a")[0]["href"] == "../../tags/epistemology/"


@pytest.mark.sphinx("singlehtml", testroot="notes", freshenv=True)
def test_singlehtml_has_no_dangling_tag_links(app: SphinxTestApp) -> None:
    app.build()
    page = soup(app, "index.html")
    assert not [a for a in page.find_all("a", href=True) if a["href"].startswith("tags/")]


@pytest.mark.sphinx("html", testroot="notes", freshenv=True)
def test_note_lists_and_tag_role(app: SphinxTestApp) -> None:
    app.build()
    page = soup(app, "index.html")
    recent, by_title, seedlings = page.select("ul.ng-note-list")[:3]
    assert _entries(recent) == ["Models are maps", "The shape of a thought", "On writing in rST"]
    assert _entries(by_title) == ["Models are maps", "On writing in rST", "The shape of a thought"]
    assert by_title.select(".ng-note-list-summary") == []
    assert _entries(seedlings) == ["Models are maps"]
    role = [a for a in page.select("a.ng-tag-link") if a.get_text() == "learning"]
    assert role and role[-1]["href"] == "tags/learning.html"


@pytest.mark.sphinx("html", testroot="notes", freshenv=True)
def test_inline_tags(app: SphinxTestApp) -> None:
    app.build()
    page = soup(app, "notes/shape-of-a-thought.html")
    inline = [a.get_text() for a in page.select("a .ng-inline-tag")]
    assert inline == ["#writing", "#math/optimization"]
    text = page.get_text()
    assert "#notatag" in text and "#nottag" in text and "#123" in text
    assert page.select_one("code").get_text() == "#notatag"
    assert soup(app, "plain.html").select(".ng-inline-tag") == []


def test_unknown_tag_role_warns(make_app: MakeApp, tmp_path: Path) -> None:
    src = copy_root("notes", tmp_path)
    index = src / "index.md"
    index.write_text(index.read_text() + "\nAnd {tag}`nobody-uses-this`.\n")
    app = make_app("html", srcdir=src)
    app.build()
    unknown = [w for w in warning_lines(app) if "no note has the tag" in w]
    assert len(unknown) == 1 and "index.md" in unknown[0]


@pytest.mark.parametrize("builder", ["latex", "text"])
def test_tag_index_without_pages(make_app: MakeApp, tmp_path: Path, builder: str) -> None:
    app = make_app(builder, srcdir=copy_root("notes", tmp_path))
    app.build()
    suffix = {"latex": "*.tex", "text": "index.txt"}[builder]
    output = "\n".join(p.read_text(encoding="utf-8") for p in Path(app.outdir).glob(suffix))
    assert "epistemology" in output and "(3)" in output
    assert "On writing in rST" in output  # the notes under each tag
    assert "tags/" not in output


@pytest.mark.parametrize("compact", [True, False])
def test_generated_note_lists_are_written_as_their_nodes_would_be(
    make_app: MakeApp, tmp_path: Path, compact: bool
) -> None:
    """Lists written entry by entry from the memo equal the writer's output for the nodes."""
    from sphinx_notegarden.note_list_html import note_list_html
    from sphinx_notegarden.note_lists import note_list

    overrides = {"html_compact_lists": compact}
    app = make_app("html", srcdir=copy_root("notes", tmp_path), confoverrides=overrides)
    app.build()
    domain = app.env.get_domain("ng")
    builder = app.builder
    notes = sorted(domain.note_data)  # type: ignore[attr-defined]
    unsummarised = [doc for doc in notes if not domain.note(doc).summary]  # type: ignore[attr-defined]
    assert 0 < len(unsummarised) < len(notes)  # lists with and without second paragraphs
    for docnames in (notes, unsummarised, []):
        for page in ("tags/some-tag", "notes", "folders/deep/page"):
            expected = builder.render_partial(note_list(domain, docnames, builder, page))  # type: ignore[arg-type,attr-defined]
            for _ in range(2):  # made, then from the memo
                written = builder.render_partial(note_list_html(domain, docnames, builder, page))  # type: ignore[arg-type,attr-defined]
                assert written["fragment"] == expected["fragment"]
            simple = '<ul class="ng-note-list simple">' in expected["fragment"]
            assert simple == (docnames != notes) or not compact  # both kinds of list seen
