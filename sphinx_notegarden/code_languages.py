"""Code in a language Pygments does not know is shown as plain code, without a warning.

Vaults are full of fences for plugins and tools with no Pygments lexer (``mermaid``,
``dataview``, ``query``, ``base``, ``htaccess``...). Sphinx would warn once per
highlighting, that is on the note's page and again on every page that embeds or
previews it. The transform settles the language once, while the document is read:
a language no lexer knows becomes ``text``, and known languages are left alone.

Fences written with Pandoc's attributes, ``~~~ {.haskell}`` or
``` ```{.python .numberLines} ```, are code in Obsidian (and in Pandoc), but MyST reads
a fence whose info is in braces as a directive: "Unknown directive type '.haskell'",
and the code is lost. On ``source-read`` such an info becomes its first class, the
language (``haskell``), before MyST reads the note. A brace that can be a directive's
name (``{note}``, ``{math}``) is left to MyST.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from docutils import nodes
from pygments.lexers import get_all_lexers
from sphinx import highlighting
from sphinx.transforms import SphinxTransform

from .markdown_source import front_matter_end, is_markdown, rewrite_lines

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
#: Any fence line: an opening one (with its info) or a closing one.
_FENCE_RE = re.compile(r"^(?:[ \t]*>)*[ \t]*(`{3,}|~{3,})")
#: What MyST takes for a directive's name in ``{name}``.
_DIRECTIVE_NAME_RE = re.compile(r"^[a-zA-Z0-9_\-+:]+$")
#: A quick test: an opening fence with ``{.`` or ``{#`` somewhere in the note.
_MAYBE_ATTRIBUTES_RE = re.compile(r"^[ \t>]*(?:`{3,}|~{3,})[ \t]*\{[ \t]*[.#]", re.MULTILINE)


def plain_fence_attributes(lines: list[str]) -> list[str]:
    """Return *lines* with each Pandoc-attribute fence info replaced by its language."""
    out = list(lines)
    fence = ""
    for index in range(front_matter_end(out), len(out)):
        line = out[index]
        found = _FENCE_RE.match(line)
        if fence:
            if found and not line[found.end() :].strip():
                marks = found.group(1)
                if marks[0] == fence[0] and len(marks) >= len(fence):
                    fence = ""  # closed
            continue
        if not found:
            continue
        fence = found.group(1)
        match = _ATTRIBUTE_FENCE_RE.match(line)
        if match is None or _DIRECTIVE_NAME_RE.match(match["attributes"].strip()):
            continue
        classes = [word[1:] for word in match["attributes"].split() if word.startswith(".")]
        out[index] = match["lead"] + match["fence"] + (classes[0] if classes else "")
    return out


def read_fence_attributes(app: Sphinx, docname: str, source: list[str]) -> None:
    """On ``source-read``: write Pandoc-attribute fences of Markdown notes as plain code."""
    if _MAYBE_ATTRIBUTES_RE.search(source[0]) and is_markdown(app.env, docname):
        rewrite_lines(app.env, docname, source, plain_fence_attributes)


def setup_code_languages(app: Sphinx) -> None:
    """Register the source rewrite and the transform."""
    app.connect("source-read", read_fence_attributes, priority=450)
    app.add_transform(CodeLanguageTransform)
