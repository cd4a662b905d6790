"""Property: after any sequence of edits, an incremental build equals a clean build.

Hypothesis draws short sequences of edits to a small garden — add, remove or retarget
a link, add or remove a tag, add, delete or rename a note — and after each edit the
incremental output must match a clean build of the same sources, file by file.
Bounded in examples so the suite stays fast; shrinking finds the smallest failing edit.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sphinx.testing.util import SphinxTestApp

from helpers import output_files

CONF = """
extensions = ["myst_parser", "sphinx_notegarden"]
exclude_patterns = ["_build"]
notegarden_notes = ["n/**"]
"""
TITLES = ["Alpha", "Beta", "Gamma", "Delta"]
TAGS = ["red", "blue", "green"]

edits = st.lists(
    st.tuples(
        st.sampled_from(["link", "unlink", "retarget", "tag", "untag", "add", "delete", "rename"]),
        st.integers(0, 3),
        st.integers(0, 3),
    ),
    min_size=1,
    max_size=3,
)


def note_text(title: str, tags: list[str], links: list[str]) -> str:
    body = " ".join(f"See [[{target}]]." for target in links) or "No links."
    return f"---\ntitle: {title}\ntags: [{', '.join(tags)}]\n---\n\n{body}\n"


def write_garden(src: Path) -> None:
    (src / "n").mkdir(parents=True)
    (src / "conf.py").write_text(CONF, encoding="utf-8")
    (src / "index.md").write_text("# Home\n\n```{note-list}\n```\n", encoding="utf-8")
    for number, title in enumerate(TITLES):
        links = [TITLES[(number + 1) % len(TITLES)]]
        (src / "n" / f"{number}.md").write_text(
            note_text(title, [TAGS[number % 3]], links), encoding="utf-8"
        )


def apply(src: Path, kind: str, first: int, second: int) -> None:
    path = src / "n" / f"{first}.md"
    if kind == "add":
        (src / "n" / f"new{first}{second}.md").write_text(
            note_text(f"New {first}{second}", [TAGS[second % 3]], [TITLES[second]]),
            encoding="utf-8",
        )
        return
    if not path.exists():
        return
    text = path.read_text(encoding="utf-8")
    if kind == "link":
        text += f"\nAlso [[{TITLES[second]}]].\n"
    elif kind == "unlink":
        text = re.sub(r"\[\[[^\]]*\]\]", "nothing", text, count=1)
    elif kind == "retarget":
        text = re.sub(r"\[\[[^\]]*\]\]", f"[[{TITLES[second]}]]", text, count=1)
    elif kind == "tag":
        text = text.replace("tags: [", f"tags: [{TAGS[second % 3]}, ", 1)
    elif kind == "untag":
        text = re.sub(r"tags: \[[^\]]*\]", "tags: []", text, count=1)
    elif kind == "rename":
        text = re.sub(r"title: .*", f"title: Renamed {second}", text, count=1)
    elif kind == "delete":
        path.unlink()
        return
    path.write_text(text, encoding="utf-8")


def build(src: Path, builddir: Path, fresh: bool) -> dict[str, bytes]:
    app = SphinxTestApp("html", srcdir=src, builddir=builddir, freshenv=fresh)
    try:
        app.build()
    finally:
        app.cleanup()
    return output_files(Path(app.outdir))


def comparable(content: bytes) -> bytes:
    """Drop what Sphinx itself leaves in an incremental search index: words with no pages."""
    return re.sub(rb'"[^"]*":\[\],?', b"", content)


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(sequence=edits)
def test_incremental_equals_clean(
    tmp_path_factory: object, sequence: list[tuple[str, int, int]]
) -> None:
    root = tmp_path_factory.mktemp("garden")  # type: ignore[attr-defined]
    src = root / "src"
    write_garden(src)
    build(src, root / "inc", fresh=True)
    for step, (kind, first, second) in enumerate(sequence):
        apply(src, kind, first, second)
        incremental = build(src, root / "inc", fresh=False)
        clean_dir = root / f"clean{step}"
        clean = build(src, clean_dir, fresh=True)
        shutil.rmtree(clean_dir)
        # Pages of deleted notes stay behind in Sphinx's output; compare the rest.
        differing = [
            name
            for name in clean
            if comparable(clean[name]) != comparable(incremental.get(name, b""))
        ]
        assert differing == [], (sequence[: step + 1], differing)
