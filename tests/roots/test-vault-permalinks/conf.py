extensions = ["myst_parser", "sphinx_notegarden"]
project = "Permalinks"
notegarden_notes = ["**"]
exclude_patterns = ["_build"]
