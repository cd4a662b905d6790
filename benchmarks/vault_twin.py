"""Write an Obsidian vault twice: as it is, for sphinx-notegarden, and as its plain-Sphinx twin.

    python benchmarks/vault_twin.py VAULT OUT

``OUT/notegarden/src`` is a copy of the vault with the ``conf.py`` that ``notegarden
init`` writes. ``OUT/plain/src`` holds the same notes (the same ones are left out:
hidden folders, the template folder, notes marked private) rewritten for Sphinx and
MyST alone, as the synthetic garden's twin is (see :mod:`generate_garden`), so that
the two builds do the same work but for what the extension adds:

- ``[[Note|label]]`` and ``[[Note#Heading]]`` become Markdown links to the note's file
  (resolved by file name or path, as Obsidian does); an unknown target, its text;
- ``![[image.png|300]]`` becomes a Markdown image of the attachment, found by name;
  ``![[Note]]`` (a note embed) becomes a link to it;
- ``> [!kind] Title`` callouts become ``{admonition}`` blocks with the kind as class;
- ``==highlight==`` keeps its text, ``%%comments%%`` and ``^block-ids`` go.

Attachments are copied into both. Code fences are left as they are.
"""

from __future__ import annotations

import argparse
import json
import posixpath
import re
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from sphinx_notegarden.cli import conf_text
from sphinx_notegarden.privacy import is_private_text, template_folder
from sphinx_notegarden.source_check import HEAD

PLAIN_CONF = """project = "vault"
extensions = ["myst_parser"]
myst_enable_extensions = ["dollarmath", "colon_fence", "tasklist"]
suppress_warnings = ["misc.highlighting_failure"]
exclude_patterns = ["_build"]
"""
#: The twin's root document when the vault has none: a hidden glob toctree, so that no
#: note is warned about as outside every toctree. It is hidden, as the synthetic twin's
#: is: a visible one puts every note into every page's sidebar, which is quadratic in
#: Sphinx itself (a 700-note vault's twin took 110 s instead of 14 s). The notegarden
#: flavour's generated landing page has no toctree in HTML.
PLAIN_INDEX = "# Vault\n\n```{toctree}\n:glob:\n:hidden:\n\n**\n```\n"

WIKILINK_RE = re.compile(r"(!?)\[\[([^\[\]|#^]*)((?:#[^\[\]|]*)?)(?:\\?\|([^\[\]]*))?\]\]")
CALLOUT_RE = re.compile(r"^>\s*\[!([^\]|]+)(?:\|[^\]]*)?\][+-]?\s*(.*)$")
FENCE_RE = re.compile(r"^\s*(`{3,}|~{3,})")
HIGHLIGHT_RE = re.compile(r"==([^=\n]+)==")
COMMENT_RE = re.compile(r"%%.*?%%", re.DOTALL)
BLOCK_ID_RE = re.compile(r"(?:^|\s)\^[A-Za-z0-9-]+\s*$")
MD_IMAGE_RE = re.compile(r"!\[([^\]]*)\]\((<[^>]*>|[^)\s]+)\)")
NOTE_SUFFIX = ".md"


def published_notes(vault: Path) -> list[str]:
    """Return the vault-relative paths of the notes both builds read, sorted."""
    templates = template_folder(vault)
    found = []
    for path in sorted(vault.rglob(f"*{NOTE_SUFFIX}")):
        relative = path.relative_to(vault).as_posix()
        if any(part.startswith(".") for part in Path(relative).parts):
            continue
        if templates and (relative + "/").startswith(templates + "/"):
            continue
        head = path.read_text(encoding="utf-8", errors="replace")[:HEAD]
        if is_private_text(head, NOTE_SUFFIX):
            continue
        found.append(relative)
    return found


class Targets:
    """Where a wikilink's target is, by Obsidian's rules: path, then file name."""

    def __init__(self, vault: Path, notes: list[str]) -> None:
        self.by_path = {note[: -len(NOTE_SUFFIX)].lower(): note for note in notes}
        self.by_name: dict[str, str] = {}
        for note in sorted(notes, key=lambda n: (n.count("/"), n)):  # shortest path wins
            self.by_name.setdefault(posixpath.basename(note)[: -len(NOTE_SUFFIX)].lower(), note)
        self.files: dict[str, str] = {}
        self.all_files: set[str] = set()
        for path in sorted(vault.rglob("*")):
            relative = path.relative_to(vault).as_posix()
            if path.is_file() and not any(p.startswith(".") for p in Path(relative).parts):
                self.files.setdefault(path.name.lower(), relative)
                self.all_files.add(relative)

    def note(self, target: str) -> str | None:
        """Return the note *target* names, or None."""
        key = target.strip().lower().removesuffix(NOTE_SUFFIX)
        return self.by_path.get(key) or self.by_name.get(posixpath.basename(key))

    def attachment(self, target: str) -> str | None:
        """Return the file *target* names (not a note), or None."""
        return self.files.get(posixpath.basename(target.strip()).lower())


def twin_path(attachment: str) -> str:
    """Return where the twin keeps *attachment*: MyST cannot write a space in an image path."""
    return attachment.replace(" ", "_")


def _relative(source: str, target: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(source) or ".")


def plain_text(source: str, text: str, targets: Targets) -> str:
    """Return the note *source* (vault-relative) rewritten for plain Sphinx and MyST."""
    text = COMMENT_RE.sub("", text)
    out: list[str] = []
    lines = text.splitlines()
    fence = ""
    index = 0
    while index < len(lines):
        line = lines[index]
        opened = FENCE_RE.match(line)
        if fence:
            fence = "" if opened and opened.group(1).startswith(fence) else fence
            out.append(line)
        elif opened:
            fence = opened.group(1)
            out.append(line)
        elif CALLOUT_RE.match(line):
            block = [line]
            while index + 1 < len(lines) and lines[index + 1].startswith(">"):
                index += 1
                block.append(lines[index])
            out += _admonition(source, block, targets)
        else:
            out.append(_inline(source, line, targets))
        index += 1
    return "\n".join(out) + "\n"


def _admonition(source: str, block: list[str], targets: Targets) -> list[str]:
    match = CALLOUT_RE.match(block[0])
    assert match is not None
    kind, title = match.group(1).strip(), match.group(2).strip()
    body = plain_text(source, "\n".join(re.sub(r"^> ?", "", line) for line in block[1:]), targets)
    inner = max((len(m.group(0)) for m in re.finditer(r"^:{3,}", body, re.MULTILINE)), default=2)
    colons = ":" * max(3, inner + 1)
    label = _inline(source, title, targets) or kind.capitalize()
    return [
        f"{colons}{{admonition}} {label}",
        f":class: {kind.lower()}",
        "",
        *body.splitlines(),
        colons,
    ]


def _inline(source: str, line: str, targets: Targets) -> str:
    line = HIGHLIGHT_RE.sub(r"\1", line)
    line = BLOCK_ID_RE.sub("", line)

    def link(match: re.Match[str]) -> str:
        embed, target, _anchor, label = match.groups()
        note = targets.note(target) if target.strip() else source
        if embed and note is None:
            attachment = targets.attachment(target)
            return f"![]({_relative(source, twin_path(attachment))})" if attachment else ""
        text = (label or target or _anchor.lstrip("#")).strip()
        if note is None:
            return text
        return f"[{text}](<{_relative(source, note)}>)"

    def image(match: re.Match[str]) -> str:  # Obsidian finds ![](x.png) by name too
        alt, path = match.group(1).split("|")[0], unquote(match.group(2).strip("<>"))
        if "://" in path:
            return match.group(0)
        here = posixpath.normpath(posixpath.join(posixpath.dirname(source), path))
        attachment = here if here in targets.all_files else targets.attachment(path)
        return f"![{alt}]({_relative(source, twin_path(attachment))})" if attachment else alt

    return WIKILINK_RE.sub(link, MD_IMAGE_RE.sub(image, line))


def write_twins(vault: Path, out: Path) -> dict[str, Any]:
    """Write both flavours of *vault* under *out*; return what was written."""
    notes = published_notes(vault)
    targets = Targets(vault, notes)
    for flavour in ("notegarden", "plain"):
        shutil.rmtree(out / flavour, ignore_errors=True)
    garden, plain = out / "notegarden" / "src", out / "plain" / "src"
    shutil.copytree(vault, garden, ignore=shutil.ignore_patterns("_build", ".git"))
    (garden / "conf.py").write_text(conf_text(vault), encoding="utf-8")  # notegarden init's
    for relative in sorted(set(targets.files.values()) - set(notes)):
        if not relative.endswith(NOTE_SUFFIX):  # attachments, for both
            (plain / twin_path(relative)).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(vault / relative, plain / twin_path(relative))
    for relative in notes:
        text = (vault / relative).read_text(encoding="utf-8", errors="replace")
        (plain / relative).parent.mkdir(parents=True, exist_ok=True)
        (plain / relative).write_text(plain_text(relative, text, targets), encoding="utf-8")
    (plain / "conf.py").write_text(PLAIN_CONF, encoding="utf-8")
    if "index.md" not in notes:
        (plain / "index.md").write_text(PLAIN_INDEX, encoding="utf-8")
    inbound: dict[str, int] = {}
    for relative in notes:
        for match in WIKILINK_RE.finditer((vault / relative).read_text("utf-8", "replace")):
            target = targets.note(match.group(2)) if match.group(2).strip() else None
            if target and target != relative:
                inbound[target] = inbound.get(target, 0) + 1
    most_linked = max(sorted(inbound), key=lambda n: inbound[n]) if inbound else notes[0]
    return {"notes": len(notes), "edit_target": most_linked[: -len(NOTE_SUFFIX)]}


def main(argv: list[str] | None = None) -> None:
    """Command line: see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("vault", type=Path)
    parser.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    print(json.dumps(write_twins(args.vault.resolve(), args.out)))


if __name__ == "__main__":
    main()
