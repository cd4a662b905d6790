"""Keeping link-dependent pages current on incremental builds.

Sphinx rewrites only the documents it read, unless ``env-updated`` names more. After
every read this module compares, per document, a fingerprint of what its output
depends on in *other* documents — the backlinks into it, where its own links resolve,
the content it embeds — with the fingerprint of the last build, and returns every
document whose fingerprint moved. Linear in documents plus links.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any, cast

from docutils import nodes

from .backlinks import backlinks_by_target
from .headings import heading_id
from .links import resolve_target

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from .domain import NoteGardenDomain


def _digest(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def link_fingerprints(domain: NoteGardenDomain) -> dict[str, str]:
    """Return, per document, a digest of what its output takes from other documents."""
    backlinks = backlinks_by_target(domain)
    state: dict[str, list[Any]] = {}
    for docname in domain.env.all_docs:
        state[docname] = [
            [
                (b.source, b.title, b.line, b.context, b.start, b.end)
                for b in backlinks.get(docname, [])
            ]
        ]
    for source, links in domain.links.items():
        if source not in state:
            continue
        resolved = []
        for link in links:
            target = resolve_target(domain, link, source)
            title = None
            if target is not None:
                note = domain.note(target)
                title = note.title if note else None
            anchor_id = heading_id(domain.headings.get(target or "", {}), link["anchor"])
            resolved.append((target, title, link["anchor"], anchor_id))
        state[source].append(resolved)
    return {docname: _digest(value) for docname, value in state.items()}


def pages_with_changed_links(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """On ``env-updated``: return the documents whose link-dependent output changed."""
    domain = cast("NoteGardenDomain", env.get_domain("ng"))
    current = link_fingerprints(domain)
    previous: dict[str, str] = domain.data.get("link_fingerprints", {})
    changed = sorted(doc for doc, digest in current.items() if previous.get(doc) != digest)
    domain.data["link_fingerprints"] = current
    # Embedded content changes when the embedded document is read again, and so does
    # every page that embeds it, directly or through other embeds.
    read_times = {doc: str(when) for doc, when in env.all_docs.items()}
    previous_times: dict[str, str] = domain.data.get("read_times", {})
    domain.data["read_times"] = read_times
    reread = {doc for doc, when in read_times.items() if previous_times.get(doc) != when}
    embedders = _embedders(domain, ("embed",))
    result = set(changed)
    frontier = reread
    seen = set(reread)
    while frontier:
        frontier = {source for target in frontier for source in embedders.get(target, ())} - seen
        seen |= frontier
        result |= frontier
    if env.config.notegarden_previews:
        # A page shows previews of the notes it links: it changes when what a preview
        # shows of them changes (their record, their opening), not on any edit.
        # Each note's digest is taken while it is read (domain.process_doc); compare
        # with the snapshot of the last build.
        current_digests = dict(domain.data.get("read_digests", {}))
        previous_digests: dict[str, str] = domain.data.get("preview_digests", {})
        moved = {doc for doc in reread if current_digests.get(doc) != previous_digests.get(doc)}
        domain.data["preview_digests"] = current_digests
        linkers = _embedders(domain, ("link", "doc"))
        if env.config.notegarden_preview_links == "internal":
            _add_label_linkers(env, domain, linkers)
        result |= {source for target in moved for source in linkers.get(target, ())}
    return sorted(doc for doc in result if doc in env.all_docs)


def preview_digest(
    domain: NoteGardenDomain, docname: str, limit: int, doctree: nodes.document
) -> str:
    """Return a digest of everything a preview of *docname* shows, every section included."""
    from .preview_content import preview_blocks  # it imports links, which this module uses

    note = domain.note(docname)
    parts: list[Any] = [note.as_dict() if note else None]
    for anchor in ["", *sorted(set(domain.headings.get(docname, {}).values()))]:
        section, blocks = preview_blocks(domain, docname, anchor, limit, doctree)
        # The blocks' text, read without copying them as a real preview does.
        parts.append([section, *(block.astext() for block in blocks)])
    return _digest(parts)


def _embedders(domain: NoteGardenDomain, kinds: tuple[str, ...]) -> dict[str, set[str]]:
    """Return, for each target, the documents that link it with one of *kinds*."""
    embedders: dict[str, set[str]] = {}
    for source, links in domain.links.items():
        for link in links:
            if link["kind"] in kinds:
                target = resolve_target(domain, link, source)
                if target is not None:
                    embedders.setdefault(target, set()).add(source)
    return embedders


def _add_label_linkers(
    env: BuildEnvironment, domain: NoteGardenDomain, linkers: dict[str, set[str]]
) -> None:
    """Add the documents that show a preview of a label's document to *linkers*."""
    from .previews import label_target  # previews imports links, which this module uses

    for source, labels in domain.data.get("ref_labels", {}).items():
        for label in labels:
            target = label_target(env, label)
            if target is not None:
                linkers.setdefault(target.partition("#")[0], set()).add(source)
