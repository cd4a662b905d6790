"""Hover previews: a link to a note shows the note's title, header and opening.

Previews are made at build time by Sphinx's own HTML writer (escaped like the page)
and shipped inside the linking page as ``<template>`` elements, so they work from the
built files alone — no server, no fetch, no CDN — and the page reads the same without
JavaScript. ``previews.js`` (shipped in the package) shows them on hover and focus.
Each page that links a note is rewritten when that note is read again (see
:mod:`sphinx_notegarden.link_state`), so no preview goes stale.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Any, cast

from docutils import nodes
from sphinx import addnodes
from sphinx.builders import Builder
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import docname_join

from .assets import use_script
from .gc_tuning import collector_paused
from .placeholders import add_html_only_node
from .preview_content import preview_body, store_opening

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.writers.html5 import HTML5Translator

    from .domain import NoteGardenDomain

#: Builders whose pages get previews (e-books do not). The one-page builder previews
#: the notes that are on its page.
PREVIEW_BUILDERS = frozenset({"html", "dirhtml", "singlehtml"})


class ng_preview_template(nodes.General, nodes.Element):  # noqa: N801
    """A ``<template>`` holding one preview; skipped by the search index."""


#: Rendered preview HTML per builder, keyed by what the HTML depends on (see
#: :func:`visit_template_html`). Pages in one folder link the same notes with the same
#: relative URLs, so each preview is rendered once per folder instead of once per page.
_rendered_previews: weakref.WeakKeyDictionary[Builder, dict[tuple[str, ...], str]] = (
    weakref.WeakKeyDictionary()
)


def forget_previews(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """On ``env-before-read-docs``: drop last build's previews (one process, two builds)."""
    _rendered_previews.pop(app.builder, None)
    env.get_domain("ng").__dict__.pop("_preview_cache", None)


def _cache_key(translator: HTML5Translator, node: ng_preview_template) -> tuple[str, ...]:
    # Image paths depend on the page's folder (imgpath), the title link on the page.
    return (node["ng_target"], node["ng_anchor"], node["ng_uri"], translator.builder.imgpath)


def visit_template_html(self: HTML5Translator, node: ng_preview_template) -> None:
    """Write the ``<template>`` with its preview, from the cache or made now.

    The preview's nodes are made only when a page is written (not on
    ``doctree-resolved``), so the search index never sees them and a page that shares
    a folder with an earlier one reuses its rendered HTML. They are made and written
    apart from the page's tree, with the collector paused, so they are garbage as soon
    as they are written (see :mod:`sphinx_notegarden.gc_tuning`).
    """
    self.body.append(self.starttag(node, "template", CLASS="ng-preview-template"))
    cache = _rendered_previews.setdefault(self.builder, {})
    key = _cache_key(self, node)
    html = cache.get(key)
    if html is None:
        domain = cast("NoteGardenDomain", self.builder.env.get_domain("ng"))
        start = len(self.body)
        with collector_paused(self.builder.config):
            box = _preview_box(domain, self.builder, node)
            self.builder.post_process_images(box)  # preview images get their output paths
            box.walkabout(self)
        html = cache[key] = "".join(self.body[start:])
        del self.body[start:]
    self.body.append(html)
    self.body.append("</template>\n")
    raise nodes.SkipNode


def _title(domain: NoteGardenDomain, docname: str, section: str) -> str:
    note = domain.note(docname)
    title = note.title if note else domain.env.titles[docname].astext()
    return f"{title} > {section}" if section else title


def _meta(domain: NoteGardenDomain, docname: str) -> nodes.paragraph | None:
    note = domain.note(docname)
    if note is None:
        return None
    parts = [note.kind.capitalize(), *(x for x in (note.sort_date, note.status) if x)]
    parts += [f"#{tag}" for tag in note.tags]
    text = " · ".join(parts)
    return nodes.paragraph(text, text, classes=["ng-preview-meta"])


def _preview_box(
    domain: NoteGardenDomain, builder: Builder, node: ng_preview_template
) -> nodes.container:
    """Build the content of one preview: title link, note header line and opening."""
    target_doc, anchor = node["ng_target"], node["ng_anchor"]
    limit = int(builder.config.notegarden_preview_length)
    section, body = preview_body(domain, target_doc, anchor, limit)
    box = nodes.container(classes=["ng-preview-content"])
    heading = nodes.paragraph(classes=["ng-preview-title"])
    title = _title(domain, target_doc, section)
    heading += nodes.reference("", title, internal=True, refuri=node["ng_uri"])
    box += heading
    meta = _meta(domain, target_doc)
    if meta is not None:
        box += meta
    box.extend(body)
    return box


#: A link inside an element with one of these classes gets no preview.
NO_PREVIEW_CLASSES = frozenset({"no-preview", "ng-no-preview"})


def _opted_out(reference: nodes.Element) -> bool:
    """Tell whether *reference* or an element around it has the class ``no-preview``."""
    node: nodes.Node | None = reference
    while isinstance(node, nodes.Element):
        if NO_PREVIEW_CLASSES.intersection(node.get("classes", [])):
            return True
        node = node.parent
    return False


def add_previews(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """On ``doctree-resolved``: mark note links and put a preview slot into the page.

    The slots are empty here; :func:`visit_template_html` fills them as the page is
    written.
    """
    builder = app.builder
    if not (
        app.config.notegarden_previews
        and isinstance(builder, StandaloneHTMLBuilder)
        and builder.name in PREVIEW_BUILDERS
    ):
        return
    domain = cast("NoteGardenDomain", app.env.get_domain("ng"))
    single_page = builder.name == "singlehtml"
    any_document = app.config.notegarden_preview_links == "internal"
    if single_page:  # only the documents assembled into the one page can be shown
        on_page = {docname} | {
            str(start["docname"]) for start in doctree.findall(addnodes.start_of_file)
        }
    numbers: dict[tuple[str, str], int] = {}
    for reference in doctree.findall(nodes.reference):
        target = reference.get("ng_preview")
        if not target:
            continue
        target_doc, _, anchor = str(target).partition("#")
        note = domain.note(target_doc)
        if target_doc not in app.env.all_docs or (note is not None and not note.previews):
            continue
        if (note is None and not any_document) or (single_page and target_doc not in on_page):
            continue
        if _opted_out(reference):
            continue
        key = (target_doc, anchor)
        number = numbers.setdefault(key, len(numbers) + 1)
        reference["classes"] += ["ng-has-preview", f"ng-preview-for-{number}"]
    if not numbers:
        return
    store = nodes.container(classes=["ng-preview-store", "no-search"])
    for (target_doc, anchor), number in sorted(numbers.items(), key=lambda item: item[1]):
        if single_page and anchor:  # every id is on the one page
            uri = f"#{anchor}"
        else:
            uri = builder.get_relative_uri(docname, target_doc) + (f"#{anchor}" if anchor else "")
        store += ng_preview_template(
            ids=[f"ng-preview-{number}"], ng_target=target_doc, ng_anchor=anchor, ng_uri=uri
        )
    doctree.append(store)


class ng_preview_marker(nodes.Inline, nodes.Element):  # noqa: N801
    """Wraps a reference Sphinx is about to resolve, holding the docname it points at.

    Sphinx's resolvers build new nodes for ``{doc}`` and ``{ref}``, so nothing set on
    the reference before resolution survives; its parent does. Unwrapped right after
    resolution by :class:`DocLinkPreviewCarryTransform`, in every builder.
    """


class DocLinkPreviewTransform(SphinxPostTransform):
    """Remember the target of ordinary document links, before Sphinx resolves them."""

    default_priority = 9  # just before the references are resolved (10)

    def run(self, **kwargs: Any) -> None:
        """Wrap each document link (and label reference) in a marker with its target."""
        labels_too = self.config.notegarden_preview_links == "internal"
        for xref in list(self.document.findall(addnodes.pending_xref)):
            domain, kind = xref.get("refdomain"), xref.get("reftype")
            if (domain, kind) == ("std", "doc"):
                target = xref["reftarget"]
                refdoc = xref.get("refdoc", self.env.docname)
                target = (
                    target.lstrip("/") if target.startswith("/") else docname_join(refdoc, target)
                )
            elif (domain, kind) == ("doc", "myst"):
                target = xref["reftarget"]
                if xref.get("reftargetid"):
                    target += "#" + xref["reftargetid"]
            elif labels_too and (domain, kind) in {("std", "ref"), ("std", "numref")}:
                found = label_target(self.env, xref["reftarget"])
                if found is None:
                    continue
                target = found
            else:
                continue
            marker = ng_preview_marker(ng_preview_doc=target)
            xref.replace_self(marker)
            marker += xref


class DocLinkPreviewCarryTransform(SphinxPostTransform):
    """Move each marker's target onto the resolved reference, and drop the marker."""

    default_priority = 11  # just after the references are resolved (10)

    def run(self, **kwargs: Any) -> None:
        """Unwrap the markers of :class:`DocLinkPreviewTransform`."""
        for marker in list(self.document.findall(ng_preview_marker)):
            reference = next(iter(marker.findall(nodes.reference)), None)
            if reference is not None:
                reference.setdefault("ng_preview", marker["ng_preview_doc"])
            marker.replace_self(marker.children)


def label_target(env: BuildEnvironment, label: str) -> str | None:
    """Return ``docname#id`` of the place a ``{ref}``/``{numref}`` label names, or None."""
    std = env.domains.standard_domain
    found = std.labels.get(label) or std.anonlabels.get(label)
    if not found or not found[0]:
        return None
    docname, label_id = found[0], found[1]
    return f"{docname}#{label_id}" if label_id else str(docname)


def install_preview_assets(app: Sphinx) -> None:
    """On ``builder-inited``: ship the preview script to HTML builders that use it."""
    if app.builder.name in PREVIEW_BUILDERS and app.config.notegarden_previews:
        use_script(app, "notegarden-previews.js")


def setup_previews(app: Sphinx) -> None:
    """Register the template node, the preview pass and the script."""
    add_html_only_node(app, ng_preview_template, visit_template_html)
    app.add_post_transform(DocLinkPreviewTransform)
    app.add_post_transform(DocLinkPreviewCarryTransform)
    app.connect("env-before-read-docs", forget_previews)
    app.connect("doctree-read", store_opening, priority=900)
    app.connect("doctree-resolved", add_previews)
    app.connect("builder-inited", install_preview_assets)
