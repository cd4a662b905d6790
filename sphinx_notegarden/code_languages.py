"""Code in a language Pygments does not know is shown as plain code, without a warning.

Vaults are full of fences for plugins and tools with no Pygments lexer (``mermaid``,
``dataview``, ``query``, ``base``, ``htaccess``...). Sphinx would warn once per
highlighting, that is on the note's page and again on every page that embeds or
previews it. The transform settles the language once, while the document is read:
a language no lexer knows becomes ``text``, and known languages are left alone.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from docutils import nodes
from pygments.lexers import get_all_lexers
from sphinx import highlighting
from sphinx.transforms import SphinxTransform

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


def setup_code_languages(app: Sphinx) -> None:
    """Register the transform."""
    app.add_transform(CodeLanguageTransform)
