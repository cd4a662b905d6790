extensions = ["myst_parser", "sphinx_notegarden"]
myst_enable_extensions = ["dollarmath", "colon_fence"]
project = "Links"
copyright = "2026, the authors"
version = release = "1.0"
exclude_patterns = ["_build"]
