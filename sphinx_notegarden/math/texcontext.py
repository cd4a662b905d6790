r"""What one formula's parse shares across nested parsers: definitions, packages, tags.

MathJax keeps some state per formula (equation environments, ``\tag`` and ``\label``
slots, the macros and packages a formula defines or loads). :class:`Context` holds it,
and answers which macros, environments and delimiters exist: the site's macros first,
then packages loaded so far, then MathJax's default packages and its autoload list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from .macroset import EnvDef, MacroDef, MacroSet
from .tex_rules import PACKAGE_DEPENDENCIES
from .tex_tables import AUTOLOAD, DELIMITERS, ENVIRONMENT_FLAGS, ENVIRONMENTS, MACROS

if TYPE_CHECKING:
    from .texparse import Frame

CORE_PACKAGES = ("base", "ams", "newcommand", "require")
CORE_MACROS: dict[str, int] = {}
for _package in CORE_PACKAGES:
    CORE_MACROS.update(MACROS[_package])
CORE_ENVIRONMENTS = frozenset(ENVIRONMENTS["base"] + ENVIRONMENTS["ams"])
AUTOLOAD_MACROS = {
    name: package
    for package, (names, _) in AUTOLOAD.items()
    if package != "newcommand"
    for name in names
}
AUTOLOAD_ENVIRONMENTS = {name: package for package, (_, envs) in AUTOLOAD.items() for name in envs}
EXTRA_DELIMITERS = {"mathtools": frozenset({"\\lparen", "\\rparen"})}


@lru_cache(maxsize=64)
def macro_table(loaded: tuple[str, ...]) -> dict[str, int]:
    """Return the macros (and argument counts) of the default packages plus *loaded*."""
    table = dict(CORE_MACROS)
    for package in loaded:
        table.update(MACROS.get(package, {}))
    return table


class TexError(Exception):
    """An error MathJax would raise: its id (*code*), its message, where in the formula."""

    def __init__(self, code: str, message: str, offset: int) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.offset = offset


@dataclass
class Context:
    """State shared by every parser working on one formula."""

    display: bool
    macros: MacroSet
    loaded: list[str] = field(default_factory=list)
    defined: dict[str, MacroDef] = field(default_factory=dict)
    defined_envs: dict[str, EnvDef] = field(default_factory=dict)
    eqnenv: bool = False
    tag_frames: list[Frame] = field(default_factory=list)
    top_tags: int = 0
    top_label: bool = False
    labels: list[str] = field(default_factory=list)
    undefined: list[tuple[str, int]] = field(default_factory=list)
    notes: list[tuple[str, str, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.site: dict[str, MacroDef] = self.macros.__dict__["_macros"]
        self.table = CORE_MACROS
        for package in self.macros.packages:
            self.load(package)

    def load(self, package: str) -> None:
        """Load a MathJax package (and the packages it needs) for the rest of the page."""
        for needed in (*PACKAGE_DEPENDENCIES.get(package, ()), package):
            if needed not in self.loaded:
                self.loaded.append(needed)
                self.table = macro_table(tuple(self.loaded))

    def user_macro(self, name: str) -> MacroDef | None:
        """Return a macro defined by the site or earlier in this formula or page."""
        return self.defined.get(name) or self.macros.macro(name)

    def user_environment(self, name: str) -> EnvDef | None:
        """Return an environment defined by the site or earlier on the page."""
        return self.defined_envs.get(name) or self.macros.environment(name)

    def builtin(self, name: str) -> int | None:
        r"""Return how many arguments MathJax's ``\name`` demands, or None if it has none."""
        nargs = self.table.get(name)
        if nargs is not None:
            return nargs
        package = AUTOLOAD_MACROS.get(name)
        if package is None:
            return None
        self.load(package)
        return MACROS[package].get(name, 0)

    def environment_flags(self, name: str) -> str | None:
        """Return the flags of a MathJax environment, or None if MathJax does not know it."""
        if name in CORE_ENVIRONMENTS:
            return _flags(name)
        for package in reversed(self.loaded):
            if name in ENVIRONMENTS.get(package, ()):
                return _flags(name)
        autoloaded = AUTOLOAD_ENVIRONMENTS.get(name)
        if autoloaded is None:
            return None
        self.load(autoloaded)
        return _flags(name)

    def is_delimiter(self, token: str) -> bool:
        r"""Tell whether *token* may follow ``\left``, ``\right`` or ``\big``."""
        if token in DELIMITERS:
            return True
        return any(token in EXTRA_DELIMITERS.get(package, ()) for package in self.loaded)

    def note(self, code: str, message: str, offset: int) -> None:
        """Record a problem that MathJax does not stop on (it renders something wrong)."""
        self.notes.append((code, message, offset))


def _flags(name: str) -> str:
    return ENVIRONMENT_FLAGS.get(name, ("ar", 0))[0]


def packages_defining(name: str) -> list[str]:
    r"""Return the MathJax packages that define ``\name`` (for an "undefined" hint)."""
    return [p for p, table in MACROS.items() if name in table and p not in ("textcomp",)]
