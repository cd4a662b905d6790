"""Links to attachments, ``[[paper.pdf|the paper]]``, and to a PDF's page, ``[[paper.pdf#page=5]]``.

A link to a file copied into the output is Sphinx's download link. A link to a page
of a PDF (Obsidian opens the PDF there; ``#page=272&selection=...`` as its PDF viewer
writes them) keeps ``#page=N`` in HTML and loses the ``download`` attribute, so that
the browser's PDF viewer opens it at that page; every other builder writes it as the
download link it is (its writers find the download link's visitors through the node's
class).
"""

from __future__ import annotations

import posixpath
import re
import urllib.parse
from typing import TYPE_CHECKING

from sphinx import addnodes

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator

#: ``page=N`` at the start of a PDF link's fragment (``page=272&selection=0,12,0,36``).
_PAGE = re.compile(r"page=(\d{1,6})(?:&|$)")


class ng_page_link(addnodes.download_reference):  # noqa: N801
    """A link to one page (``ng_page``) of a PDF attachment."""


def pdf_page(path: str, fragment: str) -> int | None:
    """Return the page a link's *fragment* names in the PDF *path*, or None."""
    found = _PAGE.match(fragment.strip())
    if found is None or not path.lower().endswith(".pdf"):
        return None
    return int(found.group(1)) or None


def attachment_link(
    xref: addnodes.pending_xref, path: str, docname: str
) -> addnodes.download_reference:
    """``[[pond.jpg|the pond]]``: a link to the file, copied into the output as a download."""
    page = pdf_page(path, str(xref.get("ng_anchor", "")))
    node_class = addnodes.download_reference if page is None else ng_page_link
    link = node_class(
        "",
        "",
        *xref.children,
        reftarget="/" + path,
        refdoc=docname,
        refexplicit=True,
        classes=["ng-attachment-link"],
    )
    if page is not None:
        link["ng_page"] = page
    link.source, link.line = xref.source, xref.line
    return link


def visit_page_link_html(self: HTML5Translator, node: ng_page_link) -> None:
    """Write the link to the copied PDF with ``#page=N``, to open, not download."""
    if not self.builder.download_support or "filename" not in node:
        self.visit_download_reference(node)
        return
    href = posixpath.join(self.builder.dlpath, urllib.parse.quote(node["filename"]))
    href = f"{href}#page={int(node['ng_page'])}"
    self.body.append(self.starttag(node, "a", "", CLASS="reference download internal", href=href))
    self.context.append("</a>")


def depart_page_link_html(self: HTML5Translator, node: ng_page_link) -> None:
    """Close the link (as the download link's own visitor does)."""
    self.depart_download_reference(node)


def setup_attachment_links(app: Sphinx) -> None:
    """Register the page link's HTML visitors (other builders use the download link's)."""
    app.add_node(ng_page_link, html=(visit_page_link_html, depart_page_link_html))
