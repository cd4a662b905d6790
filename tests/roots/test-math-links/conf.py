extensions = ["myst_parser", "sphinx_notegarden"]
notegarden_notes = ["**"]
