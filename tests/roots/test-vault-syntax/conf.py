extensions = ["myst_parser", "sphinx_notegarden"]
myst_enable_extensions = ["dollarmath", "amsmath"]
project = "Vault syntax"
root_doc = "Home"
notegarden_notes = ["**"]
exclude_patterns = ["_build"]
