"""The Sphinx side of the math features: site macros, MathJax and LaTeX settings, checks.

At ``config-inited`` (once per build, before anything is read) the site's macros are
read (``preamble.sty`` and ``notegarden_math_macros``), bad definitions are reported
with file and line, and the macros go into the MathJax settings of every HTML page and
into the LaTeX preamble; MyST's math options get Obsidian-like defaults where the user
set none. A digest of the macros is kept in the config, so that a change to
``preamble.sty`` re-reads every document (their checks depend on it).

At ``doctree-read`` each formula of the document is checked, in page order, against the
macros, and every problem is a ``notegarden.math`` warning at the formula's file and
line. Checking only reads; it changes no output. Results are cached per process by
formula, display mode and macro set; a no-change rebuild reads, so checks, nothing.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util import logging

from .checker import REASONS, MathProblem, PageChecker
from .display import html_tex
from .latex_fallback import BROKEN
from .macroset import MacroSet
from .mathjax_config import config_name, merge_settings, site_settings
from .offline import apply_offline
from .preamble import (
    BUILTIN_LATEX_PACKAGES,
    latex_preamble,
    macros_from_config,
    parse_preamble,
)
from .prose import swallowed_dollar

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)

#: MyST options given Obsidian-like values when ``conf.py`` does not set them.
MYST_DEFAULTS: dict[str, Any] = {
    # Not "amsmath": it ends a paragraph at a line starting \begin{align} (or bmatrix,
    # ...), and so breaks "text\n$$\n\begin{align}...$$", as Obsidian notes write it.
    "myst_enable_extensions": ["dollarmath"],
    "myst_dmath_double_inline": True,
    "myst_dmath_allow_space": False,
}


def user_set(config: Config, name: str) -> bool:
    """Tell whether ``conf.py`` or the command line set *name*."""
    raw: dict[str, Any] = getattr(config, "_raw_config", {})
    return name in raw or name in config.overrides


def apply_myst_defaults(config: Config) -> None:
    """Give MyST's math options Obsidian-like values, unless the user chose their own."""
    for name, value in MYST_DEFAULTS.items():
        if name in config and not user_set(config, name):
            setattr(config, name, list(value) if isinstance(value, list) else value)


@lru_cache(maxsize=8)
def _macros_for(
    preamble: str, preamble_text: str, config_json: str
) -> tuple[MacroSet, tuple[tuple[str, str], ...]]:
    """Read the preamble text and the config macros: the macros, and (location, problem)s."""
    problems: list[tuple[str, str]] = []
    macros, found = parse_preamble(preamble_text)
    problems.extend((f"{preamble}:{p.line}", p.message) for p in found)
    macros, found_config = macros_from_config(json.loads(config_json), macros)
    problems.extend(("", p.message) for p in found_config)
    for macro in macros.macros:
        if macro.kind != "macro":
            problems.append(
                (
                    "",
                    f"{preamble}: \\{macro.name} cannot be a site macro for MathJax (delimited "
                    "\\def parameters and paired delimiters work only inside a formula)",
                )
            )
    return macros, tuple(problems)


def preamble_path(app: Sphinx) -> Path | None:
    """Return the site's ``preamble.sty``, or None when there is none."""
    name = app.config.notegarden_math_preamble
    return Path(app.srcdir, name) if name else None


def site_macros(app: Sphinx) -> tuple[MacroSet, tuple[tuple[str, str], ...]]:
    """Return the site's macros and the problems with their definitions (cached)."""
    path = preamble_path(app)
    text = path.read_text(encoding="utf-8") if path is not None and path.is_file() else ""
    config_json = json.dumps(app.config.notegarden_math_macros, sort_keys=True, default=repr)
    return _macros_for(str(path or ""), text, config_json)


def configure(app: Sphinx, config: Config) -> None:
    """Set MyST defaults, read the site's macros, and hand them to MathJax and LaTeX."""
    apply_myst_defaults(config)
    path = preamble_path(app)
    if path is not None and not path.is_file() and user_set(config, "notegarden_math_preamble"):
        logger.warning(
            "notegarden_math_preamble: %s not found", path, type="notegarden", subtype="math"
        )
    macros, problems = site_macros(app)
    for location, message in problems:
        logger.warning(message, type="notegarden", subtype="math", location=location or None)
    config.notegarden_math_macro_digest = macros.digest
    offline = bool(config.notegarden_math_offline) and "mathjax_path" in config
    if offline:
        offline = apply_offline(config, user_set_path=user_set(config, "mathjax_path"))
    ours = site_settings(macros, offline=offline)
    if ours and "mathjax3_config" in config:
        name = config_name(
            has_v4="mathjax4_config" in config,
            user_v3=bool(config.mathjax3_config),
            user_v4=bool(getattr(config, "mathjax4_config", None)),
            path=str(config.mathjax_path),
            offline=offline,
        )
        setattr(config, name, merge_settings(ours, getattr(config, name)))
    latex = BUILTIN_LATEX_PACKAGES + latex_preamble(macros)
    if "latex_elements" in config:
        elements = dict(config.latex_elements)
        user_preamble = elements.get("preamble", "")
        elements["preamble"] = f"{user_preamble}\n{latex}" if user_preamble else latex
        config.latex_elements = elements


def _line_of(node: nodes.Element) -> int:
    current: nodes.Node | None = node
    while current is not None:
        line = getattr(current, "line", None)
        if line:
            return int(line)
        current = current.parent
    return 0


def _source_of(node: nodes.Element, default: str) -> str:
    current: nodes.Node | None = node
    while current is not None:
        source = getattr(current, "source", None)
        if source:
            return str(source)
        current = current.parent
    return default


def _first_content_line(source: str, line: int, tex: str) -> int:
    """Return the line where *tex* starts in *source*: at or just after *line*."""
    first = next((part.strip() for part in tex.splitlines() if part.strip()), "")
    try:
        lines = Path(source).read_text(encoding="utf-8").splitlines()
    except OSError:
        return line
    for number in range(max(line, 1), min(line + 40, len(lines)) + 1):
        if first and first[:40] in lines[number - 1]:
            return number
    return line


def _snippet(tex: str, display: bool) -> str:
    flat = " ".join(tex.split())
    flat = flat if len(flat) <= 60 else flat[:57] + "..."
    return f"$${flat}$$" if display else f"${flat}$"


def warn_problem(
    node: nodes.Element, problem: MathProblem, tex: str, display: bool, default_source: str
) -> None:
    """Emit one ``notegarden.math`` warning at the formula's file and line."""
    source = _source_of(node, default_source)
    line = _first_content_line(source, _line_of(node), tex)
    line += tex[: problem.offset].count("\n")
    reason = REASONS.get(problem.code, problem.code)
    logger.warning(
        "math will not render (%s): %s in %s",
        reason,
        problem.message,
        _snippet(tex, display),
        type="notegarden",
        subtype="math",
        location=f"{source}:{line}" if line else source,
    )


def check_document(app: Sphinx, doctree: nodes.document) -> None:
    """Check every formula of a document that was just read."""
    if not app.config.notegarden_math_check:
        return
    formulas = _math_nodes(doctree)
    if not formulas:
        return  # most notes: no preamble to look up, no path to make
    default_source = str(app.env.doc2path(app.env.docname))
    checker = PageChecker(site_macros(app)[0])
    for node in formulas:
        display = isinstance(node, nodes.math_block)
        original = _text_of(node)
        tex = html_tex(node, original) if isinstance(node, nodes.math_block) else original
        problems = checker.check(tex, display=display)
        if problems and tex != original:
            # Wrapped as Sphinx wraps it, and broken: name the author's own mistake if any.
            own = PageChecker(checker.macros).check(original, display=True)
            if own:
                problems, tex = own, original
        source = node.source or default_source
        if not display and source.endswith(".md"):
            problems.extend(swallowed_dollar(tex))
        if problems:
            node[BROKEN] = True  # written as code in LaTeX (latex_fallback)
        shift = len("\\begin{split}") if tex.startswith("\\begin{split}") else 0
        for problem in problems:
            if tex != original:  # wrapped as Sphinx wraps it: point into the author's text
                offset = min(max(problem.offset - shift, 0), len(original)) if shift else 0
                problem = MathProblem(problem.code, problem.message, offset, problem.mathjax_error)
            warn_problem(node, problem, original, display, default_source)


def _text_of(node: nodes.Element) -> str:
    """Return ``node.astext()``, quickly for the usual single text child."""
    if len(node.children) == 1 and isinstance(node.children[0], nodes.Text):
        text = str(node.children[0])
        if "\x00" not in text:  # docutils' escaped backslashes need unescaping
            return text
    return node.astext()


def _math_nodes(doctree: nodes.document) -> list[nodes.math | nodes.math_block]:
    """Return the document's formulas in reading order (a plain walk: faster than findall)."""
    found: list[nodes.math | nodes.math_block] = []
    stack: list[nodes.Node] = [doctree]
    while stack:
        node = stack.pop()
        if isinstance(node, (nodes.math, nodes.math_block)):
            found.append(node)
        elif isinstance(node, nodes.Element):
            stack.extend(reversed(node.children))
    return found
