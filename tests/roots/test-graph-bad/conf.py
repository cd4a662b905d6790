extensions = ["myst_parser", "sphinx_notegarden"]
myst_enable_extensions = ["colon_fence"]
project = "Graph"
copyright = "2026, the authors"
version = release = "1.0"
exclude_patterns = ["_build"]
notegarden_unresolved = "ignore"
