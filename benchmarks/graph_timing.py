"""One ``sphinx-build`` with the graph features' event handlers timed from inside.

    python benchmarks/graph_timing.py SRC OUT [sphinx-build options]

Runs ``sphinx-build -b html -q SRC OUT`` in this process after wrapping each handler
the graph features connect (local graphs, the graph page, the link-graph JSON and the
fingerprints that decide which pages to rewrite), then prints one line of JSON: the
seconds spent in each handler, their sum, and the wall time of the whole build.

A difference of two builds (graph on against graph off) cannot show a cost of 2 or 3%:
builds of the same sources spread by more than that on a shared machine. Timing the
handlers inside one build can. The garbage collector stays on, as in a real build; a
full collection walks the whole heap (every document tree) and lands in whichever code
happens to allocate at that moment, so the pauses are timed too (``gc.callbacks``) and
reported apart: ``graph_s`` is the handlers' own work, ``graph_gc_s`` the collections
that started inside them.
"""

from __future__ import annotations

import functools
import gc
import json
import sys
import time
from collections.abc import Callable
from typing import Any

from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.cmd.build import build_main

import sphinx_notegarden
from sphinx_notegarden import graph_view, local_graph, note_graph

#: (module, name) of every handler the graph features connect, looked up at setup.
HANDLERS = [
    (local_graph, "add_local_graph"),
    (local_graph, "pages_with_changed_graphs"),
    (local_graph, "fill_local_graphs"),
    (note_graph, "replace_note_graphs"),
    (graph_view, "collect_graph_page"),
    (sphinx_notegarden, "write_link_graph"),
]


class Collections:
    """The time the garbage collector has spent so far (with ``gc.callbacks``)."""

    def __init__(self) -> None:
        self.total = 0.0
        self._started = 0.0
        gc.callbacks.append(self._callback)

    def _callback(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.total += time.perf_counter() - self._started


def timed(
    spent: dict[str, float], paused: dict[str, float], collections: Collections, target: Any
) -> None:
    """Wrap ``target`` (a (module, name) pair): its time goes to *spent*, GC to *paused*."""
    module, name = target
    handler: Callable[..., Any] = getattr(module, name)

    @functools.wraps(handler)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start, before = time.perf_counter(), collections.total
        try:
            result = handler(*args, **kwargs)
            if hasattr(result, "__next__"):  # html-collect-pages: the work is in the pages
                result = list(result)
            return result
        finally:
            pause = collections.total - before
            spent[name] = spent.get(name, 0.0) + time.perf_counter() - start - pause
            paused[name] = paused.get(name, 0.0) + pause

    setattr(module, name, wrapper)


class GraphPageOutput:
    """The graph page's template and file, written by the builder after its handler."""

    @staticmethod
    def write(builder: StandaloneHTMLBuilder, pagename: str, *args: Any, **kw: Any) -> None:
        """Write the graph page as Sphinx does."""
        HANDLE_PAGE(builder, pagename, *args, **kw)


HANDLE_PAGE = StandaloneHTMLBuilder.handle_page


def main(argv: list[str]) -> int:
    """Build with the handlers timed; print the times as JSON."""
    spent: dict[str, float] = {}
    paused: dict[str, float] = {}
    collections = Collections()
    for target in HANDLERS:
        timed(spent, paused, collections, target)

    timed(spent, paused, collections, (GraphPageOutput, "write"))

    def handle_page(self: StandaloneHTMLBuilder, pagename: str, *args: Any, **kw: Any) -> None:
        writer = GraphPageOutput.write if pagename == self.config.notegarden_graph_page else None
        (writer or HANDLE_PAGE)(self, pagename, *args, **kw)

    StandaloneHTMLBuilder.handle_page = handle_page  # type: ignore[method-assign]
    start = time.perf_counter()
    status = build_main(["-b", "html", "-q", *argv])
    total = time.perf_counter() - start
    graph = sum(spent.values())
    report = {
        "handlers": {name: round(seconds, 4) for name, seconds in sorted(spent.items())},
        "graph_s": round(graph, 4),
        "graph_gc_s": round(sum(paused.values()), 4),
        "gc_s": round(collections.total, 3),
        "build_s": round(total, 3),
        "share_percent": round(100 * graph / total, 2),
    }
    print(json.dumps(report))
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
