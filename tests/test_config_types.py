"""Settings of the wrong type get a warning and a usable value, never a traceback."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sphinx.testing.util import SphinxTestApp

from helpers import warning_lines, write_project

MakeApp = Callable[..., SphinxTestApp]

FILES = {
    "index.md": "# Home\n\nSee [[Other]].\n\n```{toctree}\nOther\n```\n",
    "Other.md": "---\ntags: [sea]\n---\n# Other\n\nBack to [[Home]].\n",
}
CONF = """extensions = ["myst_parser", "sphinx_notegarden"]
notegarden_notes = "**"
notegarden_graph_page = False
notegarden_tag_pages = "yes"
notegarden_preview_length = "300"
notegarden_statuses = 3
notegarden_callout_kinds = []
notegarden_plot_formats = "svg"
"""


def test_wrong_types_are_replaced_with_a_warning_each(make_app: MakeApp, tmp_path: Path) -> None:
    app = make_app("html", srcdir=write_project(tmp_path / "src", FILES, CONF))
    app.build()
    warnings = warning_lines(app)
    expected = {
        "notegarden_notes = '**' should be list or None; ['**'] is used",
        "notegarden_graph_page = False should be str; '' is used",  # False: turned off
        "notegarden_tag_pages = 'yes' should be bool; True is used",
        "notegarden_preview_length = '300' should be int; 600 is used",
        "notegarden_callout_kinds = [] should be dict; {} is used",
        "notegarden_plot_formats = 'svg' should be dict; {} is used",
    }
    for message in expected:
        assert sum(message in w and "[notegarden.config]" in w for w in warnings) == 1, message
    assert any("notegarden_statuses = 3 should be list or tuple or None" in w for w in warnings)
    assert len(warnings) == len(expected) + 1  # nothing else: not Sphinx's own type warning
    out = Path(app.outdir)
    assert not (out / "graph.html").exists()  # the graph page is off
    assert (out / "tags").is_dir()  # tag pages stay on
    assert "ng-backlinks" in (out / "Other.html").read_text(encoding="utf-8")  # a note
