"""Stub pages: with ``notegarden_unresolved = "stub"``, each missing note gets a page.

The page lists the notes that want the missing one, each with the sentence around its
link — the "stub problem" made visible. Pages are generated into the output (never the
source directory) under a validated folder, named by slugs that stay inside it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, cast

from docutils import nodes
from sphinx.builders.html import StandaloneHTMLBuilder

from .backlinks import Backlink, context_paragraph
from .links import unresolved_targets
from .note_lists import doc_link
from .paths import safe_folder
from .slugs import assign_slugs
from .tag_pages import Page, _, keep_in_search_index, pages_enabled, render_page_if_changed

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from .domain import NoteGardenDomain

from .link_index import link_key


def _domain(env: BuildEnvironment) -> NoteGardenDomain:
    return cast("NoteGardenDomain", env.get_domain("ng"))


def stubs_enabled(builder: Builder) -> bool:
    """Tell whether this build makes stub pages."""
    return builder.config.notegarden_unresolved == "stub" and pages_enabled(builder)


def stub_slugs(domain: NoteGardenDomain) -> dict[str, str]:
    """Return ``{link key: slug}`` for every unresolved target (cached per build)."""
    cache = domain.backlink_cache_stubs
    if cache is None:
        keys = unresolved_targets(domain, domain.env)
        cache = assign_slugs(keys, prefix="stub").slugs
        domain.backlink_cache_stubs = cache
    return cache


def stub_page_uri(
    env: BuildEnvironment, builder: Builder, fromdocname: str, target: str
) -> str | None:
    """Return the URI of the stub page for *target*, or None without stub pages."""
    if not stubs_enabled(builder):
        return None
    slug = stub_slugs(_domain(env)).get(link_key(target))
    if slug is None:
        return None
    folder = safe_folder(builder.config.notegarden_stubs_path, "stubs")
    return builder.get_relative_uri(fromdocname, f"{folder}/{slug}")


def collect_stub_pages(app: Sphinx) -> Iterator[Page]:
    """On ``html-collect-pages``: one page per missing note."""
    builder = app.builder
    if not stubs_enabled(builder):
        return
    assert isinstance(builder, StandaloneHTMLBuilder)
    domain = _domain(app.env)
    folder = safe_folder(app.config.notegarden_stubs_path, "stubs")
    slugs = stub_slugs(domain)
    missing = unresolved_targets(domain, app.env)
    pagenames = {f"{folder}/{slugs[key]}" for key in missing} - set(app.env.all_docs)
    keep_in_search_index(builder, pagenames)
    for key in sorted(missing):
        pagename = f"{folder}/{slugs[key]}"
        if pagename not in pagenames:
            continue
        wanted_by = missing[key]
        title = wanted_by[0][1]["target"]
        body: list[nodes.Node] = [
            nodes.paragraph(
                "",
                _("This note does not exist yet. These notes link to it:"),
                classes=["ng-stub-summary"],
            )
        ]
        items = nodes.bullet_list(classes=["ng-backlink-list"])
        for source, link in wanted_by:
            note = domain.note(source)
            source_title = note.title if note else source
            item = nodes.list_item()
            item += nodes.paragraph("", "", doc_link(builder, pagename, source, source_title))
            item += context_paragraph(Backlink.from_link(source, source_title, link))
            items += item
        body.append(items)
        page = render_page_if_changed(builder, pagename, _("Missing note: %s") % title, body)
        if page is not None:
            yield page
