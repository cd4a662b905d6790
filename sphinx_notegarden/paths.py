"""Output paths built from configuration: checked so they stay inside the output directory."""

from __future__ import annotations

import re

#: Relative folders of ASCII letters, digits, ``-`` and ``_``, separated by ``/``.
SAFE_FOLDER_RE = re.compile(r"^[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*$")


def safe_folder(value: str, default: str) -> str:
    """Return *value* if it is a safe relative folder for generated pages, else *default*.

    No ``..``, no leading ``/``, no drive letters, no empty parts: the result joined to
    the output directory can never leave it.
    """
    return value if value and SAFE_FOLDER_RE.match(value) else default
