"""Raw HTML in notes is cleaned by a whitelist, in MyST and rST, keeping what vaults use."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from sphinx_notegarden.sanitize import clean_fragment

from helpers import NOTES_CONF, build_files, soup, warning_lines

MakeApp = Callable[..., SphinxTestApp]

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
        # A task item's box, as MyST writes it, and written by hand; nothing else.
        ('<input class="c" disabled="disabled" type="checkbox">', None),
        ('<input type="checkbox" checked="checked">', None),
        ('<input type="checkbox" checked>', None),
        ('<input type="text">', ""),
        ('<input type="checkbox" onclick="x()">', ""),
        ('<input type="checkbox" formaction="javascript:x">', ""),
        ('<input type="checkbox" checked="x onload=y">', ""),
    ],
)
def test_inline_fragments(fragment: str, expected: str | None) -> None:
    assert clean_fragment(fragment) == (fragment if expected is None else expected)


def test_task_list_boxes_are_kept(make_app: MakeApp, tmp_path: Path) -> None:
    files = {
        "index.md": "# Tasks\n\n- [ ] to do\n- [x] done\n- not a task\n\n"
        'Fake: <input type="checkbox" onclick="alert(1)"> box.\n'
    }
    conf = NOTES_CONF + 'myst_enable_extensions = ["tasklist"]\n'
    app = build_files(make_app, tmp_path, files, conf)
    boxes = soup(app, "index.html").select("section li input")
    assert [(box["type"], box.has_attr("checked"), box.has_attr("disabled")) for box in boxes] == [
        ("checkbox", False, True),
        ("checkbox", True, True),
    ]
    html = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    body = html[html.index("<section") : html.index("</section>")]
    assert "box." in body and DANGEROUS.search(body) is None
