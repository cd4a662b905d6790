"""``notegarden init [VAULT]``: write a minimal ``conf.py`` into a vault, never over a file.

Run as ``notegarden init`` (the console script) or ``python -m sphinx_notegarden init``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

CONF_TEMPLATE = '''"""Sphinx configuration for the vault {name}, written by `notegarden init`."""

project = {project}
extensions = ["myst_parser", "sphinx_notegarden"]

# Obsidian's Markdown: $math$ and $$math$$, ::: fences, - [ ] task lists. (Not "amsmath":
# a line starting \\begin{{align}} would end the paragraph and break a $$ opened in it.)
myst_enable_extensions = ["dollarmath", "colon_fence", "tasklist"]
# Links to headings by their GitHub-style slug, as Quartz and GitHub write them:
# [next](#whats-next), [x](Other.md#some-heading).
myst_heading_anchors = 6

notegarden_notes = ["**"]  # every document is a note, front matter or not
notegarden_inline_tags = True  # read #tags in the text
notegarden_statuses = None  # a note's status is shown as written, whatever its value
# Code that does not parse as its language is shown as plain code, as in Obsidian,
# without Sphinx's warning.
suppress_warnings = ["misc.highlighting_failure"]

# .obsidian/, .trash/ and the Templates plugin's folder are never read; add more here.
exclude_patterns = ["_build"]
notegarden_exclude_folders = []

# A theme of your choice, once installed: pip install furo
# html_theme = "furo"
'''


def conf_text(vault: Path) -> str:
    """Return the ``conf.py`` text for *vault*, its project named after the folder."""
    name = vault.resolve().name or "Notes"
    in_docstring = name.replace("\\", "/").replace('"', "'")
    return CONF_TEMPLATE.format(name=in_docstring, project=repr(name))


def init(vault: Path) -> int:
    """Write ``conf.py`` into *vault*; return the exit code (1 if a file is in the way)."""
    if vault.exists() and not vault.is_dir():
        print(f"notegarden init: {vault} is not a folder", file=sys.stderr)
        return 2
    vault.mkdir(parents=True, exist_ok=True)
    target = vault / "conf.py"
    try:
        with target.open("x", encoding="utf-8") as stream:  # "x": never overwrite
            stream.write(conf_text(vault))
    except FileExistsError:
        print(
            f"notegarden init: {target} exists; it was left as it is. "
            "Edit it, or move it away and run init again.",
            file=sys.stderr,
        )
        return 1
    except OSError as error:
        print(f"notegarden init: cannot write {target}: {error.strerror}", file=sys.stderr)
        return 2
    print(f"Wrote {target}. Build the site with:")
    print(f"  sphinx-build -b html {_quoted(vault)} {_quoted(vault / '_build' / 'html')}")
    return 0


def _quoted(path: Path) -> str:
    text = str(path)
    return f'"{text}"' if any(c.isspace() for c in text) else text


def build_parser() -> argparse.ArgumentParser:
    """Return the command-line parser of ``notegarden``."""
    parser = argparse.ArgumentParser(
        prog="notegarden",
        description="Tools for publishing notes (an Obsidian vault) with Sphinx.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="{init}")
    init_parser = commands.add_parser(
        "init",
        help="write a minimal conf.py into a vault (never overwrites a file)",
        description="Write a minimal conf.py into VAULT, so that `sphinx-build -b html VAULT "
        "VAULT/_build/html` builds it. An existing conf.py is never overwritten.",
    )
    init_parser.add_argument(
        "vault", nargs="?", default=".", type=Path, help="the vault folder (default: here)"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``notegarden`` with *argv* (default: the process's arguments); return the exit code."""
    args = build_parser().parse_args(argv)
    if args.command == "init":
        return init(args.vault)
    return 2  # pragma: no cover - argparse rejects unknown commands


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
