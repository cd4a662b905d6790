"""nodes_of finds what findall finds, in the same order."""

from __future__ import annotations

from docutils import nodes
from docutils.core import publish_doctree

from sphinx_notegarden.walk import nodes_of

SOURCE = """\
Title
=====

A *paragraph* with a `link <https://example.org>`_ and **strong** text.

- one item

  - a nested item with ``code``

Section
-------

.. note:: A note with *emphasis*.

Last paragraph.
"""


def test_same_nodes_in_the_same_order_as_findall() -> None:
    document = publish_doctree(SOURCE)
    for classes in (nodes.Text, nodes.Element, nodes.paragraph, nodes.reference, nodes.Node):
        assert nodes_of(document, classes) == list(document.findall(classes))
    both = nodes_of(document, (nodes.emphasis, nodes.strong))
    assert both == list(document.findall(lambda n: isinstance(n, (nodes.emphasis, nodes.strong))))
    assert [node.astext() for node in both] == ["paragraph", "strong", "emphasis"]
    section = next(iter(document.findall(nodes.section)))
    assert nodes_of(section, nodes.section)[0] is section  # the root itself comes first
    assert nodes_of(nodes.Text("x"), nodes.Element) == []
