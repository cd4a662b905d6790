"""Build an Obsidian vault with sphinx-notegarden and report what did not come through.

Usage: python tools/vault_report.py VAULT [--out DIR] [-j N] [--math-preamble FILE]
       [--json FILE] [--samples N]

The vault is built with a configuration of the tool's own, written into a temporary
folder and passed with ``sphinx-build -c`` (nothing is ever written into the vault):
``myst_parser`` and ``sphinx_notegarden`` with the settings ``notegarden init`` writes
(see ``docs/howto/obsidian-vault.md``). The report compares an independent reading of
the sources, by Obsidian's rules, with the build's warnings and HTML:

- notes read, exit status, tracebacks, warnings by type, with samples;
- wikilinks and embeds: what each points at (note, heading, block, attachment, or
  missing) and whether the built link goes there; the resolution rate is over the
  links whose target exists (note, heading or block);
- callouts in the sources against callouts in the HTML, and their titles;
- note pages without a title, and Obsidian syntax left over in the HTML text.
"""

from __future__ import annotations

import argparse
import json
import posixpath
import re
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from bs4 import BeautifulSoup, Tag

CONF = """project = {project!r}
extensions = ["myst_parser", "sphinx_notegarden"]
myst_enable_extensions = ["dollarmath", "colon_fence", "tasklist"]
myst_heading_anchors = 6
notegarden_notes = ["**"]
notegarden_inline_tags = True
notegarden_statuses = None
suppress_warnings = ["misc.highlighting_failure"]
exclude_patterns = ["_build"]
notegarden_exclude_folders = []
notegarden_math_preamble = {preamble!r}
"""
WARNING_RE = re.compile(r"^(?P<loc>.*?)(?::(?P<line>\d+))?: (?P<level>WARNING|ERROR|CRITICAL): ")
TYPE_RE = re.compile(r" \[(?P<type>[\w.-]+)\]$")
TRACEBACK_RE = re.compile(r"Traceback \(most recent call last\)|Exception occurred|Extension error")
FENCE_RE = re.compile(r"^((?:[ \t]*>)*[ \t]*)(`{3,}|~{3,})")
MASKS = (  # in this order: code spans first, so `%%` or `$` in code start nothing
    re.compile(r"(`+)(?!`).*?(?<!`)\1"),
    re.compile(r"%%.*?(?:%%|\Z)", re.DOTALL),
    re.compile(r"<!--.*?-->", re.DOTALL),
    re.compile(r"\$\$.*?\$\$", re.DOTALL),
    re.compile(r"(?<![\\$])\$(?=\S)[^$\n]+?(?<=[^\s\\])\$(?!\d)"),
)
AD_FENCE_RE = re.compile(r"^(?:[ \t]*>)*[ \t]*(?:`{3,}|~{3,})[ \t]*ad-\w")
WIKILINK_RE = re.compile(r"(!?)\[\[(.+?)\]\]")
HEADING_RE = re.compile(r"^(?:[ \t]*>)*[ ]{0,3}#{1,6}[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$", re.M)
BLOCK_ID_RE = re.compile(r"(?:^|\s|\]\]|\))\^([A-Za-z0-9-]+)[ \t]*$", re.MULTILINE)
CALLOUT_RE = re.compile(r"^[ \t]*((?:>[ \t]?)+)[ \t]*\[!([^\]\s]+)\]([-+]?)[ \t]*(.*)$")
LEFTOVERS = {
    "[[": re.compile(r"(?<!!)\[\[.{0,40}"),
    "![[": re.compile(r"!\[\[.{0,40}"),
    "[!": re.compile(r"\[!\w.{0,30}"),
    "==": re.compile(r".{0,25}==.{0,25}"),
    "%%": re.compile(r".{0,25}%%.{0,25}"),
    "^id": re.compile(r"(?:^|\s)\^[A-Za-z0-9][A-Za-z0-9-]*\s*$", re.MULTILINE),
}
EXISTING = ("note", "heading", "block")
TEXT_BLOCKS = ("p", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd")


def key(text: str) -> str:
    """Compare texts by letters and digits only: markup, quotes and spacing differ."""
    return re.sub(r"[\W_]+", "", text.casefold())


# --- the sources, read as Obsidian reads them -------------------------------------------


@dataclass
class Link:
    """One ``[[...]]`` or ``![[...]]`` in a note, and what it points at."""

    kind: str  # "link" or "embed"
    text: str
    page: str
    anchor: str
    label: str | None
    line: int
    status: str = "missing"  # note, heading, block, attachment, missing, missing anchor
    docnames: tuple[str, ...] = ()

    @property
    def shown(self) -> str:
        """The text the build gives the link (the label, or "Note > Heading")."""
        if self.kind == "link" and self.label is not None:
            return self.label
        # An embed's title has the note's file name, not the path it was written with.
        page = self.page.rsplit("/", 1)[-1] if self.kind == "embed" else self.page
        return f"{page} > {self.anchor}" if page and self.anchor else self.anchor or page


@dataclass
class Note:
    """A Markdown note: its links, headings, block ids and callouts."""

    path: str
    docname: str
    links: list[Link] = field(default_factory=list)
    headings: set[str] = field(default_factory=set)
    blocks: set[str] = field(default_factory=set)
    callouts: list[tuple[int, str, str]] = field(default_factory=list)  # line, kind, title
    plugin_fences: int = 0  # ```ad-kind blocks (the Admonition plugin)
    links_in_plugin_fences: int = 0


def mask_blocks(text: str) -> str:
    """Blank out front matter and fenced code, keeping every offset."""
    lines = text.split("\n")
    if lines and lines[0].strip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), 0)
        lines[: end + 1] = [" " * len(line) for line in lines[: end + 1]]
    fence = ""
    for number, line in enumerate(lines):
        match = FENCE_RE.match(line)
        if fence:
            lines[number] = " " * len(line)
            closes = match and match.group(2)[0] == fence[0] and len(match.group(2)) >= len(fence)
            if closes and not line[match.end() :].strip():  # a closing fence has no info
                fence = ""
        elif match:
            fence, lines[number] = match.group(2), " " * len(line)
    return "\n".join(lines)


def mask(text: str) -> str:
    """Blank out front matter, fenced and inline code, comments and math, keeping offsets."""
    masked = mask_blocks(text)
    for pattern in MASKS:
        masked = pattern.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), masked)
    return masked


def read_note(vault: Path, path: str) -> Note:
    """Read one note's links, headings, block ids and callouts (found outside code)."""
    original = (vault / path).read_text(encoding="utf-8", errors="replace")
    text = mask(original)  # same length: offsets in *text* are offsets in *original*
    note = Note(path, path.removesuffix(".md"))
    note.headings = {key(h) for h in HEADING_RE.findall(mask_blocks(original))}
    note.blocks = {b.casefold() for b in BLOCK_ID_RE.findall(text)}
    for match in WIKILINK_RE.finditer(text):
        written = original[match.start() : match.end()]
        target, bar, label = (
            written[3 if match.group(1) else 2 : -2].replace("\\|", "|").partition("|")
        )
        page, _, anchor = target.strip().rstrip("\\").strip().partition("#")
        number = text.count("\n", 0, match.start()) + 1
        kind = "embed" if match.group(1) else "link"
        note.links.append(Link(kind, written, page.strip(), anchor.strip(),
                               label if bar else None, number))  # fmt: skip
    inside = False
    for line in original.split("\n"):
        if AD_FENCE_RE.match(line):
            inside, note.plugin_fences = True, note.plugin_fences + 1
        elif inside and FENCE_RE.match(line):
            inside = False
        elif inside:
            note.links_in_plugin_fences += len(WIKILINK_RE.findall(line))
    depth_before = 0
    masked_lines, original_lines = text.split("\n"), original.split("\n")
    for number, line in enumerate(masked_lines, start=1):
        quote = re.match(r"^[ \t]*((?:>[ \t]?)*)", line)
        depth = quote.group(1).count(">") if quote else 0
        callout = CALLOUT_RE.match(line)
        if callout and callout.group(1).count(">") > depth_before:
            first = CALLOUT_RE.match(original_lines[number - 1]) or callout
            pieces = re.split(r"(`+[^`]*`+)", first.group(4))  # no tags stripped in code
            title = "".join(p if i % 2 else re.sub(r"<[^>]+>", "", p) for i, p in enumerate(pieces))
            title = WIKILINK_RE.sub(lambda m: m.group(2).split("|")[-1], title)
            title = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", title)
            note.callouts.append((number, callout.group(2), title.strip()))
        depth_before = depth
    return note


def _drawing(path: Path) -> bool:
    """Tell whether *path* is an Excalidraw drawing, as the extension tells."""
    from sphinx_notegarden.drawings import is_drawing_text

    try:
        head = path.read_text(encoding="utf-8", errors="replace")[:8192]
    except OSError:
        return False
    return is_drawing_text(head, ".md")


class Vault:
    """The vault's files and Obsidian's rules for finding the file a link names."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.files = sorted(
            p.relative_to(root).as_posix()
            for p in root.rglob("*")
            if p.is_file()
            and not any(
                part.startswith(".") or part == "_build" for part in p.relative_to(root).parts
            )
        )
        # Excalidraw drawings are no notes: the build shows their exported pictures.
        self.files = [p for p in self.files if not (p.endswith(".md") and _drawing(root / p))]
        self.notes = [read_note(root, p) for p in self.files if p.endswith(".md")]
        self.by_doc = {note.docname: note for note in self.notes}
        self.paths = {p.casefold(): p for p in self.files}
        self.by_name: dict[str, list[str]] = {}
        for path in self.files:
            self.by_name.setdefault(posixpath.basename(path).casefold(), []).append(path)

    def find(self, page: str, source: str) -> list[str]:
        """Return the vault paths *page* names from the note *source* (a name or a path)."""
        name = page.replace("\\", "/").strip().lstrip("/").casefold()
        if not name:
            return []
        wanted = [name] if name.endswith(".md") else [f"{name}.md", name]
        found: list[str] = []
        for candidate in wanted:
            if "/" not in candidate:
                found += self.by_name.get(candidate, [])
                continue
            relative = posixpath.normpath(posixpath.join(posixpath.dirname(source), candidate))
            for exact in (candidate, relative.casefold()):
                if exact in self.paths:
                    return [self.paths[exact]]
            found += [p for k, p in self.paths.items() if k.endswith("/" + candidate)]
        return found

    def classify(self, note: Note, link: Link) -> None:
        """Set what *link* points at by Obsidian's rules."""
        paths = self.find(link.page, note.path) if link.page else [note.path]
        docs = tuple(p.removesuffix(".md") for p in paths if p.endswith(".md"))
        if not docs:
            link.status = "attachment" if paths else "missing"
            return
        link.docnames, link.status = docs, "note"
        parts = [part.strip() for part in link.anchor.split("#") if part.strip()]
        if not parts:
            return
        targets = [self.by_doc[d] for d in docs if d in self.by_doc]
        if parts[-1].startswith("^"):
            found = any(parts[-1][1:].casefold() in t.blocks for t in targets)
            link.status = "block" if found else "missing anchor"
        else:
            found = any(all(key(p) in t.headings for p in parts) for t in targets)
            link.status = "heading" if found else "missing anchor"


# --- the build ---------------------------------------------------------------------------


@dataclass
class BuildWarning:
    """One warning of the build, as parsed from its warning file."""

    file: str
    line: int
    message: str
    type: str = "untyped"


def build(vault: Path, out: Path, jobs: int, preamble: str) -> tuple[int, str]:
    """Build *vault* into ``out/html``; return the exit status and the whole output."""
    with tempfile.TemporaryDirectory(prefix="vault-report-conf-") as confdir:
        conf = CONF.format(project=vault.resolve().name, preamble=preamble)
        Path(confdir, "conf.py").write_text(conf, encoding="utf-8")
        command = [sys.executable, "-m", "sphinx", "-T", "-E", "-b", "html", "-j", str(jobs)]
        command += ["-c", confdir, "-d", str(out / "doctrees"), "-w", str(out / "warnings.txt")]
        command += [str(vault), str(out / "html")]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    return done.returncode, done.stdout + done.stderr


def parse_warnings(text: str, vault: Path) -> list[BuildWarning]:
    """Return the warnings of a warning file (continuation lines join their warning)."""
    found: list[BuildWarning] = []
    prefix = str(vault.resolve()) + "/"
    for raw in text.splitlines():
        match = WARNING_RE.match(raw)
        if match is None:
            if found:
                found[-1].message += "\n" + raw
            continue
        location = match["loc"].removeprefix(prefix)
        found.append(BuildWarning(location, int(match["line"] or 0), raw[match.end() :]))
    for warning in found:
        typed = TYPE_RE.search(warning.message)
        if typed:
            warning.type, warning.message = typed["type"], warning.message[: typed.start()]
    return found


class Site:
    """The built HTML: where each note's page is (permalinks followed), parsed on demand."""

    def __init__(self, html: Path, docnames: list[str]) -> None:
        self.page_of: dict[str, Path] = {}
        self.doc_at: dict[Path, str] = {}
        self._trees: dict[Path, BeautifulSoup | None] = {}
        for docname in docnames:
            own = (html / f"{docname}.html").resolve()
            page = own
            head = own.read_text(encoding="utf-8")[:3000] if own.is_file() else ""
            refresh = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', head)
            if refresh:
                page = (own.parent / unquote(refresh.group(1).split("#")[0])).resolve()
            self.page_of[docname] = page
            self.doc_at[own] = self.doc_at[page] = docname

    def tree(self, docname: str) -> BeautifulSoup | None:
        """Return the parsed page of *docname*, or None when it was not written."""
        page = self.page_of.get(docname)
        if page is None:
            return None
        if page not in self._trees:
            text = page.read_text(encoding="utf-8") if page.is_file() else None
            self._trees[page] = BeautifulSoup(text, "html.parser") if text else None
        return self._trees[page]

    def target(self, docname: str, href: str) -> tuple[str | None, str]:
        """Return the (docname, fragment) a link on *docname*'s page goes to."""
        path, _, fragment = href.partition("#")
        if "://" in path:
            return None, fragment
        page = self.page_of[docname]
        resolved = (page.parent / unquote(path)).resolve() if path else page
        return self.doc_at.get(resolved), unquote(fragment)


def main_area(soup: BeautifulSoup) -> Tag:
    """Return the page's main content (alabaster's, furo's, or the body)."""
    found = soup.select_one('[role="main"]') or soup.find("main") or soup.body
    return found if isinstance(found, Tag) else soup


def outside(tag: Tag, classes: set[str]) -> bool:
    """Tell whether no ancestor of *tag* is a ``<template>`` or has one of *classes*."""
    return not any(
        parent.name == "template" or classes & set(parent.get("class") or [])
        for parent in tag.parents
    )


# --- comparing ---------------------------------------------------------------------------


def check_links(vault: Vault, site: Site, warnings: list[BuildWarning]) -> dict[str, Any]:
    """Check each wikilink and embed in the HTML against its target by Obsidian's rules."""
    warned: dict[tuple[str, int], list[str]] = {}
    for warning in warnings:
        if warning.type.startswith("notegarden"):
            warned.setdefault((warning.file, warning.line), []).append(warning.message)
    counts: Counter[str] = Counter()
    failures: dict[str, list[str]] = {}
    for note in vault.notes:
        soup = site.tree(note.docname)
        skip = {"ng-embed-body", "ng-backlinks", "ng-note-header"}
        spans = (
            [s for s in main_area(soup).select("span.ng-link") if outside(s, skip)] if soup else []
        )
        used: set[int] = set()
        position = 0
        for link in note.links:
            vault.classify(note, link)
            verdict, position = _verdict(link, note, site, spans, used, position)
            said_here = warned.get((note.path, link.line), [])
            said_so = any(key(link.page) in key(m) for m in said_here)
            if link.status == "attachment" and said_so:
                verdict = "warned" if link.kind == "embed" else "not linked (warned)"
            elif link.status == "missing" and verdict == "not found in the HTML" and said_so:
                verdict = "warned as missing"
            counts[f"{link.status}: {verdict}"] += 1
            if verdict not in ("ok", "warned as missing"):
                said = " | ".join(warned.get((note.path, link.line), []))[:160]
                sample = f"{note.path}:{link.line}: {link.text}" + (
                    f"  [build: {said}]" if said else ""
                )
                failures.setdefault(f"{link.status}: {verdict}", []).append(sample)
    existing = sum(n for k, n in counts.items() if k.split(":")[0] in EXISTING)
    resolved = sum(counts[f"{status}: ok"] for status in EXISTING)
    return {
        "existing_targets": existing,
        "resolved": resolved,
        "rate": round(100 * resolved / existing, 2) if existing else 100.0,
        "counts": dict(sorted(counts.items())),
        "failures": dict(sorted(failures.items())),
    }


def _verdict(
    link: Link, note: Note, site: Site, spans: list[Tag], used: set[int], position: int
) -> tuple[str, int]:
    """Return how the build rendered *link*, and where to look for the next link."""
    if link.status == "attachment":
        return "ok", position  # checked through the warnings (attachment, image)
    wanted = key(link.shown)
    order = [*range(position, len(spans)), *range(position)]
    index = next((i for i in order if i not in used and key(spans[i].get_text()) == wanted), None)
    if index is None:
        return "not found in the HTML", position
    used.add(index)
    span, position = spans[index], index + 1
    anchor = span.find_parent("a")
    embed_missing = span.find_parent("p", class_="ng-embed-missing") is not None
    if link.status == "missing":
        return ("resolved, Obsidian would not" if anchor else "warned as missing"), position
    if anchor is None or not anchor.get("href"):
        return "unresolved", position
    docname, fragment = site.target(note.docname, str(anchor["href"]))
    if docname not in link.docnames:
        return f"goes to {docname!r}", position
    if link.status == "missing anchor":
        return ("warned as missing" if not fragment else "anchor resolved"), position
    if link.status in ("heading", "block") and not _anchor_ok(site, docname, fragment, link):
        return "lands on the note, not the anchor", position
    if link.kind == "embed" and embed_missing:
        return "embedded as a link only", position
    return "ok", position


def _anchor_ok(site: Site, docname: str, fragment: str, link: Link) -> bool:
    """Tell whether *fragment* on *docname*'s page is the heading or block *link* names."""
    soup = site.tree(docname)
    element = soup.find(id=fragment) if soup and fragment else None
    if not isinstance(element, Tag):
        return False
    if link.status == "block":
        return True
    heading = element.find(re.compile(r"^h[1-6]$"))
    last = link.anchor.split("#")[-1]
    return isinstance(heading, Tag) and key(heading.get_text()) == key(last)


def check_pages(vault: Vault, site: Site, samples: int) -> dict[str, Any]:
    """Count callouts and their titles, untitled pages and leftover syntax, per note page."""
    totals: Counter[str] = Counter()
    callout_failures: list[str] = []
    untitled: list[str] = []
    leftovers: dict[str, list[str]] = {name: [] for name in LEFTOVERS}
    for note in vault.notes:
        soup = site.tree(note.docname)
        if soup is None:
            untitled.append(f"{note.path} (no page)")
            continue
        area = main_area(soup)
        heading = area.find("h1")
        if heading is None or not heading.get_text().strip("¶ \n"):
            untitled.append(note.path)
        _callouts(note, area, totals, callout_failures)
        _leftovers(note, area, leftovers)
    return {
        "untitled": untitled,
        "callouts": {**dict(totals), "failures": callout_failures[:samples]},
        "leftovers": {name: len(found) for name, found in leftovers.items()},
        "leftover_samples": {n: found[:samples] for n, found in leftovers.items() if found},
    }


def _callouts(note: Note, area: Tag, totals: Counter[str], failures: list[str]) -> None:
    built = [
        t for t in area.select("aside.ng-callout, details.ng-callout")
        if outside(t, {"ng-embed-body"})
    ]  # fmt: skip
    titles = []
    for element in built:
        shown = element.select_one(".ng-callout-title-text")
        titles.append(key(shown.get_text()) if shown else "")
    totals["Admonition-plugin ```ad- fences"] += note.plugin_fences
    totals["wikilinks inside ```ad- fences"] += note.links_in_plugin_fences
    totals["in sources"] += len(note.callouts)
    totals["in HTML"] += len(built)
    for line, kind, title in note.callouts:
        totals["titled in sources"] += bool(title)
        if title and key(title) in titles:
            titles.remove(key(title))
            totals["converted"] += 1
            totals["with their title"] += 1
        elif title:
            failures.append(f"{note.path}:{line}: [!{kind}] {title[:60]}")
    for line, kind, title in note.callouts:
        if not title and titles:
            totals["converted"] += 1
            totals["with their title"] += bool(titles.pop(0))
        elif not title:
            failures.append(f"{note.path}:{line}: [!{kind}] (untitled) not found in the HTML")


def _leftovers(note: Note, area: Tag, found: dict[str, list[str]]) -> None:
    copy = BeautifulSoup(str(area), "html.parser")
    skipped = "code, pre, template, script, style, .math, .ng-backlinks, span.ng-link"
    for tag in copy.select(skipped):
        tag.decompose()
    for block in copy.find_all(TEXT_BLOCKS):
        if block.find(TEXT_BLOCKS):
            continue
        text = block.get_text()
        for name, pattern in LEFTOVERS.items():
            found[name] += [f"{note.path}: {m.group(0).strip()!r}" for m in pattern.finditer(text)]


# --- the report --------------------------------------------------------------------------


def report(vault_dir: Path, out: Path, jobs: int, preamble: str, samples: int) -> dict[str, Any]:
    """Build the vault and return every figure of the report."""
    status, output = build(vault_dir, out, jobs, preamble)
    vault = Vault(vault_dir)
    warn_file = out / "warnings.txt"
    warnings = parse_warnings(
        warn_file.read_text(encoding="utf-8") if warn_file.is_file() else "", vault_dir
    )
    read = sorted(
        p.relative_to(out / "doctrees").with_suffix("").as_posix()
        for p in (out / "doctrees").rglob("*.doctree")
    )
    md_read = [d for d in read if (vault_dir / f"{d}.md").is_file()]
    site = Site(out / "html", [note.docname for note in vault.notes])
    by_type: dict[str, list[str]] = {}
    for warning in warnings:
        by_type.setdefault(warning.type, []).append(
            f"{warning.file}:{warning.line}: {warning.message.splitlines()[0][:200]}"
        )
    lines = output.splitlines()
    tracebacks = [
        "\n".join(lines[i : i + 12]) for i, line in enumerate(lines) if TRACEBACK_RE.search(line)
    ]
    links = check_links(vault, site, warnings)
    links["failures"] = {k: v[:samples] for k, v in links["failures"].items()}
    return {
        "vault": str(vault_dir),
        "notes": {
            "in vault (Obsidian)": len(vault.notes),
            "md files read": len(md_read),
            "read, hidden in Obsidian": [d for d in md_read if d not in vault.by_doc][:samples],
            "not read": [n.path for n in vault.notes if n.docname not in read][:samples],
        },
        "exit status": status,
        "tracebacks": tracebacks[:samples],
        "warnings": {t: len(v) for t, v in sorted(by_type.items())},
        "duplicate warnings": sum(
            n - 1 for n in Counter(w for v in by_type.values() for w in v).values()
        ),
        "warning samples": {t: v[:samples] for t, v in sorted(by_type.items())},
        "links": links,
        **check_pages(vault, site, samples),
    }


def print_table(data: dict[str, Any]) -> None:
    """Print the report as an indented plain-text table."""

    def show(value: Any, indent: int) -> None:
        for name, item in value.items():
            if isinstance(item, dict):
                print(" " * indent + f"{name}:")
                show(item, indent + 2)
            elif isinstance(item, list):
                print(" " * indent + f"{name}: {len(item)}" + (" listed" if item else ""))
                for entry in item:
                    print(" " * (indent + 4) + str(entry).replace("\n", "\n" + " " * (indent + 6)))
            else:
                print(" " * indent + f"{name:<34} {item}")

    show(data, 0)


def main(argv: list[str] | None = None) -> int:
    """Run the tool; return 0, or 1 when the build crashed or a traceback was printed."""
    parser = argparse.ArgumentParser(
        description="Build an Obsidian vault with sphinx-notegarden (without writing into it) "
        "and report tracebacks, warnings, link resolution, callouts, titles and leftovers.",
    )
    parser.add_argument("vault", type=Path, help="the vault folder")
    parser.add_argument("--out", type=Path, help="build here (default: a temporary folder)")
    parser.add_argument("-j", "--jobs", type=int, default=1, help="parallel build processes")
    parser.add_argument("--math-preamble", type=Path, help="a preamble.sty of LaTeX macros")
    parser.add_argument("--json", type=Path, help="also write the report as JSON here")
    parser.add_argument("--samples", type=int, default=5, help="samples per kind (default 5)")
    args = parser.parse_args(argv)
    preamble = str(args.math_preamble.resolve()) if args.math_preamble else ""
    with tempfile.TemporaryDirectory(prefix="vault-report-") as scratch:
        out = args.out.resolve() if args.out else Path(scratch)
        data = report(args.vault.resolve(), out, args.jobs, preamble, args.samples)
    print_table(data)
    if args.json:
        args.json.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    return 1 if data["tracebacks"] else 0


if __name__ == "__main__":
    sys.exit(main())
