"""Obsidian attachments: ``![[diagram.png]]``, ``![[photo.jpg|300]]``, ``![[x.svg|300x200]]``.

Obsidian finds an attachment by its file name anywhere in the vault. Once per build,
before reading, the source tree is indexed (plain data in the domain, so parallel
readers have it too); an embed whose target has an attachment ending becomes an image
(or, for audio, video and PDF, a download link) while the document is read, so Sphinx
copies the file into the output as it does for any image.
"""

from __future__ import annotations

import os
import re
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, cast

from docutils import nodes
from sphinx import addnodes
from sphinx.util import logging
from sphinx.util.matching import Matcher

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from .domain import NoteGardenDomain

logger = logging.getLogger(__name__)

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".bmp", ".avif"})
MEDIA_SUFFIXES = frozenset(
    {".mp3", ".wav", ".m4a", ".ogg", ".flac", ".mp4", ".webm", ".mov", ".mkv", ".ogv", ".pdf"}
)
SKIPPED_FOLDERS = frozenset({".obsidian", ".trash", ".git", "node_modules", "_build"})
_SIZE_RE = re.compile(r"^\s*(\d{1,5})(?:\s*x\s*(\d{1,5}))?\s*$")


def is_attachment(target: str) -> bool:
    """Tell whether an embed target names an attachment rather than a note."""
    suffix = PurePosixPath(target.split("#", 1)[0].strip()).suffix.lower()
    return suffix in IMAGE_SUFFIXES or suffix in MEDIA_SUFFIXES


def index_attachments(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """On ``env-before-read-docs``: map attachment file names to their paths in the source."""
    srcdir = Path(env.srcdir).resolve()
    skip = {Path(app.outdir).resolve(), Path(app.doctreedir).resolve()}
    excluded = Matcher(list(app.config.exclude_patterns))
    found: dict[str, list[str]] = {}
    for folder, subfolders, files in os.walk(srcdir):
        here = Path(folder)
        subfolders[:] = sorted(
            name
            for name in subfolders
            if name not in SKIPPED_FOLDERS and (here / name).resolve() not in skip
        )
        for name in files:
            if not is_attachment(name):
                continue
            relative = (here / name).relative_to(srcdir).as_posix()
            if not excluded(relative):
                found.setdefault(name.casefold(), []).append(relative)
    for paths in found.values():
        paths.sort(key=lambda path: (path.count("/"), path))  # the shortest path first
    cast("NoteGardenDomain", env.get_domain("ng")).data["attachments"] = found


def find_attachment(domain: NoteGardenDomain, target: str, docname: str) -> str | None:
    """Return the source-relative path of the attachment *target*, or None.

    A path given in the link (``assets/x.png``) is tried relative to the note, then to
    the source root; a bare file name is looked up anywhere, shortest path first.
    """
    name = target.split("#", 1)[0].strip().replace("\\", "/")
    index: dict[str, list[str]] = domain.data.get("attachments", {})
    candidates = index.get(PurePosixPath(name).name.casefold(), [])
    if "/" in name:
        folder = PurePosixPath(docname).parent
        wanted = {str(folder / name).lstrip("./").casefold(), name.lstrip("/").casefold()}
        return next((path for path in candidates if path.casefold() in wanted), None)
    return candidates[0] if candidates else None


def attachment_node(
    domain: NoteGardenDomain, embed: nodes.Element, docname: str, label: str | None
) -> nodes.Node:
    """Return an image (or a download link) for the attachment embed *embed*."""
    target = embed["target"]
    path = find_attachment(domain, target, docname)
    if path is None:
        logger.warning(
            "attachment %r not found in the source directory",
            target,
            type="notegarden",
            subtype="attachment",
            location=embed,
        )
        return nodes.inline(target, f"[missing: {target}]", classes=["ng-missing-attachment"])
    suffix = PurePosixPath(path).suffix.lower()
    if suffix in IMAGE_SUFFIXES:
        image = nodes.image(uri="/" + path, alt=PurePosixPath(path).stem, classes=["ng-attachment"])
        size = _SIZE_RE.match(label or "")
        if size:
            image["width"] = f"{size.group(1)}px"
            if size.group(2):
                image["height"] = f"{size.group(2)}px"
        elif label:
            image["alt"] = label
        return image
    name = PurePosixPath(path).name
    download = addnodes.download_reference(
        "", "", reftarget="/" + path, refdoc=docname, refexplicit=True
    )
    download += nodes.literal(name, name, classes=["xref", "download"])
    return download
