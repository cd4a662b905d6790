"""sphinx-notegarden: math-heavy, linked notes (a digital garden) built the Sphinx way.

Enable it with one line in ``conf.py``::

    extensions = ["myst_parser", "sphinx_notegarden"]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .assets import setup_assets
from .callout_writers import setup_callout_writers
from .callouts import setup_callouts
from .config import register_config_values
from .notes import setup_notes
from .obsidian_callouts import setup_obsidian_callouts
from .tags import setup_tags

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

__version__ = "0.1.0"

#: Bumped whenever data stored in the build environment changes shape.
ENV_VERSION = 1


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register every feature of sphinx-notegarden with Sphinx."""
    register_config_values(app)
    setup_callouts(app)
    setup_callout_writers(app)
    setup_obsidian_callouts(app)
    setup_notes(app)
    setup_tags(app)
    setup_assets(app)
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        # Proven by tests/test_parallel.py: -j 2 output equals -j 1 output.
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
