"""Theorem numbering: numbered titles and references, through real Sphinx builds."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from helpers import copy_root, soup, warning_lines

ANALYSIS = [
    ("definition", "Definition 1"),
    ("theorem", "Theorem 2 (Banach)"),
    ("proof", "Proof"),
    ("lemma", "Lemma 3 (Triangle inequality)"),
    ("theorem", "Theorem 4 (Fixed point)"),
    ("remark", "Remark 5"),
    ("note", "Not numbered"),
]


def titles(page: BeautifulSoup) -> list[tuple[str, str]]:
    """Return (kind, title text) of every callout of *page*."""
    found = []
    for aside in page.select("aside.ng-callout"):
        title = aside.select_one(".ng-callout-title-text")
        assert title is not None
        found.append((str(aside["data-kind"]), title.get_text()))
    return found


def link_texts(page: BeautifulSoup, prefix: str) -> list[str]:
    """Return the texts of the page body's links whose target starts with *prefix*."""
    body = page.select_one("div.body") or page
    return [a.get_text() for a in body.select("a") if str(a.get("href", "")).startswith(prefix)]


@pytest.mark.sphinx("html", testroot="theorems", freshenv=True)
def test_numbers_per_note(app: SphinxTestApp) -> None:
    app.build()
    assert warning_lines(app) == []
    assert titles(soup(app, "analysis.html")) == ANALYSIS
    assert titles(soup(app, "algebra.html")) == [
        ("theorem", "Theorem 1 (Lagrange)"),
        ("corollary", "Corollary 2"),
    ]
    # A note in no toctree is numbered too.
    assert titles(soup(app, "loose.html")) == [("theorem", "Theorem 1")]
    # The number is its own element; the written title keeps its markup.
    page = soup(app, "analysis.html")
    lemma = page.select("aside.ng-callout")[3]
    assert lemma.select_one(".ng-theorem-number").get_text() == "Lemma 3"
    assert lemma.select_one(".ng-callout-title-text em").get_text() == "inequality"


@pytest.mark.sphinx("html", testroot="theorems")
def test_references_show_numbers(app: SphinxTestApp) -> None:
    app.build()
    page = soup(app, "index.html")
    # {numref}, {numref} with %s, {ref}, {ref} with a text, MyST's [](note.md#label).
    assert link_texts(page, "analysis.html#thm-banach") == [
        "Theorem 2",
        "Thm. 2",
        "Theorem 2",
        "the contraction theorem",
        "Theorem 2",
    ]
    # {numref} to another note, MyST's [](#label) without and with a text.
    assert link_texts(page, "algebra.html#thm-lagrange") == [
        "Theorem 1",
        "Theorem 1",
        "Lagrange\u2019s theorem",  # smart quotes
    ]
    # [[Note#^id]] shows the number; with a label, the label; an embed's title too.
    assert link_texts(page, "analysis.html#%5Efixed") + link_texts(
        page, "analysis.html#^fixed"
    ) == ["Theorem 4", "the fixed point", "Theorem 4"]
    embed = page.select_one(".ng-embed-body aside.ng-callout")
    assert embed is not None
    assert embed.select_one(".ng-callout-title-text").get_text() == "Theorem 4 (Fixed point)"
    # rST roles, and a reference within the note.
    algebra = soup(app, "algebra.html")
    assert link_texts(algebra, "analysis.html#thm-banach") == ["Theorem 2"]
    assert link_texts(algebra, "#thm-lagrange") == ["Theorem 1"]
    proof = soup(app, "analysis.html").select("aside.ng-callout")[2]
    assert [a.get_text() for a in proof.select("a.reference")] == ["Theorem 2"]
    # MyST's [](#label) within the note.
    assert link_texts(soup(app, "analysis.html"), "#thm-banach") == ["Theorem 2", "Theorem 2"]


@pytest.mark.sphinx(
    "html",
    testroot="theorems",
    freshenv=True,
    confoverrides={"notegarden_theorem_numbering": "site"},
)
def test_numbers_per_site(app: SphinxTestApp) -> None:
    app.build()
    assert warning_lines(app) == []
    # Toctree order (index, analysis, algebra), then the notes in no toctree.
    assert [t for _, t in titles(soup(app, "analysis.html"))][:2] == [
        "Definition 1",
        "Theorem 2 (Banach)",
    ]
    assert titles(soup(app, "algebra.html")) == [
        ("theorem", "Theorem 6 (Lagrange)"),
        ("corollary", "Corollary 7"),
    ]
    assert titles(soup(app, "loose.html")) == [("theorem", "Theorem 8")]
    assert link_texts(soup(app, "index.html"), "algebra.html#thm-lagrange")[:2] == [
        "Theorem 6",
        "Theorem 6",
    ]


@pytest.mark.sphinx(
    "html",
    testroot="theorems",
    freshenv=True,
    confoverrides={
        "notegarden_theorem_numbering": "site",
        "notegarden_theorem_counter": "kind",
        "notegarden_theorem_kinds": ["theorem", "corollary", "hint"],
    },
)
def test_counter_per_kind_and_chosen_kinds(app: SphinxTestApp) -> None:
    app.build()
    assert warning_lines(app) == []
    assert titles(soup(app, "analysis.html")) == [
        ("definition", "Definition"),  # not a numbered kind here
        ("theorem", "Theorem 1 (Banach)"),
        ("proof", "Proof"),
        ("lemma", "Triangle inequality"),
        ("theorem", "Theorem 2 (Fixed point)"),
        ("remark", "Remark"),
        ("note", "Not numbered"),
    ]
    assert titles(soup(app, "algebra.html")) == [
        ("theorem", "Theorem 3 (Lagrange)"),
        ("corollary", "Corollary 1"),
    ]


def test_note_number_prefix(make_app: object, tmp_path: Path) -> None:
    src = copy_root("theorems", tmp_path)
    index = src / "index.md"
    index.write_text(index.read_text().replace("```{toctree}\n", "```{toctree}\n:numbered:\n"))
    app = make_app("html", srcdir=src)  # type: ignore[operator]
    app.build()
    assert titles(soup(app, "algebra.html")) == [
        ("theorem", "Theorem 2.1 (Lagrange)"),
        ("corollary", "Corollary 2.2"),
    ]
    assert link_texts(soup(app, "index.html"), "analysis.html#thm-banach")[0] == "Theorem 1.2"
    # Outside the numbered toctree: no prefix.
    assert titles(soup(app, "loose.html")) == [("theorem", "Theorem 1")]
    app.cleanup()


@pytest.mark.sphinx("html", testroot="callouts")
def test_off_by_default(app: SphinxTestApp) -> None:
    app.build()
    page = soup(app, "index.html")
    assert page.select_one(".ng-theorem-number") is None
    assert "Inner" in [t for _, t in titles(page)]


@pytest.mark.sphinx(
    "html",
    testroot="theorems",
    freshenv=True,
    confoverrides={
        "notegarden_theorem_numbering": "everywhere",
        "notegarden_theorem_kinds": ["theorem", "no-such-kind", "proof"],
    },
)
def test_bad_settings_warn(app: SphinxTestApp) -> None:
    app.build()
    warnings = warning_lines(app)
    assert "notegarden_theorem_numbering = 'everywhere'" in warnings[0]
    assert "'no-such-kind'" in warnings[1]
    assert "proofs are never numbered" in warnings[2]
    assert all("[notegarden.config]" in w for w in warnings[:3])
    # Numbering falls back to off and the build goes on; {numref} to a callout then has
    # no number to show, as Sphinx says.
    assert warnings[3:] and all("[ref.numref]" in w for w in warnings[3:])
    assert soup(app, "analysis.html").select_one(".ng-theorem-number") is None


@pytest.mark.sphinx("text", testroot="theorems", freshenv=True)
def test_text_output(app: SphinxTestApp) -> None:
    app.build()
    assert warning_lines(app) == []
    analysis = (Path(app.outdir) / "analysis.txt").read_text(encoding="utf-8")
    assert "Theorem 2 (Banach): Every contraction" in analysis
    assert "Definition 1: A map" in analysis
    assert "use Theorem 2's hypothesis" in analysis
    index = (Path(app.outdir) / "index.txt").read_text(encoding="utf-8")
    assert "By Theorem 2, or Thm. 2, see Theorem 2" in index
    assert "%s" not in index


def test_numbering_rules() -> None:
    from sphinx_notegarden.theorems import TheoremSettings, number_theorems

    records = {
        "b": [{"kind": "theorem", "ids": []}, {"kind": "lemma", "ids": []}],
        "a": [{"kind": "lemma", "ids": []}],
    }
    kinds = frozenset({"theorem", "lemma"})
    per_note = TheoremSettings("note", kinds, shared=True, note_number=True)
    assert number_theorems(records, ["a", "b"], per_note, {"b": (2,)}) == {
        "a": ["1"],
        "b": ["2.1", "2.2"],
    }
    per_site = TheoremSettings("site", kinds, shared=False, note_number=True)
    # Site order decides; the note number never applies to a running sequence.
    assert number_theorems(records, ["b", "a"], per_site, {"b": (2,)}) == {
        "b": ["1", "1"],
        "a": ["2"],
    }


def test_latex_names_and_labels_are_safe() -> None:
    from types import SimpleNamespace

    from sphinx_notegarden.theorem_latex import environment_name, theorem_preamble

    names = {environment_name(kind) for kind in ("my-kind", "my_kind", "mykind", "kind2")}
    assert names == {"ngmyHkind", "ngmyUkind", "ngmykind", "ngkindDc"}
    config = SimpleNamespace(
        notegarden_callout_kinds={"odd": {"label": "Odd & 100% {new}"}},
        notegarden_theorem_kinds=["odd", "remark"],
    )
    preamble = theorem_preamble(config)  # type: ignore[arg-type]
    assert "\\newtheorem{ngodd}[ngcallout]{Odd \\& 100\\% \\{new\\}}" in preamble
    assert "\\theoremstyle{remark}\n\\newtheorem{ngremark}[ngcallout]{Remark}" in preamble
