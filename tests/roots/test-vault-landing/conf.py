extensions = ["myst_parser", "sphinx_notegarden"]
project = "Pond Notes"
notegarden_notes = ["**"]
notegarden_exclude_folders = ["Archive"]
exclude_patterns = ["_build"]
