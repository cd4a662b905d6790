"""Generated pages for HTML builders: one page per tag, a tag overview, a note index.

Pages are made on ``html-collect-pages`` from the domain's data, rendered by the
builder's own HTML writer into the theme's ``page.html`` layout, and fed to the search
index. Nothing is written into the source directory; page names are built from slugs
(``[a-z0-9-]``) under a validated folder, so no tag name can lead outside the output.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, cast

from docutils import nodes
from markupsafe import escape
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.locale import get_translation
from sphinx.util import logging

from .domain import NoteGardenDomain, TagIndex
from .gc_tuning import collector_paused
from .note_list_html import note_list_html
from .note_lists import tag_cloud, tag_overview
from .page_cache import page_unchanged
from .paths import remove_output_files, safe_folder
from .scratch import scratch_document
from .walk import nodes_of

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)
_translate = get_translation("sphinx_notegarden")


def _(message: str) -> str:
    """Translate *message* now, as plain text (lazy proxies cannot be pickled or dumped)."""
    return str(_translate(message))


#: HTML builders that do not write extension pages (one page, or an e-book spine).
NO_PAGE_BUILDERS = frozenset({"singlehtml", "epub"})
RELATED_TAGS = 12
Page = tuple[str, dict[str, Any], str]


def writes_generated_pages(builder: Builder) -> bool:
    """Tell whether *builder* writes extension pages at all (multi-page HTML)."""
    return isinstance(builder, StandaloneHTMLBuilder) and builder.name not in NO_PAGE_BUILDERS


def pages_enabled(builder: Builder) -> bool:
    """Tell whether *builder* gets generated tag and note-index pages."""
    return bool(builder.config.notegarden_tag_pages) and writes_generated_pages(builder)


def tags_folder(builder: Builder) -> str:
    """Return the folder of the tag pages, as configured (validated)."""
    return safe_folder(builder.config.notegarden_tags_path, "tags")


def tag_page_uri(env: BuildEnvironment, builder: Builder, fromdocname: str, key: str) -> str | None:
    """Return the URI of tag *key*'s page seen from *fromdocname*, or None without pages."""
    if not pages_enabled(builder):
        return None
    info = _domain(env).tag_index().tags.get(key)
    if info is None:
        return None
    return builder.get_relative_uri(fromdocname, f"{tags_folder(builder)}/{info.slug}")


def _domain(env: BuildEnvironment) -> NoteGardenDomain:
    return cast("NoteGardenDomain", env.get_domain("ng"))


def render_page(
    builder: StandaloneHTMLBuilder, pagename: str, title: str, body: list[nodes.Node]
) -> Page:
    """Render *body* under *title* with the builder's writer, for ``page.html``.

    The page is also fed to the search index.
    """
    page = render_page_if_changed(builder, pagename, title, body, always=True)
    assert page is not None
    return page


def render_page_if_changed(
    builder: StandaloneHTMLBuilder,
    pagename: str,
    title: str,
    body: list[nodes.Node],
    *,
    always: bool = False,
) -> Page | None:
    """Like :func:`render_page`, but None when the file from the last build is still right.

    The page's title is fed to the search index on every build (Sphinx drops generated
    pages from an index it reloads); its body is not, as it only repeats the titles and
    summaries of notes that are indexed themselves, which would put every tag page next
    to the notes in search results. The page is rendered only when what it shows
    changed (see :mod:`sphinx_notegarden.page_cache`) or *always*.
    """
    heading = nodes.section(ids=["ng-generated"], classes=["ng-generated-page"])
    heading += nodes.title(title, title)
    searchable = scratch_document(pagename)
    searchable += heading
    builder.index_page(pagename, searchable, title)
    section = heading.deepcopy()
    section.extend(body)
    if page_unchanged(builder, pagename, title, body) and not always:
        return None
    # The writer numbers section titles from the builder's per-page figure numbers,
    # which only exist while a document is written; a generated page has none.
    saved = builder.__dict__.get("fignumbers")
    builder.fignumbers = {}
    try:
        html = builder.render_partial(section)["fragment"]
    finally:
        if saved is not None:
            builder.fignumbers = saved
    # Templates take "title" as HTML (Sphinx passes rendered titles): escape it here.
    context = {"title": str(escape(title)), "body": html, "ng_generated_page": True}
    # sphinx.ext.mathjax loads MathJax on pages that say they have math (a document's
    # context says so from its writer; a generated page's must say it itself).
    context["has_maths_elements"] = any(
        nodes_of(node, (nodes.math, nodes.math_block)) for node in body
    )
    return pagename, context, "page.html"


def _related(index: TagIndex, key: str) -> list[str]:
    """Return tags that share notes with *key*, most shared first (itself and kin excluded)."""
    info = index.tags[key]
    kin = {key, *info.children}
    parent = info.parent
    while parent is not None:
        kin.add(parent)
        parent = index.tags[parent].parent
    counts: Counter[str] = Counter()
    for docname in info.direct:
        counts.update(index.keys_by_note[docname] - kin)
    # The first few only: a note with thousands of tags makes thousands of candidates
    # on each of its tag pages.
    return heapq.nsmallest(
        RELATED_TAGS, counts, key=lambda other: (-counts[other], index.tags[other].name.lower())
    )


def _tag_page(builder: StandaloneHTMLBuilder, domain: NoteGardenDomain, key: str) -> Page | None:
    index = domain.tag_index()
    info = index.tags[key]
    folder = tags_folder(builder)
    pagename = f"{folder}/{info.slug}"

    def uri(other: str) -> str:
        return builder.get_relative_uri(pagename, f"{folder}/{index.tags[other].slug}")

    count = len(info.notes)
    body: list[nodes.Node] = [
        nodes.paragraph(
            "", _("%d notes") % count if count != 1 else _("1 note"), classes=["ng-tag-summary"]
        )
    ]
    if info.parent is not None:
        body.append(nodes.paragraph("", _("Part of "), tag_cloud(index, [info.parent], uri)))
    if info.children:
        body.append(nodes.rubric(_("Nested tags"), _("Nested tags")))
        body.append(tag_cloud(index, info.children, uri))
    body.append(note_list_html(domain, info.notes, builder, pagename))
    related = _related(index, key)
    if related:
        body.append(nodes.rubric(_("Related tags"), _("Related tags")))
        body.append(tag_cloud(index, related, uri))
    overview = builder.get_relative_uri(pagename, f"{folder}/index")
    body.append(
        nodes.paragraph(
            "",
            "",
            nodes.reference("", _("All tags"), internal=True, refuri=overview),
            classes=["ng-all-tags"],
        )
    )
    return render_page_if_changed(builder, pagename, _("Tag: %s") % info.name, body)


def _overview_page(builder: StandaloneHTMLBuilder, domain: NoteGardenDomain) -> Page | None:
    index = domain.tag_index()
    folder = tags_folder(builder)
    pagename = f"{folder}/index"
    keys = index.sorted_keys()

    def uri(other: str) -> str:
        return builder.get_relative_uri(pagename, f"{folder}/{index.tags[other].slug}")

    body: list[nodes.Node] = [
        nodes.paragraph("", _("%d tags") % len(keys), classes=["ng-tag-summary"]),
        tag_cloud(index, keys, uri),
        tag_overview(domain, keys, builder, pagename, uri, with_notes=False),
    ]
    return render_page_if_changed(builder, pagename, _("Tags"), body)


def _note_index_page(
    builder: StandaloneHTMLBuilder, domain: NoteGardenDomain, pagename: str
) -> Page | None:
    by_date = sorted(domain.note_data, key=lambda doc: (_date_key(domain, doc), doc))
    body: list[nodes.Node] = [note_list_html(domain, by_date, builder, pagename)]
    return render_page_if_changed(builder, pagename, _("All notes"), body)


def _date_key(domain: NoteGardenDomain, docname: str) -> tuple[int, str]:
    note = domain.note(docname)
    sort_date = note.sort_date if note else ""
    # Newest first, undated last: invert the date's characters' order via a tuple.
    return (1, "") if not sort_date else (0, "".join(chr(0x10FFFF - ord(c)) for c in sort_date))


def generated_pagenames(app: Sphinx) -> Iterator[tuple[str, str, str | None]]:
    """Yield (pagename, what it is, tag key or None) for every page to generate."""
    domain = _domain(app.env)
    folder = tags_folder(app.builder)
    index = domain.tag_index()
    if index.tags:
        yield f"{folder}/index", "the tag overview", None
        for key in index.sorted_keys():
            name = index.tags[key].name
            yield f"{folder}/{index.tags[key].slug}", f"the page of tag {name!r}", key
    note_index = app.config.notegarden_note_index
    if note_index and domain.note_data:
        yield safe_folder(note_index, "notes"), "the note index", None


def keep_in_search_index(builder: StandaloneHTMLBuilder, pagenames: set[str]) -> None:
    """Keep *pagenames* in the search index that the builder is about to write.

    Sphinx prunes its index to the project's documents just before writing it, which
    would drop generated pages. This wraps ``prune`` on this build's indexer object
    only (nothing global is patched), adding the generated pages to what is kept.
    """
    indexer = builder.indexer
    if indexer is None or not pagenames:
        return
    original = indexer.prune

    def prune(docnames: Iterable[str]) -> None:
        original(set(docnames) | pagenames)

    indexer.prune = prune  # type: ignore[method-assign]


def collect_pages(app: Sphinx) -> Iterator[Page]:
    """On ``html-collect-pages``: yield the tag pages, the tag overview and the note index."""
    builder = app.builder
    if not pages_enabled(builder):
        return
    assert isinstance(builder, StandaloneHTMLBuilder)
    domain = _domain(app.env)
    pages = [entry for entry in generated_pagenames(app) if entry[0] not in app.env.all_docs]
    keep_in_search_index(builder, {pagename for pagename, _, _ in pages})
    for pagename, what, key in generated_pagenames(app):
        if pagename in app.env.all_docs:
            logger.warning(
                "%s would be written to %r, which is a document of the project; not generated",
                what,
                pagename,
                type="notegarden",
                subtype="tags",
                location=pagename,
            )
            continue
        with collector_paused(app.config):
            if key is not None:
                page = _tag_page(builder, domain, key)
            elif what == "the tag overview":
                page = _overview_page(builder, domain)
            else:
                page = _note_index_page(builder, domain, pagename)
        if page is not None:
            yield page


def remove_stale_pages(app: Sphinx, env: BuildEnvironment) -> None:
    """On ``env-updated``: delete the output of generated pages that no longer exist.

    Sphinx deletes nothing it wrote before; a tag whose last note lost it would keep its
    page forever and an incremental build would differ from a clean one.
    """
    domain = _domain(env)
    builder = app.builder
    current = (
        sorted(pagename for pagename, _, _ in generated_pagenames(app))
        if pages_enabled(builder)
        else []
    )
    previous = domain.data.get("generated_pages", [])
    domain.data["generated_pages"] = current
    if not isinstance(builder, StandaloneHTMLBuilder):
        return
    gone = sorted(set(previous) - set(current) - set(env.all_docs))
    remove_output_files(builder.outdir, (builder.get_outfilename(page) for page in gone))
