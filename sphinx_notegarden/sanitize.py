"""Inline HTML in notes, as vaults use it, through a whitelist sanitiser (nh3, i.e. Ammonia).

Notes may come from anywhere; raw HTML in them (MyST ``html_block``/``html_inline``,
rST ``.. raw:: html``) is cleaned while the document is read: formatting tags, links,
images and small tables survive; ``<script>``, event handlers, ``javascript:`` URLs
and the like do not. A run of inline raw tags and plain text (``<u>word</u>``) is
cleaned as one piece, so balanced tags stay balanced.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import nh3
from docutils import nodes
from sphinx.transforms import SphinxTransform

from .walk import nodes_of

if TYPE_CHECKING:
    from sphinx.application import Sphinx

ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup",
        "dd", "del", "details", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2",
        "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p",
        "pre", "q", "s", "samp", "small", "span", "strong", "sub", "summary", "sup", "table",
        "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul", "var", "center", "font",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "*": {"class", "title", "style", "align", "id", "lang", "dir"},
    "a": {"href", "name"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "col": {"span"},
    "font": {"color"},
    "ol": {"start", "type"},
}
ALLOWED_STYLES = frozenset(
    {
        "color",
        "background-color",
        "font-weight",
        "font-style",
        "text-decoration",
        "text-align",
        "font-size",
        "width",
    }
)
URL_SCHEMES = frozenset({"http", "https", "mailto"})


def clean_html(text: str) -> str:
    """Return *text* with everything outside the whitelist removed."""
    return nh3.clean(
        text,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        filter_style_properties=set(ALLOWED_STYLES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def _is_html(node: nodes.Node) -> bool:
    """Tell whether *node* is raw HTML."""
    return isinstance(node, nodes.raw) and "html" in node.get("format", "").split()


VOID_TAGS = frozenset({"br", "img", "hr", "col", "wbr"})
_OPEN_TAG_RE = re.compile(r"^<([a-zA-Z][a-zA-Z0-9]*)\b[^<>]*>$")
_CLOSE_TAG_RE = re.compile(r"^</([a-zA-Z][a-zA-Z0-9]*)\s*>$")


_INPUT_RE = re.compile(r"^<input((?:\s+[a-zA-Z-]+(?:=\"[^\"<>]*\")?)*)\s*/?>$")
_ATTRIBUTE_RE = re.compile(r"([a-zA-Z-]+)(?:=\"([^\"<>]*)\")?")
_CHECKBOX_ATTRIBUTES = {
    "type": re.compile(r"checkbox"),
    "class": re.compile(r"[\w -]*"),
    "checked": re.compile(r"(?:checked)?"),
    "disabled": re.compile(r"(?:disabled)?"),
}


def is_checkbox(text: str) -> bool:
    """Tell whether *text* is a lone checkbox, as MyST writes for ``- [ ]`` task items.

    Only ``type="checkbox"`` with a class, ``checked`` and ``disabled``: nothing that
    runs, submits or loads anything.
    """
    match = _INPUT_RE.match(text.strip())
    if match is None:
        return False
    attributes = {
        name.lower(): value or "" for name, value in _ATTRIBUTE_RE.findall(match.group(1))
    }
    return attributes.get("type") == "checkbox" and all(
        name in _CHECKBOX_ATTRIBUTES and _CHECKBOX_ATTRIBUTES[name].fullmatch(value)
        for name, value in attributes.items()
    )


def clean_fragment(text: str) -> str:
    """Clean raw HTML that may be a lone tag of an inline run (``<u>`` ... ``</u>``).

    A lone opening tag is cleaned as if closed right away, and only the cleaned opening
    part is kept; a lone closing tag is kept if its element is allowed. The text between
    the tags stays text (links, tags and math in it keep working).
    """
    stripped = text.strip()
    if is_checkbox(stripped):
        return text  # a task item's box: MyST's own, or written the same way
    opening = _OPEN_TAG_RE.match(stripped)
    if opening and not stripped.endswith("/>") and opening.group(1).lower() not in VOID_TAGS:
        name = opening.group(1).lower()
        if name not in ALLOWED_TAGS:
            return ""
        cleaned = clean_html(f"{stripped}</{name}>")
        return cleaned[: -len(f"</{name}>")] if cleaned.endswith(f"</{name}>") else cleaned
    closing = _CLOSE_TAG_RE.match(stripped)
    if closing:
        return stripped if closing.group(1).lower() in ALLOWED_TAGS else ""
    return clean_html(text)


class SanitizeHtmlTransform(SphinxTransform):
    """Clean every raw HTML node of a document as it is read."""

    default_priority = 680

    def apply(self, **kwargs: object) -> None:
        """Replace the text of every raw HTML node by its cleaned form."""
        if not self.config.notegarden_sanitize_html:
            return
        for node in [raw for raw in nodes_of(self.document, nodes.raw) if _is_html(raw)]:
            inline = isinstance(node.parent, nodes.TextElement)
            source = node.astext()
            cleaned = clean_fragment(source) if inline else clean_html(source)
            if cleaned != source and isinstance(node, nodes.Element):
                node.children = []
                node.append(nodes.Text(cleaned))


def setup_sanitize(app: Sphinx) -> None:
    """Register the sanitiser."""
    app.add_transform(SanitizeHtmlTransform)
