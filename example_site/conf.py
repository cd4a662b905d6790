"""The reference site: "The loss landscape of understanding", built with sphinx-notegarden."""

project = "The loss landscape of understanding"
author = "sphinx-notegarden developers"
copyright = "2026, sphinx-notegarden developers"

extensions = ["myst_parser", "sphinx_design", "sphinx_notegarden"]
myst_enable_extensions = ["dollarmath", "colon_fence", "deflist"]
exclude_patterns = ["_build"]

html_theme = "furo"
html_title = "The loss landscape of understanding"
