"""Numbers into titles and references, when a document is written.

A post-transform that runs after embeds are expanded (5) and before Sphinx resolves
references (10), for every builder:

- a numbered callout's title becomes "Theorem 3 (Title)", or "Theorem 3" when no title
  was written; for LaTeX the callout is only marked, and amsthm draws the heading;
- ``{ref}`` without a text shows "Theorem 3"; ``{numref}`` is resolved here, with
  ``%s`` (or ``{number}``, ``{name}``) in its text, or ``numfig_format[kind]``, or
  "Theorem %s"; a ``[[Note#^id]]`` or MyST ``[](#label)`` without a text shows
  "Theorem 3".
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from docutils import nodes
from sphinx import addnodes
from sphinx.errors import NoUri
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

from .callout_kinds import PROOF_KIND
from .callouts import ng_callout, ng_callout_title
from .config import kind_registry
from .headings import last_heading
from .theorem_collector import label_place, myst_target, resolve_block
from .theorem_latex import environment_name
from .theorems import TheoremStore, theorem_settings
from .written_trees import location_of

if TYPE_CHECKING:
    from .domain import NoteGardenDomain

logger = logging.getLogger(__name__)


class TheoremNumberTransform(SphinxPostTransform):
    """Show callout numbers in titles and in the references that point at them."""

    default_priority = 6

    def is_supported(self) -> bool:
        """Run only when numbering is on."""
        return theorem_settings(self.config).enabled

    def run(self, **kwargs: Any) -> None:
        """Put numbers into the titles of callouts, then into references."""
        self.store = TheoremStore(self.env)
        self.registry = kind_registry(self.config)
        self.builder = self.env._app.builder  # as Sphinx's own ReferencesResolver gets it
        latex = self.builder.format == "latex"
        for node in self.document.findall(ng_callout):
            self._number_callout(node, latex)
        for reference in self.document.findall(nodes.reference):
            self._local_myst_link(reference)
        for xref in list(self.document.findall(addnodes.pending_xref)):
            domain, reftype = xref.get("refdomain"), xref.get("reftype")
            if domain == "std" and reftype == "ref" and not xref.get("refexplicit"):
                self._ref(xref)
            elif domain == "std" and reftype == "numref":
                self._numref(xref)
            elif domain == "ng" and reftype == "note" and not xref.get("refexplicit"):
                self._note_link(xref)
            elif reftype == "myst" and not xref.get("refexplicit"):
                self._myst_link(xref)

    def label(self, kind: str) -> str:
        """Return the label of *kind* ("Theorem")."""
        found = self.registry.kinds.get(kind)
        return found.label if found is not None else kind.capitalize()

    def _number_callout(self, node: ng_callout, latex: bool) -> None:
        title = node[0] if node.children else None
        if not isinstance(title, ng_callout_title):
            return
        label = self.label(node["kind"])
        titled = not node.get("default_title") and title.astext().strip().lower() != label.lower()
        node["ng_titled"] = titled
        if node["kind"] == PROOF_KIND:
            if latex:
                node["ng_env"] = "proof"
            return
        if "ng_theorem_doc" not in node:
            return
        found = self.store.number(node["ng_theorem_doc"], node["ng_theorem_index"])
        if found is None:
            return
        node["ng_number"] = found[1]
        if latex:
            node["ng_env"] = environment_name(node["kind"])
            return
        text = f"{label} {found[1]}"
        heading: list[nodes.Node] = [nodes.inline(text, text, classes=["ng-theorem-number"])]
        if titled:
            heading += [nodes.Text(" ("), *title.children, nodes.Text(")")]
        del title[:]
        title += heading

    def _ref(self, xref: addnodes.pending_xref) -> None:
        std = self.env.domains.standard_domain
        label = std.labels.get(xref["reftarget"])
        found = self.store.find(label[0], label[1]) if label else None
        if found is None:
            return
        text = f"{self.label(found[0])} {found[1]}"
        xref["refexplicit"] = True
        del xref[:]
        xref += nodes.inline(text, text)

    def _numref(self, xref: addnodes.pending_xref) -> None:
        std = self.env.domains.standard_domain
        target = xref["reftarget"]
        label = std.labels.get(target)
        place = (label[0], label[1]) if label else std.anonlabels.get(target)
        found = self.store.find(*place) if place else None
        if place is None or found is None:
            return
        kind, number = found
        default = self.config.numfig_format.get(kind) or f"{self.label(kind)} %s"
        form = xref.astext() if xref.get("refexplicit") else default
        try:
            if "{name}" in form or "{number}" in form:
                text = form.format(name=label[2] if label else "", number=number)
            else:
                text = form % number
        except (KeyError, IndexError, ValueError, TypeError):
            logger.warning(
                "bad {numref} text %r for a numbered callout; use %%s or {number}",
                form,
                type="notegarden",
                subtype="theorems",
                location=location_of(xref),
            )
            form, text = default, default % number
        fromdocname = xref.get("refdoc") or self.env.docname
        try:
            reference = std.build_reference_node(
                fromdocname,
                self.builder,
                place[0],
                place[1],
                text,
                "numref",
                # Text, man and texinfo print a number_reference's format, not its number.
                node_class=addnodes.number_reference
                if self.builder.format in ("html", "latex")
                else nodes.reference,
                title=form,
            )
        except NoUri:
            xref.replace_self(nodes.inline(text, text))
            return
        xref.replace_self(reference)

    def _note_link(self, xref: addnodes.pending_xref) -> None:
        anchor = str(xref.get("ng_anchor", ""))
        if "^" not in anchor or not xref.children:
            return
        domain = cast("NoteGardenDomain", self.env.get_domain("ng"))
        fromdocname = xref.get("ng_from") or xref.get("refdoc") or self.env.docname
        block = resolve_block(domain, fromdocname, xref["reftarget"], last_heading(anchor))
        found = self.store.find(*block) if block and block[1] else None
        if found is None:
            return
        text = f"{self.label(found[0])} {found[1]}"
        inner = xref[0]
        if isinstance(inner, nodes.Element):
            del inner[:]
            inner += nodes.Text(text)

    def _myst_link(self, xref: addnodes.pending_xref) -> None:
        """Show the number in ``[](#label)`` and ``[](note.md#label)`` written without text."""
        place = label_place(self.env.domains.standard_domain, *myst_target(xref))
        found = self.store.find(*place) if place else None
        inner = xref[0] if xref.children else None
        if found is None or not isinstance(inner, nodes.Element):
            return
        xref["refexplicit"] = True  # MyST then shows the inline's children
        del inner[:]
        inner += nodes.Text(f"{self.label(found[0])} {found[1]}")

    def _local_myst_link(self, reference: nodes.reference) -> None:
        """Show the number in a local ``[](#label)``, which MyST wrote as "#label"."""
        target = self.document.ids.get(reference.get("refid", ""))
        text = reference.astext()
        if not isinstance(target, ng_callout) or "ng_number" not in target:
            return
        if not text.startswith("#") or text[1:] not in (*target["names"], *target["ids"]):
            return
        inner = reference[0] if len(reference.children) == 1 else None
        if isinstance(inner, nodes.Element):
            del inner[:]
            inner += nodes.Text(f"{self.label(target['kind'])} {target['ng_number']}")
