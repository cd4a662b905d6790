extensions = ["myst_parser", "sphinx_notegarden", "sphinx_notegarden.math"]
project = "Broken math"
exclude_patterns = ["_build"]
notegarden_math_macros = {"R": "\\mathbb{R}", "bad name": "x"}
myst_dmath_allow_space = True
