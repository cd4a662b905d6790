"""Private notes: ``publish: false`` or ``draft: true`` leaves a note out of the site.

Sphinx must never read such a note, or its title and text could reach backlinks,
embeds, tag pages, the search index or the link graph. So before anything is read,
on ``config-inited``, the source scan (:mod:`~sphinx_notegarden.source_check`, which
reads each source once) finds the notes whose front matter (MyST) or leading field
list (rST) says so, and they are added to ``exclude_patterns``.
Links to them then behave as links to missing notes. A change of privacy changes the
configuration, which makes Sphinx rebuild everything: nothing stale can leak.
"""

from __future__ import annotations

import glob
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.builders.html import StandaloneHTMLBuilder

from .paths import remove_output_files

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

_MD_KEY_RE = re.compile(r"^(publish|draft)\s*:\s*(\S+)\s*$", re.MULTILINE | re.IGNORECASE)
_RST_KEY_RE = re.compile(r"^:(publish|draft):\s*(\S+)\s*$", re.IGNORECASE)
FALSE_WORDS = frozenset({"false", "no", "off", "0"})
TRUE_WORDS = frozenset({"true", "yes", "on", "1"})


def _private(key: str, value: str) -> bool:
    value = value.strip().strip("\"'").lower()
    return (key.lower() == "publish" and value in FALSE_WORDS) or (
        key.lower() == "draft" and value in TRUE_WORDS
    )


def is_private_text(head: str, suffix: str) -> bool:
    """Tell whether a note starting with *head* (a *suffix* source) asks not to be published.

    That is ``publish: false`` or ``draft: true`` in its front matter or, in rST, in
    its leading field list.
    """
    if suffix == ".rst":
        for line in head.splitlines():
            if not line.strip():
                break
            match = _RST_KEY_RE.match(line)
            if match and _private(*match.groups()):
                return True
        return False
    if not head.startswith("---"):
        return False
    end = head.find("\n---", 3)
    block = head[3 : end if end > 0 else len(head)]
    return any(_private(key, value) for key, value in _MD_KEY_RE.findall(block))


#: Hidden files and folders (``.obsidian/`` settings, ``.trash/``, ``.site/``...): Obsidian
#: shows none of them, so they are never pages.
VAULT_FOLDERS = (".*", "**/.*")


def template_folder(srcdir: Path) -> str | None:
    """Return the folder of Obsidian's Templates plugin, from ``.obsidian/templates.json``.

    None when the vault has no such setting, or when it is unreadable or leaves the vault.
    """
    try:
        settings = json.loads((srcdir / ".obsidian" / "templates.json").read_text("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    folder = settings.get("folder") if isinstance(settings, dict) else None
    return folder_pattern(folder) if isinstance(folder, str) else None


def folder_pattern(folder: str) -> str | None:
    """Return the exclude pattern of the source-relative *folder*, or None if unusable."""
    parts = [part for part in folder.replace("\\", "/").split("/") if part not in ("", ".")]
    if not parts or ".." in parts:
        return None
    return glob.escape("/".join(parts))


def excluded_folders(srcdir: Path, config: Config) -> list[str]:
    """Return exclude patterns for the template folder and ``notegarden_exclude_folders``."""
    folders = [template_folder(srcdir)]
    folders += [folder_pattern(str(f)) for f in config.notegarden_exclude_folders]
    patterns: list[str] = []
    for folder in folders:
        if folder is not None:
            patterns += [folder, f"{folder}/**"]
    return patterns


def exclude_vault_folders(app: Sphinx, config: Config) -> None:
    """On ``config-inited``: never read vault settings, bins or templates."""
    for pattern in (*VAULT_FOLDERS, *excluded_folders(Path(app.srcdir), config)):
        if pattern not in config.exclude_patterns:
            config.exclude_patterns.append(pattern)


def leave_out_private_notes(app: Sphinx, config: Config, private: list[str]) -> None:
    """Exclude the *private* notes (source-relative paths), found by the source scan."""
    for relative in private:
        pattern = glob.escape(relative)
        if pattern not in config.exclude_patterns:
            config.exclude_patterns.append(pattern)
    app.config.notegarden_private_docnames = [str(Path(p).with_suffix("")) for p in private]


def remove_private_outputs(app: Sphinx) -> None:
    """On ``builder-inited``: delete what an earlier build wrote for now-private notes.

    A note made private after it was published would otherwise stay in the output.
    """
    if not isinstance(app.builder, StandaloneHTMLBuilder):
        return
    outdir = Path(app.outdir).resolve()
    for docname in getattr(app.config, "notegarden_private_docnames", []):
        candidates = [Path(app.builder.get_outfilename(docname))]
        candidates += list((outdir / "_sources").glob(glob.escape(docname) + ".*"))
        remove_output_files(outdir, candidates)
