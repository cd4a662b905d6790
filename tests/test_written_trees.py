"""A written page's tree is taken apart only when nothing outside it holds any of it."""

from __future__ import annotations

import gc
import weakref

from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document

from sphinx_notegarden.written_trees import free_tree, tree_nodes


def _tree() -> nodes.document:
    """A small tree with registries in use (ids, names, a reference by name)."""
    document = new_document("<page>", get_default_settings(Parser))
    document.transformer = None  # as Sphinx keeps a tree it has read (it holds the document)
    section = nodes.section(ids=["intro"], names=["intro"])
    document.note_implicit_target(section)
    section += nodes.title("", "Intro")
    paragraph = nodes.paragraph("", "See ")
    reference = nodes.reference("", "there", refname="there")
    document.note_refname(reference)
    paragraph += reference
    section += paragraph
    section += nodes.bullet_list("", nodes.list_item("", nodes.paragraph("", "one")))
    document += section
    return document


def test_a_tree_held_by_nobody_else_is_freed_at_once() -> None:
    document = _tree()
    watched = [weakref.ref(node) for node in tree_nodes(document) if not isinstance(node, str)]
    gc.disable()  # freed by reference counting, not by the collector
    try:
        assert free_tree(document, [], held_elsewhere=1)
        del document
        assert all(node() is None for node in watched)
    finally:
        gc.enable()


def test_nodes_taken_out_while_resolving_go_with_it() -> None:
    document = _tree()
    earlier = tree_nodes(document)
    next(iter(document.findall(nodes.reference))).replace_self(nodes.inline("", "there"))
    old_reference = weakref.ref(next(n for n in earlier if isinstance(n, nodes.reference)))
    assert old_reference().parent is not None  # taken out, still pointing into the tree
    gc.disable()
    try:
        assert free_tree(document, earlier, held_elsewhere=1)
        assert earlier == []
        assert old_reference() is None
    finally:
        gc.enable()


def test_a_node_held_elsewhere_keeps_the_tree_whole() -> None:
    document = _tree()
    kept = next(iter(document.findall(nodes.list_item)))
    assert not free_tree(document, [], held_elsewhere=1)
    assert kept.parent is not None and kept.document is document
    assert document.astext() == "Intro\n\nSee there\n\none"


def test_a_list_of_children_held_elsewhere_keeps_the_tree_whole() -> None:
    document = _tree()
    kept = document[0].children
    assert not free_tree(document, [], held_elsewhere=1)
    assert kept[0].astext() == "Intro" and kept[0].parent is document[0]


def test_the_document_held_once_more_keeps_the_tree_whole() -> None:
    document = _tree()
    also = [document]
    assert not free_tree(document, [], held_elsewhere=1)
    assert also[0].astext().startswith("Intro")
    assert free_tree(document, [], held_elsewhere=2)  # both references declared


def test_a_node_in_the_tree_twice_keeps_it_whole() -> None:
    document = _tree()
    twice = nodes.paragraph("", "twice")
    document[0] += twice
    document[0].children.append(twice)  # in the list twice, one parent pointer
    assert not free_tree(document, [], held_elsewhere=1)
    assert twice.astext() == "twice"
