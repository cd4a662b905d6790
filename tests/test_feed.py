"""The Atom feed: valid per a real parser, newest first, absolute, tagged, deterministic."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import feedparser
import pytest
from sphinx.testing.util import SphinxTestApp

from helpers import copy_root, soup, warning_lines

MakeApp = Callable[..., SphinxTestApp]
FEED_CONF = {
    "notegarden_feed": True,
    "notegarden_feed_per_tag": True,
    "html_baseurl": "https://garden.example.org/",
}


@pytest.mark.sphinx("html", testroot="notes", freshenv=True, confoverrides=FEED_CONF)
def test_feed_is_valid_atom(app: SphinxTestApp) -> None:
    app.build()
    feed = feedparser.parse((Path(app.outdir) / "feed.xml").read_bytes())
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    titles = [entry.title for entry in feed.entries]
    assert titles[:3] == ["Models are maps", "The shape of a thought", "On writing in rST"]
    first = feed.entries[0]
    assert first.link == "https://garden.example.org/notes/models-are-maps.html"
    assert first.summary.startswith("A map can be internally consistent")
    assert [tag.term for tag in first.tags] == ["epistemology", "math/optimization"]
    assert feed.feed.updated.startswith("2026-05-02")  # the newest note, not the clock
    # The hostile title is text in the feed.
    assert '<script>alert(1)</script> & "quotes"' in titles
    # Every page announces the feed.
    link = soup(app, "index.html").find("link", type="application/atom+xml")
    assert link is not None and link["href"] == "https://garden.example.org/feed.xml"


@pytest.mark.sphinx("html", testroot="notes", freshenv=True, confoverrides=FEED_CONF)
def test_per_tag_feed(app: SphinxTestApp) -> None:
    app.build()
    feed = feedparser.parse((Path(app.outdir) / "tags" / "epistemology.xml").read_bytes())
    assert feed.bozo == 0
    assert [entry.title for entry in feed.entries] == [
        "Models are maps",
        "The shape of a thought",
        "On writing in rST",
    ]


def test_feed_filters_and_count(make_app: MakeApp, tmp_path: Path) -> None:
    overrides = {**FEED_CONF, "notegarden_feed_kinds": ["essay"], "notegarden_feed_count": 5}
    app = make_app("html", srcdir=copy_root("notes", tmp_path), confoverrides=overrides)
    app.build()
    feed = feedparser.parse((Path(app.outdir) / "feed.xml").read_bytes())
    assert [entry.title for entry in feed.entries] == ["The shape of a thought"]


def test_feed_is_deterministic(make_app: MakeApp, tmp_path: Path) -> None:
    outputs = []
    for name in ("one", "two"):
        app = make_app(
            "html",
            srcdir=copy_root("notes", tmp_path / name),
            confoverrides=FEED_CONF,
            freshenv=True,
        )
        app.build()
        app.cleanup()
        outputs.append((Path(app.outdir) / "feed.xml").read_bytes())
    assert outputs[0] == outputs[1]


def test_missing_baseurl_warns_once(make_app: MakeApp, tmp_path: Path) -> None:
    app = make_app(
        "html", srcdir=copy_root("notes", tmp_path), confoverrides={"notegarden_feed": True}
    )
    app.build()
    feed_warnings = [w for w in warning_lines(app) if "[notegarden.feed]" in w]
    assert len(feed_warnings) == 1 and "html_baseurl" in feed_warnings[0]
    assert not (Path(app.outdir) / "feed.xml").exists()
