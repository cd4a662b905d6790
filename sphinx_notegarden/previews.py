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
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from docutils import nodes
from sphinx import addnodes
from sphinx.builders import Builder
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import docname_join

from .assets import use_script
from .gc_tuning import collector_paused
from .placeholders import add_html_only_node, captured_html
from .preview_content import preview_body, store_opening
from .walk import nodes_of

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


@dataclass
class _RenderedPreviews:
    """The rendered parts of previews, for one builder (see :func:`visit_template_html`)."""

    #: The box's opening tag and title line, by (note, anchor, URI from the page).
    heads: dict[tuple[str, str, str], str] = field(default_factory=dict)
    #: The rest of the box, by (note, anchor, the page's image folder or "").
    bodies: dict[tuple[str, str, str], str] = field(default_factory=dict)
    #: The title line's text, by (note, anchor).
    titles: dict[tuple[str, str], str] = field(default_factory=dict)
    #: Whether a preview holds paths relative to the page's folder, by (note, anchor).
    per_folder: dict[tuple[str, str], bool] = field(default_factory=dict)
    #: Whether a preview shows math, by (note, anchor).
    math: dict[tuple[str, str], bool] = field(default_factory=dict)
    #: The pages that show a preview with math (see :func:`declare_math`).
    pages_with_math: set[str] = field(default_factory=set)


_rendered_previews: weakref.WeakKeyDictionary[Builder, _RenderedPreviews] = (
    weakref.WeakKeyDictionary()
)

#: Nodes whose HTML holds a path relative to the page's folder (pictures, downloads).
FOLDER_PATHS = (nodes.image, addnodes.download_reference)


def forget_previews(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """On ``env-before-read-docs``: drop last build's previews (one process, two builds)."""
    _rendered_previews.pop(app.builder, None)
    env.get_domain("ng").__dict__.pop("_preview_cache", None)
    env.get_domain("ng").__dict__.pop("_linked_sections", None)


def visit_template_html(self: HTML5Translator, node: ng_preview_template) -> None:
    """Write the ``<template>`` with its preview, from the cache or made now.

    A preview is rendered in two parts: the box's opening tag and title line, whose
    link depends on the page, and the rest, which is the same on every page unless it
    holds pictures or downloads (their paths depend on the page's folder). So the rest
    of each note's preview is rendered once, or once per folder when it has a picture,
    and a page puts the two cached parts together.

    The preview's nodes are made only when a page is written (not on
    ``doctree-resolved``), so the search index never sees them. They are made and
    written apart from the page's tree, with the collector paused, so they are garbage
    as soon as they are written (see :mod:`sphinx_notegarden.gc_tuning`).
    """
    self.body.append(self.starttag(node, "template", CLASS="ng-preview-template"))
    rendered = _rendered_previews.setdefault(self.builder, _RenderedPreviews())
    target, anchor, uri = node["ng_target"], node["ng_anchor"], node["ng_uri"]
    folder = self.builder.imgpath if rendered.per_folder.get((target, anchor), True) else ""
    body = rendered.bodies.get((target, anchor, folder))
    if body is None:
        with collector_paused(self.builder.config):
            body = _render_preview(self, node, rendered)
    if rendered.math[target, anchor]:
        rendered.pages_with_math.add(self.builder.current_docname)
    head = rendered.heads.get((target, anchor, uri))
    if head is None:
        head = rendered.heads[target, anchor, uri] = _rendered_head(
            self, _preview_head(rendered.titles[target, anchor], uri)
        )
    self.body += [head, body, "</template>\n"]
    raise nodes.SkipNode


def _render_preview(
    self: HTML5Translator, node: ng_preview_template, rendered: _RenderedPreviews
) -> str:
    """Render the rest of a preview (all but its head); keep it and its title in *rendered*."""
    domain = cast("NoteGardenDomain", self.builder.env.get_domain("ng"))
    target, anchor = node["ng_target"], node["ng_anchor"]
    box = _preview_box(domain, self.builder, node)
    found = nodes_of(box, (*FOLDER_PATHS, nodes.math, nodes.math_block))
    per_folder = any(isinstance(n, FOLDER_PATHS) for n in found)
    rendered.math[target, anchor] = any(isinstance(n, nodes.math | nodes.math_block) for n in found)
    self.builder.post_process_images(box)  # preview images get their output paths

    def write_rest() -> None:
        for child in box.children[1:]:
            child.walkabout(self)
        self.dispatch_departure(box)

    folder = self.builder.imgpath if per_folder else ""
    body = rendered.bodies[target, anchor, folder] = captured_html(self, write_rest)
    rendered.per_folder[target, anchor] = per_folder
    rendered.titles[target, anchor] = box[0].astext()
    return body


def declare_math(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object
) -> None:
    """On ``html-page-context``, before ``sphinx.ext.mathjax``: previews with math need it.

    The math renderer learns that a page has math from the writer's math visitors; a
    preview written from the cache (made for an earlier page) does not pass through
    them, and its formulas would stay TeX source on pages without math of their own.
    """
    rendered = _rendered_previews.get(app.builder)
    if rendered is not None and pagename in rendered.pages_with_math:
        context["has_maths_elements"] = True


def _rendered_head(self: HTML5Translator, box: nodes.container) -> str:
    """Return the HTML of the box's opening tag and its title line."""

    def write_head() -> None:
        self.dispatch_visit(box)
        box[0].walkabout(self)

    return captured_html(self, write_head)


def _preview_head(title: str, uri: str) -> nodes.container:
    """Return a preview's box holding only its title line, linked to *uri*."""
    box = nodes.container(classes=["ng-preview-content"])
    heading = nodes.paragraph(classes=["ng-preview-title"])
    heading += nodes.reference("", title, internal=True, refuri=uri)
    box += heading
    return box


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
    box = _preview_head(_title(domain, target_doc, section), node["ng_uri"])
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
    app.connect("html-page-context", declare_math, priority=400)
