"""Fences of the Obsidian "Admonition" plugin, read as the callouts they show.

````markdown
```ad-definition
title: Group
collapse: open
A set with an associative operation, a unit and inverses: $G$.
```
````

A fence whose info string is ``ad-<kind>`` (any case) becomes an Obsidian callout
``> [!kind]+ Group`` before MyST reads the document, so the rest of the pipeline (kinds,
titles, folding, links and math in the body) treats it like any other callout. The
rewrite is line for line, so warnings keep their line numbers: option lines
(``title:``, ``collapse:``, ``icon:``, ``color:``) become empty quote lines, the
closing fence an empty line. A small scanner follows the fences: code fences (and
``ad-`` fences shown as code inside a longer fence) stay as they are, and an ``ad-``
fence inside an ``ad-`` fence of another length becomes a nested callout.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .markdown_source import rewrite_lines

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: A fence opening: the container prefix (quote markers, list indent), the fence, the info.
_OPEN_RE = re.compile(
    r"^(?P<prefix>(?:[ \t]{0,3}>[ \t]?)*[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$"
)
_QUOTE_RE = re.compile(r"^[ \t]{0,3}>[ \t]?")
_KIND_RE = re.compile(r"^[ \t]*ad-([A-Za-z0-9_-]+)", re.IGNORECASE)
_OPTION_RE = re.compile(r"^[ \t]*(title|collapse|icon|color)[ \t]*:(.*)$", re.IGNORECASE)
#: ``collapse:`` values that do not fold the callout; ``open`` folds it open. Every other
#: value folds it closed, as the plugin reads it (``closed``, ``close``, ``true``...).
UNFOLDED = frozenset({"", "none"})


def fold_marker(collapse: str) -> str:
    """Return the callout's fold marker for an Admonition ``collapse:`` value."""
    value = collapse.strip().lower()
    if value in UNFOLDED:
        return ""
    return "+" if value == "open" else "-"


MAX_DEPTH = 16


@dataclass(frozen=True)
class _Fence:
    """An opening fence: where its container puts the text, and what closes it."""

    prefix: str
    char: str
    length: int
    info: str

    def closes(self, text: str) -> bool:
        """Tell whether *text* (container prefix removed) is this fence's closing line."""
        stripped = text.strip()
        return (
            len(text) - len(text.lstrip(" ")) <= 3
            and len(stripped) >= self.length
            and stripped == self.char * len(stripped)
        )


def _opening(line: str) -> _Fence | None:
    match = _OPEN_RE.match(line)
    if match is None:
        return None
    fence, info = match.group("fence"), match.group("info")
    if fence[0] == "`" and "`" in info:  # not a fence: an inline code span
        return None
    return _Fence(match.group("prefix"), fence[0], len(fence), info)


def _inside(line: str, prefix: str) -> str | None:
    """Return *line* without the container *prefix*, or None when the container has ended."""
    depth, indent = _container(prefix)
    rest = line
    for _ in range(depth):
        quote = _QUOTE_RE.match(rest)
        if quote is None:
            return None
        rest = rest[quote.end() :]
    if not rest.strip():
        return ""
    if len(rest) - len(rest.lstrip(" \t")) < indent:
        return None
    return rest[indent:]


def _container(prefix: str) -> tuple[int, int]:
    """Split a fence's prefix into its quote depth and the list indent after the quotes."""
    depth = 0
    quote = _QUOTE_RE.match(prefix)
    while quote is not None:
        depth += 1
        prefix = prefix[quote.end() :]
        quote = _QUOTE_RE.match(prefix)
    return depth, len(prefix)


def rewrite_admonition_fences(lines: list[str], depth: int = 0) -> list[str]:
    """Return *lines* with every ``ad-`` fence rewritten as a callout, one line for one.

    Fences nested deeper than :data:`MAX_DEPTH` stay code: no input can exhaust the stack.
    """
    out: list[str] = []
    index = 0
    while index < len(lines):
        fence = _opening(lines[index])
        if fence is None:
            out.append(lines[index])
            index += 1
            continue
        end = index + 1
        body: list[str] = []
        while end < len(lines):
            text = _inside(lines[end], fence.prefix)
            if text is None:
                break
            if fence.closes(text):
                end += 1
                break
            body.append(text)
            end += 1
        closed = end - index - 1 > len(body)
        kind = _KIND_RE.match(fence.info)
        if kind is None or depth >= MAX_DEPTH:
            out.extend(lines[index:end])
        else:
            out.extend(_callout(fence, kind.group(1), body, closed, depth))
        index = end
    return out


def _callout(fence: _Fence, kind: str, body: list[str], closed: bool, depth: int) -> list[str]:
    """Return the callout lines for one ``ad-`` fence: as many as the fence had."""
    options: dict[str, str] = {}
    count = 0
    while count < len(body):
        option = _OPTION_RE.match(body[count])
        if option is None:
            break
        options[option.group(1).lower()] = option.group(2).strip()
        count += 1
    marker = fold_marker(options.get("collapse", ""))
    title = options.get("title", "")
    quote = fence.prefix + ">"
    # "title:" left empty: the plugin draws no title bar. Minimal's callout metadata
    # "no-title" says the same (a folding callout keeps its title: it is the toggle).
    untitled = "title" in options and not title and not marker
    head = f"{quote} [!{kind}{'|no-title' if untitled else ''}]{marker}"
    head += f" {title}" if title else ""
    content = rewrite_admonition_fences(body[count:], depth + 1)
    lines = [head, *([quote] * count)]
    lines += [f"{quote} {line}" if line.strip() else quote for line in content]
    if closed:
        # An empty line inside the container ends the callout's quote.
        lines.append(fence.prefix.rstrip())
    return lines


def convert_admonition_fences(app: Sphinx, docname: str, source: list[str]) -> None:
    """On ``source-read``: rewrite ``ad-`` fences of Markdown documents as callouts."""
    if app.config.notegarden_admonition_fences and "ad-" in source[0].lower():
        rewrite_lines(app.env, docname, source, rewrite_admonition_fences)


def setup_admonition_fences(app: Sphinx) -> None:
    """Register the fence rewrite."""
    app.connect("source-read", convert_admonition_fences)
