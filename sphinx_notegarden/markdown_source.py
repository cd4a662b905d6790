"""Markdown sources: which documents are Markdown, and line-for-line rewrites of them.

Several Obsidian features rewrite a Markdown note's text on ``source-read``, before
MyST reads it, always one line for one so that warnings keep their line numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

#: File endings of Markdown documents (MyST's own, as Sphinx maps them).
MARKDOWN_SUFFIXES = (".md", ".markdown")


def is_markdown(env: BuildEnvironment, docname: str) -> bool:
    """Tell whether *docname* is read from a Markdown file."""
    return str(env.doc2path(docname)).endswith(MARKDOWN_SUFFIXES)


def rewrite_lines(
    env: BuildEnvironment,
    docname: str,
    source: list[str],
    rewrite: Callable[[list[str]], list[str]],
) -> None:
    """Apply *rewrite* (lines in, as many lines out) to a Markdown document's source."""
    if not is_markdown(env, docname):
        return
    lines = source[0].split("\n")
    rewritten = rewrite(lines)
    if rewritten != lines:
        source[0] = "\n".join(rewritten)
