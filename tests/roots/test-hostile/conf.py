extensions = ["myst_parser", "sphinx_notegarden"]
project = "Hostile"
exclude_patterns = ["_build"]
