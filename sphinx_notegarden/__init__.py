"""sphinx-notegarden: math-heavy, linked notes (a digital garden) built the Sphinx way.

Enable it with one line in ``conf.py``::

    extensions = ["myst_parser", "sphinx_notegarden"]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .assets import setup_assets
from .backlinks import setup_backlinks
from .callout_writers import setup_callout_writers
from .callouts import setup_callouts
from .config import register_config_values
from .config_check import setup_config_check
from .embeds import setup_embeds
from .empty_tasks import setup_empty_tasks
from .feed import setup_feed
from .footnotes import setup_footnotes
from .gc_tuning import setup_gc_tuning
from .graph_export import write_link_graph
from .graph_view import setup_graph_view
from .heading_levels import install_heading_filter
from .highlight_cache import setup_highlight_cache
from .landscape.directive import setup_landscape
from .latex_tables import setup_latex_tables
from .link_state import pages_with_changed_links
from .links import warn_link_clashes
from .markdown_links import setup_markdown_links
from .math import setup_math
from .note_list_html import setup_note_list_html
from .notes import setup_notes
from .obsidian_callouts import setup_obsidian_callouts
from .obsidian_syntax import setup_obsidian_syntax
from .page_cache import setup_page_cache
from .previews import setup_previews
from .privacy import exclude_vault_folders, remove_private_outputs
from .read_doctrees import setup_read_doctrees
from .rules import setup_rules
from .sanitize import setup_sanitize
from .source_check import setup_source_check
from .stubs import collect_stub_pages
from .tags import setup_tags
from .vault import setup_vault
from .wikilinks import setup_wikilinks

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

__version__ = "0.1.0"

#: Bumped whenever data stored in the build environment changes shape or meaning
#: (8: headings in lists and quotes are stored; heading texts come before ids).
ENV_VERSION = 8


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register every feature of sphinx-notegarden with Sphinx."""
    register_config_values(app)
    setup_config_check(app)
    setup_math(app)
    app.connect("config-inited", exclude_vault_folders, priority=400)
    app.connect("builder-inited", remove_private_outputs)
    setup_source_check(app)
    setup_latex_tables(app)
    setup_callouts(app)
    setup_callout_writers(app)
    setup_obsidian_callouts(app)
    setup_notes(app)
    setup_tags(app)
    setup_note_list_html(app)
    setup_wikilinks(app)
    setup_markdown_links(app)
    setup_backlinks(app)
    setup_embeds(app)
    setup_read_doctrees(app)  # the doctrees embeds and previews copy from
    setup_landscape(app)
    setup_obsidian_syntax(app)
    setup_empty_tasks(app)
    setup_rules(app)
    setup_footnotes(app)
    setup_sanitize(app)
    setup_feed(app)
    setup_previews(app)
    setup_highlight_cache(app)
    setup_graph_view(app)
    app.connect("env-updated", pages_with_changed_links)
    app.connect("env-check-consistency", warn_link_clashes)
    app.connect("html-collect-pages", collect_stub_pages)
    app.connect("build-finished", write_link_graph)
    app.connect("builder-inited", install_heading_filter)
    setup_page_cache(app)
    setup_vault(app)
    setup_gc_tuning(app)
    setup_assets(app)
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        # Proven by tests/test_parallel.py: -j 2 output equals -j 1 output.
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
