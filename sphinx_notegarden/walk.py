"""Every node of some classes in a tree, in document order, as a list.

``Node.findall`` nests one generator per level of the tree, and with a function as
condition (the only way to ask for two classes) it calls that function on every node.
The transforms of this package walk every document many times, so the few walks that
want two classes, or want the list anyway, use :func:`nodes_of`: one loop over a
stack, about twice as fast as ``findall`` on real notes and faster still than a
condition function.
"""

from __future__ import annotations

from typing import TypeVar

from docutils import nodes

N = TypeVar("N", bound=nodes.Node)


def nodes_of(root: nodes.Node, classes: type[N] | tuple[type[N], ...]) -> list[N]:
    """Return *root* and every node under it that is an instance of *classes*.

    The order is ``findall``'s (document order, *root* first); the list is made before
    the caller changes the tree, as ``list(root.findall(...))`` is.
    """
    found: list[N] = []
    stack: list[nodes.Node] = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, classes):
            found.append(node)
        children = node.children
        if children:
            stack.extend(reversed(children))
    return found
