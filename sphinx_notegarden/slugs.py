"""Slugs for tags and generated paths: ASCII, safe in URLs, and never silently shared.

python-slugify does the Unicode work (NFKD normalisation and transliteration through
text-unidecode, so ``数学`` becomes ``shu-xue`` rather than nothing); we add the
length cap, the hashed fallback for names that leave nothing, and collision handling:
``C++``, ``C`` and ``c#`` all slug to ``c``, and each still gets a page of its own.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from slugify import slugify

#: Longest slug, before a hash suffix is added for uniqueness.
MAX_SLUG_LENGTH = 64
_HASH_LENGTH = 8


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:_HASH_LENGTH]


def slug(text: str, *, prefix: str = "tag") -> str:
    """Return the slug of *text*: lower-case ASCII letters, digits and single hyphens.

    Text that leaves nothing (only punctuation, emoji, ...) gets ``PREFIX-<hash>``;
    text longer than :data:`MAX_SLUG_LENGTH` is cut and given a hash suffix, so two
    long names that share a beginning still differ.
    """
    base = slugify(text, regex_pattern=r"[^a-z0-9]+", lowercase=True)
    if not base:
        return f"{prefix}-{_digest(text)}"
    if len(base) > MAX_SLUG_LENGTH:
        cut = base[:MAX_SLUG_LENGTH].rstrip("-")
        return f"{cut}-{_digest(text)}"
    return base


@dataclass(frozen=True)
class SlugAssignment:
    """Slugs for a set of names, and the groups of names that wanted the same slug."""

    slugs: dict[str, str]
    collisions: list[list[str]]


def assign_slugs(names: Iterable[str], *, prefix: str = "tag") -> SlugAssignment:
    """Give every name a distinct slug, independent of the order names arrive in.

    When several names want one slug, the name whose own lower-case spelling *is* that
    slug keeps it (``c`` keeps ``c``); every other one gets a hash suffix from its own
    text (``c++`` becomes ``c-<hash>``). A name's slug therefore never changes because
    another name appeared.
    """
    wanted: dict[str, list[str]] = defaultdict(list)
    for name in sorted(set(names)):
        wanted[slug(name, prefix=prefix)].append(name)
    slugs: dict[str, str] = {}
    collisions: list[list[str]] = []
    taken = set(wanted)
    for base, group in sorted(wanted.items()):
        if len(group) == 1:
            slugs[group[0]] = base
            continue
        collisions.append(group)
        for name in group:
            if name.strip().lower() == base:
                slugs[name] = base
                continue
            candidate = f"{base}-{_digest(name)}"
            while candidate in taken:  # astronomically rare; keep it total anyway
                candidate = f"{candidate}-{_digest(candidate)}"
            taken.add(candidate)
            slugs[name] = candidate
    return SlugAssignment(slugs=slugs, collisions=collisions)
