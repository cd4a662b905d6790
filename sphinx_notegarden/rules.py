"""Horizontal rules where Markdown allows them and docutils does not.

Obsidian notes put ``---`` anywhere: right under a heading, at the top of a note, twice
in a row, inside a callout or a list. Markdown draws a line each time; docutils
refuses a transition there and reports it ("Document or section may not begin with a
transition", "Transition must be child of <document> or <section>": ``docutils``
warnings that cannot be suppressed), once per rule (340 times in one real vault).

:class:`MarkdownRuleTransform` runs just before docutils' check (``Transitions``, 830)
and turns each transition of a Markdown document that docutils would refuse into an
:class:`ng_rule`, which every writer draws as its own transition. Rules in rST
documents, and rules docutils accepts, stay transitions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms import SphinxTransform

from .markdown_source import is_markdown
from .placeholders import WRITERS

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class ng_rule(nodes.General, nodes.Element):  # noqa: N801
    """A horizontal rule where docutils allows no transition; written as one."""


def visit_rule(translator: Any, node: ng_rule) -> None:
    """Write the rule as the writer writes a transition."""
    translator.visit_transition(node)


def depart_rule(translator: Any, node: ng_rule) -> None:
    """Close the rule as the writer closes a transition."""
    depart = getattr(translator, "depart_transition", None)
    if depart is not None:
        depart(node)


def refused(transition: nodes.transition) -> bool:
    """Tell whether docutils' ``Transitions`` check would refuse *transition* where it is.

    As ``docutils.transforms.misc.Transitions`` (0.22) decides: outside a section or
    the document (in a quote, a list item, a callout), first in its section or right
    under its title, next to another rule (also once moved up from the end of its
    section), or last in the document.
    """
    parent = transition.parent
    if parent is None:
        return False
    if not isinstance(parent, (nodes.document, nodes.section)):
        return True
    index = parent.index(transition)
    before = parent[index - 1] if index else None
    opening = (nodes.title, nodes.subtitle, nodes.meta, nodes.decoration)
    if before is None or isinstance(before, opening):
        return True
    if isinstance(before, (nodes.transition, ng_rule)):
        return True
    node: nodes.Node = transition
    while node.parent is not None and node.parent.index(node) == len(node.parent) - 1:
        node = node.parent
    if node.parent is None:
        return True  # nothing follows it in the whole document
    # Last in its section, it is moved up to follow the section, next to what follows
    # that: refused if that is a rule too (MyST's rule before the footnotes, say).
    following = node.parent[node.parent.index(node) + 1]
    return node is not transition and isinstance(following, (nodes.transition, ng_rule))


class MarkdownRuleTransform(SphinxTransform):
    """Keep the rules of Markdown documents that docutils would refuse, without a warning."""

    default_priority = 829  # just before docutils' Transitions (830)

    def apply(self, **kwargs: Any) -> None:
        """Replace refused transitions by rules, in document order."""
        if not is_markdown(self.env, self.env.docname):
            return
        for transition in list(self.document.findall(nodes.transition)):
            if refused(transition):
                rule = ng_rule(classes=list(transition["classes"]))
                rule.source, rule.line = transition.source, transition.line
                transition.replace_self(rule)


def setup_rules(app: Sphinx) -> None:
    """Register the rule node for every writer, and the transform."""
    visitors: dict[str, Any] = dict.fromkeys(WRITERS, (visit_rule, depart_rule))
    app.add_node(ng_rule, **visitors)
    app.add_transform(MarkdownRuleTransform)
