"""Free the document tree of a written page at once, when nothing but the tree holds it.

A docutils tree is a web of reference cycles (each child points at its parent, each
node may point at its document, the document's registries point at nodes), so when a
page is written and Sphinx lets its tree go, reference counting frees none of it: only
a full collection of the whole heap does. In a one-process HTML build, the trees read
at the start are alive until their pages are written, in the oldest generation; a
1,000-note garden ran four full collections while writing pages, and three of them
(1.5 s in all, a tenth of the build) were spent to free trees that were known to be
garbage.

So, after a page is written, its tree is taken apart (:func:`free_tree`): every node's
attributes are dropped, which breaks every cycle, and reference counting frees the
tree then and there. That is only done when the tree provably belongs to nobody else
(:func:`held_only_by_itself`): every reference to every node must be one that the
tree itself accounts for (a parent's list of children, a child's ``parent``, a node's
``document``, the document's registries of ids, names and footnotes, and the lists that
walk it here). A tree that another extension keeps, or any node of it that something
keeps, is left whole, for the collector.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterable

from docutils import nodes
from sphinx.util.logging import get_node_location

#: References to each node that :func:`held_only_by_itself` makes while it counts: the
#: list of the tree's nodes, the loop variable, and ``sys.getrefcount``'s argument.
COUNTING_REFERENCES = 3
#: References to a list of children while it is checked: the node's attribute and
#: ``sys.getrefcount``'s argument.
CHILD_LIST_REFERENCES = 2
#: References to the document from this module's own frames while it is checked: the
#: arguments of :func:`free_tree` and :func:`held_only_by_itself`.
ARGUMENT_REFERENCES = 2


def location_of(node: nodes.Node) -> str | None:
    """Return *node*'s place (``path:line``) for a warning raised while pages are written.

    Sphinx holds such warnings until every page is written; given the node itself as
    the location, each would keep the node's tree, which then could not be freed. The
    text is the one Sphinx would make of the node.
    """
    return get_node_location(node)


def tree_nodes(document: nodes.document) -> list[nodes.Node]:
    """Return every node of *document*'s tree, the document first, text nodes included."""
    found: list[nodes.Node] = []
    stack: list[nodes.Node] = [document]
    while stack:
        node = stack.pop()
        found.append(node)
        if isinstance(node, nodes.Element):
            stack.extend(node.children)
    return found


def _registry_nodes(document: nodes.document) -> Iterable[nodes.Node]:
    """Yield each node that the document's own registries refer to, once per reference.

    The registries are attributes of the document holding nodes, lists of nodes, or
    dictionaries whose values are nodes or lists of nodes (``ids``, ``refnames``,
    ``footnotes``, ``substitution_defs``...). The tree's own links (``children``,
    ``parent``, ``_document``) are counted apart.
    """
    for name, value in vars(document).items():
        if name in ("children", "parent", "_document"):
            continue
        values = value.values() if isinstance(value, dict) else (value,)
        for item in values:
            if isinstance(item, nodes.Node):
                yield item
            elif isinstance(item, list):
                yield from (entry for entry in item if isinstance(entry, nodes.Node))


def _explained_references(document: nodes.document, found: list[nodes.Node]) -> Counter[int]:
    """Count, by ``id``, the references to the nodes in *found* that the tree makes."""
    explained: Counter[int] = Counter()
    for node in found:
        parent = node.parent
        if parent is not None:
            explained[id(parent)] += 1  # the node's pointer to its parent
        if isinstance(node, nodes.Element):
            for child in node.children:
                explained[id(child)] += 1  # the parent's list entry
        own_document = vars(node).get("_document")
        if own_document is not None:
            explained[id(own_document)] += 1
    for registered in _registry_nodes(document):
        explained[id(registered)] += 1
    return explained


def _child_lists_unshared(found: list[nodes.Node]) -> bool:
    """Tell whether each element's list of children is held by that element alone."""
    return all(
        sys.getrefcount(node.children) == CHILD_LIST_REFERENCES
        for node in found
        if isinstance(node, nodes.Element)
    )


def held_only_by_itself(
    document: nodes.document, found: list[nodes.Node], held_elsewhere: int
) -> bool:
    """Tell whether every reference to every node in *found* comes from the tree itself.

    *found* is :func:`tree_nodes`' list for *document*, the only list of them that the
    caller holds; *held_elsewhere* is how many references to *document* the callers
    hold besides the arguments of this module's functions.
    """
    if not _child_lists_unshared(found):
        return False
    explained = _explained_references(document, found)
    explained[id(document)] += held_elsewhere + ARGUMENT_REFERENCES
    return all(sys.getrefcount(node) - COUNTING_REFERENCES == explained[id(node)] for node in found)


def free_tree(
    document: nodes.document, earlier_nodes: list[nodes.Node], held_elsewhere: int = 1
) -> bool:
    """Take *document*'s tree apart if nothing outside it holds any of it.

    *earlier_nodes* are the tree's nodes as they were before the page was resolved
    (:func:`tree_nodes` then); those that resolving took out of the tree still point
    into it (``parent``) and are taken apart with it. The list is emptied. Return whether
    the tree was freed. *held_elsewhere* is how many references to *document* the
    caller holds (and drops afterwards), the argument here aside.
    """
    found = tree_nodes(document)
    in_tree = {id(node) for node in found}
    found.extend(node for node in earlier_nodes if id(node) not in in_tree)
    earlier_nodes.clear()
    if not held_only_by_itself(document, found, held_elsewhere):
        return False
    for node in found:
        vars(node).clear()
    return True
