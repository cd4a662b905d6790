"""Code in a language Pygments does not know is shown as plain code, without a warning.

Vaults are full of fences for plugins and tools with no Pygments lexer (``mermaid``,
``dataview``, ``query``, ``base``, ``htaccess``...). Sphinx would warn once per
highlighting, that is on the note's page and again on every page that embeds or
previews it. The transform settles the language once, while the document is read:
a language no lexer knows becomes ``text``, and known languages are left alone.

Fences written with Pandoc's attributes, ``~~~ {.haskell}`` or
``` ```{.python .numberLines} ```, and R Markdown's or Quarto's chunks, ``` ```{r} ```,
are code in Obsidian (and in Pandoc), but MyST reads a fence whose info is in braces as
a directive: "Unknown directive type '.haskell'", and the code is lost. On
``source-read`` such an info becomes the language it names (see
:func:`fence_language`), before MyST reads the note. A directive's name (``{note}``,
``{math}``) is always left to MyST.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any, cast

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.parsers.rst import languages as rst_languages
from pygments.lexers import get_all_lexers
from sphinx import highlighting
from sphinx.transforms import SphinxTransform

from .markdown_source import fence_openings, is_markdown, rewrite_lines
from .scratch import scratch_document

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: Names Sphinx's highlighter resolves itself before asking Pygments.
SPHINX_NAMES = frozenset({"py", "python", "py3", "python3", "default", "pycon3", "guess", "none"})
PLAIN = "text"


def language_known(language: str) -> bool:
    """Tell whether Sphinx's highlighter has a lexer for *language*."""
    return (
        language in SPHINX_NAMES
        or language in highlighting.lexers
        or language in highlighting.lexer_classes
        or _pygments_knows(language)
    )


def _pygments_knows(language: str) -> bool:
    # As pygments.lexers.get_lexer_by_name decides, without making a lexer (its module
    # is imported and its rules compiled) or scanning the plugins again for each name.
    return language.lower() in _pygments_aliases()


@lru_cache(maxsize=1)
def _pygments_aliases() -> frozenset[str]:
    """Every alias Pygments resolves: its own lexers' and those of installed plugins."""
    return frozenset(alias for _, names, _, _ in get_all_lexers(plugins=True) for alias in names)


class CodeLanguageTransform(SphinxTransform):
    """Make code blocks in unknown languages plain text (Markdown and rST alike)."""

    # After Sphinx sets each block's default language (HighlightLanguageTransform, 400).
    default_priority = 410

    def apply(self, **kwargs: object) -> None:
        """Replace each unknown ``language`` of a literal block by ``text``."""
        for block in self.document.findall(nodes.literal_block):
            language = block.get("language")
            if isinstance(language, str) and language and not language_known(language):
                block["language"] = PLAIN
                block["classes"].append(f"ng-lang-{_class_name(language)}")


def _class_name(language: str) -> str:
    return "".join(c if c.isalnum() or c == "-" else "-" for c in language.lower())[:40]


#: A fence (in block quotes or not) whose info is Pandoc's attributes in braces.
_ATTRIBUTE_FENCE_RE = re.compile(
    r"^(?P<lead>(?:[ \t]*>)*[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*\{(?P<attributes>[^}]*)\}[ \t]*$"
)
#: What MyST takes for a directive's name in ``{name}``.
_DIRECTIVE_NAME_RE = re.compile(r"^[a-zA-Z0-9_\-+:]+$")
#: A quick test: an opening fence with an info in braces somewhere in the note.
_MAYBE_ATTRIBUTES_RE = re.compile(r"^[ \t>]*(?:`{3,}|~{3,})[ \t]*\{", re.MULTILINE)


def fence_language(attributes: str, is_directive: Callable[[str], bool]) -> str | None:
    """Return the language a fence's braced info names, or None to leave it to MyST.

    Pandoc's attributes name it with a class (``{.haskell}``, ``{#id .python}``) or a
    raw format (``{=html}``); R Markdown and Quarto chunks with a bare word
    (``{r}``, ``{python echo=FALSE}``), which counts only when no directive has that
    name and a lexer knows it. Attributes naming no language give "" (plain code).
    """
    words = [word for word in re.split(r"[\s,]+", attributes.strip()) if word]
    if not words:
        return None
    first = words[0]
    if _DIRECTIVE_NAME_RE.match(first):
        if is_directive(first) or not language_known(first):
            return None
        return first
    if first[0] in ".=":
        return first[1:]
    return next((word[1:] for word in words if word.startswith(".")), "")


def plain_fence_attributes(
    lines: list[str], is_directive: Callable[[str], bool] = lambda name: True
) -> list[str]:
    """Return *lines* with each braced fence info that names a language replaced by it."""
    out = list(lines)
    for index in fence_openings(out):
        match = _ATTRIBUTE_FENCE_RE.match(out[index])
        language = None if match is None else fence_language(match["attributes"], is_directive)
        if match is not None and language is not None:
            out[index] = match["lead"] + match["fence"] + language
    return out


def directive_checker(app: Sphinx) -> Callable[[str], bool]:
    """Return a test of whether MyST reads ``{name}`` as a directive (made once per app).

    As MyST looks a name up: docutils' and Sphinx's directives (docutils' own lookup),
    and the domains' (``{py:function}``, or ``{function}`` in the default domain).
    """
    checker = _checkers.get(app)
    if checker is not None:
        return checker
    english = rst_languages.get_language("en")
    document = scratch_document("<fence>")
    domain_names: set[str] = set()
    for domain in app.env.domains.sorted():
        domain_names.update(domain.directives)
        domain_names.update(f"{domain.name}:{name}" for name in domain.directives)

    @cache
    def is_directive(name: str) -> bool:
        if name in domain_names:
            return True
        # MyST passes the rST language module, as here; docutils' stubs name another.
        found, _ = directives.directive(name, cast("Any", english), document)
        return found is not None

    _checkers[app] = is_directive
    return is_directive


#: The directive test of each application (its directives are set once set up).
_checkers: weakref.WeakKeyDictionary[Sphinx, Callable[[str], bool]] = weakref.WeakKeyDictionary()


def read_fence_attributes(app: Sphinx, docname: str, source: list[str]) -> None:
    """On ``source-read``: write braced fences that name a language as plain code."""
    if _MAYBE_ATTRIBUTES_RE.search(source[0]) and is_markdown(app.env, docname):
        is_directive = directive_checker(app)
        rewrite_lines(
            app.env, docname, source, lambda lines: plain_fence_attributes(lines, is_directive)
        )


def setup_code_languages(app: Sphinx) -> None:
    """Register the source rewrite and the transform."""
    app.connect("source-read", read_fence_attributes, priority=450)
    app.add_transform(CodeLanguageTransform)
