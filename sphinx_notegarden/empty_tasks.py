"""Empty task items, ``- [ ]`` with nothing after the box, shown as Obsidian shows them.

Daily-note and planner templates are full of them. MyST's task lists need text after
the box: an empty item got no checkbox, only the text ``[ ]`` and a ``myst.render``
warning. On ``source-read`` (after ``ad-`` fences became callouts) such an item, in a
list, a callout or both, gets a no-break space after its box, which MyST reads as the
item's text: the box shows, on its own, as in Obsidian. One line for one; code and
display math are left alone.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .markdown_source import rewrite_lines, rewrite_prose

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: A list item holding only a task box: quote markers, indentation, marker, box.
_EMPTY_TASK_RE = re.compile(
    r"^((?:[ \t]{0,3}>[ \t]?)*[ \t]*(?:[-+*]|\d{1,9}[.)])[ \t]+\[[ xX]\])[ \t]*$"
)
#: The same, anywhere in a note's text: most notes have none, and are not rewritten.
_ANY_EMPTY_TASK_RE = re.compile(_EMPTY_TASK_RE.pattern, re.MULTILINE)
#: What the box is given as its text: a no-break space, as an entity MyST decodes.
FILLER = " &nbsp;"


def fill_empty_tasks(lines: list[str]) -> list[str]:
    """Return *lines* with each empty task item given a no-break space as its text."""
    return rewrite_prose(lines, _fill, "[", whole_lines=True)


def _fill(line: str, index: int) -> str:
    found = _EMPTY_TASK_RE.match(line)
    return found.group(1) + FILLER if found else line


def add_empty_task_text(app: Sphinx, docname: str, source: list[str]) -> None:
    """On ``source-read``: give empty task items their box, when task lists are on."""
    if "tasklist" not in getattr(app.config, "myst_enable_extensions", ()):
        return
    if _ANY_EMPTY_TASK_RE.search(source[0]):
        rewrite_lines(app.env, docname, source, fill_empty_tasks)


def setup_empty_tasks(app: Sphinx) -> None:
    """Register the rewrite, after ``ad-`` fences become callouts (priority 500)."""
    app.connect("source-read", add_empty_task_text, priority=570)
