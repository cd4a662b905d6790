"""The check of every ``notegarden_*`` setting, once, when the configuration is read.

Values of the wrong type are replaced by usable ones, choices and folder names are
validated, and each problem is one ``[notegarden.config]`` warning: a setting never
stops the build with a traceback. The values themselves are declared in
:mod:`sphinx_notegarden.config`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sphinx.util import logging

from .callout_kinds import validate_kind_overrides
from .config import all_config_values
from .paths import SAFE_FOLDER_RE

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)


def _describe(types: tuple[type, ...]) -> str:
    return " or ".join("None" if t is type(None) else t.__name__ for t in types)


def fix_config_types(config: Config) -> list[str]:
    """Replace each value of the wrong type by a usable one; return what was done.

    ``False`` for a page or folder name (``notegarden_graph_page = False``) turns it
    off, as ``""`` does; one string where a list is expected becomes a list of it;
    anything else falls back to the default. Without this, the value reached code that
    expects its type, and the build stopped with a traceback.
    """
    from .landscape.directive import LANDSCAPE_CONFIG_VALUES  # a cycle otherwise

    problems: list[str] = []
    for value in (*all_config_values(), *LANDSCAPE_CONFIG_VALUES):
        current = getattr(config, value.name)
        if isinstance(current, value.types):
            continue
        if str in value.types and isinstance(current, bool):
            fixed: Any = "" if current is False else value.default
        elif list in value.types and isinstance(current, str):
            fixed = [current]
        else:
            fixed = value.default
        setattr(config, value.name, fixed)
        problems.append(
            f"{value.name} = {current!r} should be {_describe(value.types)}; {fixed!r} is used"
        )
    return problems


def check_config(app: Sphinx, config: Config) -> None:
    """Warn once, at start-up, about every unusable part of the notegarden settings."""
    type_problems = fix_config_types(config)
    _, problems = validate_kind_overrides(config.notegarden_callout_kinds)
    problems = type_problems + problems
    choices = {
        "notegarden_unresolved": ("warn", "stub", "ignore"),
        "notegarden_backlinks_from": ("notes", "all"),
        "notegarden_preview_links": ("notes", "internal"),
        "notegarden_titles": ("heading", "file"),
    }
    for name, allowed in choices.items():
        if getattr(config, name) not in allowed:
            problems.append(
                f"{name} = {getattr(config, name)!r} is not one of {', '.join(allowed)}; "
                f"{allowed[0]!r} is used"
            )
            setattr(config, name, allowed[0])
    for name in (
        "notegarden_tags_path",
        "notegarden_note_index",
        "notegarden_stubs_path",
        "notegarden_folders_path",
    ):
        value = getattr(config, name)
        if value and not SAFE_FOLDER_RE.match(value):
            problems.append(
                f"{name} = {value!r} is not a safe folder (letters, digits, '-', '_' "
                "and '/'); the default is used"
            )
    for problem in problems:
        logger.warning(problem, type="notegarden", subtype="config")


def setup_config_check(app: Sphinx) -> None:
    """Check the settings on ``config-inited``, before any other handler uses them."""
    app.connect("config-inited", check_config, priority=300)
