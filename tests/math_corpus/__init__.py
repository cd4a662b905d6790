"""The math corpus: valid formulas from real math writing and broken ones of every kind.

``valid.txt`` and ``invalid.txt`` hold one formula per entry: ``$ `` starts an inline
formula, ``$$ `` a display one, lines starting with two spaces continue the entry
above, ``#`` lines are comments. ``preamble.sty`` holds the site macros they use.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

CORPUS = Path(__file__).parent


@dataclass(frozen=True)
class Formula:
    tex: str
    display: bool
    valid: bool
    line: int


def load(name: str) -> list[Formula]:
    """Read ``valid`` or ``invalid``."""
    entries: list[Formula] = []
    valid = name == "valid"
    text = (CORPUS / f"{name}.txt").read_text(encoding="utf-8")
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("#") or not line.strip():
            continue
        if line.startswith("  ") and entries:
            last = entries[-1]
            entries[-1] = Formula(f"{last.tex}\n{line[2:]}", last.display, valid, last.line)
            continue
        display = line.startswith("$$ ")
        tex = line[3:] if display else line[2:]
        entries.append(Formula(tex, display, valid, number))
    return entries


def load_all() -> list[Formula]:
    """Every formula of the corpus, valid ones first."""
    return load("valid") + load("invalid")


def preamble_text() -> str:
    """The corpus's site preamble."""
    return (CORPUS / "preamble.sty").read_text(encoding="utf-8")
