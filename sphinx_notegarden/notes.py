"""Notes: which documents are notes, their metadata, their title and their header.

:class:`NoteTransform` runs while a document is read, after docutils has turned the
front matter (MyST) or the leading field list (rST) into a ``docinfo`` node and before
Sphinx's collectors see the doctree. It reads and checks the metadata, gives a
heading-less note its title as a real section title (so ``<title>``, toctrees, search
and links all use it), inserts the note header, and stores the note in the domain.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, cast

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.matching import Matcher

from .backlinks import ng_backlinks
from .domain import NoteGardenDomain
from .inline_tags import InlineTagFinder
from .note_header import ng_note_header, setup_note_header
from .note_metadata import NOTE_KEYS, read_note_metadata

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

LEDE_LENGTH = 240
#: Nodes that may stand before a note's content without being content.
_PREAMBLE = (nodes.PreBibliographic, nodes.docinfo, nodes.target, nodes.substitution_definition)


def raw_metadata(document: nodes.document) -> dict[str, str]:
    """Return the document's front matter / docinfo fields as ``{key: text}``.

    A property left empty (``date:``, as Obsidian writes a property with no value) is
    YAML's null, which MyST writes as the text ``null``: it is left out, as empty.
    """
    raw: dict[str, str] = {}
    for docinfo in document.findall(nodes.docinfo):
        for child in docinfo.children:
            if isinstance(child, nodes.field):
                key = child[0].astext().strip().lower()
                raw[key] = child[1].astext()
            elif isinstance(child, nodes.Element):
                raw[child.tagname.lower()] = child.astext()
        break
    return {key: value for key, value in raw.items() if value.strip() != EMPTY_PROPERTY}


#: How MyST writes a front-matter property that has no value (YAML's null).
EMPTY_PROPERTY = "null"


def metadata_lines(source: str | None, keys: set[str]) -> dict[str, int]:
    """Return the line of each front-matter *key* in *source*, read from the file.

    myst-parser gives front-matter fields no line numbers of their own; warnings
    about a value should still point at its line.
    """
    if not source or not keys:
        return {}
    try:
        lines = Path(source).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return {}
    found: dict[str, int] = {}
    for number, line in enumerate(lines[:500], start=1):
        match = re.match(r"^\s*:?([A-Za-z_-]+)\s*:", line)
        if match and match.group(1).lower() in keys and match.group(1).lower() not in found:
            found[match.group(1).lower()] = number
    return found


def content_start(document: nodes.document) -> int:
    """Return the index of the document's first child that is content."""
    for index, child in enumerate(document.children):
        if not isinstance(child, _PREAMBLE):
            return index
    return len(document.children)


_FENCE_RE = re.compile(r"^\s{0,3}(```|~~~)")
_ATX_H1_RE = re.compile(r"^\s{0,3}#(\s|$)")
_SETEXT_H1_RE = re.compile(r"^\s{0,3}=+\s*$")


def markdown_has_h1(source: str | None) -> bool:
    """Tell whether a Markdown file has a level-1 heading outside code fences.

    myst-parser makes the first heading of a document its top section whatever its
    level, so ``## Intro`` would pass for a title; Obsidian titles such a note by its
    file name instead.
    """
    if not source or not source.endswith((".md", ".markdown")):
        return True
    try:
        lines = Path(source).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return True
    fenced = False
    previous = ""
    for line in lines:
        if _FENCE_RE.match(line):
            fenced = not fenced
        elif not fenced and (
            _ATX_H1_RE.match(line) or (_SETEXT_H1_RE.match(line) and previous.strip())
        ):
            return True
        previous = line
    return False


def heading_title(document: nodes.document) -> str | None:
    """Return the H1 text if the note is one top-level section starting its content."""
    content = document.children[content_start(document) :]
    sections = [child for child in content if isinstance(child, nodes.section)]
    single = len(sections) == 1 and bool(content) and content[0] is sections[0]
    if single and markdown_has_h1(document.get("source")):
        return sections[0][0].astext()
    return None


def wrap_in_title_section(document: nodes.document, title: str) -> nodes.section:
    """Put the note's content into one section titled *title*; return the section."""
    start = content_start(document)
    section = nodes.section()
    section += nodes.title(title, title)
    content = document.children[start:]
    del document.children[start:]
    section.extend(content)
    document.append(section)
    section["names"].append(nodes.fully_normalize_name(title))
    document.note_implicit_target(section, section)
    return section


def lede(section: nodes.Element) -> str:
    """Return the first paragraph's text, cut on a word boundary, as a summary."""
    for paragraph in section.findall(nodes.paragraph):
        if paragraph.parent is section or isinstance(paragraph.parent, nodes.section):
            # Raw output (a hard line break's "<br />" and "\\") is not text: a space.
            words = (
                " " if isinstance(piece.parent, nodes.raw) else piece.astext()
                for piece in paragraph.findall(nodes.Text)
            )
            text = " ".join("".join(words).split())
            if len(text) > LEDE_LENGTH:
                text = text[:LEDE_LENGTH].rsplit(" ", 1)[0] + "…"
            return text
    return ""


def is_note(docname: str, raw: Mapping[str, str], patterns: list[str] | None) -> bool:
    """Tell whether *docname* is a note: it matches the patterns, or has note metadata."""
    if patterns:
        return bool(Matcher(patterns)(docname))
    return any(key in NOTE_KEYS for key in raw)


class NoteTransform(SphinxTransform):
    """Read, check and store a note's metadata; give it a title and a header."""

    # After docutils' DocInfo (340), before the domains (850) and doctree-read (880).
    default_priority = 700

    def apply(self, **kwargs: object) -> None:
        """Process the document being read, if it is a note."""
        docname = self.env.docname
        raw = raw_metadata(self.document)
        if not is_note(docname, raw, self.config.notegarden_notes):
            return
        h1 = heading_title(self.document) if self.config.notegarden_titles != "file" else None
        record, problems = read_note_metadata(
            raw,
            fallback_title=h1 or docname.rsplit("/", 1)[-1],
            statuses=(
                None
                if self.config.notegarden_statuses is None
                else [s.lower() for s in self.config.notegarden_statuses]
            ),
        )
        if problems:
            lines = metadata_lines(self.document.get("source"), {p.key for p in problems})
            for problem in problems:
                logger.warning(
                    problem.message,
                    type="notegarden",
                    subtype="meta",
                    location=(docname, lines.get(problem.key, 1)),
                )
        section = self._title_section(record.title, h1)
        section["classes"] += record.cssclasses
        if self.config.notegarden_inline_tags:
            for name in InlineTagFinder(self.document).replace_all():
                if name.lower() not in {t.lower() for t in record.tags}:
                    record.tags.append(name)
        if not record.summary:
            record.summary, record.summary_is_lede = lede(section), True
        if self.config.notegarden_note_header and record.header:
            section.insert(1, ng_note_header(docname=docname))
        if (
            self.config.notegarden_backlinks
            and record.backlinks
            and next(self.document.findall(ng_backlinks), None) is None
        ):
            section += ng_backlinks(docname=docname)
        if self.config.notegarden_orphan_notes:
            # Notes are reached through links, tags and the note index, not toctrees.
            self.env.metadata[docname]["orphan"] = True
        cast("NoteGardenDomain", self.env.get_domain("ng")).add_note(docname, record)

    def _title_section(self, title: str, h1: str | None) -> nodes.section:
        """Return the note's top section, making one titled *title* if it has no H1."""
        if h1 is not None:
            return cast("nodes.section", self.document[content_start(self.document)])
        return wrap_in_title_section(self.document, title)


def setup_notes(app: Sphinx) -> None:
    """Register the note domain and transform."""
    app.add_domain(NoteGardenDomain)
    app.add_transform(NoteTransform)
    setup_note_header(app)
