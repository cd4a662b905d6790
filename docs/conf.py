"""Sphinx configuration for the sphinx-notegarden documentation (built with itself)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

from sphinx_notegarden import __version__

project = "sphinx-notegarden"
author = "sphinx-notegarden developers"
copyright = "2026, sphinx-notegarden developers"
version = release = __version__

extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinx_notegarden",
    "ng_docs",
]
myst_enable_extensions = ["dollarmath", "colon_fence", "deflist", "fieldlist", "attrs_inline"]
myst_heading_anchors = 3
exclude_patterns = ["_build", "examples", "Thumbs.db", ".DS_Store"]
nitpicky = False

html_theme = "furo"
html_title = "sphinx-notegarden"
# The how-to on theorems shows the numbers it describes.
notegarden_theorem_numbering = "note"
