extensions = ["myst_parser", "sphinx_notegarden"]
project = "Bad callouts"
exclude_patterns = ["_build"]
copyright = "2026, the authors"
version = release = "1.0"
