"""Math next to wikilinks, in link labels and callout titles: the failures of other publishers."""

from __future__ import annotations

import pytest
from sphinx.testing.util import SphinxTestApp

from helpers import soup, warning_lines


@pytest.mark.sphinx("html", testroot="math-links", freshenv=True)
def test_math_between_aliased_links_survives(app: SphinxTestApp) -> None:
    app.build()
    assert warning_lines(app) == []
    page = soup(app, "index.html")
    paragraph = page.select_one("section > p")
    maths = [node.get_text() for node in paragraph.select(".math")]
    # Not swallowed between two aliased links; * and _ stay TeX, not emphasis.
    assert maths[0] == r"\(\alpha_1 * \beta_2\)"
    assert paragraph.find("em") is None
    assert [a.get_text() for a in paragraph.select("a.ng-note-ref")][:2] == ["an alias", "another"]
    # Mid-line $$...$$ is display math; a link label keeps its math.
    assert page.select_one("div.math").get_text().strip() == r"\[E = mc^2\]"
    label = paragraph.select("a.ng-note-ref")[-1]
    assert label.select_one(".math").get_text() == r"\(y\)"
    title = page.select_one(".ng-callout-title-text")
    assert title.select_one(".math").get_text() == r"\(\nabla L\)"
    assert title.select_one("a.ng-note-ref")["href"] == "other.html"
