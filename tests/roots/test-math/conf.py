extensions = ["myst_parser", "sphinx_notegarden", "sphinx_notegarden.math"]
project = "Math"
exclude_patterns = ["_build"]
copyright = "2026, the authors"
version = release = "1.0"
