"""Free the document tree of a written page at once, when nothing but the tree holds it.

A docutils tree is a web of reference cycles (each child points at its parent, each
node may point at its document, the document's registries point at nodes), so when a
page is written and Sphinx lets its tree go, reference counting frees none of it: only
a full collection of the whole heap does. In a one-process HTML build, the trees read
at the start are alive until their pages are written, in the oldest generation; a
1,000-note garden ran four full collections while writing pages, and three of them
(1.5 s in all, a tenth of the build) were spent to free trees that were known to be
garbage.

So, after a page is written, its tree is taken apart (:func:`free_tree`): every list
of children and the document's registries are emptied, which breaks every cycle, and
reference counting frees the tree then and there. That is only done when the tree
provably belongs to nobody else (:func:`held_only_by_itself`): every reference to every
node must be one that the tree itself accounts for (a parent's list of children, a
child's ``parent``, a node's ``document``, the document's registries of ids, names and
footnotes, and the lists that walk it here). A tree that another extension keeps, or
any node of it that something keeps, is left whole, for the collector.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from functools import partial
from itertools import chain
from operator import attrgetter, is_

from docutils import nodes
from sphinx.util.logging import get_node_location

#: References to the document from this module's own frames while it is checked: the
#: arguments of :func:`free_tree` and :func:`held_only_by_itself`.
ARGUMENT_REFERENCES = 2

_children_of = attrgetter("children")
_parent_of = attrgetter("parent")
_document_of = attrgetter("_document")
_is_element = partial(type.__instancecheck__, nodes.Element)


class _Holder:
    """An object with one attribute, to measure how ``sys.getrefcount`` counts."""

    children: list[object]


def _counted_when_held(*, by_attribute: bool) -> int:
    """Return what ``map(sys.getrefcount, ...)`` gives for an object held once.

    Held by a list, or by an attribute read with :func:`operator.attrgetter`: the
    references that the counting itself adds differ between Python versions, so they
    are measured rather than assumed.
    """
    holder = _Holder()
    holder.children = []
    if by_attribute:
        return next(map(sys.getrefcount, map(_children_of, [holder])))
    return next(map(sys.getrefcount, [object()]))


#: ``sys.getrefcount`` of an object held by one list entry, and by one attribute.
_HELD_ONCE_BY_LIST = _counted_when_held(by_attribute=False)
_HELD_ONCE_BY_ATTRIBUTE = _counted_when_held(by_attribute=True)


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


def _explained_references(document: nodes.document, found: list[nodes.Node]) -> int:
    """Count the references that the nodes in *found* and their document make to them.

    List entries, ``parent`` pointers, ``_document`` pointers and the document's
    registries, each counted only when it points at a node of *found*; at C speed
    (``sum`` over ``map``).
    """
    in_found = set(map(id, found)).__contains__
    return (
        sum(map(in_found, map(id, chain.from_iterable(map(_children_of, found)))))
        + sum(map(in_found, map(id, map(_parent_of, found))))
        + sum(map(partial(is_, document), map(_document_of, found)))
        + sum(map(in_found, map(id, _registry_nodes(document))))
    )


def _child_lists_unshared(found: list[nodes.Node]) -> bool:
    """Tell whether each element's list of children is held by that element alone."""
    lists = map(_children_of, filter(_is_element, found))
    return all(count == _HELD_ONCE_BY_ATTRIBUTE for count in map(sys.getrefcount, lists))


def held_only_by_itself(
    document: nodes.document, found: list[nodes.Node], held_elsewhere: int
) -> bool:
    """Tell whether every reference to every node in *found* comes from the tree itself.

    *found* is :func:`tree_nodes`' list for *document*, the only list of
    them that the caller holds; *held_elsewhere* is how many references to *document*
    the callers hold besides the arguments of this module's functions.

    Each reference counted as explained is a real one, so no node has more explained
    references than it has references: the totals are equal only if every node's are.
    """
    if len(set(map(id, found))) != len(found):
        return False  # a node twice in the tree: its links would be counted twice
    if not _child_lists_unshared(found):
        return False
    expected = _explained_references(document, found) + held_elsewhere + ARGUMENT_REFERENCES
    counted = sum(map(sys.getrefcount, found)) - _HELD_ONCE_BY_LIST * len(found)
    return counted == expected


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
    in_tree = set(map(id, found))
    found.extend(node for node in earlier_nodes if id(node) not in in_tree)
    earlier_nodes.clear()
    if not held_only_by_itself(document, found, held_elsewhere):
        return False
    # What is left once the lists of children and the document's registries are emptied
    # points only upwards (parent, document): no cycle, so reference counting frees it.
    for children in map(_children_of, filter(_is_element, found)):
        children.clear()
    vars(document).clear()
    return True
