extensions = ["myst_parser", "sphinx_notegarden"]
myst_enable_extensions = ["dollarmath", "colon_fence"]
project = "Callouts"
exclude_patterns = ["_build"]
notegarden_callout_kinds = {
    "aside": {"label": "Aside", "icon": "lightbulb", "color": "#8a2be2", "latex": "hint"},
    "warning": {"color": "#b35c00"},
}
copyright = "2026, the authors"
version = release = "1.0"
