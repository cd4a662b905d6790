"""Output paths built from configuration: checked so they stay inside the output directory."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

#: Relative folders of ASCII letters, digits, ``-`` and ``_``, separated by ``/``.
SAFE_FOLDER_RE = re.compile(r"^[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*$")


def safe_folder(value: str, default: str) -> str:
    """Return *value* if it is a safe relative folder for generated pages, else *default*.

    No ``..``, no leading ``/``, no drive letters, no empty parts: the result joined to
    the output directory can never leave it.
    """
    return value if value and SAFE_FOLDER_RE.match(value) else default


def remove_output_files(
    outdir: str | os.PathLike[str], paths: Iterable[str | os.PathLike[str]]
) -> None:
    """Delete the files *paths* that an earlier build wrote, never outside *outdir*.

    Sphinx deletes nothing it wrote before: pages that no longer exist (a tag whose
    last note lost it, a moved permalink, a note made private) are removed here.
    """
    root = Path(outdir).resolve()
    for path in paths:
        target = Path(path).resolve()
        if target.is_relative_to(root) and target.is_file():
            target.unlink()
