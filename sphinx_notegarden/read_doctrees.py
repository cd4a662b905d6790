"""Other notes' doctrees, as read, for the parts of them a page copies.

Embeds and section previews copy parts of another note's doctree into the page being
written. Sphinx pickles every doctree when it is read and, in a one-process build, also
keeps it in memory, untouched, until that note's own page is written (its
``_write_doc_doctree_cache``, from which ``get_and_resolve_doctree`` takes it). While it
is there, the parts are copied from it; otherwise the doctree is unpickled, as
``BuildEnvironment.get_doctree`` does, and kept while the page is written, for the
page's other embeds and previews of that note.

Kept from one page to the next, an unpickled doctree lived on once the collector was
back on (see :mod:`sphinx_notegarden.gc_tuning`): it was moved to the oldest
generation, and those trees, each garbage once dropped, set off full collections of the
whole heap, freed by nothing else. So they are dropped when the page is written
(:func:`drop_loaded_doctrees`). In a maths vault of 435 notes that embeds and links
sections of other notes, these two changes took the trees unpickled while writing from
370 to 123, and the build from 1.23 times its plain twin to 1.12 to 1.19 times.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: How many unpickled doctrees are kept while a page is written. A page that copies
#: from many notes in turn loads some again; one that copies many parts of one note
#: (a table of contents, a note of definitions) loads it once.
KEPT_DOCTREES = 2

_loaded: weakref.WeakKeyDictionary[BuildEnvironment, dict[str, nodes.document]] = (
    weakref.WeakKeyDictionary()
)


def doctree_to_copy(env: BuildEnvironment, docname: str) -> nodes.document:
    """Return *docname*'s doctree as read; the caller copies from it and changes nothing.

    The tree may be the one Sphinx will resolve and write later, so it must be left
    exactly as it is: take copies (``deepcopy``) of what is kept.
    """
    # Sphinx's own cache of the trees read in this process and not yet written; it is
    # private, so its absence (another Sphinx, a parallel build) means: unpickle.
    unwritten = getattr(env, "_write_doc_doctree_cache", None)
    if isinstance(unwritten, dict):
        in_memory: nodes.document | None = unwritten.get(docname)
        if in_memory is not None:
            return in_memory
    kept = _loaded.setdefault(env, {})
    doctree = kept.pop(docname, None)
    if doctree is None:
        doctree = env.get_doctree(docname)
    kept[docname] = doctree  # the most recent last
    while len(kept) > KEPT_DOCTREES:
        del kept[next(iter(kept))]
    return doctree


def loaded_doctrees(env: BuildEnvironment) -> list[str]:
    """Return the names of the doctrees unpickled and kept for the page being written."""
    return list(_loaded.get(env, {}))


def drop_loaded_doctrees(app: Sphinx, *args: object) -> None:
    """On ``html-page-context`` and ``env-before-read-docs``: drop the kept doctrees."""
    _loaded.pop(app.env, None)


def setup_read_doctrees(app: Sphinx) -> None:
    """Drop the kept doctrees once each page is written, and before each build reads."""
    app.connect("html-page-context", drop_loaded_doctrees)
    app.connect("env-before-read-docs", drop_loaded_doctrees)
