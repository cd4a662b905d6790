"""Code highlighted once per build, though previews show it again.

A hover preview repeats the opening of the note it previews, code blocks included, and
Sphinx's writer runs Pygments on each copy: a note's code was highlighted once for its
own page and once more for its preview (in a vault of programming notes, half the time
spent rendering previews). So, in the HTML builders that show previews, the
highlighter's results are kept for the rest of the build, keyed by everything that
decides them (the code, the language, the options), up to :data:`BUDGET` characters,
the oldest dropped first. A result whose making gave a warning (code that does not
lex as its language) is kept only for the place it was written: another block with the
same code warns at its own place, and a preview of the block does not warn again about
the line its note was warned for.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util.logging import get_node_location

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: Characters of highlighted HTML kept at most (strings: not walked by the collector).
BUDGET = 8_000_000
#: Builders that show previews (see :mod:`sphinx_notegarden.previews`).
CACHED_BUILDERS = frozenset({"html", "dirhtml", "singlehtml"})
#: The logger Sphinx's highlighter warns through (``sphinx.util.logging`` prefixes it).
HIGHLIGHTER_LOGGER = "sphinx.sphinx.highlighting"


class WarningCounter(logging.Filter):
    """Counts the warnings logged through the logger it is attached to; lets all pass.

    A logger's filters see each record as it is logged, even while Sphinx holds the
    build's warnings back to print them later.
    """

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def filter(self, record: logging.LogRecord) -> bool:
        """Count *record* if it is a warning (or worse)."""
        if record.levelno >= logging.WARNING:
            self.count += 1
        return True


def highlighter_warnings() -> WarningCounter:
    """Return the counter on the highlighter's logger, attached once per process."""
    logger = logging.getLogger(HIGHLIGHTER_LOGGER)
    for existing in logger.filters:
        if isinstance(existing, WarningCounter):
            return existing
    counter = WarningCounter()
    logger.addFilter(counter)
    return counter


class HighlightCache:
    """A highlighter's ``highlight_block``, with its results kept for the build."""

    def __init__(self, highlight_block: Callable[..., str]) -> None:
        self.highlight_block = highlight_block
        self.warnings = highlighter_warnings()
        #: Results by key (code, language, options); those that warned by key and place.
        self.results: dict[tuple[str, ...], str] = {}
        self.size = 0

    def __call__(
        self,
        source: str,
        lang: str,
        opts: dict[str, Any] | None = None,
        force: bool = False,
        location: Any = None,
        **kwargs: Any,
    ) -> str:
        """Return the highlighted *source*, made now or kept from an earlier block."""
        if not isinstance(source, str):
            return self.highlight_block(source, lang, opts, force, location, **kwargs)
        key = (
            source,
            lang,
            repr(sorted((opts or {}).items())),
            repr(force),
            repr(sorted(kwargs.items())),
        )
        found = self.results.get(key)
        place = get_node_location(location) if isinstance(location, nodes.Node) else None
        if found is None and place is not None:
            found = self.results.get((*key, place))  # warned about at this place
        if found is not None:
            return found
        warnings = self.warnings.count
        result = self.highlight_block(
            source, lang, opts=opts, force=force, location=location, **kwargs
        )
        if self.warnings.count == warnings:
            self._keep(key, result)
        elif place is not None:
            self._keep((*key, place), result)
        return result

    def _keep(self, key: tuple[str, ...], result: str) -> None:
        size = len(result) + len(key[0])
        if size > BUDGET:
            return
        while self.results and self.size + size > BUDGET:
            oldest = next(iter(self.results))
            self.size -= len(self.results.pop(oldest)) + len(oldest[0])
        self.results[key] = result
        self.size += size


def cache_highlighting(app: Sphinx) -> None:
    """On ``builder-inited``: keep highlighted code where previews repeat it."""
    highlighter = getattr(app.builder, "highlighter", None)
    if (
        not app.config.notegarden_previews
        or app.builder.name not in CACHED_BUILDERS
        or highlighter is None
        or isinstance(highlighter.highlight_block, HighlightCache)
    ):
        return
    highlighter.highlight_block = HighlightCache(highlighter.highlight_block)


def setup_highlight_cache(app: Sphinx) -> None:
    """Register the cache."""
    app.connect("builder-inited", cache_highlighting)
