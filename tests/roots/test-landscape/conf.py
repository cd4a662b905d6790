"""A site with landscape plots: every option, MyST and rST, numbered figures."""

project = "Landscapes"
extensions = ["myst_parser", "sphinx_notegarden", "sphinx_notegarden.landscape.directive"]
myst_enable_extensions = ["colon_fence", "dollarmath"]
numfig = True
exclude_patterns = ["_build"]
copyright = "2026, the landscape testers"
