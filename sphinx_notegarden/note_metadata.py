"""Note metadata: read raw front-matter values into a checked, plain :class:`NoteRecord`.

Values arrive as strings, because that is how docutils field lists and myst-parser's
front matter reach the doctree (myst-parser writes lists and dicts as JSON text).
Every unusable value becomes a :class:`MetaProblem` naming the key, and the rest of the
note is kept: one bad date never costs a note its tags.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from typing import Any

#: Front-matter keys that make a document a note (when no patterns are configured).
NOTE_KEYS = frozenset(
    {
        "title",
        "summary",
        "description",
        "date",
        "created",
        "updated",
        "tags",
        "tag",
        "aliases",
        "alias",
        "status",
        "kind",
    }
)
DEFAULT_KIND = "note"
_DIGITS_ONLY = re.compile(r"^[0-9]+$")


@dataclass
class NoteRecord:
    """What the environment keeps of one note: plain, picklable data."""

    title: str
    summary: str = ""
    date: str | None = None
    updated: str | None = None
    tags: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    status: str | None = None
    kind: str = DEFAULT_KIND
    header: bool = True
    backlinks: bool = True
    previews: bool = True
    #: Whether the note shows its local graph (``graph: false`` turns it off).
    graph: bool = True
    #: Obsidian's ``cssclasses``: classes for the note's content (letters, digits, - _).
    cssclasses: list[str] = field(default_factory=list)
    #: True when ``summary`` was taken from the note's first paragraph, not its metadata.
    summary_is_lede: bool = False

    def as_dict(self) -> dict[str, Any]:
        """Return the record as a dict of plain values, for the environment.

        What ``dataclasses.asdict`` returns for this flat record (lists copied), without
        its recursive deep copy: twice per note read.
        """
        values = {name: getattr(self, name) for name in _RECORD_FIELDS}
        for name in ("tags", "aliases", "cssclasses"):
            values[name] = list(values[name])
        return values

    @property
    def sort_date(self) -> str:
        """The date a list sorts by: ``updated`` if set, else ``date``, else empty."""
        return self.updated or self.date or ""


#: The record's fields, in order (as_dict keeps it).
_RECORD_FIELDS = tuple(f.name for f in fields(NoteRecord))


@dataclass(frozen=True)
class MetaProblem:
    """One unusable metadata value: the key it came from and what is wrong."""

    key: str
    message: str


def parse_list(raw: str) -> list[Any]:
    """Read a list value: JSON text (as myst-parser stores YAML lists) or comma-separated."""
    text = raw.strip()
    if text in {"", "null", "None", "~", "[]"}:  # YAML null, as myst-parser renders it
        return []
    if text.startswith("["):
        try:
            value = json.loads(text)
        except ValueError:
            value = None
        if isinstance(value, list):
            return value
    if not text:
        return []
    return [part.strip() for part in text.split(",") if part.strip()]


def parse_date(raw: str) -> str:
    """Return the ISO date (``YYYY-MM-DD``) in *raw*, a date or an ISO date-time.

    Raises ValueError when *raw* is neither.
    """
    text = raw.strip()
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        pass
    return datetime.fromisoformat(text.replace("Z", "+00:00")).date().isoformat()


def clean_tag(value: Any) -> str | None:
    """Return the tag *value* names, or None if it is not a usable tag name."""
    if not isinstance(value, str):
        return None
    parts = [" ".join(part.split()) for part in value.strip().lstrip("#").split("/")]
    # Parts of only dots ("..") are path syntax, not names: drop them.
    name = "/".join(part for part in parts if part.strip("."))
    if not name or _DIGITS_ONLY.match(name):
        return None
    return name


def read_note_metadata(
    raw: Mapping[str, str],
    *,
    fallback_title: str,
    statuses: Sequence[str] | None,
) -> tuple[NoteRecord, list[MetaProblem]]:
    """Build a :class:`NoteRecord` from raw string values; report each unusable one.

    *statuses* are the allowed statuses (lower case), or None to take any status as
    written (a vault's own ``status`` property).
    """
    problems: list[MetaProblem] = []
    record = NoteRecord(title=(raw.get("title") or "").strip() or fallback_title)
    record.summary = " ".join((raw.get("summary") or raw.get("description") or "").split())
    for key, attribute in (("date", "date"), ("created", "date"), ("updated", "updated")):
        value = raw.get(key)
        if value is None or not value.strip() or getattr(record, attribute):
            continue
        try:
            setattr(record, attribute, parse_date(value))
        except ValueError:
            problems.append(
                MetaProblem(key, f"{key}: {value!r} is not an ISO date (YYYY-MM-DD); ignored")
            )
    # "tag" and "alias" are Obsidian's older names, which it and Quartz still read.
    for key in ("tags", "tag"):
        for item in parse_list(raw[key]) if key in raw else []:
            name = clean_tag(item)
            if name is None:
                problems.append(
                    MetaProblem(
                        key, f"{key}: {item!r} is not a tag name (a non-numeric string); ignored"
                    )
                )
            elif name.lower() not in {t.lower() for t in record.tags}:
                record.tags.append(name)
    for key in ("aliases", "alias"):
        for item in parse_list(raw[key]) if key in raw else []:
            if isinstance(item, str) and item.strip():
                record.aliases.append(" ".join(item.split()))
            else:
                problems.append(MetaProblem(key, f"{key}: {item!r} is not a string; ignored"))
    status = " ".join((raw.get("status") or "").split())
    if status:
        if statuses is None:
            record.status = status
        elif status.lower() in statuses:
            record.status = status.lower()
        else:
            problems.append(
                MetaProblem(
                    "status",
                    f"status: unknown status {status!r} (known: {', '.join(statuses)}); ignored",
                )
            )
    for item in parse_list(raw.get("cssclasses") or raw.get("cssclass") or ""):
        if isinstance(item, str) and re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]{0,40}", item.strip()):
            record.cssclasses.append(item.strip())
    kind = (raw.get("kind") or "").strip()
    if kind:
        record.kind = kind
    for key, attribute in (
        ("note-header", "header"),
        ("backlinks", "backlinks"),
        ("previews", "previews"),
        ("graph", "graph"),
    ):
        value = (raw.get(key) or raw.get(key.replace("-", "_")) or "").strip().lower()
        if value in {"false", "no", "off", "0"}:
            setattr(record, attribute, False)
    return record, problems
