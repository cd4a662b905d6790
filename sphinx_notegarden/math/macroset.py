"""The site's own macros and environments: what MathJax gets on top of its built-ins.

A :class:`MacroSet` is immutable and hashable by content (a digest), so that checking a
formula can be cached by ``(formula, display, macro set)`` and the digest can tell a
rebuild that the macros changed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

MacroKind = Literal["macro", "paired", "template"]


@dataclass(frozen=True)
class MacroDef:
    r"""One macro: ``\name`` takes *nargs* arguments and expands to *body*.

    *default* is the default of an optional first argument (``\newcommand{\x}[2][d]``).
    A ``paired`` macro is a mathtools paired delimiter (``\abs*[\big]{x}``); a
    ``template`` macro is a ``\def`` with delimited parameters, which is not expanded.
    """

    name: str
    body: str
    nargs: int = 0
    default: str | None = None
    kind: MacroKind = "macro"


@dataclass(frozen=True)
class EnvDef:
    r"""One environment from ``\newenvironment{name}[nargs][default]{begin}{end}``."""

    name: str
    begin: str
    end: str
    nargs: int = 0
    default: str | None = None


@dataclass(frozen=True, eq=False)
class MacroSet:
    r"""Macros, environments and extra MathJax packages (``\require``) of a site or page."""

    macros: tuple[MacroDef, ...] = ()
    environments: tuple[EnvDef, ...] = ()
    packages: tuple[str, ...] = ()
    digest: str = field(init=False, repr=False)

    def __post_init__(self) -> None:
        payload = json.dumps(
            [
                [[m.name, m.body, m.nargs, m.default, m.kind] for m in self.macros],
                [[e.name, e.begin, e.end, e.nargs, e.default] for e in self.environments],
                list(self.packages),
            ],
            ensure_ascii=False,
        )
        object.__setattr__(self, "digest", hashlib.sha256(payload.encode()).hexdigest()[:20])
        object.__setattr__(self, "_macros", {m.name: m for m in self.macros})
        object.__setattr__(self, "_envs", {e.name: e for e in self.environments})

    def __hash__(self) -> int:
        return hash(self.digest)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, MacroSet) and other.digest == self.digest

    def macro(self, name: str) -> MacroDef | None:
        r"""Return the definition of ``\name``, if the set has one."""
        found: Mapping[str, MacroDef] = self.__dict__["_macros"]
        return found.get(name)

    def environment(self, name: str) -> EnvDef | None:
        """Return the definition of environment *name*, if the set has one."""
        found: Mapping[str, EnvDef] = self.__dict__["_envs"]
        return found.get(name)

    def extended(
        self,
        macros: Iterable[MacroDef] = (),
        environments: Iterable[EnvDef] = (),
        packages: Iterable[str] = (),
    ) -> MacroSet:
        """Return a set with these definitions added (later ones replace earlier ones)."""
        new_macros = {m.name: m for m in self.macros}
        new_macros.update((m.name, m) for m in macros)
        new_envs = {e.name: e for e in self.environments}
        new_envs.update((e.name, e) for e in environments)
        new_packages = dict.fromkeys(self.packages)
        new_packages.update(dict.fromkeys(packages))
        return MacroSet(tuple(new_macros.values()), tuple(new_envs.values()), tuple(new_packages))

    def mathjax_macros(self) -> dict[str, Any]:
        """Return MathJax's ``tex.macros`` configuration for these macros."""
        result: dict[str, Any] = {}
        for macro in self.macros:
            if macro.kind != "macro":
                continue
            if macro.nargs == 0:
                result[macro.name] = macro.body
            elif macro.default is None:
                result[macro.name] = [macro.body, macro.nargs]
            else:
                result[macro.name] = [macro.body, macro.nargs, macro.default]
        return result

    def mathjax_environments(self) -> dict[str, Any]:
        """Return MathJax's ``tex.environments`` configuration for these environments."""
        result: dict[str, Any] = {}
        for env in self.environments:
            spec: list[Any] = [env.begin, env.end]
            if env.nargs:
                spec.append(env.nargs)
                if env.default is not None:
                    spec.append(env.default)
            result[env.name] = spec
        return result


EMPTY_MACROS = MacroSet()
