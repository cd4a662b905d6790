extensions = ["myst_parser", "sphinx_notegarden"]
myst_enable_extensions = ["dollarmath", "colon_fence"]
project = "Notes"
copyright = "2026, the authors"
version = release = "1.0"
exclude_patterns = ["_build"]
notegarden_inline_tags = True
