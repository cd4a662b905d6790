"""Ordinary Markdown links as Obsidian resolves them: by file name, heading text, block id.

Vaults written with Obsidian's "Use [[Wikilinks]]" turned off link with Markdown:
``[the claim](My%20Note.md#^abc)``, ``[a section](Other%20Note.md#Some%20Heading)``,
``[here](#Local%20Part)``. MyST reads the path relative to the linking file and the
fragment as an id, so three things that work in Obsidian did not:

- a path that is not relative to the linking file, or that leaves out ``.md``: Obsidian
  also takes it from the vault's root, or by file name anywhere in the vault (its
  "shortest path" setting), with or without the suffix.
  :class:`MarkdownNoteLinkTransform` (while reading, before the links are recorded for
  backlinks) points such a link at the note, as MyST does for a path it finds;
- a fragment that is heading text (``Some Heading``) or a block id (``^abc``) in
  another note: :class:`MarkdownAnchorTransform` (before MyST resolves the link)
  resolves it as ``[[Note#Some Heading]]`` would be, when MyST has no label or heading
  slug of that name;
- the same in the linking note itself, ``[here](#Local Part)``: resolved while reading.

A link that still finds nothing is left to MyST, which warns about it.
"""

from __future__ import annotations

import posixpath
import re
import weakref
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import unquote

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.nodes import make_refnode

from .headings import HEADING_FORMS, collect_headings, heading_id, last_heading
from .link_index import closest_first, link_key
from .links import mark_note_targets
from .markdown_source import MARKDOWN_SUFFIXES

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from .domain import NoteGardenDomain


#: Per environment: each file name (a link key) with its documents, made once per read.
_by_file_name: weakref.WeakKeyDictionary[BuildEnvironment, dict[str, list[str]]] = (
    weakref.WeakKeyDictionary()
)


def _file_names(env: BuildEnvironment) -> dict[str, list[str]]:
    """Return each file name (a link key) with its documents."""
    names = _by_file_name.get(env)
    if names is None:
        names = _by_file_name[env] = {}
        for docname in sorted(env.found_docs):
            names.setdefault(link_key(docname.rsplit("/", 1)[-1]), []).append(docname)
        for key, docnames in names.items():
            if len(docnames) > 1:
                names[key] = closest_first(docnames)
    return names


def forget_file_names(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """On ``env-before-read-docs``: the documents may have changed since the last read."""
    _by_file_name.pop(env, None)


def note_for_path(env: BuildEnvironment, docname: str, path: str) -> str | None:
    """Return the document a Markdown link's *path* names as Obsidian finds it, or None.

    Relative to the linking document, from the vault's root, then by file name (the
    shortest path when several notes share it, as in Obsidian). As in Obsidian, the
    ``.md`` may be left out: ``[x](My%20Note#Heading)``; and every percent escape is
    decoded (Markdown decodes all but those of reserved characters, ``%2B``, ``%2C``).
    """
    found = _note_for_path(env, docname, path)
    if found is None and "%" in path:
        found = _note_for_path(env, docname, unquote(path))
    return found


def _note_for_path(env: BuildEnvironment, docname: str, path: str) -> str | None:
    stem = path
    for suffix in MARKDOWN_SUFFIXES:
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
            break
    if not stem.strip("/"):
        return None
    here = posixpath.dirname(docname)
    for candidate in (posixpath.normpath(posixpath.join(here, stem)), stem.lstrip("/")):
        if candidate in env.found_docs:
            return candidate
    found = _file_names(env).get(link_key(posixpath.basename(stem)))
    return found[0] if found else None


#: ``scheme://``: a link to another app (``zotero://``, ``things://``, ``file://``).
_APP_LINK_RE = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://\S")
#: Schemes never linked: they run code in the page or embed content.
UNSAFE_SCHEMES = frozenset({"javascript", "vbscript", "data"})


def _app_link(target: str) -> bool:
    """Tell whether *target* is ``scheme://...`` of a scheme that is safe to link.

    ``//host/path`` too: a link to another site in the page's own protocol.
    """
    target = target.strip()
    if target.startswith("//") and target[2:3] not in ("", "/") and not target[2].isspace():
        return True
    found = _APP_LINK_RE.match(target)
    return found is not None and found.group(1).lower() not in UNSAFE_SCHEMES


def tag_page_path(path: str) -> str | None:
    """Return ``tags/name`` when *path* is a link to a tag page as Quartz writes it, or None.

    ``./tags/name``, ``../tags/name``, ``/tags/name``: Quartz's tag pages live in the
    site's ``tags/`` folder, whatever folder the linking note is in.
    """
    rest = path.strip()
    while rest.startswith(("./", "../", "/")):
        rest = rest.split("/", 1)[1] if not rest.startswith("/") else rest[1:]
    if rest.lower().startswith("tags/") and rest[5:].strip("/"):
        return rest.rstrip("/")
    return None


class MarkdownNoteLinkTransform(SphinxTransform):
    """While reading: Markdown links to notes by root path or file name, and local headings."""

    default_priority = 840  # before the domains record links (850) and MyST's anchors (879)

    def apply(self, **kwargs: Any) -> None:
        """Point links MyST could not place at the note (or heading) Obsidian would."""
        local: dict[str, str] | None = None
        docname = self.env.docname
        for node in list(self.document.findall(nodes.Element)):
            if isinstance(node, addnodes.pending_xref):
                if node.get("reftype") == "myst" and not node.get("refdomain"):
                    self._to_note(node, docname)
            elif isinstance(node, nodes.reference) and node.get("id_link"):
                target = str(node.get("refuri", ""))[1:]
                if not target or target in self.document.ids or target in self.document.nameids:
                    continue
                if local is None:
                    local = collect_headings(self.document, self.env.temp_data.get(HEADING_FORMS))
                found = heading_id(local, target)
                if found is not None:
                    del node["refuri"], node["id_link"]
                    node["refid"] = found
                    if not node.children:
                        node += nodes.inline(target, target, classes=["std", "std-ref"])

    def _to_note(self, node: addnodes.pending_xref, docname: str) -> None:
        if _app_link(str(node["reftarget"])):
            # [p](zotero://open-pdf/...): an app's link, opened outside the site, as in
            # Obsidian. MyST makes links only of the schemes it was told of.
            text = node.children[0].children if node.children else []
            link = nodes.reference("", "", *text, refuri=str(node["reftarget"]))
            link.source, link.line = node.source, node.line
            node.replace_self(link)
            return
        path, _, anchor = str(node["reftarget"]).partition("#")
        path = path.strip()
        if not path.lower().endswith(MARKDOWN_SUFFIXES) and (
            path in self.document.nameids or path in self.document.ids
        ):
            return  # ``[x](label)``: a label of this document, for MyST to resolve
        target = note_for_path(self.env, docname, path)
        if target is None:
            tag_page = tag_page_path(path)
            if tag_page is not None and not anchor:
                # Quartz writes links to tag pages as [x](./tags/name): to ours, as for
                # [[tags/name]] (a note of that name, should one exist, comes first).
                node["refdomain"], node["reftype"], node["reftarget"] = "ng", "note", tag_page
            return
        node["refdomain"] = "doc"
        node["reftarget"] = target
        node["reftargetid"] = anchor or None


class MarkdownAnchorTransform(SphinxPostTransform):
    """Before MyST resolves document links: fragments that are heading text or block ids."""

    default_priority = 8  # before MyST's resolver and the preview marker (9)

    def run(self, **kwargs: Any) -> None:
        """Resolve ``note.md#Heading text`` and ``note.md#^block`` that MyST cannot."""
        domain = cast("NoteGardenDomain", self.env.get_domain("ng"))
        for node in list(self.document.findall(addnodes.pending_xref)):
            if (node.get("refdomain"), node.get("reftype")) != ("doc", "myst"):
                continue
            target, anchor = node["reftarget"], node.get("reftargetid")
            if not anchor or target not in self.env.all_docs or self._myst_knows(target, anchor):
                continue
            found = heading_id(domain.headings.get(target, {}), anchor)
            if found is None:
                continue
            text = node.astext() if node.get("refexplicit") else anchor
            inner = nodes.inline(text, "", classes=["std", "std-ref"])
            if node.get("refexplicit"):
                inner.extend(child.deepcopy() for child in node[0].children)
            else:
                inner += nodes.Text(last_heading(anchor).lstrip("^"))
            fromdoc = node.get("refdoc", self.env.docname)
            builder = self.env._app.builder  # as Sphinx's own ReferencesResolver gets it
            reference = make_refnode(builder, fromdoc, target, found, inner)
            mark_note_targets(reference, target, found)
            node.replace_self(reference)

    def _myst_knows(self, target: str, anchor: str) -> bool:
        """Tell whether MyST resolves *anchor*: a heading slug or a label of *target*."""
        if anchor in self.env.metadata.get(target, {}).get("myst_slugs", {}):
            return True
        std = self.env.domains.standard_domain
        for store in (std.labels, std.anonlabels):
            entry = store.get(anchor)
            if entry is not None and entry[0] == target:
                return True
        return False


def setup_markdown_links(app: Sphinx) -> None:
    """Register both transforms."""
    app.connect("env-before-read-docs", forget_file_names)
    app.add_transform(MarkdownNoteLinkTransform)
    app.add_post_transform(MarkdownAnchorTransform)
