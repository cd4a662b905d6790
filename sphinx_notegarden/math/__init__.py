"""Math that never fails silently.

Obsidian-faithful display math, one site preamble, every formula checked at build time,
and MathJax that works offline.

:func:`setup_math` registers the feature; :data:`MATH_CONFIG_VALUES` are its settings.
The checker itself (:mod:`.checker`) is plain Python with no Sphinx import.

Standalone use (before ``sphinx_notegarden`` wires it in)::

    extensions = ["myst_parser", "sphinx_notegarden", "sphinx_notegarden.math"]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..config import ConfigValue
from .closing_dollar import setup_closing_dollar
from .display import setup_display_math
from .dollar_blocks import setup_dollar_blocks
from .latex_fallback import setup_latex_fallback
from .sphinx_glue import check_document, configure

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

MATH_CONFIG_VALUES: tuple[ConfigValue, ...] = (
    ConfigValue(
        "notegarden_math_check",
        True,
        "env",
        (bool,),
        "Check every formula during the build and warn (``notegarden.math``, with file and "
        "line) about each one MathJax will not render. The check changes no output.",
    ),
    ConfigValue(
        "notegarden_math_preamble",
        "preamble.sty",
        "env",
        (str,),
        "The site's macro file, relative to the source directory: ``\\newcommand``, "
        "``\\renewcommand``, ``\\def``, ``\\DeclareMathOperator``, ``\\newenvironment`` and "
        "``\\require`` lines, as Obsidian's Extended MathJax plugin reads them. Its macros "
        "reach MathJax on every page and the LaTeX preamble. ``''`` for none.",
    ),
    ConfigValue(
        "notegarden_math_macros",
        {},
        "env",
        (dict,),
        "More site macros, in MathJax's ``tex.macros`` form: ``{'R': '\\\\mathbb{R}', "
        "'norm': ['\\\\lVert #1 \\\\rVert', 1]}``. They win over ``preamble.sty``.",
    ),
    ConfigValue(
        "notegarden_math_offline",
        False,
        "html",
        (bool,),
        "Serve MathJax from the built site (a vendored MathJax 3.2.2, ``tex-svg-full``) "
        "instead of a CDN, so math renders with no network.",
    ),
)

#: Not a setting: a digest of the site's macros, so a changed preamble re-reads the notes.
DIGEST_VALUE = "notegarden_math_macro_digest"
_SETUP_DONE = "_notegarden_math_setup_done"


def setup_math(app: Sphinx) -> None:
    """Register the math features (once per application)."""
    if getattr(app, _SETUP_DONE, False):
        return
    setattr(app, _SETUP_DONE, True)
    app.add_config_value(DIGEST_VALUE, "", "env", types=(str,))
    app.connect("config-inited", configure)
    app.connect("doctree-read", check_document)
    setup_display_math(app)
    setup_dollar_blocks(app)
    setup_closing_dollar(app)
    setup_latex_fallback(app)


def setup(app: Sphinx) -> ExtensionMetadata:
    """Use the math features on their own, registering their settings if needed."""
    for value in MATH_CONFIG_VALUES:
        if value.name not in app.config:
            app.add_config_value(value.name, value.default, value.rebuild, types=value.types)
    setup_math(app)
    return {"version": "0.1.0", "parallel_read_safe": True, "parallel_write_safe": True}
