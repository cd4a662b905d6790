"""Every ``notegarden_*`` configuration value in one typed place, validated once.

:data:`CONFIG_VALUES` is the single source of truth: :func:`register_config_values`
registers each value with Sphinx (with its type and default), and the docs render
their reference table from the same tuple, so code and docs cannot drift apart.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal

from sphinx.util import logging

from .callout_kinds import KindRegistry, build_kind_registry, validate_kind_overrides

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)

Rebuild = Literal["env", "html", ""]


@dataclass(frozen=True)
class ConfigValue:
    """One configuration value: its name, default, types, rebuild scope and meaning."""

    name: str
    default: Any
    rebuild: Rebuild
    types: tuple[type, ...]
    description: str


CONFIG_VALUES: tuple[ConfigValue, ...] = (
    ConfigValue(
        "notegarden_callout_kinds",
        {},
        "env",
        (dict,),
        "Extra callout kinds, or changes to built-in ones: a dict from kind name to a dict "
        "with any of ``label``, ``icon`` (a built-in icon name, ``none`` or an emoji), "
        "``color`` (a CSS colour), ``latex`` (a Sphinx admonition type for PDF output) "
        "and ``aliases`` (other names for the kind).",
    ),
    ConfigValue(
        "notegarden_obsidian_callouts",
        True,
        "env",
        (bool,),
        "Turn block quotes that begin with ``[!kind]`` (Obsidian and Quartz syntax) into callouts.",
    ),
    ConfigValue(
        "notegarden_callout_strict",
        False,
        "env",
        (bool,),
        "Warn about unknown kinds in Obsidian-syntax callouts too. Without it they render "
        "as Obsidian renders them: a note-styled callout labelled with the kind's name.",
    ),
)


def register_config_values(app: Sphinx) -> None:
    """Register every value of :data:`CONFIG_VALUES` and the check that runs on them."""
    for value in CONFIG_VALUES:
        app.add_config_value(value.name, value.default, value.rebuild, types=value.types)
    app.connect("config-inited", check_config)


def check_config(app: Sphinx, config: Config) -> None:
    """Warn once, at start-up, about every unusable part of the notegarden settings."""
    _, problems = validate_kind_overrides(config.notegarden_callout_kinds)
    for problem in problems:
        logger.warning(problem, type="notegarden", subtype="config")


def kind_registry(config: Config) -> KindRegistry:
    """Return the callout kinds for *config*: built-ins merged with the site's overrides."""
    # JSON is the hashable cache key; anything JSON cannot hold is unusable anyway
    # and becomes a string that validation then rejects.
    try:
        key = json.dumps(config.notegarden_callout_kinds, sort_keys=True, default=repr)
    except (TypeError, ValueError):
        key = "{}"
    return _registry_for(key)


@lru_cache(maxsize=8)
def _registry_for(key: str) -> KindRegistry:
    """Build the registry for one config value, given as its JSON text."""
    clean, _ = validate_kind_overrides(json.loads(key))
    return build_kind_registry(clean)
