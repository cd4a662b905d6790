"""The table of callout kinds: Obsidian's types, their aliases, and kinds for math writing.

A site can add kinds or restyle built-in ones with ``notegarden_callout_kinds``;
:func:`build_kind_registry` merges that (already validated) value over the
built-in table. Everything here is plain data, cheap to rebuild from the config.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from .icons import ICON_SHAPES, NO_ICON

#: Admonition types that Sphinx's LaTeX ``sphinxadmonition`` environment knows.
LATEX_ADMONITION_TYPES = frozenset(
    {
        "note",
        "hint",
        "important",
        "tip",
        "warning",
        "caution",
        "attention",
        "danger",
        "error",
        "seealso",
        "todo",
    }
)

KIND_NAME_RE = re.compile(r"^[a-z][a-z0-9_-]{0,40}$")
COLOR_RE = re.compile(
    r"^(#[0-9a-fA-F]{3,4}|#[0-9a-fA-F]{6}|#[0-9a-fA-F]{8}"
    r"|(rgb|rgba|hsl|hsla)\([0-9.,%\s/a-z]{1,60}\)|[a-zA-Z]{3,30})$"
)


@dataclass(frozen=True)
class CalloutKind:
    """One callout kind: how it is labelled, drawn and mapped to LaTeX."""

    name: str
    label: str
    icon: str
    color: str
    latex: str = "note"
    aliases: tuple[str, ...] = field(default_factory=tuple)


def _kind(name: str, label: str, icon: str, color: str, latex: str, *aliases: str) -> CalloutKind:
    return CalloutKind(name, label, icon, color, latex, tuple(aliases))


#: Obsidian's twelve types (with their aliases), then kinds for mathematical writing.
BUILTIN_KINDS: tuple[CalloutKind, ...] = (
    _kind("note", "Note", "pencil", "#086ddd", "note"),
    _kind("abstract", "Abstract", "clipboard", "#00a3c4", "note", "summary", "tldr"),
    _kind("info", "Info", "info", "#086ddd", "note"),
    _kind("todo", "Todo", "check-circle", "#086ddd", "todo"),
    _kind("tip", "Tip", "flame", "#00a89a", "tip", "hint", "important"),
    _kind("success", "Success", "check", "#08a046", "hint", "check", "done"),
    _kind("question", "Question", "help-circle", "#d68a00", "attention", "help", "faq"),
    _kind("warning", "Warning", "alert-triangle", "#e06c00", "warning", "caution", "attention"),
    _kind("failure", "Failure", "x", "#e93147", "error", "fail", "missing"),
    _kind("danger", "Danger", "zap", "#e93147", "danger", "error"),
    _kind("bug", "Bug", "bug", "#e93147", "error"),
    _kind("example", "Example", "list", "#7852ee", "note"),
    _kind("quote", "Quote", "quote", "#8a8a8a", "note", "cite"),
    _kind("insight", "Insight", "lightbulb", "#c58f00", "tip"),
    _kind("definition", "Definition", "book", "#2f8a4f", "important"),
    _kind("theorem", "Theorem", "sigma", "#8047c6", "important"),
    _kind("lemma", "Lemma", "sigma", "#8047c6", "important"),
    _kind("proposition", "Proposition", "sigma", "#8047c6", "important"),
    _kind("corollary", "Corollary", "sigma", "#8047c6", "important"),
    _kind("conjecture", "Conjecture", "help-circle", "#8047c6", "important"),
    _kind("claim", "Claim", "target", "#8047c6", "important"),
    _kind("axiom", "Axiom", "compass", "#2f8a4f", "important"),
    _kind("notation", "Notation", "hash", "#2f8a4f", "note"),
    _kind("proof", "Proof", "square", "#6b7785", "note"),
    _kind("remark", "Remark", "message", "#0f8790", "note"),
    _kind("exercise", "Exercise", "pencil", "#b8558a", "hint"),
    _kind("algorithm", "Algorithm", "cog", "#5b6ee1", "note"),
)

DEFAULT_KIND = "note"

#: The amsthm style of each math kind in LaTeX output (site kinds get ``plain``).
THEOREM_STYLES: Mapping[str, str] = {
    **dict.fromkeys(
        ("theorem", "lemma", "proposition", "corollary", "conjecture", "claim"), "plain"
    ),
    **dict.fromkeys(
        ("definition", "axiom", "example", "exercise", "notation", "algorithm"), "definition"
    ),
    "remark": "remark",
}

#: The kind written as amsthm's ``proof`` environment when numbering is on.
PROOF_KIND = "proof"


@dataclass(frozen=True)
class KindRegistry:
    """Kinds by canonical name, and every spelling (alias) that leads to one."""

    kinds: Mapping[str, CalloutKind]
    lookup: Mapping[str, str]

    def resolve(self, spelling: str) -> CalloutKind | None:
        """Return the kind for *spelling* (case-insensitive, aliases allowed), or None."""
        name = self.lookup.get(spelling.strip().lower())
        return self.kinds[name] if name is not None else None

    def known_names(self) -> list[str]:
        """Return the canonical kind names in table order."""
        return list(self.kinds)


def validate_kind_overrides(value: Any) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """Check a ``notegarden_callout_kinds`` value; return the usable part and the problems.

    Each problem is a sentence fit for a warning; a bad entry is dropped whole and
    a bad field of a good entry is dropped alone, so one typo never hides a kind.
    """
    problems: list[str] = []
    clean: dict[str, dict[str, Any]] = {}
    if not isinstance(value, Mapping):
        return clean, [f"notegarden_callout_kinds must be a dict, not {type(value).__name__}"]
    for raw_name, spec in value.items():
        name = str(raw_name).strip().lower()
        if not KIND_NAME_RE.match(name):
            problems.append(
                f"callout kind name {raw_name!r} is not allowed "
                "(lower-case letters, digits, '-' and '_', starting with a letter)"
            )
            continue
        if not isinstance(spec, Mapping):
            problems.append(f"callout kind {name!r}: expected a dict of label/icon/color/latex")
            continue
        entry: dict[str, Any] = {}
        for key, item in spec.items():
            problem = _check_field(name, str(key), item)
            if problem:
                problems.append(problem)
            else:
                entry[str(key)] = item
        clean[name] = entry
    return clean, problems


def _check_field(kind: str, key: str, item: Any) -> str | None:
    """Return a problem with one field of a kind override, or None when it is usable."""
    if key == "label":
        if not isinstance(item, str) or not item.strip():
            return f"callout kind {kind!r}: 'label' must be a non-empty string"
    elif key == "icon":
        if not isinstance(item, str) or not (
            item in ICON_SHAPES or item == NO_ICON or 0 < len(item) <= 4
        ):
            return (
                f"callout kind {kind!r}: 'icon' must be one of {', '.join(sorted(ICON_SHAPES))}, "
                f"'{NO_ICON}', or up to 4 characters (an emoji)"
            )
    elif key == "color":
        if not isinstance(item, str) or not COLOR_RE.match(item.strip()):
            return f"callout kind {kind!r}: 'color' {item!r} is not a CSS colour (#rrggbb, rgb())"
    elif key == "latex":
        if item not in LATEX_ADMONITION_TYPES:
            return (
                f"callout kind {kind!r}: 'latex' must be one of "
                f"{', '.join(sorted(LATEX_ADMONITION_TYPES))}"
            )
    elif key == "aliases":
        if not isinstance(item, (list, tuple)) or not all(
            isinstance(a, str) and KIND_NAME_RE.match(a.lower()) for a in item
        ):
            return f"callout kind {kind!r}: 'aliases' must be a list of kind names"
    else:
        return (
            f"callout kind {kind!r}: unknown field {key!r} (use label, icon, color, latex, aliases)"
        )
    return None


def build_kind_registry(overrides: Mapping[str, Mapping[str, Any]]) -> KindRegistry:
    """Merge validated *overrides* over :data:`BUILTIN_KINDS` into a registry."""
    kinds: dict[str, CalloutKind] = {kind.name: kind for kind in BUILTIN_KINDS}
    for name, spec in overrides.items():
        base = kinds.get(name) or CalloutKind(
            name, name.replace("-", " ").replace("_", " ").capitalize(), "pencil", "#086ddd"
        )
        changes: dict[str, Any] = {k: v for k, v in spec.items() if k != "aliases"}
        if "color" in changes:
            changes["color"] = str(changes["color"]).strip()
        if "aliases" in spec:
            changes["aliases"] = tuple(a.lower() for a in spec["aliases"])
        kinds[name] = replace(base, **changes)
    lookup: dict[str, str] = {}
    # Aliases first, canonical names last: a site's own kind named like a built-in
    # alias (say "hint") wins over the alias.
    for kind in kinds.values():
        for alias in kind.aliases:
            lookup.setdefault(alias, kind.name)
    for kind in kinds.values():
        lookup[kind.name] = kind.name
    return KindRegistry(kinds=kinds, lookup=lookup)
