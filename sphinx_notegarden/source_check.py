"""Sources that do not decode are left out with a warning, not a crash of the build.

Sphinx reads each source with ``source_encoding`` (UTF-8) and stops the whole build at
the first file that is not: "Encoding error!", a traceback, nothing written. Vaults
collect files from everywhere, and one note saved as Latin-1 or Windows-1252 is enough.
So before anything is read, on ``config-inited``, every source Sphinx would read is
decoded once; one that fails gets a ``[notegarden.source]`` warning naming the file,
the line and the byte, and joins ``exclude_patterns``. Links to it then act as links
to a missing note. The rest of the site builds.

The same single read finds the private notes (``publish: false``, ``draft: true``,
see :mod:`~sphinx_notegarden.privacy`), so no source is read twice before the build.
"""

from __future__ import annotations

import glob
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.project import EXCLUDE_PATHS
from sphinx.util import logging
from sphinx.util.matching import get_matching_files

from .drawings import is_drawing_text
from .privacy import is_private_text, leave_out_private_notes

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)
#: What Python calls UTF-8, with and without its byte-order mark.
UTF_8_NAMES = frozenset({"utf-8", "utf8", "utf-8-sig", "utf8-sig"})


#: How much of a note the privacy check reads: its front matter or field list.
HEAD = 8192


def scan_sources(
    srcdir: Path,
    suffixes: tuple[str, ...],
    encoding: str,
    config: Config,
    private: Callable[[str, str], bool] | None,
) -> tuple[list[tuple[str, int, int]], list[str]]:
    """Read every source Sphinx would read, once.

    Return ``(relative path, line, byte)`` for each source that does not decode, and
    the relative paths of the sources *private* (given a source's start and suffix)
    says are private.
    """
    undecodable: list[tuple[str, int, int]] = []
    found_private: list[str] = []
    files = get_matching_files(
        srcdir, config.include_patterns, [*config.exclude_patterns, *EXCLUDE_PATHS]
    )
    for relative in sorted(files):
        if not relative.endswith(suffixes):
            continue
        try:
            data = (srcdir / relative).read_bytes()
            text = data.decode(encoding)
        except UnicodeDecodeError as error:
            undecodable.append((relative, data.count(b"\n", 0, error.start) + 1, data[error.start]))
            continue
        except (OSError, LookupError):
            continue  # unreadable, or an encoding Python lacks: Sphinx says so itself
        if private is not None and private(text[:HEAD], Path(relative).suffix):
            found_private.append(relative)
    return undecodable, found_private


def leave_out_sources(app: Sphinx, config: Config) -> None:
    """On ``config-inited``: exclude the sources that do not decode, and private notes.

    Each undecodable source gets a warning; private notes are left out when
    ``notegarden_respect_publish`` is on, Excalidraw drawings always (they are shown
    by their exported pictures: :mod:`~sphinx_notegarden.drawings`).
    """
    srcdir = Path(app.srcdir)
    suffixes = tuple(config.source_suffix) if config.source_suffix else (".rst",)
    encoding = str(config.source_encoding)
    name = "UTF-8" if encoding.lower().replace("_", "-") in UTF_8_NAMES else encoding
    respect_publish = bool(config.notegarden_respect_publish)

    def left_out(head: str, suffix: str) -> bool:
        """Tell whether a source is a private note (if asked) or an Excalidraw drawing."""
        private = respect_publish and is_private_text(head, suffix)
        return private or is_drawing_text(head, suffix)

    undecodable, private = scan_sources(srcdir, suffixes, encoding, config, left_out)
    for relative, line, byte in undecodable:
        logger.warning(
            "byte 0x%02x on this line is not %s: the file is left out (save it as %s)",
            byte,
            name,
            name,
            type="notegarden",
            subtype="source",
            location=f"{srcdir / relative}:{line}",
        )
        config.exclude_patterns.append(glob.escape(relative))
    leave_out_private_notes(app, config, private)


def setup_source_check(app: Sphinx) -> None:
    """Register the scan, after Sphinx has merged the extensions' suffixes (800).

    Vault folders are excluded before (400), so nothing in them is read.
    """
    app.connect("config-inited", leave_out_sources, priority=810)
