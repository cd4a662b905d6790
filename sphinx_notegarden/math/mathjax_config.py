r"""The site's macros as MathJax configuration, merged into the user's own settings.

Sphinx passes ``mathjax3_config`` or ``mathjax4_config`` to the page as
``window.MathJax``. :func:`merge_settings` adds ``tex.macros``, ``tex.environments`` and
the packages the preamble ``\require``\s, and never replaces what the user wrote: the
user's value wins for any key both set, and lists are joined.
"""

from __future__ import annotations

import copy
from typing import Any

from .macroset import MacroSet
from .tex_tables import DEFAULT_PACKAGES


def site_settings(macros: MacroSet, *, offline: bool) -> dict[str, Any]:
    """Return the MathJax settings that give every page the site's macros.

    With *offline*, MathJax is the vendored ``tex-svg-full`` build, which would enable
    every TeX package it bundles: the settings then name the packages of MathJax's
    default build, so that the offline site accepts exactly what the online one does.
    """
    tex: dict[str, Any] = {}
    packages = list(macros.packages)
    if macros.macros:
        tex["macros"] = macros.mathjax_macros()
    if macros.environments:
        tex["environments"] = macros.mathjax_environments()
    if offline:
        tex["packages"] = [*DEFAULT_PACKAGES, *[p for p in packages if p not in DEFAULT_PACKAGES]]
    elif packages:
        tex["packages"] = {"[+]": packages}
    settings: dict[str, Any] = {"tex": tex} if tex else {}
    if packages:
        settings["loader"] = {"load": [f"[tex]/{package}" for package in packages]}
    return settings


def merge_settings(ours: dict[str, Any], users: dict[str, Any] | None) -> dict[str, Any]:
    """Return *ours* overlaid with *users* (the user wins; lists are joined, ours first)."""
    merged = copy.deepcopy(ours)
    for key, value in (users or {}).items():
        mine = merged.get(key)
        if isinstance(mine, dict) and isinstance(value, dict):
            merged[key] = merge_settings(mine, value)
        elif isinstance(mine, list) and isinstance(value, list):
            merged[key] = mine + [item for item in value if item not in mine]
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def config_name(*, has_v4: bool, user_v3: bool, user_v4: bool, path: str, offline: bool) -> str:
    """Pick the config value Sphinx turns into ``window.MathJax`` for this site's MathJax.

    The one the user already set, else the one for the MathJax version that the page
    loads: version 3 when offline (the vendored copy) or when ``mathjax_path`` names 3.
    """
    if user_v4 and has_v4:
        return "mathjax4_config"
    if user_v3 or offline or not has_v4:
        return "mathjax3_config"
    return "mathjax3_config" if "mathjax@3" in path or "/3." in path else "mathjax4_config"
