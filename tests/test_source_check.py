"""A source that is not UTF-8 is left out with a warning; the rest of the site builds."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sphinx.testing.util import SphinxTestApp

from helpers import NOTES_CONF, soup, warning_lines, write_project

MakeApp = Callable[..., SphinxTestApp]


def test_undecodable_sources_are_left_out(make_app: MakeApp, tmp_path: Path) -> None:
    files = {
        "index.md": "# Home\n\n[[Latin]] and [[Marked]] and [[Zero]].\n",
        "Marked.md": "\ufeff---\ntags: [bom]\n---\n# Marked\n\nA byte-order mark first.\n",
        "Zero.md": "# Zero\n\nA NUL \x00 byte is still UTF-8.\n",
    }
    src = write_project(tmp_path / "src", files, NOTES_CONF + 'exclude_patterns = ["old"]\n')
    (src / "Latin.md").write_bytes("# Latin\n\nSaved as Latin-1:\ncafé.\n".encode("latin-1"))
    (src / "old").mkdir()
    (src / "old/ignored.md").write_bytes(b"\xff\xfe never read\n")  # excluded: no warning
    app = make_app("html", srcdir=src)
    app.build()  # no "Encoding error!": Sphinx would stop at the first such file
    warnings = warning_lines(app)
    assert [w for w in warnings if "[notegarden.source]" in w] == [
        f"{src / 'Latin.md'}:4: WARNING: byte 0xe9 on this line is not UTF-8: the file is "
        "left out (save it as UTF-8) [notegarden.source]"
    ]
    assert not (Path(app.outdir) / "Latin.html").exists()
    assert (Path(app.outdir) / "Marked.html").is_file() and (
        Path(app.outdir) / "Zero.html"
    ).is_file()
    home = soup(app, "index.html")
    assert home.select_one(".ng-unresolved").get_text() == "Latin"  # a link to a missing note
    assert [a["href"] for a in home.select("a.ng-note-ref")] == ["Marked.html", "Zero.html"]
    assert "bom" in soup(app, "Marked.html").select_one(".ng-note-tags").get_text()
