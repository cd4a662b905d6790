"""Sources that do not decode are left out with a warning, not a crash of the build.

Sphinx reads each source with ``source_encoding`` (UTF-8) and stops the whole build at
the first file that is not: "Encoding error!", a traceback, nothing written. Vaults
collect files from everywhere, and one note saved as Latin-1 or Windows-1252 is enough.
So before anything is read, on ``config-inited``, every source Sphinx would read is
decoded once; one that fails gets a ``[notegarden.source]`` warning naming the file,
the line and the byte, and joins ``exclude_patterns``. Links to it then act as links
to a missing note. The rest of the site builds.
"""

from __future__ import annotations

import glob
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.project import EXCLUDE_PATHS
from sphinx.util import logging
from sphinx.util.matching import get_matching_files

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)
#: What Python calls UTF-8, with and without its byte-order mark.
UTF_8_NAMES = frozenset({"utf-8", "utf8", "utf-8-sig", "utf8-sig"})


def undecodable_sources(
    srcdir: Path, suffixes: tuple[str, ...], encoding: str, config: Config
) -> list[tuple[str, int, int]]:
    """Return ``(relative path, line, byte)`` for each source that does not decode."""
    found: list[tuple[str, int, int]] = []
    files = get_matching_files(
        srcdir, config.include_patterns, [*config.exclude_patterns, *EXCLUDE_PATHS]
    )
    for relative in sorted(files):
        if not relative.endswith(suffixes):
            continue
        try:
            data = (srcdir / relative).read_bytes()
            data.decode(encoding)
        except UnicodeDecodeError as error:
            found.append((relative, data.count(b"\n", 0, error.start) + 1, data[error.start]))
        except (OSError, LookupError):
            continue  # unreadable, or an encoding Python lacks: Sphinx says so itself
    return found


def leave_out_undecodable_sources(app: Sphinx, config: Config) -> None:
    """On ``config-inited``: warn about each source that does not decode, and exclude it."""
    srcdir = Path(app.srcdir)
    suffixes = tuple(config.source_suffix) if config.source_suffix else (".rst",)
    encoding = str(config.source_encoding)
    name = "UTF-8" if encoding.lower().replace("_", "-") in UTF_8_NAMES else encoding
    for relative, line, byte in undecodable_sources(srcdir, suffixes, encoding, config):
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


def setup_source_check(app: Sphinx) -> None:
    """Register the check, after Sphinx has merged the extensions' suffixes (800).

    Private notes and vault folders are excluded before (400), so they are not read.
    """
    app.connect("config-inited", leave_out_undecodable_sources, priority=810)
