"""Raw HTML in notes is cleaned by a whitelist, in MyST and rST, keeping what vaults use."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from sphinx_notegarden.sanitize import clean_fragment

from helpers import soup, warning_lines

DANGEROUS = re.compile(
    r"<script|<iframe|<style|onclick|onerror|onmouseover|javascript:|position:\s*fixed", re.I
)


@pytest.mark.sphinx("html", testroot="hostile", freshenv=True)
def test_no_script_survives(app: SphinxTestApp) -> None:
    app.build()
    assert warning_lines(app) == []
    for name in ("index.html", "raw.html"):
        html = (Path(app.outdir) / name).read_text(encoding="utf-8")
        body = html[html.index("<section") : html.index("</section>")]
        assert DANGEROUS.search(body) is None, DANGEROUS.search(body)


@pytest.mark.sphinx("html", testroot="hostile", freshenv=True)
def test_harmless_html_is_kept(app: SphinxTestApp) -> None:
    app.build()
    page = soup(app, "index.html")
    assert page.select_one("section p u").get_text() == "fine words"
    assert page.select_one("section p b").get_text() == "bold"
    assert page.select_one("section p span[style]")["style"] == "color:red"
    assert page.select_one('a[href="https://example.org"]').get_text() == "good link"
    assert page.select_one("section img")["src"] == "x.png"
    assert len(page.select("section p br")) == 1
    assert page.select_one("section td").get_text() == "cell"
    assert soup(app, "raw.html").select_one("section p").get_text() == "raw directive"


@pytest.mark.sphinx(
    "html", testroot="hostile", freshenv=True, confoverrides={"notegarden_sanitize_html": False}
)
def test_sanitising_can_be_turned_off(app: SphinxTestApp) -> None:
    app.build()
    assert "<script>alert" in (Path(app.outdir) / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        ("<u>", "<u>"),
        ("</u>", "</u>"),
        ("<br>", "<br>"),
        ('<b onclick="x">', "<b>"),
        ("<script>", ""),
        ("</script>", ""),
        ('<a href="javascript:alert(1)">', '<a rel="noopener noreferrer">'),
    ],
)
def test_inline_fragments(fragment: str, expected: str) -> None:
    assert clean_fragment(fragment) == expected
