"""A catalogue of hostile and broken inputs: clear warnings, no traceback, nothing unsafe.

Each case is a tiny project. Every case must build to the end without an exception,
write nothing outside the output directory, and leave no executable markup from the
input in any page; most also name the warning they must produce (with file:line).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from helpers import warning_lines

MakeApp = Callable[..., SphinxTestApp]
CONF = """
extensions = ["myst_parser", "sphinx_notegarden"]
myst_enable_extensions = ["dollarmath"]
exclude_patterns = ["_build"]
notegarden_notes = ["**"]
notegarden_inline_tags = True
"""
UNSAFE = re.compile(r"<script>alert|onerror=|<b>injected</b>|javascript:alert", re.I)


@dataclass
class Case:
    """One hostile project: its files, and the warnings it must give."""

    name: str
    files: dict[str, str]
    warnings: list[str] = field(default_factory=list)


def note(body: str, front: str = "") -> dict[str, str]:
    text = f"---\n{front}\n---\n\n{body}\n" if front else f"{body}\n"
    return {"index.md": text}


LONG = "x" * 5000
CASES = [
    Case("broken-yaml", note("Body.", "title: [unclosed")),
    Case("front-matter-list", {"index.md": "---\n- a\n- b\n---\n\nBody.\n"}),
    Case("title-number", note("Body.", "title: 42")),
    Case("title-dict", note("Body.", "title: {a: 1}")),
    Case("date-words", note("Body.", "date: next tuesday"), ["index.md:2", "not an ISO date"]),
    Case("date-impossible", note("Body.", "date: 2026-02-30"), ["index.md:1", "Malformed YAML"]),
    Case("tags-dict", note("Body.", "tags: {a: 1}")),
    Case("tags-numbers", note("Body.", "tags: [1, 2]"), ["index.md:2", "not a tag name"]),
    Case("tag-script", note("Body.", 'tags: ["<script>alert(1)</script>"]')),
    Case("tag-traversal", note("Body.", 'tags: ["../../../etc/x", "/abs/path", "..", "."]')),
    Case("tag-overlong", note("Body.", f"tags: [{LONG}]")),
    Case("tag-empty", note("Body.", 'tags: ["", " ", "#"]'), ["not a tag name"]),
    Case("aliases-int", note("Body.", "aliases: 12")),
    Case("status-unknown", note("Body.", "status: rotten"), ["index.md:2", "unknown status"]),
    Case("title-script", note("Body.", 'title: "<script>alert(1)</script>"')),
    Case("title-quotes", note("Body.", "title: 'He said \"hi\" & <b>injected</b>'")),
    Case(
        "alias-script",
        note("[[<script>alert(1)</script>]]", 'aliases: ["<script>alert(1)</script>"]'),
    ),
    Case(
        "duplicate-titles",
        {
            "index.md": "---\ntitle: Same\n---\n\nA [[Same]]\n",
            "b.md": "---\ntitle: Same\n---\n\nB\n",
        },
        ["share the title 'same'"],
    ),
    Case(
        "link-cycle",
        {"index.md": "# A\n\n[[B]]\n", "b.md": "# B\n\n[[A]]\n"},
    ),
    Case("embed-self", note("![[index]]", "title: Self"), ["embed cycle"]),
    Case(
        "embed-cycle",
        {"index.md": "# A\n\n![[B]]\n", "b.md": "# B\n\n![[A]]\n"},
        ["embed cycle"],
    ),
    Case(
        "embed-fan-out",  # each note embeds the next twice: 2**12 copies unchecked
        {
            "index.md": "# N0\n\n![[n1]] ![[n1]]\n",
            **{f"n{i}.md": f"# N{i}\n\n![[n{i + 1}]] ![[n{i + 1}]]\n" for i in range(1, 12)},
            "n12.md": "# N12\n\nEnd.\n",
        },
        ["nested more than 8 embeds deep", "the rest are shown as links"],
    ),
    Case("highlight-never-closed", note("==a " * 20000)),
    Case("highlight-around-markup-never-closed", note("==**a** " * 5000)),
    Case("strike-never-closed", note("~~a " * 20000 + "\n\n" + "~~*a* " * 5000)),
    Case("inline-footnote-never-closed", note("^[a " * 20000)),
    Case("inline-footnotes-nested", note("x" + "^[a " * 200 + "]" * 200)),
    Case("wikilink-emphasis", note("[[__a__]](x) " * 5000)),
    Case("empty-document", {"index.md": ""}),
    Case("only-front-matter", {"index.md": "---\ntitle: Only\n---\n"}),
    Case(
        "unicode",
        note("Ünïcödé [[数学 🧠]] #数学", 'title: "数学 🧠 Ünïcödé"\ntags: ["数学", "🧠", "ñ"]'),
    ),
    Case("wikilink-script", note('[[<script>alert(1)</script>|<img src=x onerror="alert(1)">]]')),
    Case("wikilink-empty", note("[[]] [[|label]] [[#]] [[ | ]]")),
    Case("wikilink-unclosed", note("[[abc and ![[def")),
    Case("wikilink-long-anchor", note(f"[[index#{LONG}]]"), ["no heading"]),
    Case(
        "callout-unknown-kind",
        note("```{callout} T\n:kind: <script>\n\nBody.\n```"),
        ["index.md:1", "unknown callout kind"],
    ),
    Case(
        "callout-bad-collapsible",
        note("```{callout} T\n:collapsible: maybe\n\nBody.\n```"),
        ["bad :collapsible: value"],
    ),
    Case("callout-title-script", note("```{callout} <script>alert(1)</script>\n\nBody.\n```")),
    Case("obsidian-callout-odd", note("> [!<script>] x\n> [!] y\n> [!!!]- z")),
    Case(
        "note-list-bad-sort",
        note("```{note-list}\n:sort: sideways\n```"),
        ["index.md:2", 'sideways" unknown'],
    ),
    Case(
        "tag-index-unknown",
        note("```{tag-index}\n:tags: nope\n```"),
        ["no note has the tag 'nope'"],
    ),
    Case("tag-role-bad", note("{tag}`123` {tag}`<script>`"), ["is not a tag name"]),
    Case("note-role-script", note("{note}`x <<script>alert(1)</script>>`"), ["unresolved"]),
    Case("raw-html", note('<script>alert(1)</script><img src=x onerror="alert(1)">')),
    Case(
        "attachment-traversal",
        note("![[../../../etc/passwd.png]] ![[/etc/hosts.png]]"),
        ["not found"],
    ),
    Case("title-overlong", note("Body.", f"title: {LONG}")),
    Case("nul-byte", note("a\x00b [[c\x00d]]")),
    Case(
        "yaml-bomb",
        {
            "index.md": "---\na: &a [x, x, x, x, x, x, x, x, x]\n"
            "b: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n"
            "c: &c [*b, *b, *b, *b, *b, *b, *b, *b]\n"
            "d: &d [*c, *c, *c, *c, *c, *c, *c, *c]\n"
            "tags: [*d]\n---\n\nBody.\n"
        },
    ),
    Case(
        "rst-bad-date",
        {"index.rst": ":date: soon\n:tags: a, b\n\nTitle\n=====\n\nBody.\n"},
        ["not an ISO date"],
    ),
    Case(
        "deep-callouts", note("\n".join(">" * depth + " [!note] level" for depth in range(1, 40)))
    ),
    Case("comment-unclosed", note("Visible %%hidden forever\n\nstill hidden")),
    Case("highlight-odd", note("== == ==x== ==== =====")),
    Case("block-id-odd", note("text ^ ^- ^a^b ^ok\n\n^lonely")),
    Case("callout-kind-quotes", note('> [!x" onmouseover="alert(1)]- T\n> b')),
    Case("callout-kind-script", note("> [!<script>alert(1)</script>]\n> body")),
    Case(
        "markdown-link-traversal",
        note("[a](../../../../etc/passwd.md#^x) [b](#<img src=x onerror=alert(1)>)"),
        ["index.md:1", "etc/passwd.md"],
    ),
    Case("dollar-block-script", note("Text\n$$\n<script>alert(2)</script>\n$$\nafter")),
    Case("dollar-blocks-many", note("\n".join(["text", "$$"] * 3000))),
    Case("rules-everywhere", note("---\n---\n> ---\n- ---\n\n---")),
    Case("footnote-dangling", note("a[^1] b[^<script>] c[^1]")),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_hostile_input(make_app: MakeApp, tmp_path: Path, case: Case) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(CONF, encoding="utf-8")
    for name, text in case.files.items():
        (src / name).write_text(text, encoding="utf-8")
    before = set(tmp_path.rglob("*"))
    app = make_app("html", srcdir=src, builddir=tmp_path / "build")
    app.build()  # raises on an exception inside the build
    status = app.status.getvalue()
    warnings = warning_lines(app)
    assert "Traceback" not in status and not [w for w in warnings if "Exception" in w]
    for expected in case.warnings:
        assert any(expected in w for w in warnings), (expected, warnings)
    outdir = (tmp_path / "build").resolve()
    written = set(tmp_path.rglob("*")) - before
    assert [p for p in written if not p.resolve().is_relative_to(outdir)] == []
    for page in outdir.rglob("*.html"):
        text = page.read_text(encoding="utf-8", errors="replace")
        assert UNSAFE.search(text) is None, (page, UNSAFE.search(text))
