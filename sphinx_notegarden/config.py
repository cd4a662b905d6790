"""Every ``notegarden_*`` configuration value, typed and registered once (checked in config_check).

:data:`CONFIG_VALUES` holds the general values; the math and theorem features keep
theirs next to their code (``MATH_CONFIG_VALUES``, ``THEOREM_CONFIG_VALUES``), as the
landscape directive does. :func:`register_config_values` registers each with Sphinx
(type and default), and the docs render their reference table from the same tuples,
so code and docs cannot drift apart.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal

from .callout_kinds import KindRegistry, build_kind_registry, validate_kind_overrides

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

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
        "notegarden_notes",
        None,
        "env",
        (list, type(None)),
        "Which documents are notes: a list of glob patterns of docnames (``notes/**``). "
        "Default ``None``: every document whose front matter (or leading field list) has "
        "a note key: title, summary, description, date, created, updated, tags, "
        "aliases, status or kind.",
    ),
    ConfigValue(
        "notegarden_statuses",
        ["seedling", "budding", "evergreen", "stub"],
        "env",
        (list, tuple, type(None)),
        "The allowed values of a note's ``status``. Others get a ``[notegarden.meta]`` "
        "warning and are ignored. ``None`` takes any status as written, for a vault "
        "whose ``status`` property has values of its own (``notegarden init`` writes it).",
    ),
    ConfigValue(
        "notegarden_note_header",
        True,
        "env",
        (bool,),
        "Show the note header (kind, dates, status, summary, tags) at the top of each "
        "note. A note turns its own header off with ``note-header: false``.",
    ),
    ConfigValue(
        "notegarden_date_format",
        "%b %d, %Y",
        "env",
        (str,),
        "How dates are shown, in ``strftime`` codes, localised to the site's ``language``.",
    ),
    ConfigValue(
        "notegarden_titles",
        "heading",
        "env",
        (str,),
        "Where a note without a front-matter ``title`` takes its title from: ``heading`` "
        "(its H1, else its file name) or ``file`` (its file name, as Obsidian shows it; "
        "an H1 is then a section of the note, for vaults whose notes start with "
        "``# Overview`` or ``# Theory``).",
    ),
    ConfigValue(
        "notegarden_orphan_notes",
        True,
        "env",
        (bool,),
        "Notes need not be in a toctree: they are reached through links, tag pages and "
        "the note index, so Sphinx does not warn about them.",
    ),
    ConfigValue(
        "notegarden_inline_tags",
        False,
        "env",
        (bool,),
        "Read Obsidian inline tags (``#learning``, ``#math/optimization``) in running "
        "text as the note's tags, and link them. Never inside code, math, links, URLs or "
        "headings; ``#123`` is not a tag.",
    ),
    ConfigValue(
        "notegarden_tag_pages",
        True,
        "html",
        (bool,),
        "Generate a page per tag and a tag overview (HTML and dirhtml builders).",
    ),
    ConfigValue(
        "notegarden_tags_path",
        "tags",
        "html",
        (str,),
        "The folder of the generated tag pages in the output: letters, digits, ``-`` "
        "and ``_``, separated by ``/``.",
    ),
    ConfigValue(
        "notegarden_note_index",
        "notes",
        "html",
        (str,),
        "The page name of the generated index of all notes, newest first; empty to turn it off.",
    ),
    ConfigValue(
        "notegarden_backlinks",
        True,
        "env",
        (bool,),
        'End every note with a "Linked from" section. A note turns it off with '
        "``backlinks: false``; the ``backlinks`` directive places it explicitly.",
    ),
    ConfigValue(
        "notegarden_backlinks_title",
        "",
        "html",
        (str,),
        'The heading of the backlinks section. Empty: "Linked from", translated into '
        "the site's ``language``.",
    ),
    ConfigValue(
        "notegarden_backlinks_from",
        "notes",
        "html",
        (str,),
        'Which documents\' links count as backlinks: ``"notes"`` (links from notes only, '
        'so a landing page linking everything adds nothing) or ``"all"``.',
    ),
    ConfigValue(
        "notegarden_backlinks_self",
        False,
        "html",
        (bool,),
        "Count a note's links to itself as backlinks.",
    ),
    ConfigValue(
        "notegarden_unresolved",
        "warn",
        "html",
        (str,),
        'What a link to a missing note does: ``"warn"`` (the text stays, styled as a '
        'missing link, with a ``[notegarden.unresolved]`` warning), ``"stub"`` (a '
        "generated page for each missing note, listing the notes that want it) or "
        '``"ignore"``.',
    ),
    ConfigValue(
        "notegarden_stubs_path",
        "stubs",
        "html",
        (str,),
        "The folder of generated stub pages in the output.",
    ),
    ConfigValue(
        "notegarden_link_graph",
        "notegarden-graph.json",
        "html",
        (str,),
        "File name of the link graph JSON written into the HTML output (nodes with title, "
        "tags, status and url; edges with their source location); empty to turn it off.",
    ),
    ConfigValue(
        "notegarden_previews",
        True,
        "html",
        (bool,),
        "Show a preview (title, header, opening) when a reader hovers or focuses a link to "
        "a note (html and dirhtml). A note opts out with ``previews: false``.",
    ),
    ConfigValue(
        "notegarden_preview_length",
        600,
        "html",
        (int,),
        "About how many characters of a note a preview shows; it is cut after the block "
        "that passes this length.",
    ),
    ConfigValue(
        "notegarden_preview_links",
        "notes",
        "html",
        (str,),
        "Which links get previews: ``notes`` (links to notes: wikilinks, ``{note}``, "
        "document links) or ``internal`` (also links to any document of the project and "
        "``{ref}``/``{numref}`` references to labels). Links inside an element with the "
        "class ``no-preview`` never get one.",
    ),
    ConfigValue(
        "notegarden_graph_page",
        "graph",
        "html",
        (str,),
        "The page name of the graph of all notes and links (html and dirhtml); empty to "
        "turn it off.",
    ),
    ConfigValue(
        "notegarden_local_graph_depth",
        1,
        "html",
        (int,),
        "How many links away from a note its local graph reaches (its links and "
        "backlinks, in either direction); 0 turns local graphs off. A note opts out "
        "with ``graph: false``.",
    ),
    ConfigValue(
        "notegarden_feed",
        False,
        "html",
        (bool,),
        "Write an Atom feed of notes (``feed.xml``), newest first, linked from every page's "
        "``<head>``. Needs ``html_baseurl`` for absolute links.",
    ),
    ConfigValue(
        "notegarden_feed_count",
        20,
        "html",
        (int,),
        "How many notes the feed holds.",
    ),
    ConfigValue(
        "notegarden_feed_tags",
        [],
        "html",
        (list, tuple),
        "Only notes with one of these tags (or a tag nested under one) go into the feed.",
    ),
    ConfigValue(
        "notegarden_feed_kinds",
        [],
        "html",
        (list, tuple),
        "Only notes of these kinds (``essay``, ...) go into the feed.",
    ),
    ConfigValue(
        "notegarden_feed_per_tag",
        False,
        "html",
        (bool,),
        "Also write a feed per tag, next to the tag's page (``tags/<slug>.xml``).",
    ),
    ConfigValue(
        "notegarden_respect_publish",
        True,
        "env",
        (bool,),
        "Leave out notes whose front matter says ``publish: false`` or ``draft: true``: "
        "they are never read, so nothing of them reaches the site; links to them behave "
        "as links to missing notes.",
    ),
    ConfigValue(
        "notegarden_exclude_folders",
        [],
        "env",
        (list, tuple),
        "Folders of the vault that are never read (source-relative paths, such as "
        '``["Templates", "Daily/Archive"]``). The folder of Obsidian\'s Templates plugin '
        "(``.obsidian/templates.json``), ``.obsidian/`` and ``.trash/`` are never read anyway.",
    ),
    ConfigValue(
        "notegarden_folders_path",
        "folders",
        "html",
        (str,),
        "The folder of the generated folder pages (one per vault folder, for ``[[folder/]]`` "
        "links) in the output: letters, digits, ``-`` and ``_``, separated by ``/``; empty "
        "to turn folder pages off.",
    ),
    ConfigValue(
        "notegarden_sanitize_html",
        True,
        "env",
        (bool,),
        "Clean raw HTML in documents (Markdown inline HTML, ``raw`` directives) with a "
        "whitelist: formatting, links, images, tables and the checkboxes of task lists "
        "stay; scripts, event handlers, form fields and ``javascript:`` URLs go.",
    ),
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
    ConfigValue(
        "notegarden_admonition_fences",
        True,
        "env",
        (bool,),
        "Read fences of the Obsidian Admonition plugin (```` ```ad-note ````, with "
        "``title:`` and ``collapse:`` lines) in Markdown documents as callouts.",
    ),
    ConfigValue(
        "notegarden_gc_tuning",
        True,
        "",
        (bool,),
        "Schedule Python's garbage collector for a Sphinx build: while documents are read, "
        "objects that survived a full collection (the document trees read so far) are "
        "skipped by the next ones; the extension's own short-lived trees (generated pages, "
        'previews, "Linked from" sections) are made with the collector paused, so they '
        "never reach its oldest generation; while HTML pages are written the heap stays "
        "frozen, the collector is paused through each page, and each written page's tree "
        "is taken apart and freed at once when nothing else holds any of it. Nothing is "
        "kept that would be freed otherwise (peak memory lower). In the "
        "``sphinx-build`` command, which ends with the build, the heap is left frozen so "
        "that Python's last collection at exit skips it; in any other program nothing is "
        "left frozen. ``False`` leaves the collector as Python sets it.",
    ),
)


def register_config_values(app: Sphinx) -> None:
    """Register every value of :data:`CONFIG_VALUES` (and the math and theorem features')."""
    for value in all_config_values():
        app.add_config_value(value.name, value.default, value.rebuild, types=value.types)
    # Filled on config-inited from the source tree (privacy.py), not set by users.
    app.add_config_value("notegarden_private_docnames", [], "env", types=[list])


def all_config_values() -> tuple[ConfigValue, ...]:
    """Every value registered by :func:`register_config_values` (not the plots' own)."""
    from .math import MATH_CONFIG_VALUES  # declared next to the math code; a cycle otherwise
    from .theorems import THEOREM_CONFIG_VALUES  # likewise

    return (*CONFIG_VALUES, *MATH_CONFIG_VALUES, *THEOREM_CONFIG_VALUES)


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
