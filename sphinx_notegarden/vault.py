"""Vault layout: the landing page, folder pages, attachment sizes and permalinks, together."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .attachment_links import setup_attachment_links
from .attachments import setup_attachments
from .folder_pages import setup_folder_pages
from .landing_page import setup_landing_page
from .permalinks import setup_permalinks

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

#: URL schemes that vault notes use for links out of the site: ``obsidian://`` opens
#: a note or plugin in the Obsidian app, and is an external link, not a missing document.
VAULT_URL_SCHEMES = ("obsidian",)


def allow_vault_url_schemes(app: Sphinx, config: Config) -> None:
    """On ``config-inited``: let MyST treat ``obsidian://`` links as external links."""
    schemes: Any = getattr(config, "myst_url_schemes", None)
    if isinstance(schemes, dict):
        extra = {name: None for name in VAULT_URL_SCHEMES if name not in schemes}
        if extra:
            config.myst_url_schemes = {**schemes, **extra}
    elif isinstance(schemes, (list, tuple)):
        extra_names = [name for name in VAULT_URL_SCHEMES if name not in schemes]
        if extra_names:
            config.myst_url_schemes = [*schemes, *extra_names]


def setup_vault(app: Sphinx) -> None:
    """Register what publishing a vault unchanged needs beyond links and notes."""
    setup_attachments(app)
    setup_attachment_links(app)
    setup_folder_pages(app)
    setup_landing_page(app)
    setup_permalinks(app)
    app.connect("config-inited", allow_vault_url_schemes)
