"""The ``callout`` directive: its nodes, the directive, and the label fix for ``{ref}``.

A callout is an :class:`ng_callout` holding an :class:`ng_callout_title` followed by
the body. Builders draw it in :mod:`sphinx_notegarden.callout_writers`; the
Obsidian block-quote syntax builds the same nodes in
:mod:`sphinx_notegarden.obsidian_callouts`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, cast

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import clean_astext

from .callout_kinds import DEFAULT_KIND, CalloutKind
from .config import kind_registry
from .icons import ICON_SHAPES, NO_ICON
from .theorems import setup_theorems

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.domains.std import StandardDomain

logger = logging.getLogger(__name__)

COLLAPSIBLE_STATES = ("open", "closed")


class ng_callout(nodes.Admonition, nodes.Element):  # noqa: N801 (docutils node naming)
    """A callout. Attributes: ``kind``, ``latex``, ``collapsible``, ``icon``, ``title_id``.

    ``default_title`` is set when the title is the kind's label (none was written);
    :mod:`sphinx_notegarden.theorem_collector` adds ``ng_theorem_doc`` and
    ``ng_theorem_index`` to numbered ones.
    """


class ng_callout_title(nodes.Part, nodes.TextElement):  # noqa: N801
    """The title of a callout: inline markup (emphasis, math, links, roles)."""


def build_callout(
    kind: CalloutKind,
    title: list[nodes.Node],
    *,
    collapsible: str = "",
    icon: str | None = None,
    classes: list[str] | None = None,
    default_title: bool = False,
) -> ng_callout:
    """Return a callout node of *kind* with *title* as its title and no body yet.

    *collapsible* is ``""``, ``"open"`` or ``"closed"``; *icon* is a built-in icon
    name, a short text (an emoji), ``""`` for none, or None for the kind's own icon.
    *default_title* says that *title* is the kind's label, not a title the author wrote.
    """
    icon_name = kind.icon if icon is None else icon
    if icon_name == NO_ICON:
        icon_name = ""
    node = ng_callout(
        "",
        kind=kind.name,
        latex=kind.latex,
        collapsible=collapsible,
        icon=icon_name,
        classes=["ng-callout", f"ng-kind-{kind.name}", *(classes or [])],
    )
    if default_title:
        node["default_title"] = True
    node += ng_callout_title("", "", *title)
    return node


def callout_fallback_kind(registry_kinds: dict[str, CalloutKind]) -> CalloutKind:
    """Return the kind that unknown kinds render as (the site's ``note``)."""
    return registry_kinds.get(DEFAULT_KIND) or next(iter(registry_kinds.values()))


class CalloutDirective(SphinxDirective):
    """``callout``: a titled aside of a kind (note, warning, theorem, ...)."""

    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True
    # Values are checked in run(), not by docutils: a bad value then gives a warning
    # and a rendered callout instead of an error that drops the whole body.
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "kind": directives.unchanged,
        "collapsible": directives.unchanged,
        "icon": directives.unchanged,
        "class": directives.class_option,
        "name": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        """Build the callout from the title, options and body."""
        registry = kind_registry(self.config)
        problems: list[str] = []
        spelling = (self.options.get("kind") or DEFAULT_KIND).strip()
        kind = registry.resolve(spelling)
        if kind is None:
            problems.append(
                f"unknown callout kind {spelling!r}; rendered as a note "
                f"(known kinds: {', '.join(registry.known_names())})"
            )
            kind = callout_fallback_kind(dict(registry.kinds))
        collapsible = self._collapsible(problems)
        icon = self._icon(problems)

        messages: list[nodes.system_message] = []
        if self.arguments:
            title, messages = self.parse_inline(self.arguments[0], lineno=self.lineno)
        else:
            title = [nodes.Text(kind.label)]
        node = build_callout(
            kind,
            title,
            collapsible=collapsible,
            icon=icon,
            classes=self.options.get("class", []),
            default_title=not self.arguments,
        )
        self.set_source_info(node)
        node[0].source, node[0].line = node.source, node.line
        self.add_name(node)
        if self.content:
            node += self.parse_content_to_nodes(allow_section_headings=False)
        else:
            problems.append("callout has no content; add a body or drop the directive")
        for problem in problems:
            logger.warning(problem, type="notegarden", subtype="callout", location=node)
        return [node, *messages]

    def _collapsible(self, problems: list[str]) -> str:
        if "collapsible" not in self.options:
            return ""
        value = (self.options["collapsible"] or "closed").strip().lower()
        if value not in COLLAPSIBLE_STATES:
            problems.append(
                f"bad :collapsible: value {self.options['collapsible']!r}; "
                "use 'open' or 'closed' (the callout is shown expanded, not collapsible)"
            )
            return ""
        return value

    def _icon(self, problems: list[str]) -> str | None:
        if "icon" not in self.options:
            return None
        value = (self.options["icon"] or "").strip()
        if value in ICON_SHAPES or value == NO_ICON or 0 < len(value) <= 4:
            return value
        problems.append(
            f"unknown :icon: {value!r}; use one of {', '.join(sorted(ICON_SHAPES))}, "
            f"'{NO_ICON}', or up to 4 characters (an emoji)"
        )
        return None


class CalloutIdTransform(SphinxTransform):
    """Give every callout and its title an id, so the title can name the callout.

    Runs before the domains collect labels, so ids are stable and in document order.
    """

    default_priority = 800

    def apply(self, **kwargs: object) -> None:
        """Set ``ids`` on callouts and their titles, and ``title_id`` on each callout."""
        for node in self.document.findall(ng_callout):
            if not node["ids"]:
                self.document.set_id(node)
            title = node[0]
            if isinstance(title, ng_callout_title):
                title_id = f"{node['ids'][0]}-title"
                title["ids"] = [title_id]
                node["title_id"] = title_id


class CalloutLabelTransform(SphinxTransform):
    """Make ``{ref}`` to a named callout use the callout's title as link text.

    Sphinx records a title for labels on sections, figures and the like only; this
    runs right after it (priority 851 > the domains' 850) and adds the callouts.
    """

    default_priority = 851

    def apply(self, **kwargs: object) -> None:
        """Record each named callout's title in the standard domain's labels."""
        std = cast("StandardDomain", self.env.get_domain("std"))
        docname = self.env.docname
        for node in self.document.findall(ng_callout):
            title = cast("ng_callout_title", node[0])
            for name in node["names"]:
                label = std.anonlabels.get(name)
                if label and label[0] == docname and label[1] in node["ids"]:
                    std.labels[name] = (docname, label[1], clean_astext(title))


def setup_callouts(app: Sphinx) -> None:
    """Register the callout directive, its transforms, and theorem numbering."""
    app.add_directive("callout", CalloutDirective)
    app.add_transform(CalloutIdTransform)
    app.add_transform(CalloutLabelTransform)
    setup_theorems(app)  # numbering theorem-like callouts
