"""Links between documents: recorded while reading, resolved while writing.

While a document is read, every note link (wikilink, ``{note}``, embed) and every
ordinary document link (MyST ``[x](note.md)``, ``{doc}``, ``:doc:``) is recorded as
plain data with its line and the sentence around it. Targets are resolved only when
writing, when every title and alias is known; that is also when unresolved links are
reported or sent to stub pages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from docutils import nodes
from sphinx import addnodes
from sphinx.util import docname_join, logging
from sphinx.util.nodes import make_refnode

from .attachments import has_file_suffix, is_attachment
from .domain import tag_key
from .headings import heading_id, last_heading
from .link_context import FlatBlock, link_context
from .link_index import RANK_NAMES, link_key
from .walk import nodes_of
from .wikilinks import ng_embed
from .written_trees import location_of

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from .domain import NoteGardenDomain

logger = logging.getLogger(__name__)

UNRESOLVED_MODES = ("warn", "stub", "ignore")


def _ancestors(node: nodes.Node) -> list[nodes.Node]:
    found = []
    while node.parent is not None:
        node = node.parent
        found.append(node)
    return found


def _record(
    node: nodes.Element,
    kind: str,
    target: str,
    anchor: str,
    resolved: bool,
    blocks: dict[int, FlatBlock],
) -> dict[str, Any]:
    context = link_context(node, blocks)
    # The link's own line, not its paragraph's: warnings written later point at it.
    node.line = context.line or node.line
    if node.source is None:
        node.source = next((a.source for a in _ancestors(node) if a.source), None)
    return {
        "kind": kind,
        "target": target,
        "anchor": anchor,
        "resolved": resolved,
        "line": context.line,
        "context": context.text,
        "start": context.start,
        "end": context.end,
        "math": [list(span) for span in context.math],
    }


def collect_links(docname: str, document: nodes.document) -> list[dict[str, Any]]:
    """Return every note link and document link of *document*, in document order."""
    links: list[dict[str, Any]] = []
    blocks: dict[int, FlatBlock] = {}  # each block with links, flattened once
    for node in nodes_of(document, (addnodes.pending_xref, ng_embed)):
        if isinstance(node, ng_embed):
            page, _, anchor = node["target"].partition("#")
            links.append(
                _record(
                    node, "embed", page.strip() or docname, anchor.strip(), not page.strip(), blocks
                )
            )
            continue
        domain, kind = node.get("refdomain"), node.get("reftype")
        if domain == "ng" and kind == "note":
            target = node["reftarget"]
            links.append(
                _record(
                    node, "link", target or docname, node.get("ng_anchor", ""), not target, blocks
                )
            )
        elif domain == "std" and kind == "doc":
            target = (
                docname_join(docname, node["reftarget"])
                if not node["reftarget"].startswith("/")
                else node["reftarget"].lstrip("/")
            )
            links.append(_record(node, "doc", target, "", True, blocks))
        elif domain == "doc" and kind == "myst":
            links.append(
                _record(node, "doc", node["reftarget"], node.get("reftargetid") or "", True, blocks)
            )
    for order, link in enumerate(links):
        link["order"] = order
    return links


#: References to a footnote or citation of the page they stand on.
FOOTNOTE_REFERENCES = (nodes.footnote_reference, nodes.citation_reference)


def unlink_footnote_reference(reference: nodes.Element) -> None:
    """Show a note's footnote marker copied to another page as its number, unlinked.

    Previews and embeds copy a note's text but not its footnotes: the marker's link
    would go to nothing on that page, or to the page's own footnote of the same name.
    """
    reference.replace_self(nodes.superscript("", reference.astext()))


def resolve_target(domain: NoteGardenDomain, link: dict[str, Any], source: str) -> str | None:
    """Return the docname a link recorded in *source* points at, or None if nothing matches."""
    if link["resolved"]:
        return str(link["target"]) if link["target"] in domain.env.all_docs else None
    return domain.link_index().resolve(link["target"], source)


def anchors_by_target(domain: NoteGardenDomain, kinds: tuple[str, ...]) -> dict[str, set[str]]:
    """Return, for each document, the anchors that recorded links of *kinds* give it.

    Anchors as written (``""`` for a link to the whole note), targets resolved as the
    link resolvers resolve them.
    """
    anchors: dict[str, set[str]] = {}
    for source, records in domain.links.items():
        for link in records:
            if link["kind"] in kinds:
                target = resolve_target(domain, link, source)
                if target is not None:
                    anchors.setdefault(target, set()).add(link["anchor"])
    return anchors


def mark_note_targets(reference: nodes.Element, docname: str, target_id: str) -> None:
    """Record on a resolved reference which note (and section) it points at (for previews)."""
    reference["ng_preview"] = f"{docname}#{target_id}" if target_id else docname


def resolve_note_xref(
    domain: NoteGardenDomain,
    builder: Builder,
    fromdocname: str,
    target: str,
    node: addnodes.pending_xref,
    contnode: nodes.Element,
) -> nodes.Element:
    """Resolve a note reference: a link, or the unresolved form chosen by the config."""
    # The note the link is written in decides between notes that share a name (an
    # embedded note's links are resolved on the embedding page).
    source = str(node.get("ng_from") or fromdocname)
    docname = domain.link_index().resolve(target, source) if target else fromdocname
    if docname is None and target.lower().startswith("tags/"):
        # Quartz writes links to tag pages as [[tags/name]]: they go to ours.
        from .tag_pages import tag_page_uri

        uri = tag_page_uri(domain.env, builder, fromdocname, tag_key(target[5:]))
        if uri is not None:
            return nodes.reference("", "", contnode, internal=True, refuri=uri)
    if docname is None:
        return unresolved(domain, builder, fromdocname, target, node, contnode)
    anchor = last_heading(node.get("ng_anchor", ""))
    target_id = ""
    if anchor:
        target_id = heading_id(domain.headings.get(docname, {}), anchor) or ""
        if not target_id and not node.get("ng_embedded") and _first_on_line(node, anchor):
            logger.warning(
                "no %s %r in %r; the link goes to the note",
                "block" if anchor.startswith("^") else "heading",
                anchor,
                docname,
                type="notegarden",
                subtype="links",
                location=location_of(node),
            )
    reference = make_refnode(builder, fromdocname, docname, target_id, contnode)
    mark_note_targets(reference, docname, target_id)
    return reference


def _first_on_line(node: nodes.Element, what: str) -> bool:
    """Tell whether *node* is the first link of its line with this problem, in its page.

    The same missing note or heading linked twice on one line is one mistake: it gets
    one warning. Kept on the document being resolved, so each build warns afresh.
    """
    root: nodes.Node = node
    while root.parent is not None:
        root = root.parent
    seen: set[tuple[int | None, str, str]] = root.__dict__.setdefault("_ng_warned_links", set())
    key = (node.line, node.get("reftarget", ""), what)
    if key in seen:
        return False
    seen.add(key)
    return True


def unresolved(
    domain: NoteGardenDomain,
    builder: Builder,
    fromdocname: str,
    target: str,
    node: addnodes.pending_xref,
    contnode: nodes.Element,
) -> nodes.Element:
    """Return the text of a link to a missing note: styled, and warned or stubbed."""
    from .stubs import stub_page_uri  # stubs needs this module

    mode = builder.config.notegarden_unresolved
    if mode == "stub":
        uri = stub_page_uri(domain.env, builder, fromdocname, target)
        if uri is not None:
            reference = nodes.reference("", "", contnode, internal=True, refuri=uri)
            reference["classes"] += ["ng-unresolved", "ng-stub-link"]
            return reference
    elif mode != "ignore" and not node.get("ng_embedded") and _first_on_line(node, target):
        # A link to a file (a PDF, a picture) that is not in the vault names no note.
        file_like = is_attachment(target) or has_file_suffix(target)
        what = "no attachment or note" if file_like else "no note"
        logger.warning(
            "unresolved note link %r: %s has this title, alias or file name",
            target,
            what,
            type="notegarden",
            subtype="unresolved",
            location=location_of(node),
        )
    return nodes.inline("", "", contnode, classes=["ng-unresolved"])


def names_folder_or_tag(domain: NoteGardenDomain, link: dict[str, Any]) -> bool:
    """Tell whether an unresolved *link* names a vault folder or a tag (``[[tags/x]]``).

    Such links go to generated pages (or become text), so they are not missing notes.
    """
    if link["kind"] != "link" or link["anchor"]:
        return False
    from .folder_pages import find_folder  # folder_pages imports this module's neighbours

    target = str(link["target"])
    if find_folder(domain, target) is not None:
        return True
    return target.lower().startswith("tags/") and tag_key(target[5:]) in domain.tag_index().tags


def unresolved_targets(
    domain: NoteGardenDomain, env: BuildEnvironment
) -> dict[str, list[tuple[str, dict[str, Any]]]]:
    """Return ``{link key: [(source docname, link), ...]}`` for links nothing resolves."""
    missing: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for source in sorted(domain.links):
        for link in domain.links[source]:
            if link["kind"] == "doc" or resolve_target(domain, link, source) is not None:
                continue
            if names_folder_or_tag(domain, link):
                continue
            missing.setdefault(link_key(link["target"]), []).append((source, link))
    return missing


def warn_link_clashes(app: Sphinx, env: BuildEnvironment) -> None:
    """On ``env-check-consistency``: notes sharing a title or alias that a link names.

    Obsidian links notes by file name, and so do most links in a vault; two notes that
    share a title (two "Example 2"s) trouble no link that does not use the title, so
    only clashes that some link's text names are reported, with the note that wins.
    """
    domain = cast("NoteGardenDomain", env.get_domain("ng"))
    named = {
        link_key(link["target"])
        for records in domain.links.values()
        for link in records
        if link["kind"] != "doc" and not link["resolved"]
    }
    for clash in domain.link_index().clashes:
        if clash.key not in named:
            continue
        winner, *others = clash.docnames
        logger.warning(
            "notes %s share the %s %r; links to it go to %r",
            ", ".join(repr(doc) for doc in clash.docnames),
            RANK_NAMES[clash.rank],
            clash.key,
            winner,
            type="notegarden",
            subtype="links",
            location=(others[0], 1),
        )
