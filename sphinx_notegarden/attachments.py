"""Obsidian attachments: ``![[diagram.png]]``, ``![[photo.jpg|300]]``, ``![[x.svg|300x200]]``.

A fragment is a styling hint, not an anchor: ``![[x.svg#icon]]`` gives the image the
class ``ng-embed-icon``. Markdown images take Obsidian's size in the alt text:
``![a map|300](map.png)`` and ``![a map|300x200](map.png)``.

Obsidian finds an attachment by its file name anywhere in the vault. Once per build,
before reading, the source tree is indexed (plain data in the domain, so parallel
readers have it too); an embed whose target has an attachment ending becomes an image
(or, for audio, video and PDF, a download link) while the document is read, so Sphinx
copies the file into the output as it does for any image.
"""

from __future__ import annotations

import mimetypes
import os
import posixpath
import re
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, cast
from urllib.parse import unquote

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.matching import Matcher

from .link_index import closest_first, pick_beside
from .markdown_source import MARKDOWN_SUFFIXES
from .slugs import slug

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from .domain import NoteGardenDomain

logger = logging.getLogger(__name__)

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".bmp", ".avif"})
MEDIA_SUFFIXES = frozenset(
    {".mp3", ".wav", ".m4a", ".ogg", ".flac", ".mp4", ".webm", ".mov", ".mkv", ".ogv", ".pdf"}
)
#: Other files a vault links or embeds, shown as download links (Obsidian opens them in
#: their own views or apps): canvases, office documents, data, archives. Names that a
#: note could well have (``main.py``, ``v2.0``) are not here: those stay note links.
DOWNLOAD_SUFFIXES = frozenset(
    {
        ".canvas",
        ".csv",
        ".doc",
        ".docx",
        ".epub",
        ".odp",
        ".ods",
        ".odt",
        ".ppt",
        ".pptx",
        ".xls",
        ".xlsx",
        ".7z",
        ".gz",
        ".tar",
        ".zip",
    }
)
SKIPPED_FOLDERS = frozenset({".obsidian", ".trash", ".git", "node_modules", "_build"})
_SIZE_RE = re.compile(r"^\s*(\d{1,5})(?:\s*x\s*(\d{1,5}))?\s*$")
_ALT_SIZE_RE = re.compile(r"^(.*?)\s*\|\s*(\d{1,5})(?:\s*x\s*(\d{1,5}))?\s*$", re.DOTALL)


def is_attachment(target: str) -> bool:
    """Tell whether an embed target names an attachment rather than a note."""
    suffix = PurePosixPath(target.split("#", 1)[0].strip()).suffix.lower()
    return suffix in IMAGE_SUFFIXES or suffix in MEDIA_SUFFIXES or suffix in DOWNLOAD_SUFFIXES


#: A file name's extension: a few letters or digits, at least one a letter (``v2.0`` is a
#: note's name, not a file's).
_FILE_SUFFIX_RE = re.compile(r"^\.(?=[A-Za-z0-9]*[A-Za-z])[A-Za-z0-9]{1,10}$")
#: Extensions of the notes themselves, never files to link.
NOTE_SUFFIXES = frozenset({".md", ".markdown", ".rst"})


def has_file_suffix(target: str) -> bool:
    """Tell whether *target* ends in a file extension other than a note's (``run.sh``).

    Such a link names a file when the vault has one of that name (Obsidian links any
    file): a script, a configuration, data. Otherwise it is a note's name.
    """
    suffix = PurePosixPath(target.split("#", 1)[0].strip()).suffix
    return bool(_FILE_SUFFIX_RE.match(suffix)) and suffix.lower() not in NOTE_SUFFIXES


def index_attachments(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """On ``env-before-read-docs``: map attachment file names to their paths in the source.

    Attachments are the files a note may embed or link: pictures, media, documents, and
    any other file with an extension that is not a source document's.
    """
    srcdir = Path(env.srcdir).resolve()
    skip = {Path(app.outdir).resolve(), Path(app.doctreedir).resolve()}
    excluded = Matcher(list(app.config.exclude_patterns))
    sources = tuple(app.config.source_suffix)  # the documents themselves
    found: dict[str, list[str]] = {}
    for folder, subfolders, files in os.walk(srcdir):
        here = Path(folder)
        subfolders[:] = sorted(
            name
            for name in subfolders
            if name not in SKIPPED_FOLDERS and (here / name).resolve() not in skip
        )
        for name in files:
            if not (is_attachment(name) or has_file_suffix(name)) or name.endswith(sources):
                continue
            relative = (here / name).relative_to(srcdir).as_posix()
            if not excluded(relative):
                found.setdefault(name.casefold(), []).append(relative)
    for paths in found.values():
        paths[:] = closest_first(paths)
    cast("NoteGardenDomain", env.get_domain("ng")).data["attachments"] = found


def find_attachment(domain: NoteGardenDomain, target: str, docname: str) -> str | None:
    """Return the source-relative path of the attachment *target*, or None.

    A path given in the link (``assets/x.png``) is tried relative to the note, then to
    the source root, then, as Obsidian does, as the end of a path anywhere
    (``img/x.png`` finds ``Computer Science/img/x.png``), shortest path first; a bare
    file name is looked up as Obsidian looks it up: at the root, beside the note, then
    anywhere, shortest path first.
    """
    name = target.split("#", 1)[0].strip().replace("\\", "/")
    index: dict[str, list[str]] = domain.data.get("attachments", {})
    candidates = index.get(PurePosixPath(name).name.casefold(), [])
    if "/" in name:
        folder = PurePosixPath(docname).parent
        wanted = {
            posixpath.normpath(str(folder / name)).lstrip("./").casefold(),
            name.lstrip("/").casefold(),
        }
        found = next((path for path in candidates if path.casefold() in wanted), None)
        if found is None and not name.startswith(("/", "../")):
            tail = "/" + name.removeprefix("./").casefold()
            found = next((p for p in candidates if ("/" + p.casefold()).endswith(tail)), None)
        return found
    if not candidates:
        return None
    if "/" in candidates[0]:  # none at the root
        return pick_beside(candidates, name, docname) or candidates[0]
    return candidates[0]


def fragment_classes(target: str) -> list[str]:
    """Return the CSS classes an embed's fragment asks for: ``x.svg#icon`` → ``ng-embed-icon``."""
    _, _, fragment = target.partition("#")
    names = [part.strip() for part in fragment.split("#") if part.strip()]
    return [f"ng-embed-{slug(name, prefix='hint')}" for name in names]


def attachment_node(
    domain: NoteGardenDomain,
    embed: nodes.Element,
    docname: str,
    label: str | None,
    path: str | None = None,
) -> nodes.Node:
    """Return an image (or a download link) for the attachment embed *embed*.

    *path*, the file's source path when the caller has found it already; else it is
    looked up from the embed's target.
    """
    target = embed["target"]
    path = path or find_attachment(domain, target, docname)
    if path is None:
        logger.warning(
            "attachment %r not found in the source directory",
            target.split("#", 1)[0].strip(),  # "x.png#invert": the fragment is a hint
            type="notegarden",
            subtype="attachment",
            location=embed,
        )
        return nodes.inline(target, f"[missing: {target}]", classes=["ng-missing-attachment"])
    suffix = PurePosixPath(path).suffix.lower()
    if suffix in IMAGE_SUFFIXES:
        image = nodes.image(uri="/" + path, alt=PurePosixPath(path).stem, classes=["ng-attachment"])
        image["classes"] += fragment_classes(target)
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


class ImageSizeTransform(SphinxTransform):
    """``![alt|300](x.png)`` and ``![alt|300x200](x.png)``: Obsidian's size in the alt text."""

    default_priority = 700

    def apply(self, **kwargs: object) -> None:
        """Move a trailing ``|width`` or ``|widthxheight`` from each image's alt to its size."""
        for image in list(self.document.findall(nodes.image)):
            if self._note_embed(image):
                continue
            self._find_by_name(image)
            size = _ALT_SIZE_RE.match(image.get("alt", ""))
            if size is None or "width" in image or "height" in image:
                continue
            image["alt"] = size.group(1)
            image["width"] = f"{size.group(2)}px"
            if size.group(3):
                image["height"] = f"{size.group(3)}px"

    def _note_embed(self, image: nodes.image) -> bool:
        """``![](Other%20Note.md#Part)``: Obsidian's Markdown form of ``![[Other Note#Part]]``.

        The image becomes an embed of the note (found as Markdown links find it), or of
        its file name when no note has it, which the embed reports as missing.
        """
        from .markdown_links import note_for_path  # it imports wikilinks, which imports us
        from .wikilinks import lift_embeds, ng_embed

        uri = str(image.get("uri", ""))
        path, _, fragment = uri.partition("#")
        path = unquote(path).strip()
        if "://" in path or not path.lower().endswith(MARKDOWN_SUFFIXES):
            return False
        paragraph = image.parent
        if not isinstance(paragraph, nodes.paragraph):
            return False  # in a figure or a linked image: left to Sphinx
        docname = self.env.docname
        found = note_for_path(self.env, docname, path) or PurePosixPath(path).stem
        target = f"{found}#{unquote(fragment)}" if fragment else found
        embed = ng_embed("", target=target, label=None)
        embed.source, embed.line = image.source, image.line
        image.replace_self(embed)
        lift_embeds(paragraph)  # a block, out of its paragraph as ![[Note]] is
        return True

    def _find_by_name(self, image: nodes.image) -> None:
        """Find a Markdown image as Obsidian does: by file name anywhere, ``#hint`` aside.

        ``![](x.png#wide)`` and ``![](My%20Map.png)`` where ``x.png`` lives in another
        folder: the fragment becomes a class hint (as for ``![[x.png#wide]]``), the path
        is decoded, and a file that is not where the link says is looked up by name.
        """
        uri = str(image.get("uri", ""))
        if not uri.strip() and image.get("candidates") is None:
            self._no_file(image)
            return
        if "://" in uri or uri.startswith(("data:", "mailto:")) or "*" in uri:
            return
        path, _, fragment = uri.partition("#")
        path = unquote(path)
        srcdir = Path(self.env.srcdir)
        folder = PurePosixPath(self.env.docname).parent
        where = srcdir / path.lstrip("/") if path.startswith("/") else srcdir / folder / path
        if where.is_file() and not fragment and path == uri:
            return  # Sphinx finds it as written
        if fragment:
            image["classes"] += fragment_classes(uri)
        if where.is_file():
            image["uri"] = path
            return
        domain = cast("NoteGardenDomain", self.env.get_domain("ng"))
        found = find_attachment(domain, path, self.env.docname) or find_attachment(
            domain, PurePosixPath(path).name, self.env.docname
        )
        image["uri"] = "/" + found if found else path

    def _no_file(self, image: nodes.image) -> None:
        """``![alt]()``: no file to show (Sphinx took the note's folder for the image)."""
        alt = str(image.get("alt", ""))
        # MyST does not give every inline node its line: take the paragraph's first known.
        where: nodes.Node = image
        if image.line is None and image.parent is not None:
            known = (node for node in image.parent.findall(nodes.Element) if node.line)
            where = next(known, image)
        logger.warning(
            "image %r names no file; shown as a placeholder",
            alt,
            type="notegarden",
            subtype="attachment",
            location=where,
        )
        text = f"[missing: {alt}]" if alt else "[missing image]"
        image.replace_self(nodes.inline(alt, text, classes=["ng-missing-attachment"]))


class UnsupportedImageTransform(SphinxPostTransform):
    """LaTeX cannot include SVG or WebP: show the alt text instead of breaking the PDF.

    Sphinx's image converters (``sphinx.ext.imgconverter``) run first, so a site that
    loads one keeps its converted images.
    """

    default_priority = 210  # after Sphinx's ImageConverter (200)
    builders = ("latex",)

    def run(self, **kwargs: object) -> None:
        """Replace each image no candidate of which the builder can include."""
        supported = set(self.env._app.builder.supported_image_types)
        for image in list(self.document.findall(nodes.image)):
            uri = str(image.get("uri", ""))
            if "://" in uri or uri.startswith("data:"):
                continue
            # "*" stands for the one file a plain URI names; other keys are mime types.
            candidates = image.get("candidates", {}) or {"*": uri}
            kinds = {
                (mimetypes.guess_type(path)[0] or "?") if kind == "*" else kind
                for kind, path in candidates.items()
            }
            if kinds & supported:
                continue
            logger.warning(
                "image %r cannot be included in LaTeX output; its alt text is shown "
                "(sphinx.ext.imgconverter can convert it)",
                PurePosixPath(uri).name,
                type="notegarden",
                subtype="attachment",
                location=image,
            )
            alt = str(image.get("alt", "")) or PurePosixPath(uri).stem
            text = nodes.inline(alt, alt, classes=["ng-image-alt"])
            inline = isinstance(image.parent, (nodes.TextElement, nodes.Inline))
            image.replace_self(text if inline else nodes.paragraph("", "", text))


def setup_attachments(app: Sphinx) -> None:
    """Register the Markdown image size transform and the LaTeX image fallback."""
    app.add_transform(ImageSizeTransform)
    app.add_post_transform(UnsupportedImageTransform)
