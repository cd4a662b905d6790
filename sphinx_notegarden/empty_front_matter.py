"""Front matter with nothing in it (``---`` then ``---``, or only comments) is no error.

Obsidian keeps an empty properties block when a note's last property is removed, and
some plugins write one that holds only a comment, or YAML's null (``~``). YAML reads
each as nothing, and
MyST warns "YAML is not a dict" for every such note. Such a block holds no data, so on
``source-read`` its lines are blanked (one line for one, so line numbers hold) and the
note reads as one without front matter. Any other front matter is left to MyST.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .markdown_source import front_matter_end, is_markdown, rewrite_lines

if TYPE_CHECKING:
    from sphinx.application import Sphinx


#: What YAML reads as null when it stands alone.
YAML_NULLS = frozenset({"~", "null", "Null", "NULL"})


def blank_empty_front_matter(lines: list[str]) -> list[str]:
    """Return *lines* with a front matter of only blank lines, comments and a null blanked."""
    end = front_matter_end(lines)
    data = [line.strip() for line in lines[1 : end - 1] if line.strip()]
    data = [line for line in data if not line.startswith("#")]
    if not end or (data and (len(data) > 1 or data[0] not in YAML_NULLS)):
        return lines
    return [""] * end + lines[end:]


def drop_empty_front_matter(app: Sphinx, docname: str, source: list[str]) -> None:
    """On ``source-read``: blank a Markdown note's empty front matter."""
    if source[0].startswith("---") and is_markdown(app.env, docname):
        rewrite_lines(app.env, docname, source, blank_empty_front_matter)


def setup_empty_front_matter(app: Sphinx) -> None:
    """Register the rewrite, before the other source rewrites (500 and later)."""
    app.connect("source-read", drop_empty_front_matter, priority=450)
