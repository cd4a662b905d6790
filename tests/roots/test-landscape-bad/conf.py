"""Landscape plots with one mistake each: a warning at the right line, and a placeholder."""

project = "Bad landscapes"
extensions = ["myst_parser", "sphinx_notegarden", "sphinx_notegarden.landscape.directive"]
numfig = True
exclude_patterns = ["_build"]
copyright = "2026, the landscape testers"
