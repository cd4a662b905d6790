"""Line icons for callouts, as SVG path data on a 24 x 24 grid.

The shapes are drawn for this project (stroke-based, in the spirit of Obsidian's
Lucide icons). They reach the page only as CSS masks built by
:mod:`sphinx_notegarden.callout_css`, so a theme's colour shows through them and
no SVG markup is ever written into the HTML.
"""

from __future__ import annotations

from urllib.parse import quote

#: Icon name -> SVG element markup drawn with ``stroke="currentColor"`` semantics.
ICON_SHAPES: dict[str, str] = {
    "pencil": '<path d="M4 20h4L19 9l-4-4L4 16z"/><path d="M13.5 6.5l4 4"/>',
    "clipboard": (
        '<rect x="5" y="4" width="14" height="17" rx="2"/><path d="M9 4h6v3H9z"/>'
        '<path d="M9 12h6M9 16h4"/>'
    ),
    "info": '<circle cx="12" cy="12" r="9"/><path d="M12 11v6M12 7.5v.5"/>',
    "check-circle": '<circle cx="12" cy="12" r="9"/><path d="M8 12.5l2.5 2.5L16 9.5"/>',
    "flame": (
        '<path d="M12 3c1 3 5 5.5 5 10a5 5 0 0 1-10 0c0-2.5 1.5-3.5 2-5 1 1 1.5 2 1.5 3'
        ' 1-2 1.5-5 1.5-8z"/>'
    ),
    "check": '<path d="M5 12.5l4.5 4.5L19 7.5"/>',
    "help-circle": (
        '<circle cx="12" cy="12" r="9"/><path d="M9.5 9.5a2.5 2.5 0 1 1 3.5 2.3'
        'c-.7.3-1 .9-1 1.7v.5M12 17v.5"/>'
    ),
    "alert-triangle": '<path d="M12 3.5L2.5 20h19z"/><path d="M12 10v4.5M12 17v.5"/>',
    "x": '<path d="M6 6l12 12M18 6L6 18"/>',
    "zap": '<path d="M13 2.5L4.5 13.5H12L11 21.5l8.5-11H12z"/>',
    "bug": (
        '<rect x="7.5" y="7" width="9" height="13" rx="4.5"/><path d="M12 11v9M3.5 13h4'
        "M16.5 13h4M4.5 8.5l3 1.5M19.5 8.5l-3 1.5M4.5 19l3-2M19.5 19l-3-2M9.5 7.5"
        'a2.5 2.5 0 0 1 5 0"/>'
    ),
    "list": '<path d="M9 6h11M9 12h11M9 18h11M4 6h.5M4 12h.5M4 18h.5"/>',
    "quote": (
        '<path d="M5 17c2.5 0 4-1.5 4-4.5V7H4.5v5.5H9M15 17c2.5 0 4-1.5 4-4.5V7h-4.5v5.5H19"/>'
    ),
    "lightbulb": (
        '<path d="M9 18h6M10 21h4M12 3a6 6 0 0 0-3.5 10.9c.6.5 1 1.2 1 2.1h5'
        'c0-.9.4-1.6 1-2.1A6 6 0 0 0 12 3z"/>'
    ),
    "book": '<path d="M4 5.5A2.5 2.5 0 0 1 6.5 3H20v15H6.5A2.5 2.5 0 0 0 4 20.5z"/>'
    '<path d="M4 20.5A2.5 2.5 0 0 0 6.5 23H20v-5"/>',
    "sigma": '<path d="M18 5H6l6 7-6 7h12"/>',
    "square": '<rect x="6" y="6" width="12" height="12" rx="1"/>',
    "message": '<path d="M4 5h16v11H9l-5 4z"/>',
    "hash": '<path d="M9 3L7 21M17 3l-2 18M4 8.5h17M3 15.5h17"/>',
    "target": '<circle cx="12" cy="12" r="9"/><circle cx="12" cy="12" r="4"/>',
    "cog": (
        '<circle cx="12" cy="12" r="3.5"/><path d="M12 2.5v3M12 18.5v3M2.5 12h3M18.5 12h3'
        'M5.3 5.3l2.1 2.1M16.6 16.6l2.1 2.1M5.3 18.7l2.1-2.1M16.6 7.4l2.1-2.1"/>'
    ),
    "compass": '<circle cx="12" cy="12" r="9"/><path d="M15.5 8.5l-2 5-5 2 2-5z"/>',
}

#: Names accepted by ``:icon:`` besides the shapes: ``none`` hides the icon.
NO_ICON = "none"


def icon_names() -> list[str]:
    """Return the built-in icon names, sorted."""
    return sorted(ICON_SHAPES)


def icon_data_uri(name: str) -> str:
    """Return a ``data:`` URI holding the standalone SVG for the icon *name*.

    The SVG is percent-encoded so that it can sit inside a CSS ``url("...")``
    without any character of it ending the string.
    """
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" fill="none" '
        'stroke="black" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">'
        f"{ICON_SHAPES[name]}</svg>"
    )
    return "data:image/svg+xml," + quote(svg, safe=" =:/,")
