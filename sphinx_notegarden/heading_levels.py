"""Notes may start at ``##`` and skip levels, as in Obsidian: no myst-parser warning.

Obsidian and Quartz notes carry their title in front matter (or their file name) and
begin their sections at ``##``. The note transform puts those sections under the
note's title, so the structure is right; myst-parser, which parses before any note is
known, still warns. This filter drops exactly that warning for documents that are
notes, judged from the document's own front matter, so it works the same when reading
in parallel (warnings of worker processes are replayed in the main process).
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util.matching import Matcher

from .note_metadata import NOTE_KEYS

if TYPE_CHECKING:
    from sphinx.application import Sphinx

_FRONT_MATTER_KEY = re.compile(r"^([A-Za-z_-]+)\s*:", re.MULTILINE)


def has_note_front_matter(path: Path) -> bool:
    """Tell whether the Markdown file at *path* starts with front matter holding a note key."""
    try:
        with path.open(encoding="utf-8") as stream:
            head = stream.read(8192)
    except (OSError, UnicodeDecodeError):
        return False
    if not head.startswith("---"):
        return False
    end = head.find("\n---", 3)
    block = head[3 : end if end > 0 else len(head)]
    return any(key.lower() in NOTE_KEYS for key in _FRONT_MATTER_KEY.findall(block))


class NoteHeadingLevelFilter(logging.Filter):
    """Drop myst-parser's "headings start at H2" warning for notes."""

    def __init__(self, app: Sphinx) -> None:
        super().__init__()
        self.app = app

    def filter(self, record: logging.LogRecord) -> bool:
        """Return False for the warning to drop, True for every other record."""
        if getattr(record, "type", None) != "myst" or getattr(record, "subtype", None) != "header":
            return True
        message = record.getMessage()
        if not message.startswith(("Document headings start at", "Non-consecutive header level")):
            return True
        location = getattr(record, "location", None)
        if not isinstance(location, tuple) or not location or not isinstance(location[0], str):
            return True
        docname = location[0]
        patterns = self.app.config.notegarden_notes
        if patterns:
            return not Matcher(patterns)(docname)
        return not has_note_front_matter(Path(self.app.env.doc2path(docname)))


def install_heading_filter(app: Sphinx) -> None:
    """On ``builder-inited``: put the filter first on Sphinx's warning handler."""
    for handler in logging.getLogger("sphinx").handlers:
        if type(handler).__name__ == "WarningStreamHandler" and not any(
            isinstance(f, NoteHeadingLevelFilter) for f in handler.filters
        ):
            handler.filters.insert(0, NoteHeadingLevelFilter(app))
