"""Vault layout: the landing page, folder pages, attachment sizes and permalinks, together."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .attachments import setup_attachments
from .folder_pages import setup_folder_pages
from .landing_page import setup_landing_page
from .permalinks import setup_permalinks

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup_vault(app: Sphinx) -> None:
    """Register what publishing a vault unchanged needs beyond links and notes."""
    setup_attachments(app)
    setup_folder_pages(app)
    setup_landing_page(app)
    setup_permalinks(app)
