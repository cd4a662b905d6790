"""An Obsidian-style vault: no toctree, no H1, file-name titles, attachments."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote

import pytest
from sphinx.testing.util import SphinxTestApp

from helpers import NOTES_CONF, build_files, copy_root, soup, warning_lines, write_project

MakeApp = Callable[..., SphinxTestApp]


@pytest.mark.sphinx("html", testroot="vault", freshenv=True)
def test_vault_builds_with_only_real_problems(app: SphinxTestApp) -> None:
    app.build()
    warnings = warning_lines(app)
    # No heading-level or toctree noise: the missing attachment, and links to private
    # notes, which behave as links to missing ones: a link and an embed of one note on
    # the same line are warned once.
    assert len(warnings) == 3, warnings
    assert "First note.md:15" in warnings[0] and "'nowhere.png' not found" in warnings[0]
    assert "[notegarden.attachment]" in warnings[0]
    assert all("Second Note.md:7" in w and "[notegarden.unresolved]" in w for w in warnings[1:])


@pytest.mark.sphinx("html", testroot="vault", freshenv=True)
def test_file_name_is_the_title(app: SphinxTestApp) -> None:
    app.build()
    page = soup(app, "Folder One/First note.html")
    assert page.title.get_text().startswith("First note")
    assert page.select_one("section > h1").get_text().rstrip("¶") == "First note"
    # Sections that start at ## nest under the title.
    assert page.select_one("section > section > h2").get_text().rstrip("¶") == "Starting at H2"
    plain = soup(app, "Folder One/Second Note.html")
    assert plain.title.get_text().startswith("Second Note")


@pytest.mark.sphinx("html", testroot="vault", freshenv=True)
def test_attachments(app: SphinxTestApp) -> None:
    app.build()
    assert (Path(app.outdir) / "_images" / "diagram.png").is_file()
    home = soup(app, "Home.html")
    image = home.select_one("img.ng-attachment")
    assert image["src"] == "_images/diagram.png" and "width: 300px" in image["style"]
    note = soup(app, "Folder One/First note.html")
    assert note.select_one("img.ng-attachment")["src"] == "../_images/diagram.png"
    assert note.select_one(".ng-missing-attachment").get_text() == "[missing: nowhere.png]"
    links = [a["href"] for a in home.select("a.ng-note-ref")][:2]
    assert links == ["Folder%20One/First%20note.html", "Folder%20One/Second%20Note.html"]


@pytest.mark.sphinx("html", testroot="vault", freshenv=True, parallel=2)
def test_vault_in_parallel(app: SphinxTestApp) -> None:
    app.build()
    assert len(warning_lines(app)) == 3


@pytest.mark.sphinx("html", testroot="vault", freshenv=True)
def test_obsidian_syntax(app: SphinxTestApp) -> None:
    app.build()
    home = soup(app, "Home.html")
    assert home.select_one("mark").get_text() == "highlighted phrase"
    # Comments are nowhere: not in pages, not in the search index, not in _sources.
    for path in Path(app.outdir).rglob("*"):
        if path.is_file() and path.suffix in {".html", ".js", ".txt", ".json"}:
            text = path.read_text(encoding="utf-8")
            assert "xyzzy" not in text and "whole hidden block" not in text, path
    assert "%%kept%%" in home.select("code")[-1].get_text()  # but code is code
    # Block references link and embed.
    link = home.select("a.ng-note-ref")[2]
    assert link["href"] == "Folder%20One/Second%20Note.html#^key-idea"
    second = soup(app, "Folder One/Second Note.html")
    assert second.find(id="^key-idea").get_text() == "This is the key idea of the note."
    embed = home.select_one(".ng-embed-body")
    assert embed.get_text().strip() == "This is the key idea of the note."
    # A plugin's code fence is plain code, without a warning (see the warnings test).
    assert "LIST FROM #vault" in home.select_one("div.highlight-dataview").get_text()


@pytest.mark.sphinx("latex", testroot="vault", freshenv=True)
def test_highlight_in_latex(app: SphinxTestApp) -> None:
    app.build()
    tex = "\n".join(p.read_text(encoding="utf-8") for p in Path(app.outdir).glob("*.tex"))
    assert r"\colorbox{yellow!35}{\strut{}highlighted phrase}" in tex
    assert "xyzzy" not in tex


@pytest.mark.parametrize("parallel", [0, 2])
def test_private_notes_never_leak(make_app: object, tmp_path: Path, parallel: int) -> None:
    from helpers import copy_root

    app = make_app("html", srcdir=copy_root("vault", tmp_path), parallel=parallel)  # type: ignore[operator]
    app.build()
    outdir = Path(app.outdir)
    secrets = re.compile(r"cardamom|zeppelin|classified|Secret plans\.html|Draft idea", re.I)
    for path in outdir.rglob("*"):
        if path.is_file() and ".doctrees" not in path.parts:
            assert not secrets.search(path.read_text(encoding="utf-8", errors="replace")), path
    assert not (outdir / "Folder One" / "Secret plans.html").exists()
    assert not (outdir / "tags" / "classified.html").exists()
    # The linking note keeps its own words, as text of a missing link.
    second = soup(app, "Folder One/Second Note.html")
    assert [s.get_text() for s in second.select(".ng-unresolved")] == [
        "Secret plans",
        "an alias",
        "Secret plans",
    ]


def test_note_made_private_disappears(make_app: object, tmp_path: Path) -> None:
    from helpers import copy_root

    src = copy_root("vault", tmp_path)
    first = make_app("html", srcdir=src)  # type: ignore[operator]
    first.build()
    first.cleanup()
    page = Path(first.outdir) / "Folder One" / "First note.html"
    assert page.is_file()
    note = src / "Folder One" / "First note.md"
    note.write_text(note.read_text().replace("aliases: null", "aliases: null\npublish: false"))
    second = make_app("html", srcdir=src)  # type: ignore[operator]
    second.build()
    assert not page.exists()
    assert not list((Path(second.outdir) / "_sources").rglob("First note*"))
    home = (Path(second.outdir) / "Home.html").read_text(encoding="utf-8")
    assert "Folder%20One/First%20note.html" not in home


@pytest.mark.sphinx("html", testroot="vault", freshenv=True)
def test_vault_properties_and_folders(app: SphinxTestApp) -> None:
    app.build()
    note = soup(app, "Folder One/First note.html")
    meta = note.find("meta", attrs={"name": "description"})
    assert meta is not None and meta["content"] == "The first note of the vault."
    section = note.select_one("section#first-note")
    assert "wide" in section["class"] and not any("bad" in c for c in section["class"])
    # Quartz's [[tags/x]] links go to our tag page.
    assert soup(app, "Home.html").select_one('a[href="tags/vault.html"]') is not None
    # The vault's settings and bin are never read.
    assert not (Path(app.outdir) / ".trash").exists()
    assert "notes/.trash" not in app.env.found_docs and ".trash/old" not in app.env.found_docs
    assert ".obsidian/template" not in app.env.found_docs


def test_older_property_names(make_app: Callable[..., SphinxTestApp], tmp_path: Path) -> None:
    """``tag``, ``alias`` and ``cssclass``: Obsidian's older names, which it still reads."""
    files = {
        "Old.md": (
            "---\ntag: [alpha, beta]\nalias: Former Name\ncssclass: wide\n---\n# Old\n\nText.\n"
        ),
        "New.md": "# New\n\nSee [[Former Name]].\n",
    }
    app = build_files(make_app, tmp_path, files)
    assert warning_lines(app) == []
    old = soup(app, "Old.html")
    assert [tag.get_text() for tag in old.select(".ng-note-tags .ng-tag")] == ["alpha", "beta"]
    assert "wide" in old.select_one("section")["class"]
    assert soup(app, "New.html").select_one("a.ng-note-ref")["href"] == "Old.html"
    assert (Path(app.outdir) / "tags/alpha.html").is_file()


def test_hidden_files_and_folders_are_never_read(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    src = copy_root("vault", tmp_path)
    for hidden in (".site/about.md", "Folder One/.drafts/secret.md", ".hidden note.md"):
        (src / hidden).parent.mkdir(parents=True, exist_ok=True)
        (src / hidden).write_text("# Hidden page\n\nNot for readers.\n", encoding="utf-8")
    home = src / "Home.md"
    home.write_text(home.read_text(encoding="utf-8") + "\nSee [[secret]].\n", encoding="utf-8")
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    app.cleanup()
    assert not [doc for doc in app.env.found_docs if "/." in f"/{doc}"]
    written = [p.relative_to(app.outdir).as_posix() for p in Path(app.outdir).rglob("*.html")]
    assert not [page for page in written if "secret" in page or "about" in page]
    assert any("'secret'" in w and "[notegarden.unresolved]" in w for w in warning_lines(app))


def test_obsidian_urls_are_external_links(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    src = copy_root("vault", tmp_path)
    home = src / "Home.md"
    home.write_text(
        home.read_text(encoding="utf-8")
        + "\nGet [the plugin](obsidian://show-plugin?id=maps) or <https://example.org>.\n",
        encoding="utf-8",
    )
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    app.cleanup()
    link = soup(app, "Home.html").select_one('a[href^="obsidian:"]')
    assert link is not None and "external" in link["class"]
    assert not [w for w in warning_lines(app) if "obsidian:" in w or "xref_missing" in w]


def test_block_id_at_the_end_of_a_heading(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    src = copy_root("vault", tmp_path)
    (src / "Ideals.md").write_text(
        "Every PID is a UFD.\n^pid-ufd\n---\n\nProof follows.\n\n## Norms ^norms\n\nText.\n",
        encoding="utf-8",
    )
    home = src / "Home.md"
    home.write_text(
        home.read_text(encoding="utf-8") + "\nSee [[Ideals#^pid-ufd]] and [[Ideals#^norms]].\n",
        encoding="utf-8",
    )
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    app.cleanup()
    page = soup(app, "Ideals.html")
    headings = [h.get_text().rstrip("¶") for h in page.select("h2")]
    assert "Every PID is a UFD." in headings and "Norms" in headings
    assert page.select_one('[id="^pid-ufd"]') and page.select_one('[id="^norms"]')
    hrefs = [a["href"] for a in soup(app, "Home.html").select('a[href^="Ideals.html"]')]
    assert "Ideals.html#^pid-ufd" in hrefs and "Ideals.html#^norms" in hrefs
    assert not [w for w in warning_lines(app) if "Ideals" in w]


def test_markdown_images_are_found_as_obsidian_finds_them(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    src = copy_root("vault", tmp_path)
    image = next((src / "Folder One/assets").glob("*.png"))
    (src / "Folder One/assets" / "my map.png").write_bytes(image.read_bytes())
    (src / "Gallery.md").write_text(
        f"By name: ![a]({image.name}).\n\nWith a hint: ![b](Folder%20One/assets/{image.name}#wide)."
        "\n\nEncoded: ![c](Folder%20One/assets/my%20map.png).\n\nMissing: ![d](nowhere.png).\n"
        "\nNo file at all: ![e]().\n",
        encoding="utf-8",
    )
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    app.cleanup()
    images = {img["alt"]: img for img in soup(app, "Gallery.html").select("img")}
    for alt in "abc":
        assert (Path(app.outdir) / unquote(images[alt]["src"])).is_file(), alt
    assert "ng-embed-wide" in images["b"]["class"]
    gallery = sorted(w for w in warning_lines(app) if "Gallery.md" in w)
    assert len(gallery) == 2 and "Gallery.md:7:" in gallery[0] and "nowhere.png" in gallery[0]
    # Sphinx took the note's folder for an image with no file, and failed to copy it.
    assert "Gallery.md:9:" in gallery[1] and "'e' names no file" in gallery[1]
    assert not [w for w in warning_lines(app) if "Is a directory" in w]
    assert "[missing: e]" in soup(app, "Gallery.html").select_one(".ng-missing-attachment").text


@pytest.mark.parametrize("titles", ["heading", "file"])
def test_titles_from_headings_or_file_names(make_app: MakeApp, tmp_path: Path, titles: str) -> None:
    """``file``: a note is titled by its file name, as Obsidian shows it; its H1 is a section."""
    files = {
        "Active Learning.md": (
            "# Theory\n\nSee [[Bandits]] and [[Theory]].\n\n# Model\n\nA model.\n"
        ),
        "Bandits.md": "# Theory\n\nArms.\n",
        "Titled.md": "---\ntitle: From front matter\n---\n\n# Theory\n\nText.\n",
    }
    conf = NOTES_CONF + f"notegarden_titles = {titles!r}\n"
    app = build_files(make_app, tmp_path, files, conf)
    warnings = [w for w in warning_lines(app) if "toctree" not in w]
    bandits = soup(app, "Bandits.html")
    theory_link = soup(app, "Active Learning.html").select("a.ng-note-ref")
    if titles == "file":
        # No note is called "Theory" any more: that link is unresolved, as in Obsidian.
        assert len(warnings) == 1 and "unresolved note link 'Theory'" in warnings[0]
        assert [a["href"] for a in theory_link] == ["Bandits.html"]
        assert bandits.select_one("h1").get_text().rstrip("¶") == "Bandits"
        assert bandits.select_one("h2").get_text().rstrip("¶") == "Theory"
        assert bandits.title.get_text().startswith("Bandits")
    else:
        assert warnings == []
        assert bandits.select_one("h1").get_text().rstrip("¶") == "Theory"
        assert [a["href"] for a in theory_link] == ["Bandits.html"] * 2
    # Either way: several H1s title a note by its file name; the page heading of a note
    # with a front-matter title is its H1 (heading) or that title (file).
    learning = soup(app, "Active Learning.html")
    assert learning.select_one("h1").get_text().rstrip("¶") == "Active Learning"
    titled = soup(app, "Titled.html").select_one("h1").get_text().rstrip("¶")
    assert titled == ("From front matter" if titles == "file" else "Theory")


def test_titles_setting_checked(make_app: MakeApp, tmp_path: Path) -> None:
    conf = NOTES_CONF + 'notegarden_titles = "h1"\n'
    app = make_app("html", srcdir=write_project(tmp_path / "src", {"index.md": "# A\n"}, conf))
    assert app.config.notegarden_titles == "heading"
    assert any("notegarden_titles = 'h1' is not one of" in w for w in warning_lines(app))
