"""Which document a link text names: by docname, title, alias or file name.

Keys are case- and whitespace-insensitive, and ``.md``/``.rst`` endings and leading
slashes are ignored, as in Obsidian. When several documents claim one key, the rank of
the claim decides (full docname, then the end of a path, then file name — Obsidian's
own rules: ``[[concepts/Note]]`` finds ``wiki/concepts/Note.md`` — then title, then
alias). Several files that share a file name (or the end of a path) are told apart
as Obsidian does (``getFirstLinkpathDest``, observed on Obsidian 1.13): the one in the
linking note's own folder, else the shortest path, else the first in sort order. Several
notes that share a title or alias: the first in sort order, and the clash is reported.
Pure data, no Sphinx: the domain builds one index per build from its notes and the
titles Sphinx collected.
"""

from __future__ import annotations

import html
import posixpath
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

SOURCE_SUFFIXES = (".md", ".rst", ".txt", ".markdown")
#: Claim ranks, strongest first. A file name is what Obsidian resolves a link by, so it
#: beats another note's title; a note's title beats an ordinary page's title.
RANK_DOCNAME, RANK_PATH_END, RANK_FILENAME, RANK_TITLE, RANK_ALIAS, RANK_PAGE_TITLE = range(6)
RANK_NAMES = {
    RANK_DOCNAME: "path",
    RANK_PATH_END: "end of a path",
    RANK_TITLE: "title",
    RANK_ALIAS: "alias",
    RANK_PAGE_TITLE: "page title",
    RANK_FILENAME: "file name",
}


def link_key(text: str) -> str:
    """Normalise a link target: case, white space, slashes and a source suffix."""
    key = " ".join(text.replace("\\", "/").split()).casefold().strip("/")
    for suffix in SOURCE_SUFFIXES:
        if key.endswith(suffix):
            key = key[: -len(suffix)]
            break
    return key.strip()


@dataclass(frozen=True)
class Clash:
    """Two or more notes that claim one key at the same rank."""

    key: str
    rank: int
    docnames: tuple[str, ...]


def closest_first(paths: Iterable[str]) -> list[str]:
    """Sort paths that share a name as Obsidian prefers them: shortest, then sort order."""
    return sorted(paths, key=lambda path: (len(path), path))


def pick_beside(paths: Sequence[str], text: str, source: str) -> str | None:
    """Return the path among *paths* that *text* names from the folder of *source*, or None.

    ``[[Note]]`` written in ``a/b.md`` names ``a/Note.md`` (compared as link keys).
    """
    return beside(source, text, {link_key(path): path for path in paths})


def beside(source: str, text: str, by_key: Mapping[str, str]) -> str | None:
    """Return the path that *text* names from the folder of *source*, from *by_key*.

    *by_key* maps link keys to paths (see :func:`link_key`).
    """
    folder = posixpath.dirname(source)
    return by_key.get(link_key(f"{folder}/{text}")) if folder else None


@dataclass
class LinkIndex:
    """Lookup from link text to docname, and the clashes found while building it."""

    targets: dict[str, tuple[int, str]] = field(default_factory=dict)
    clashes: list[Clash] = field(default_factory=list)
    #: Keys that several files claim by file name or end of path: their docnames by
    #: their own link keys (to find the one beside a linking note).
    shared_names: dict[str, dict[str, str]] = field(default_factory=dict)

    def resolve(self, text: str, source: str = "") -> str | None:
        """Return the docname *text* names, or None.

        *source*, the linking document, decides between files that share a name: the
        one in its folder wins.
        """
        key = link_key(text)
        found = self.targets.get(key)
        if found is None:
            return None
        shared = self.shared_names.get(key)
        if shared and source:
            return beside(source, key, shared) or found[1]
        return found[1]


def build_link_index(
    docnames: Iterable[str],
    titles: Mapping[str, str],
    aliases: Mapping[str, Iterable[str]],
    notes: Iterable[str],
) -> LinkIndex:
    """Index *docnames* by path, title (*titles*), *aliases* and file name.

    Only notes claim at the title and alias ranks, and only clashes there are reported:
    ordinary Sphinx pages often share titles ("Overview"), and that is no error; a
    page that shares a note's title never takes the note's links.
    """
    claims: dict[str, dict[int, set[str]]] = {}

    def claim(key: str, rank: int, docname: str) -> None:
        if key:
            claims.setdefault(key, {}).setdefault(rank, set()).add(docname)

    note_set = set(notes)
    for docname in docnames:
        # A file name with an HTML entity ("Note&nbsp;.md", pasted) is also claimed as
        # the text a link to it reads as: MyST decodes the entity in the link.
        for name in dict.fromkeys([docname, html.unescape(docname)]):
            parts = name.split("/")
            claim(link_key(name), RANK_DOCNAME, docname)
            for start in range(1, len(parts) - 1):  # "b/c" and longer ends of "a/b/c"
                claim(link_key("/".join(parts[start:])), RANK_PATH_END, docname)
            claim(link_key(parts[-1]), RANK_FILENAME, docname)
        if docname in titles:
            rank = RANK_TITLE if docname in note_set else RANK_PAGE_TITLE
            claim(link_key(titles[docname]), rank, docname)
        for alias in aliases.get(docname, ()):
            claim(link_key(alias), RANK_ALIAS, docname)
    index = LinkIndex()
    for key in sorted(claims):
        rank = min(claims[key])
        owners = sorted(claims[key][rank])
        if len(owners) > 1 and rank in (RANK_PATH_END, RANK_FILENAME):
            owners = closest_first(owners)
            index.shared_names[key] = {link_key(owner): owner for owner in owners}
        index.targets[key] = (rank, owners[0])
        if len(owners) > 1 and rank in (RANK_TITLE, RANK_ALIAS):
            index.clashes.append(Clash(key, rank, tuple(owners)))
    return index
