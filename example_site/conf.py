"""The reference site: "The loss landscape of understanding", built with sphinx-notegarden.

The essay (``essay.md``) and the short notes it links to (``notes/``) form a small
garden. One note the essay mentions, "Notes on attention", is left unwritten on purpose:
with ``notegarden_unresolved = "stub"`` it gets a generated stub page listing the
sentences that point to it, instead of a warning.
"""

project = "The loss landscape of understanding"
author = "sphinx-notegarden developers"
copyright = "2026, sphinx-notegarden developers"

extensions = ["myst_parser", "sphinx_design", "sphinx_notegarden"]
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist"]
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]

root_doc = "index"
# Number the figures (the landscape plots), so that {numref} reads "Fig. N".
numfig = True

# -- sphinx-notegarden ---------------------------------------------------------
notegarden_unresolved = "stub"

# -- HTML ----------------------------------------------------------------------
html_theme = "furo"
html_title = "The loss landscape of understanding"

# -- LaTeX / PDF: the essay alone, as an article ---------------------------------
latex_documents = [
    (
        "essay",
        "loss-landscape.tex",
        "The loss landscape of understanding",
        author,
        "howto",
    ),
]
latex_elements = {
    # The essay numbers its sections itself (I to XII): no LaTeX numbers in front of them.
    "preamble": r"\setcounter{secnumdepth}{0}",
}
