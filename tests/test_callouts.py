"""The callout directive and the Obsidian syntax, through real Sphinx builds."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import Tag
from sphinx.testing.util import SphinxTestApp

from helpers import copy_root, soup, warning_lines


def _asides(page: Tag) -> list[Tag]:
    return page.select("aside.ng-callout")


def _title(aside: Tag) -> str:
    title = aside.select_one(".ng-callout-title-text")
    assert title is not None
    return title.get_text()


@pytest.mark.sphinx("html", testroot="callouts")
def test_directive_html_structure(app: SphinxTestApp) -> None:
    app.build()
    assert warning_lines(app) == []
    page = soup(app, "index.html")
    asides = _asides(page)
    assert [a["data-kind"] for a in asides] == [
        "warning",
        "abstract",
        "tip",
        "question",
        "aside",
        "example",
        "theorem",
    ]
    trap = asides[0]
    # Named by its title, for assistive technology.
    title = page.find(id=trap["aria-labelledby"])
    assert title is not None
    assert "ng-callout-title" in title["class"]
    assert trap["id"] == "trap"
    # The title keeps its inline markup: emphasis and math.
    assert trap.select_one(".ng-callout-title-text em").get_text() == "coherence"
    assert trap.select_one(".ng-callout-title-text .math").get_text() == r"\(\nabla L\)"
    assert trap.select_one(".ng-icon-alert-triangle") is not None
    assert "Coherence is not truth" in trap.select_one(".ng-callout-body").get_text()


@pytest.mark.sphinx("html", testroot="callouts")
def test_directive_options(app: SphinxTestApp) -> None:
    app.build()
    asides = _asides(soup(app, "index.html"))
    abstract, folded, foldable, site_kind = asides[1:5]
    # No title: the kind's label; TLDR is an alias of abstract, any case.
    assert _title(abstract) == "Abstract"
    # :collapsible: closed -> <details> without open, the title is the <summary>.
    details = folded.find("details")
    assert details is not None and not details.has_attr("open")
    assert details.find("summary", class_="ng-callout-title") is not None
    # An emoji icon is drawn as text; :icon: none draws nothing.
    assert folded.select_one(".ng-callout-icon-text").get_text() == "🧭"
    assert foldable.find("details").has_attr("open")
    assert foldable.select_one(".ng-callout-icon, .ng-callout-icon-text") is None
    assert "extra-class" in foldable["class"]
    # A kind added in conf.py, with its icon.
    assert _title(site_kind) == "A site kind"
    assert site_kind.select_one(".ng-icon-lightbulb") is not None


@pytest.mark.sphinx("html", testroot="callouts")
def test_nesting_and_reference(app: SphinxTestApp) -> None:
    app.build()
    page = soup(app, "index.html")
    nesting = _asides(page)[5]
    body = nesting.select_one(".ng-callout-body")
    assert body.find("ul") is not None
    assert body.select_one("div.math") is not None
    assert body.select_one("div.highlight") is not None
    inner = body.select_one("aside.ng-callout")
    assert inner is not None and _title(inner) == "Inner"
    # {ref} to a named callout takes its title as link text; an explicit text wins.
    links = [a for a in page.select("a.reference.internal") if a.get("href") == "#trap"]
    assert [a.get_text() for a in links] == [
        r"The trap of coherence and \nabla L",
        "the inner one",
    ]


@pytest.mark.sphinx("html", testroot="callouts")
def test_rst_syntax(app: SphinxTestApp) -> None:
    app.build()
    page = soup(app, "rst.html")
    outer, inner = _asides(page)
    assert outer["data-kind"] == "definition" and outer["id"] == "rst-def"
    assert outer.select_one(".ng-callout-title-text .math") is not None
    assert inner.parent.parent is outer  # nested inside the body
    assert inner["data-kind"] == "proof"
    link = page.select_one('a[href="#rst-def"]')
    assert link is not None and link.get_text().startswith("Definition with")


@pytest.mark.sphinx("html", testroot="callouts")
def test_obsidian_syntax(app: SphinxTestApp) -> None:
    app.build()
    page = soup(app, "obsidian.html")
    asides = _asides(page)
    assert [(a["data-kind"], _title(a)) for a in asides] == [
        ("warning", "The trap of coherence"),
        ("question", "Collapsed question"),
        ("tip", "Expanded"),
        ("note", "Inner note"),
        ("info", "Info"),
        ("info", "Title only"),
        ("note", "Unknown kind"),
    ]
    assert asides[0].select_one(".ng-callout-title-text em").get_text() == "coherence"
    assert asides[0].select_one(".ng-callout-body").get_text().strip() == "Coherence is not truth."
    assert not asides[1].find("details").has_attr("open")  # [!faq]-
    assert asides[2].find("details").has_attr("open")  # [!tip]+
    assert asides[3] in asides[2].select("aside")  # > > nests
    assert asides[5].select_one(".ng-callout-body") is None  # a title alone
    # A quote without a marker stays a quote; no marker text leaks.
    quotes = page.find_all("blockquote")
    assert len(quotes) == 1 and "plain quote" in quotes[0].get_text()
    assert "[!" not in page.get_text()


@pytest.mark.sphinx("html", testroot="callouts-bad", freshenv=True)
def test_bad_input_warns_once_each(app: SphinxTestApp) -> None:
    app.build()
    warnings = warning_lines(app)
    expected = [
        ("index.md:3:", "unknown callout kind 'nonsense'"),
        ("index.md:9:", "bad :collapsible: value 'sideways'"),
        ("index.md:16:", "callout has no content"),
        ("index.md:20:", "unknown callout kind 'whatever'"),
        ("index.md:26:", "unknown :icon: 'this-is-not-an-icon'"),
    ]
    assert len(warnings) == len(expected), warnings
    for line, (location, message) in zip(warnings, expected, strict=True):
        assert location in line and message in line and "[notegarden.callout]" in line
    assert "known kinds: note, abstract" in warnings[0]
    # The build went on and nothing was lost.
    asides = _asides(soup(app, "index.html"))
    assert len(asides) == 5
    assert [a["data-kind"] for a in asides] == ["note", "tip", "note", "note", "note"]
    assert _title(asides[3]) == "Note"  # title-less, unknown kind: a note
    assert asides[1].find("details") is None  # bad :collapsible: -> not collapsible
    assert asides[4].select_one(".ng-icon-pencil") is not None  # bad :icon: -> kind's icon
    assert all("Body." in a.get_text() for a in (asides[0], asides[1], asides[4]))


@pytest.mark.parametrize(
    ("previews", "graphs", "expected"),
    [(True, False, ["hover previews"]), (False, True, ["graphs:"]), (False, False, [])],
)
def test_the_script_holds_what_the_features_use(
    make_app: Callable[..., SphinxTestApp],
    tmp_path: Path,
    previews: bool,
    graphs: bool,
    expected: list[str],
) -> None:
    overrides = {
        "notegarden_previews": previews,
        "notegarden_graph_page": "graph" if graphs else "",
        "notegarden_local_graph_depth": 1 if graphs else 0,
    }
    app = make_app("html", srcdir=copy_root("callouts", tmp_path), confoverrides=overrides)
    app.build()
    path = Path(app.outdir) / "_static" / "notegarden.js"
    script = path.read_text(encoding="utf-8") if path.exists() else ""
    found = [marker for marker in ("hover previews", "graphs:") if marker in script]
    assert found == expected
    page = soup(app, "index.html")
    assert bool(page.select('script[src*="notegarden.js"]')) == bool(expected)


@pytest.mark.sphinx(
    "html",
    testroot="callouts-bad",
    confoverrides={"suppress_warnings": ["notegarden.callout"]},
)
def test_warnings_can_be_suppressed(app: SphinxTestApp) -> None:
    app.build()
    assert warning_lines(app) == []


@pytest.mark.sphinx(
    "html",
    testroot="callouts",
    confoverrides={"notegarden_callout_strict": True},
)
def test_strict_mode_warns_on_unknown_obsidian_kind(app: SphinxTestApp) -> None:
    app.build()
    warnings = warning_lines(app)
    assert len(warnings) == 1
    assert "obsidian.md:" in warnings[0] and "unknown callout kind 'mystery'" in warnings[0]


@pytest.mark.sphinx(
    "html",
    testroot="callouts",
    confoverrides={"notegarden_obsidian_callouts": False},
)
def test_obsidian_syntax_can_be_turned_off(app: SphinxTestApp) -> None:
    app.build()
    page = soup(app, "obsidian.html")
    assert _asides(page) == []
    assert "[!warning]" in page.get_text()


@pytest.mark.sphinx("html", testroot="callouts")
def test_stylesheet_has_kind_colours_and_icons(app: SphinxTestApp) -> None:
    app.build()
    css = (Path(app.outdir) / "_static" / "notegarden.css").read_text(encoding="utf-8")
    assert ".ng-kind-aside { --ng-callout-color: #8a2be2; }" in css
    assert ".ng-kind-warning { --ng-callout-color: #b35c00; }" in css  # restyled
    assert ".ng-icon-lightbulb { --ng-callout-icon: url(" in css
    page = soup(app, "index.html")
    hrefs = [link["href"] for link in page.find_all("link", rel="stylesheet")]
    assert any(href.startswith("_static/notegarden.css") for href in hrefs)
    # One stylesheet and one script for every feature: Sphinx reads each file per page.
    assert [href for href in hrefs if "notegarden" in href or "graph" in href] == [
        next(href for href in hrefs if href.startswith("_static/notegarden.css"))
    ]
    assert ".ng-local-graph" in css and ".ng-landscape-images" in css  # graphs, plots
    scripts = [s["src"] for s in page.find_all("script", src=True) if "notegarden" in s["src"]]
    assert len(scripts) == 1 and scripts[0].startswith("_static/notegarden.js")
    # Nothing is written into the source directory.
    outdir = Path(app.outdir).resolve()
    written = [p for p in Path(app.srcdir).rglob("*.css") if outdir not in p.resolve().parents]
    assert written == []


@pytest.mark.sphinx(
    "html",
    testroot="callouts-bad",
    confoverrides={
        "notegarden_callout_kinds": {
            "Bad Name!": {"label": "x"},
            "ok": {"color": "red; } body { display: none", "icon": "no-such-icon-name"},
        }
    },
)
def test_bad_kind_config_warns(app: SphinxTestApp) -> None:
    app.build()
    config_warnings = [w for w in warning_lines(app) if "[notegarden.config]" in w]
    assert len(config_warnings) == 3
    css = (Path(app.outdir) / "_static" / "notegarden.css").read_text(encoding="utf-8")
    assert "body { display" not in css
    assert ".ng-kind-ok { --ng-callout-color: #086ddd; }" in css


@pytest.mark.parametrize("breaker", ["  ", "\\"])
def test_obsidian_title_ends_at_a_hard_line_break(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, breaker: str
) -> None:
    (tmp_path / "conf.py").write_text('extensions = ["myst_parser", "sphinx_notegarden"]\n')
    (tmp_path / "index.md").write_text(
        f"# Page\n\n> [!tip] Short title{breaker}\n> The body line.  \n> Second line.\n",
        encoding="utf-8",
    )
    app = make_app("html", srcdir=tmp_path)
    app.build()
    app.cleanup()
    (aside,) = _asides(soup(app, "index.html"))
    assert _title(aside) == "Short title"
    body = aside.select_one(".ng-callout-body").get_text(" ", strip=True)
    assert body.startswith("The body line.") and "Second line." in body
    assert len(aside.select(".ng-callout-body br")) == 1  # the body keeps its own break


def test_obsidian_kinds_with_any_name_are_callouts(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    """Obsidian takes any text as a kind: unknown ones are notes titled with it."""
    (tmp_path / "conf.py").write_text('extensions = ["myst_parser", "sphinx_notegarden"]\n')
    (tmp_path / "index.md").write_text(
        "# Page\n\n> [!Nota:]\n> Una nota.\n\n> [!note:] With a title\n> Body.\n\n"
        "> [!my kind]- Folded\n> Hidden.\n\n"
        # An empty bullet under the marker line underlines it as a heading in Markdown.
        ">[!abstract] Related\n>- \n\n"
        # Obsidian's metadata: the kind is before the bar, the rest styles the callout.
        "> [!tip|wide Two&Three] Styled\n> Body.\n",
        encoding="utf-8",
    )
    app = make_app("html", srcdir=tmp_path)
    app.build()
    app.cleanup()
    assert warning_lines(app) == []
    asides = _asides(soup(app, "index.html"))
    titles = [_title(aside) for aside in asides]
    assert titles == ["Nota:", "With a title", "Folded", "Related", "Styled"]
    assert [aside["data-kind"] for aside in asides] == ["note"] * 3 + ["abstract", "tip"]
    assert {"ng-callout-meta-wide", "ng-callout-meta-two-three"} <= set(asides[4]["class"])
    assert "[!" not in soup(app, "index.html").select_one("div.body").get_text()
