"""Offline math: MathJax served from the built site instead of a CDN.

With ``notegarden_math_offline = True``, the vendored MathJax (``vendor/``, see its
README for the exact version, source and checksums) is copied into the site's
``_static/notegarden-mathjax/`` with its licence, and ``mathjax_path`` points at it.
``tex-svg-full.js`` is one file that draws with SVG paths, so it needs no font files and
no network. A ``mathjax_path`` the user set is left alone (with a warning).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util import logging

if TYPE_CHECKING:
    from sphinx.config import Config

logger = logging.getLogger(__name__)

#: Folder whose contents Sphinx copies into ``_static`` (it holds ``notegarden-mathjax/``).
VENDOR_STATIC = Path(__file__).parent / "vendor"
#: The vendored MathJax file, relative to ``_static``.
OFFLINE_MATHJAX = "notegarden-mathjax/tex-svg-full.js"
#: The vendored MathJax's version (see ``vendor/notegarden-mathjax/README.md``).
OFFLINE_VERSION = "3.2.2"


def apply_offline(config: Config, *, user_set_path: bool) -> bool:
    """Point ``mathjax_path`` at the vendored MathJax; return whether it now does."""
    if user_set_path:
        logger.warning(
            "notegarden_math_offline is on but mathjax_path is set in conf.py; "
            "the page loads %s, not the vendored MathJax",
            config.mathjax_path,
            type="notegarden",
            subtype="math",
        )
        return False
    config.mathjax_path = OFFLINE_MATHJAX
    static = [str(path) for path in config.html_static_path]
    if str(VENDOR_STATIC) not in static:
        config.html_static_path = [*config.html_static_path, str(VENDOR_STATIC)]
    return True
