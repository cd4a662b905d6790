extensions = ["myst_parser", "sphinx_notegarden"]
myst_enable_extensions = ["dollarmath", "colon_fence"]
project = "Theorems"
exclude_patterns = ["_build"]
notegarden_notes = ["**"]
notegarden_theorem_numbering = "note"
copyright = "2026, the authors"
version = release = "1.0"
