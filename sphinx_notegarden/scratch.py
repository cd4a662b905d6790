"""Documents made outside any source, with docutils' default settings made once.

A generated page is fed to the search index as one; a directive name is looked up in
one before MyST reads a note.
``docutils.utils.new_document`` without settings builds an option parser each time (a
quarter of a millisecond); docutils' default settings are made once here and shared,
since these documents only read them.
"""

from __future__ import annotations

from functools import cache

from docutils import frontend, nodes
from docutils.utils import new_document


@cache
def _default_settings() -> frontend.Values:
    return frontend.get_default_settings()


def scratch_document(name: str) -> nodes.document:
    """Return an empty document called *name*, with docutils' default settings."""
    return new_document(name, _default_settings())
