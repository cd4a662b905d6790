"""Fewer walks of the same document trees by Python's garbage collector while reading.

While Sphinx reads, every document it has parsed stays in memory until the page is
written (Sphinx keeps the trees so that it need not unpickle them again). Python's
cyclic collector runs a full collection each time the heap has grown by a quarter, and
a full collection walks every tracked object: reading walks the trees of the first
documents again and again, about five times the final heap in all. In a vault of 600
notes that is a second of a twelve-second build, most of it spent finding nothing,
since those trees are alive.

So, while documents are read, whatever survives a full collection is frozen
(:func:`gc.freeze`): later collections skip it. Only survivors are frozen — right after
a full collection the younger generations are empty — so no garbage is kept back, and
objects that die while frozen are still freed by reference counting as usual. When
reading ends (``env-updated``) the heap is unfrozen, since writing pages frees the
trees and the collector must see them again; ``build-finished`` unfreezes too, for a
build stopped by an error. Nothing is done when something else has frozen objects
before the build, or when the collector is off.

Pages made by the extension itself (tag, folder and index pages, "Linked from"
sections) are built and rendered with the collector paused
(:func:`collector_paused`): their node trees are garbage as soon as the HTML is made,
and made with the collector on, the young collections that found them alive half-built
moved them to the oldest generation, where only a full collection frees them — a
thousand-note garden's note lists set off several full collections of the whole heap.
Paused, a tree stays in the youngest generation and the next young collection frees it.

While an HTML page is written (translated, put into its template, saved), the collector
is paused too, from the end of the page's ``doctree-resolved`` until the next page's
post-transforms start (:class:`ResumeCollector`), when everything the page made is
garbage: the young collection that then runs frees it. With the collector on, the
page's new nodes, translator and HTML were found alive half-way and promoted to the
oldest generation, and only full collections of the whole heap freed them; a maths
vault of 435 notes took three such collections (1.1 s each) while writing pages, now
fewer (3.5% of its build; peak memory the same). This is done for one-process html and
dirhtml builds only: a one-page or LaTeX build writes everything at once, and parallel
builds fork while writing.

When the build runs in the ``sphinx-build`` command (``sphinx-build``, ``python -m
sphinx``, and so ``sphinx-autobuild``, which runs that for each rebuild), the process
ends right after the build; before it ends, Python runs one last full collection and
frees the garbage it finds, which walks the whole heap, pages written included. So, as
the last thing the build does (``build-finished``), the heap is frozen
(:func:`freeze_for_exit`) and that collection skips it; the operating system takes the
memory back. In a maths vault of 435 notes that saved a tenth of the build (1.8 s), and
no output changes. Anywhere else (tests, a script or a server that builds in its own
process and goes on) nothing is left frozen after the build.

``notegarden_gc_tuning = False`` turns all of this off.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

#: The oldest generation: a collection of it is a full collection.
OLDEST = 2
#: Builders that write one page per document, so that the pause ends page by page.
PAGE_BUILDERS = frozenset({"html", "dirhtml"})
#: Whether this module paused the collector for the page being written.
_paused_for_page = False
#: Whether this build froze survivors while reading (and so may freeze for the exit).
_tuned_this_build = False
#: How ``sphinx-build`` runs: ``python -m`` these modules, or these scripts.
COMMAND_MODULES = frozenset({"sphinx", "sphinx.__main__", "sphinx.cmd.build"})
COMMAND_SCRIPTS = frozenset({"sphinx-build", "sphinx-build.exe"})


def freeze_survivors(phase: str, info: dict[str, Any]) -> None:
    """Freeze what survived a full collection (a ``gc.callbacks`` entry)."""
    if phase == "stop" and info.get("generation") == OLDEST:
        gc.freeze()


def start_freezing(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """On ``env-before-read-docs``: freeze the survivors of full collections from now on."""
    global _tuned_this_build
    _tuned_this_build = False
    if not app.config.notegarden_gc_tuning or not gc.isenabled():
        return
    if freeze_survivors in gc.callbacks or gc.get_freeze_count():
        return  # already on (a second application in this process), or not ours to touch
    gc.callbacks.append(freeze_survivors)
    _tuned_this_build = True


def stop_freezing(*args: object) -> None:
    """On ``env-updated`` and ``build-finished``: stop freezing and unfreeze the heap."""
    if freeze_survivors in gc.callbacks:
        gc.callbacks.remove(freeze_survivors)
        gc.unfreeze()


def runs_as_sphinx_build() -> bool:
    """Tell whether this process is the ``sphinx-build`` command, which ends after its build."""
    spec = getattr(sys.modules.get("__main__"), "__spec__", None)
    if spec is not None:  # python -m ...
        return spec.name in COMMAND_MODULES
    return bool(sys.argv) and Path(sys.argv[0]).name in COMMAND_SCRIPTS


def freeze_for_exit(app: Sphinx, exception: BaseException | None) -> None:
    """On ``build-finished`` (last): in ``sphinx-build``, freeze the heap for the exit.

    The interpreter's last collection then skips the heap, garbage included; the
    process ends right after. Only when this build tuned the collector (it is on, and
    nothing else had frozen objects) and ``sphinx-build`` is the process.
    """
    if _tuned_this_build and app.config.notegarden_gc_tuning and runs_as_sphinx_build():
        gc.freeze()


@contextmanager
def collector_paused(config: Config) -> Iterator[None]:
    """Pause the cyclic collector while a short-lived tree is built and rendered."""
    if not config.notegarden_gc_tuning or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def pause_for_page(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """On ``doctree-resolved`` (last): pause the collector while the page is written."""
    global _paused_for_page
    if (
        app.config.notegarden_gc_tuning
        and app.builder.name in PAGE_BUILDERS
        and app.parallel <= 1
        and gc.isenabled()
    ):
        gc.disable()
        _paused_for_page = True


def resume_collector(*args: object) -> None:
    """Turn the collector back on if :func:`pause_for_page` turned it off."""
    global _paused_for_page
    if _paused_for_page:
        _paused_for_page = False
        gc.enable()


class ResumeCollector(SphinxPostTransform):
    """The first post-transform of a page: the page written before it is all garbage."""

    default_priority = 0

    def run(self, **kwargs: Any) -> None:
        """Resume the collector paused for the last page."""
        resume_collector()


def resume_for_generated_pages(app: Sphinx) -> list[Any]:
    """On ``html-collect-pages``: the documents are written; resume the collector."""
    resume_collector()
    return []


def on_env_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """On ``env-updated``: reading is over; no page needs rewriting for this."""
    stop_freezing()
    return []


def setup_gc_tuning(app: Sphinx) -> None:
    """Connect the start and the two stops."""
    app.connect("env-before-read-docs", start_freezing)
    app.connect("env-updated", on_env_updated, priority=100)  # before the other handlers
    app.connect("build-finished", stop_freezing)
    app.connect("doctree-resolved", pause_for_page, priority=1000)  # after every handler
    app.add_post_transform(ResumeCollector)
    app.connect("html-collect-pages", resume_for_generated_pages, priority=0)
    app.connect("build-finished", resume_collector, priority=0)
    app.connect("build-finished", freeze_for_exit, priority=10_000)  # the very last
