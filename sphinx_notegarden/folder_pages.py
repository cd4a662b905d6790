"""Folder pages: ``[[folder/]]`` (or ``[[folder]]`` when no note has that name) lists a folder.

Every folder that holds notes, and each folder above one, gets a generated page in the
HTML output (html, dirhtml) listing its notes and subfolders, under
``notegarden_folders_path`` and named by a slug of the folder's path, so no folder name
can lead outside the output directory. The folders and their slugs are computed once
per build on ``env-updated`` from the notes (plain data in the domain); links are
turned into references to the pages by a post-transform that runs before Sphinx
resolves references, so a name a note claims keeps going to the note.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, cast

from docutils import nodes
from sphinx import addnodes
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

from .domain import tag_key
from .gc_tuning import collector_paused
from .link_index import link_key
from .note_list_html import note_list_html
from .paths import remove_output_files, safe_folder
from .slugs import assign_slugs
from .tag_pages import (
    Page,
    _,
    keep_in_search_index,
    pages_enabled,
    render_page_if_changed,
    writes_generated_pages,
)

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from .domain import NoteGardenDomain

logger = logging.getLogger(__name__)


def _domain(env: BuildEnvironment) -> NoteGardenDomain:
    return cast("NoteGardenDomain", env.get_domain("ng"))


def folder_pages_enabled(builder: Builder) -> bool:
    """Tell whether *builder* gets folder pages (multi-page HTML, folder path not empty)."""
    return bool(builder.config.notegarden_folders_path) and writes_generated_pages(builder)


def folders_path(builder: Builder) -> str:
    """Return the validated output folder of the folder pages."""
    return safe_folder(builder.config.notegarden_folders_path, "folders")


def note_folders(note_docnames: list[str]) -> dict[str, str]:
    """Return ``{folder: slug}`` for every folder holding a note, and every folder above."""
    folders: set[str] = set()
    for docname in note_docnames:
        parts = docname.split("/")[:-1]
        folders.update("/".join(parts[: depth + 1]) for depth in range(len(parts)))
    return assign_slugs(folders, prefix="folder").slugs


def update_folders(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """On ``env-updated``: store the folders and their slugs; delete pages of lost folders.

    Returns the documents whose links name a folder that appeared, vanished or moved.
    """
    domain = _domain(env)
    previous: list[str] = domain.data.get("folder_pages", [])
    slugs = note_folders(sorted(domain.note_data))
    before: dict[str, list[str]] = domain.data.get("folders", {})
    after = {link_key(folder): [folder, slugs[folder]] for folder in slugs}
    domain.data["folders"] = after
    moved = {key for key in before.keys() | after.keys() if before.get(key) != after.get(key)}
    affected = sorted(
        docname
        for docname, links in domain.links.items()
        if docname in env.all_docs and any(link_key(link["target"]) in moved for link in links)
    )
    _remove_stale(app, env, previous, slugs)
    return affected


def _remove_stale(
    app: Sphinx, env: BuildEnvironment, previous: list[str], slugs: dict[str, str]
) -> None:
    domain = _domain(env)
    builder = app.builder
    current = (
        sorted(f"{folders_path(builder)}/{slug}" for slug in slugs.values())
        if folder_pages_enabled(builder)
        else []
    )
    domain.data["folder_pages"] = current
    if not isinstance(builder, StandaloneHTMLBuilder):
        return
    gone = sorted(set(previous) - set(current) - set(env.all_docs))
    remove_output_files(builder.outdir, (builder.get_outfilename(page) for page in gone))


def find_folder(domain: NoteGardenDomain, text: str) -> tuple[str, str] | None:
    """Return (folder, slug) of the folder that link text *text* names, or None."""
    found = domain.data.get("folders", {}).get(link_key(text))
    return (found[0], found[1]) if found else None


def folder_page_uri(
    env: BuildEnvironment, builder: Builder, fromdocname: str, folder: str
) -> str | None:
    """Return the URI of *folder*'s page seen from *fromdocname*, or None without one."""
    found = find_folder(_domain(env), folder)
    if found is None or not folder_pages_enabled(builder):
        return None
    return builder.get_relative_uri(fromdocname, f"{folders_path(builder)}/{found[1]}")


class FolderLinkTransform(SphinxPostTransform):
    """Send note links that name a folder (``[[folder/]]``) to the folder's page.

    Quartz's ``[[tags/x]]`` links go to the tag's page (see :mod:`.links`); for builders
    without tag pages they become the tag's name as text here, not missing notes.
    """

    # Before Sphinx's ReferencesResolver (10), which would report them as missing notes.
    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        """Replace folder links with references (or plain text where there is no page)."""
        domain = _domain(self.env)
        builder = self.env._app.builder  # as Sphinx's own ReferencesResolver gets it
        for node in list(self.document.findall(addnodes.pending_xref)):
            if node.get("refdomain") != "ng" or node.get("reftype") != "note":
                continue
            target = str(node["reftarget"])
            if not target.strip("/\\ ") or node.get("ng_anchor"):
                continue
            wants_folder = target.rstrip().endswith(("/", "\\"))
            source = str(node.get("ng_from") or self.env.docname)
            if not wants_folder and domain.link_index().resolve(target, source) is not None:
                continue
            content = node.children[0] if node.children else nodes.Text(target)
            found = find_folder(domain, target)
            if found is None:
                if _tag_without_page(domain, builder, target):
                    node.replace_self(nodes.inline("", "", content, classes=["ng-tag-text"]))
                continue
            uri = folder_page_uri(self.env, builder, node.get("refdoc", ""), found[0])
            if uri is None:
                node.replace_self(nodes.inline("", "", content, classes=["ng-folder-link"]))
            else:
                reference = nodes.reference(
                    "", "", content, internal=True, refuri=uri, classes=["ng-folder-link"]
                )
                node.replace_self(reference)


def _tag_without_page(domain: NoteGardenDomain, builder: Builder, target: str) -> bool:
    """Tell whether *target* is ``tags/<a tag>`` and *builder* makes no tag pages."""
    if not target.lower().startswith("tags/") or pages_enabled(builder):
        return False
    return tag_key(target[5:]) in domain.tag_index().tags


def _folder_page(
    builder: StandaloneHTMLBuilder, domain: NoteGardenDomain, folder: str, slugs: dict[str, str]
) -> Page | None:
    """Return the page of *folder*, or None when the file written last time is current."""
    base = folders_path(builder)
    pagename = f"{base}/{slugs[folder]}"
    body: list[nodes.Node] = []
    parent = folder.rpartition("/")[0]
    if parent:
        uri = builder.get_relative_uri(pagename, f"{base}/{slugs[parent]}")
        up = nodes.reference("", parent, internal=True, refuri=uri)
        body.append(nodes.paragraph("", _("In "), up, classes=["ng-folder-parent"]))
    children = sorted(
        (other for other in slugs if other.rpartition("/")[0] == folder), key=str.casefold
    )
    if children:
        body.append(nodes.rubric(_("Folders"), _("Folders")))
        items = nodes.bullet_list(classes=["ng-folder-list"])
        for child in children:
            uri = builder.get_relative_uri(pagename, f"{base}/{slugs[child]}")
            name = child.rpartition("/")[2] + "/"
            link = nodes.reference("", name, internal=True, refuri=uri)
            items += nodes.list_item("", nodes.paragraph("", "", link))
        body.append(items)
    notes = dict(domain.notes())
    members = sorted(
        (doc for doc in notes if doc.rpartition("/")[0] == folder),
        key=lambda doc: (notes[doc].title.casefold(), doc),
    )
    if members:
        body.append(note_list_html(domain, members, builder, pagename))
    return render_page_if_changed(builder, pagename, _("Folder: %s") % folder, body)


def collect_folder_pages(app: Sphinx) -> Iterator[Page]:
    """On ``html-collect-pages``: one page per folder of notes."""
    builder = app.builder
    if not folder_pages_enabled(builder):
        return
    assert isinstance(builder, StandaloneHTMLBuilder)
    domain = _domain(app.env)
    slugs: dict[str, str] = dict(domain.data.get("folders", {}).values())
    base = folders_path(builder)
    pagenames = {f"{base}/{slug}" for slug in slugs.values()}
    clashing = pagenames & set(app.env.all_docs)
    keep_in_search_index(builder, pagenames - clashing)
    for folder in sorted(slugs):
        pagename = f"{base}/{slugs[folder]}"
        if pagename in clashing:
            logger.warning(
                "the page of folder %r would be written to %r, a document of the project; "
                "not generated",
                folder,
                pagename,
                type="notegarden",
                subtype="folders",
                location=pagename,
            )
            continue
        with collector_paused(app.config):
            page = _folder_page(builder, domain, folder, slugs)
        if page is not None:
            yield page


def setup_folder_pages(app: Sphinx) -> None:
    """Register folder pages and folder links."""
    app.add_post_transform(FolderLinkTransform)
    # Before the handlers that tell folder links from missing notes (graphs, stubs).
    app.connect("env-updated", update_folders, priority=400)
    app.connect("html-collect-pages", collect_folder_pages)
