"""Collecting numbered callouts while reading, and renumbering after every read.

The collector records, per document, its numbered callouts and the references that
show a number; once all documents are read (``env-get-updated``, after Sphinx has set
section numbers) it numbers everything again and returns the documents whose shown
numbers moved, so incremental builds rewrite them. See :mod:`sphinx_notegarden.theorems`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Set
from typing import TYPE_CHECKING, Any, cast

from docutils import nodes
from sphinx import addnodes
from sphinx.environment.collectors import EnvironmentCollector

from .callouts import ng_callout
from .headings import last_heading
from .link_index import link_key
from .theorems import (
    DIGESTS,
    NUMBERS,
    TheoremStore,
    number_theorems,
    site_order,
    theorem_settings,
)
from .walk import nodes_of
from .wikilinks import ng_embed

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.domains.std import StandardDomain
    from sphinx.environment import BuildEnvironment

    from .domain import NoteGardenDomain


def _digest(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


class TheoremCollector(EnvironmentCollector):
    """Record numbered callouts and number-showing references; number them after reading."""

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        """Forget what *docname* contributed (its numbers are recomputed after reading)."""
        store = TheoremStore(env)
        store.records.pop(docname, None)
        store.references.pop(docname, None)

    def merge_other(
        self, app: Sphinx, env: BuildEnvironment, docnames: Set[str], other: BuildEnvironment
    ) -> None:
        """Take over what a parallel reader recorded for *docnames*."""
        store, theirs = TheoremStore(env), TheoremStore(other)
        for docname in docnames:
            if docname in theirs.records:
                store.records[docname] = theirs.records[docname]
            if docname in theirs.references:
                store.references[docname] = theirs.references[docname]

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        """Record the numbered callouts and the number-showing references of a document."""
        settings = theorem_settings(app.config)
        if not settings.enabled:
            return
        store = TheoremStore(app.env)
        docname = app.env.docname
        records: list[dict[str, Any]] = []
        for node in doctree.findall(ng_callout):
            if node["kind"] in settings.kinds:
                node["ng_theorem_doc"] = docname
                node["ng_theorem_index"] = len(records)
                records.append({"kind": node["kind"], "ids": list(node["ids"])})
        if records:
            store.records[docname] = records
        references = _references(doctree)
        if references:
            store.references[docname] = references

    def get_updated_docs(self, app: Sphinx, env: BuildEnvironment) -> list[str]:
        """Renumber every callout; return the documents whose shown numbers changed."""
        store = TheoremStore(env)
        settings = theorem_settings(env.config)
        if not settings.enabled:
            store.data[NUMBERS], store.data[DIGESTS] = {}, {}
            return []
        order = sorted(env.all_docs) if settings.mode == "note" else site_order(env)
        note_numbers: dict[str, tuple[int, ...]] = {}
        if settings.note_number:
            for docname, secnumbers in env.toc_secnumbers.items():
                if secnumbers.get(""):
                    note_numbers[docname] = tuple(secnumbers[""])
        store.data[NUMBERS] = number_theorems(store.records, order, settings, note_numbers)
        current = shown_numbers(store)
        previous: dict[str, str] = store.data.get(DIGESTS, {})
        store.data[DIGESTS] = current
        changed = {
            doc for doc in current.keys() | previous.keys() if current.get(doc) != previous.get(doc)
        }
        return sorted(doc for doc in changed if doc in env.all_docs)


def _references(doctree: nodes.document) -> list[list[str]]:
    """Return the references of *doctree* that may show a callout's number."""
    found: list[list[str]] = []
    for element in nodes_of(doctree, (addnodes.pending_xref, ng_embed)):
        if isinstance(element, ng_embed):
            page, _, anchor = str(element["target"]).partition("#")
            found.append(["embed", page.strip(), anchor.strip()])
        elif element.get("refdomain") == "std" and element.get("reftype") in ("ref", "numref"):
            found.append(["label", str(element["reftarget"]), ""])
        elif element.get("reftype") == "myst":
            found.append(["myst", *myst_target(element)])
        elif element.get("refdomain") == "ng" and element.get("reftype") == "note":
            anchor = last_heading(str(element.get("ng_anchor", "")))
            if anchor.startswith("^"):
                found.append(["note", str(element["reftarget"]), anchor])
    return found


def myst_target(xref: nodes.Element) -> tuple[str, str]:
    """Return (docname or "", label or id) of a MyST link: ``[](#label)``, ``[](note.md#id)``."""
    if xref.get("refdomain") == "doc":
        return str(xref["reftarget"]), str(xref.get("reftargetid") or "")
    return "", str(xref["reftarget"]).lower()


def label_place(std: StandardDomain, docname: str, name: str) -> tuple[str, str] | None:
    """Return (docname, id) of the label or id *name*, in *docname* when one is given."""
    label = std.labels.get(name) or std.anonlabels.get(name)
    if label and (not docname or label[0] == docname):
        return label[0], label[1]
    return (docname, name) if docname and name else None


def resolve_block(
    domain: NoteGardenDomain, fromdocname: str, target: str, anchor: str
) -> tuple[str, str] | None:
    """Return (docname, node id) that ``[[target#anchor]]`` points at, as links resolve it."""
    docname = domain.link_index().resolve(target, fromdocname) if target else fromdocname
    if docname is None:
        return None
    node_id = domain.headings.get(docname, {}).get(link_key(anchor)) if anchor else ""
    return docname, node_id or ""


def shown_numbers(store: TheoremStore) -> dict[str, str]:
    """Return, per document, a digest of every callout number its pages show."""
    env = store.env
    domain = cast("NoteGardenDomain", env.get_domain("ng"))
    std = env.domains.standard_domain
    digests: dict[str, str] = {}
    for docname in store.records.keys() | store.references.keys():
        shown: list[Any] = [[store.records.get(docname, []), store.numbers.get(docname, [])]]
        for kind, target, anchor in store.references.get(docname, []):
            if kind in ("label", "myst"):
                place = label_place(std, target if kind == "myst" else "", anchor or target)
                shown.append([*place, store.find(*place)] if place else None)
                continue
            block = resolve_block(domain, docname, target, anchor)
            if block is None:
                shown.append(None)
            elif kind == "embed":
                shown.append([store.records.get(block[0]), store.numbers.get(block[0])])
            else:
                shown.append([*block, store.find(*block)])
        digests[docname] = _digest(shown)
    return digests
