"""Excalidraw drawings: shown by their exported picture, never as the plugin's data.

The Excalidraw plugin keeps a drawing in a Markdown file (``Plan.excalidraw.md``) whose
front matter says ``excalidraw-plugin: parsed`` and whose body is the plugin's data: a
banner, the drawing's text elements, compressed JSON. Obsidian shows the drawing; read
as Markdown it is noise. So such a file is no page (the source scan leaves it out, as it
leaves out private notes), and ``![[Plan.excalidraw]]`` or ``![[Plan.excalidraw|400]]``
shows the picture the plugin exports beside it when its auto-export is on
(``Plan.excalidraw.svg`` or ``.png``, or ``Plan.svg``), at the size asked; with no
export, a placeholder and one warning. A link, ``[[Plan.excalidraw]]``, goes to the
exported picture.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util import logging

from .attachments import attachment_node, find_attachment

if TYPE_CHECKING:
    from .domain import NoteGardenDomain

logger = logging.getLogger(__name__)

#: ``excalidraw-plugin:`` at the start of a front matter line.
_DRAWING_KEY_RE = re.compile(r"^excalidraw-plugin\s*:", re.MULTILINE)
#: What the plugin names a drawing's file, without the ``.md``.
DRAWING_SUFFIX = ".excalidraw"
#: The pictures its auto-export writes.
EXPORT_SUFFIXES = (".svg", ".png")


def is_drawing_text(head: str, suffix: str) -> bool:
    """Tell whether a source starting with *head* is an Excalidraw drawing."""
    if suffix == ".rst" or not head.startswith("---"):
        return False
    end = head.find("\n---", 3)
    return bool(_DRAWING_KEY_RE.search(head[3 : end if end > 0 else len(head)]))


def drawing_name(target: str) -> str | None:
    """Return the drawing a link or embed target names (``Plan.excalidraw``), or None."""
    name = target.split("#", 1)[0].strip()
    if name.lower().endswith(".md"):
        name = name[:-3]
    return name if name.lower().endswith(DRAWING_SUFFIX) and len(name) > 11 else None


def drawing_export(domain: NoteGardenDomain, drawing: str, docname: str) -> str | None:
    """Return the source path of *drawing*'s exported picture, or None."""
    bare = drawing[: -len(DRAWING_SUFFIX)]
    for stem in (drawing, bare):
        for suffix in EXPORT_SUFFIXES:
            found = find_attachment(domain, stem + suffix, docname)
            if found is not None:
                return found
    return None


def drawing_node(
    domain: NoteGardenDomain, embed: nodes.Element, docname: str, drawing: str
) -> nodes.Node:
    """Return the exported picture of the drawing *embed* shows, or a placeholder."""
    export = drawing_export(domain, drawing, docname)
    if export is not None:
        return attachment_node(domain, embed, docname, embed.get("label"), export)
    logger.warning(
        "drawing %r has no exported picture (turn on the Excalidraw plugin's auto-export "
        "to SVG or PNG); shown as its name",
        drawing,
        type="notegarden",
        subtype="attachment",
        location=embed,
    )
    name = drawing.rsplit("/", 1)[-1]
    return nodes.inline(name, f"[drawing: {name}]", classes=["ng-missing-attachment"])
