"""Obsidian syntax found broken in real vaults: Admonition fences, unknown code languages,
escaped brackets, block ids before display math, links to attachments, embed lines."""

from __future__ import annotations

import itertools
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from sphinx_notegarden.admonition_fences import rewrite_admonition_fences
from sphinx_notegarden.code_languages import fence_language
from sphinx_notegarden.escapes import MARK, mark_escapes
from sphinx_notegarden.inline_marks import highlight_spans

from helpers import (
    NOTES_CONF,
    build_files,
    compile_pdf,
    copy_root,
    output_files,
    soup,
    warning_lines,
    write_project,
)

MakeApp = Callable[..., SphinxTestApp]
ROOT_FILES = Path(__file__).parent / "roots" / "test-vault-syntax" / "files"


def _titles(page: object) -> list[str]:
    return [
        title.get_text(" ", strip=True)
        for title in page.select(".ng-callout-title-text")  # type: ignore[attr-defined]
    ]


HIGHLIGHTS_WITH_MARKUP = """# Highlights

With ==highlight **bold**==, ==**key** idea==, ==[[Other]]==, ==$x$== and ==a *b* c== here.

Not: == **x** ==, and ==open **x** never
closed== on the next line, and a == b **c** d == e.

Two: ==**a**== and ==**b**==.
"""


@pytest.mark.parametrize("builder", ["html", "latex", "text"])
def test_highlights_around_markup(make_app: MakeApp, tmp_path: Path, builder: str) -> None:
    """Markdown cuts ``==**key** idea==`` into texts and a strong: still one highlight."""
    files = {"index.md": HIGHLIGHTS_WITH_MARKUP, "Other.md": "# Other\n\nText.\n"}
    app = build_files(make_app, tmp_path, files, builder=builder)
    assert warning_lines(app) == []
    if builder == "html":
        paragraphs = soup(app, "index.html").select("section > p")
        marks = [[m.decode_contents() for m in p.select("mark")] for p in paragraphs]
        assert [m.split(' class="')[0] for m in marks[0]][:2] == [
            "highlight <strong>bold</strong>",
            "<strong>key</strong> idea",
        ]
        assert paragraphs[0].select_one("mark a")["href"] == "Other.html"
        assert paragraphs[0].select_one("mark .math") is not None
        assert marks[0][4] == "a <em>b</em> c"
        assert marks[1] == [] and "== " in paragraphs[1].get_text()
        assert marks[2] == ["<strong>a</strong>", "<strong>b</strong>"]
    else:
        suffix = ".tex" if builder == "latex" else ".txt"
        text = b"".join(output_files(Path(app.outdir), (suffix,)).values()).decode()
        assert "==**" not in text and "==\\textbf" not in text
        if builder == "latex":
            assert r"\colorbox{yellow!35}{\strut{}\sphinxstylestrong{key} idea}" in text


STRIKES = """# Struck

Plain ~~done~~, around markup ~~**bold** and [[Other]]~~, with a ==highlight==.

Not struck: ~~ spaced ~~, \\~\\~escaped\\~\\~, `~~code~~`, and ~~open
on two lines~~.
"""


@pytest.mark.parametrize("builder", ["html", "latex", "text"])
def test_strikethrough(make_app: MakeApp, tmp_path: Path, builder: str) -> None:
    """``~~struck~~``, as in Obsidian: ``<del>``, a struck line in PDF, ``~~`` in text."""
    files = {"index.md": STRIKES, "Other.md": "# Other\n\nText.\n"}
    app = build_files(make_app, tmp_path, files, builder=builder)
    assert warning_lines(app) == []
    if builder == "html":
        first, second = soup(app, "index.html").select("section > p")[:2]
        struck = [d.decode_contents().split(' class="')[0] for d in first.select("del")]
        assert struck[0] == "done" and struck[1].startswith("<strong>bold</strong> and <a")
        assert first.select_one("del a")["href"] == "Other.html"
        assert not second.select("del")
        assert "~~ spaced ~~, ~~escaped~~" in second.get_text()
        assert second.select_one("code").get_text() == "~~code~~"
    else:
        suffix = ".tex" if builder == "latex" else ".txt"
        text = b"".join(output_files(Path(app.outdir), (suffix,)).values()).decode()
        if builder == "latex":
            assert r"\ngstrike{done}" in text and r"\ngstrike{\sphinxstylestrong{bold}" in text
            assert r"\newcommand{\ngstrike}" in text  # defined in the preamble
        else:
            assert "Plain ~~done~~, around markup ~~bold and Other~~" in text.replace("**", "")


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("latexmk") is None, reason="needs latexmk and TeX Live")
def test_marks_compile_to_pdf(make_app: MakeApp, tmp_path: Path) -> None:
    files = {
        "index.md": STRIKES + "\n" + HIGHLIGHTS_WITH_MARKUP.replace("# ", "## ", 1),
        "Other.md": "# Other\n\nText.\n",
    }
    app = make_app("latex", srcdir=write_project(tmp_path / "src", files))
    app.build()
    compile_pdf(app.outdir)


@pytest.mark.sphinx("html", testroot="vault-syntax", freshenv=True)
def test_only_real_problems_are_reported(app: SphinxTestApp) -> None:
    app.build()
    warnings = warning_lines(app)
    assert len(warnings) == 3, warnings
    # The embed's own line, not the paragraph's first line (13).
    assert "Home.md:15" in warnings[0] and "'Gone.png' not found" in warnings[0]
    # The boxes above keep every line: the link after them is reported where it is.
    assert "Boxes.md:44" in warnings[1] and "'Missing after boxes'" in warnings[1]
    assert "Home.md:11" in warnings[2] and "'nowhere.png'" in warnings[2]


@pytest.mark.sphinx("html", testroot="vault-syntax", freshenv=True, parallel=2)
def test_no_lexer_warning_in_parallel(app: SphinxTestApp) -> None:
    app.build()
    warnings = warning_lines(app)
    assert len(warnings) == 3, warnings
    assert not [w for w in warnings if "lexer" in w or "highlighting" in w]


@pytest.mark.sphinx("html", testroot="vault-syntax", freshenv=True)
def test_admonition_fences_are_callouts(app: SphinxTestApp) -> None:
    app.build()
    page = soup(app, "Boxes.html")
    callouts = page.select("aside.ng-callout")
    kinds = [c["class"][1] for c in callouts]
    assert kinds == [
        "ng-kind-definition",
        "ng-kind-note",
        "ng-kind-tip",
        "ng-kind-note",  # an unknown kind: a note labelled with its name
        "ng-kind-example",
        "ng-kind-warning",
    ]
    assert _titles(page) == ["A group", "Note", "Tip", "Lemma ish", "Nested", "Inner"]
    assert callouts[0].select_one(".ng-callout-title-text em").get_text() == "group"
    # collapse: closed is folded, collapse: open foldable and open, none not foldable.
    closed, plain, opened = (c.select_one("details") for c in callouts[:3])
    assert closed is not None and not closed.has_attr("open")
    assert plain is None
    assert opened is not None and opened.has_attr("open")
    # The body is Markdown: math, display math, links, lists, code, nested boxes.
    body = callouts[0].select_one(".ng-callout-body")
    assert body.select_one("span.math").get_text() == r"\(G \times G \to G\)"
    assert body.select_one("div.math") is not None
    assert body.select_one("a.ng-note-ref")["href"] == "Home.html"
    assert "icon" not in body.get_text() and "collapse" not in body.get_text()
    assert callouts[1].select_one("a.ng-note-ref")["href"] == "Target.html"
    assert len(callouts[2].select("li")) == 2
    assert "code in a box" in callouts[4].select_one("div.highlight-python").get_text()
    assert callouts[5] in callouts[4].find_all("aside")
    # An ad- fence shown as code inside a longer fence stays code.
    shown = page.select_one("div.highlight-markdown").get_text()
    assert "```ad-note" in shown and "[[Not a link]]" in shown


@pytest.mark.sphinx("latex", testroot="vault-syntax", freshenv=True)
def test_attachment_link_in_latex(app: SphinxTestApp) -> None:
    app.build()
    tex = "\n".join(p.read_text(encoding="utf-8") for p in Path(app.outdir).glob("*.tex"))
    assert (
        r"image: \DUrole{ng-link}{the \sphinxstyleemphasis{pond}}, and a bare one: "
        r"\DUrole{ng-link}{pond.png}."
    ) in tex
    assert "In a paragraph" in tex and "graph TD" in tex  # the embedded code


@pytest.mark.sphinx(
    "latex", testroot="vault-syntax", freshenv=True, confoverrides={"root_doc": "Boxes"}
)
def test_admonition_fences_in_latex(app: SphinxTestApp) -> None:
    app.build()
    tex = "\n".join(p.read_text(encoding="utf-8") for p in Path(app.outdir).glob("*.tex"))
    assert "ad-Definition" not in tex and "collapse: closed" not in tex
    assert "sphinxadmonition" in tex and "Nested" in tex and "Careful." in tex
    assert not [w for w in warning_lines(app) if "lexer" in w]


def test_admonition_fences_can_be_turned_off(make_app: MakeApp, tmp_path: Path) -> None:
    srcdir = tmp_path / "vault"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text(
        'extensions = ["myst_parser", "sphinx_notegarden"]\nnotegarden_admonition_fences = False\n',
        encoding="utf-8",
    )
    (srcdir / "index.md").write_text("# Off\n\n```ad-note\ntitle: T\nBody.\n```\n")
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    page = soup(app, "index.html")
    assert page.select_one("aside.ng-callout") is None
    assert "title: T" in page.select_one("div.ng-lang-ad-note").get_text()
    assert warning_lines(app) == []  # an unknown language: plain code, no warning
    app.cleanup()


@pytest.mark.parametrize(
    ("value", "marker"),
    [("closed", "-"), ("close", "-"), ("True", "-"), ("open", "+"), ("none", ""), ("", "")],
)
def test_admonition_collapse_values_fold_as_the_plugin_folds(value: str, marker: str) -> None:
    out = rewrite_admonition_fences(["```ad-tip", f"collapse: {value}", "title: T", "x", "```"])
    assert out[0] == f"> [!tip]{marker} T"


def test_fence_rewrite_keeps_every_line() -> None:
    source = [
        "- item",
        "  ```ad-note",
        "  title: In a list",
        "  Body.",
        "  ```",
        "> ```ad-tip",
        "> Quoted.",
        "> ```",
        "```ad-warning",
        "unclosed",
    ]
    out = rewrite_admonition_fences(source)
    assert out == [
        "- item",
        "  > [!note] In a list",
        "  >",
        "  > Body.",
        "",
        "> > [!tip]",
        "> > Quoted.",
        ">",
        "> [!warning]",
        "> unclosed",
    ]


@pytest.mark.sphinx("html", testroot="vault-syntax", freshenv=True)
def test_unknown_languages_are_plain_code(app: SphinxTestApp) -> None:
    app.build()
    page = soup(app, "Code.html")
    blocks = [div["class"] for div in page.select("div.notranslate")]
    assert blocks == [
        ["ng-lang-mermaid", "highlight-text", "notranslate"],
        ["ng-lang-plain", "highlight-text", "notranslate"],
        ["highlight-python", "notranslate"],  # a known language is left alone
        ["ng-lang-htaccess-ish", "highlight-text", "notranslate"],
        # Pandoc's attributes: the first class is the language; MyST's {note} is not code.
        ["highlight-haskell", "notranslate"],
        ["highlight-python", "notranslate"],
        ["ng-lang-nosuchlanguage", "highlight-text", "notranslate"],
        ["highlight-r", "notranslate"],
        ["highlight-html", "notranslate"],  # shown as code, as Obsidian shows it
    ]
    assert "main = print [1 ..]" in page.select("pre")[4].get_text()
    assert page.select_one("blockquote div.highlight-python") is not None
    note = page.select_one("div.admonition.note")
    assert note is not None and "A MyST directive stays a directive." in note.get_text()
    assert "A--&gt;B" in str(page.select_one("div.ng-lang-mermaid pre"))
    rst = soup(app, "Rest code.html")
    assert "C--&gt;D" in str(rst.select_one("div.ng-lang-mermaid pre"))
    # Embedded elsewhere: still plain, and (see the warnings tests) no warning there.
    assert soup(app, "Embedder.html").select_one(".ng-embed div.ng-lang-mermaid") is not None


@pytest.mark.sphinx("html", testroot="vault-syntax", freshenv=True)
def test_escaped_brackets_and_equals_are_text(app: SphinxTestApp) -> None:
    app.build()
    page = soup(app, "Escapes.html")
    first, embed, highlight, code = page.select("section > p")[:4]
    assert first.get_text() == "Written as the [[double bracket syntax]], a real one: Home."
    assert [a["href"] for a in first.select("a")] == ["Home.html"]
    assert embed.get_text() == "Not an embed: ![[Gone.png]]."
    assert highlight.get_text() == "Not a highlight: ==plain==, and a real one."
    assert [m.get_text() for m in highlight.select("mark")] == ["real"]
    assert code.select_one("code").get_text() == r"\[\[code\]\]"
    assert code.select_one("a.ng-note-ref")["href"] == "Home.html"  # \\[[Home]] is a link
    assert r"\[\[fenced\]\]" in page.select_one("div.highlight-text").get_text()
    for path in Path(app.outdir).rglob("*"):
        if path.is_file() and path.suffix in {".html", ".js", ".txt"}:
            assert MARK not in path.read_text(encoding="utf-8"), path


def test_an_escaped_hash_is_no_inline_tag(make_app: MakeApp, tmp_path: Path) -> None:
    conf = NOTES_CONF + "notegarden_inline_tags = True\n"
    files = {
        "index.md": "# Home\n\nTags like \\#kind/claim and \\#draft stay text; #real is one.\n\n"
        "\\# Not a heading, and (#also) is a tag.\n\n`\\#code` and $\\#x$.\n",
    }
    app = build_files(make_app, tmp_path, files, conf)
    first, second, third = soup(app, "index.html").select("section > p")[:3]
    assert first.get_text() == "Tags like #kind/claim and #draft stay text; #real is one."
    assert [a.get_text() for a in first.select("a")] == ["#real"]
    assert second.get_text() == "# Not a heading, and (#also) is a tag."
    assert [a.get_text() for a in second.select("a")] == ["#also"]
    assert third.select_one("code").get_text() == "\\#code"  # code keeps its backslash
    assert app.env.get_domain("ng").note("index").tags == ["real", "also"]  # type: ignore[attr-defined]
    assert not (Path(app.outdir) / "tags" / "draft.html").exists()


def test_mark_escapes_skips_code_and_front_matter() -> None:
    source = "---\ntitle: a \\[b\n---\nx \\[ `\\[` \\\\[\n```\n\\[\n```\n\\="
    assert mark_escapes(source).split("\n") == [
        "---",
        "title: a \\[b",
        "---",
        f"x \\[{MARK} `\\[` \\\\[",
        "```",
        "\\[",
        "```",
        f"\\={MARK}",
    ]


def test_highlights_are_found_as_the_plain_expression_finds_them() -> None:
    """The linear scan gives the matches of the obvious regular expression, which takes
    time quadratic in the length of a line of highlights that never close."""
    obvious = re.compile(r"==(?=\S)(.+?)(?<=\S)==")
    for length in range(11):
        for chars in itertools.product("=a \n", repeat=length):
            text = "".join(chars)
            assert highlight_spans(text) == [m.span() for m in obvious.finditer(text)], text
    long_line = "==a " * 5000 + "==b==\n==c=="
    assert highlight_spans(long_line) == [m.span() for m in obvious.finditer(long_line)]


@pytest.mark.sphinx("html", testroot="vault-syntax", freshenv=True)
def test_block_id_before_display_math(app: SphinxTestApp) -> None:
    app.build()
    target = soup(app, "Target.html")
    block = target.find(id="^sum-id")
    assert block.name == "p" and block.get_text(" ", strip=True).startswith("We see that")
    assert "^" not in block.get_text()
    assert block.select_one("div.math") is not None  # the math stays in its paragraph
    assert target.find(id="^item-id").name == "li"
    home = soup(app, "Home.html")
    hrefs = [a["href"] for a in home.select("a.ng-note-ref")]
    assert "Target.html#^sum-id" in hrefs and "Target.html#^item-id" in hrefs
    embedded = soup(app, "Embedder.html").select(".ng-embed-body")[1]
    assert embedded.get_text(" ", strip=True).startswith("We see that")


@pytest.mark.sphinx("html", testroot="vault-syntax", freshenv=True)
def test_wikilink_to_an_attachment(app: SphinxTestApp) -> None:
    app.build()
    home = soup(app, "Home.html")
    links = home.select("a.ng-attachment-link")
    assert [a.get_text() for a in links] == ["the pond", "pond.png"]
    assert links[0].select_one("em").get_text() == "pond"
    for link in links:
        assert link["href"].startswith("_downloads/") and link["href"].endswith("/pond.png")
        assert (Path(app.outdir) / link["href"]).is_file()
    assert home.select_one(".ng-unresolved").get_text() == "nowhere.png"


@pytest.mark.sphinx("text", testroot="vault-syntax", freshenv=True)
def test_text_builder(app: SphinxTestApp) -> None:
    app.build()
    home = (Path(app.outdir) / "Home.txt").read_text(encoding="utf-8")
    assert "A link to an image: the *pond*, and a bare one: pond.png." in home
    escapes = (Path(app.outdir) / "Escapes.txt").read_text(encoding="utf-8")
    assert "[[double bracket syntax]]" in escapes and MARK not in escapes
    boxes = (Path(app.outdir) / "Boxes.txt").read_text(encoding="utf-8")
    assert "A group: A set with an associative operation" in boxes
    assert "collapse" not in boxes and "ad-Definition" not in boxes


def _build(make_app: MakeApp, src: Path, builddir: Path, parallel: int = 0) -> dict[str, bytes]:
    app = make_app("html", srcdir=src, builddir=builddir, parallel=parallel, freshenv=True)
    app.build()
    app.cleanup()
    return output_files(Path(app.outdir))


def test_parallel_equals_serial(make_app: MakeApp, tmp_path: Path) -> None:
    src = copy_root("vault-syntax", tmp_path)
    serial = _build(make_app, src, tmp_path / "serial")
    parallel = _build(make_app, src, tmp_path / "parallel", parallel=2)
    assert serial.keys() == parallel.keys()
    assert [name for name in serial if serial[name] != parallel[name]] == []


def test_incremental_edit_equals_clean(make_app: MakeApp, tmp_path: Path) -> None:
    src = copy_root("vault-syntax", tmp_path)
    app = make_app("html", srcdir=src, builddir=tmp_path / "inc")
    app.build()
    app.cleanup()
    boxes = src / "Boxes.md"
    boxes.write_text(boxes.read_text().replace("collapse: closed", "collapse: open"))
    target = src / "Target.md"
    target.write_text(target.read_text().replace("^sum-id", "^total-id"))
    again = make_app("html", srcdir=src, builddir=tmp_path / "inc")
    again.build()
    again.cleanup()
    incremental = output_files(Path(again.outdir))
    clean = _build(make_app, src, tmp_path / "clean")
    assert [name for name in clean if clean[name] != incremental.get(name)] == []
    assert b'id="^total-id"' in clean["Target.html"]


def test_block_ids_on_headings_embed_and_preview_their_section(
    make_app: MakeApp, tmp_path: Path
) -> None:
    """A ``^id`` under (or ending) a heading names the heading: its section is shown.

    The id lands on the heading's title; a preview or embed of the title alone put a
    title outside a section, which the HTML writer refuses (a crash, found in a vault).
    """
    home = (
        "# Home\n\n## Initial state\n\n^start\n\nEverything in one class.\n\n"
        "## Later\n\nBack to [[#^start|the start]]; see [[Other#^h2]].\n\n![[Other#^h2]]\n"
    )
    other = "# Other\n\n## Second heading ^h2\n\nThe second section.\n"
    src = write_project(tmp_path / "src", {"index.md": home, "Other.md": other})
    app = make_app("html", srcdir=src)
    app.build()
    assert [w for w in warning_lines(app) if "toctree" not in w] == []
    home = soup(app, "index.html")
    hrefs = [a["href"] for a in home.select("a.ng-note-ref")]
    assert hrefs[:2] == ["#^start", "Other.html#^h2"]  # then the embed's own link
    previews = [str(t) for t in home.select("template")]
    assert any("Initial state" in p and "Everything in one class." in p for p in previews)
    assert any("Second heading" in p and "The second section." in p for p in previews)
    embed = home.select_one(".ng-embed-body")
    assert embed is not None and embed.get_text().strip() == "The second section."


RULES_NOTE = (
    "---\ntags: [x]\n---\n---\n\nA rule opened the note.\n\n## Section\n\n---\n\n"
    "A rule under a heading.\n\n---\n---\n\nTwo in a row.\n\n"
    "> [!note] In a callout\n> Above.\n>\n> ---\n>\n> Below.\n\n- An item\n\n  ---\n\n  More.\n"
)


@pytest.mark.parametrize("builder", ["html", "latex", "text", "man", "texinfo", "singlehtml"])
def test_markdown_rules_anywhere_without_warnings(
    make_app: MakeApp, tmp_path: Path, builder: str
) -> None:
    """``---`` where docutils allows no transition: drawn, in every builder, silently."""
    files = {
        "index.md": "# Home\n\n" + RULES_NOTE.split("---\n", 3)[3],
        "ruled.md": RULES_NOTE,
        "plain.rst": "Plain\n=====\n\n----\n\nText.\n",
        # Last in its section, then MyST's own rule before the footnotes.
        "footed.md": "## Part\n\nBody[^1].\n\n---\n[^1]: The footnote.\n",
    }
    conf = NOTES_CONF.replace('["**"]', '["index", "ruled", "footed"]')
    app = build_files(make_app, tmp_path, files, conf, builder=builder)
    warnings = [w for w in warning_lines(app) if "toctree" not in w]
    # rST keeps docutils' rule (this page is no note, so nothing comes before its rule);
    # Markdown notes draw their rules where they stand.
    assert len(warnings) == 1 and "plain.rst" in warnings[0] and "transition" in warnings[0]
    if builder == "html":
        ruled = soup(app, "ruled.html").select_one("div.body, article")
        assert len(ruled.select("hr")) == 6
        text = ruled.get_text()
        assert text.index("A rule opened") < text.index("Two in a row.")
        footed = soup(app, "footed.html").select_one("div.body, article")
        assert len(footed.select("hr")) == 2 and "The footnote." in footed.get_text()


def test_footnote_references_without_a_footnote_stay_text(
    make_app: MakeApp, tmp_path: Path
) -> None:
    index = (
        "# Home\n\nCited[^1], dangling [^12] and [^later], cited again[^2].\n\n"
        "[^1]: The first.\n[^2]: The second.\n"
    )
    app = make_app("html", srcdir=write_project(tmp_path / "src", {"index.md": index}))
    app.build()
    assert warning_lines(app) == []
    body = soup(app, "index.html").select_one("div.body")
    assert "dangling [^12] and [^later], cited" in body.get_text()
    references = body.select("a.footnote-reference")
    assert [a.get_text().strip("[]") for a in references] == ["1", "2"]
    assert all(body.find(id=a["href"][1:]) is not None for a in references)


def test_empty_admonition_title_means_no_title_bar(make_app: MakeApp, tmp_path: Path) -> None:
    text = (
        "# Boxes\n\n```ad-note\ntitle:\nNo bar over this.\n```\n\n"
        "```ad-tip\ntitle:\ncollapse: open\nA folding one keeps its title.\n```\n\n"
        "> [!info|no-title]\n> Written by hand.\n\n"
        "```ad-warning\nNo title line: the kind's own title.\n```\n"
    )
    app = make_app("html", srcdir=write_project(tmp_path / "src", {"index.md": text}))
    app.build()
    assert [w for w in warning_lines(app) if "toctree" not in w] == []
    callouts = soup(app, "index.html").select("aside.ng-callout")
    untitled = ["ng-callout-meta-no-title" in c["class"] for c in callouts]
    assert untitled == [True, False, True, False]
    assert [c.select_one(".ng-callout-title-text").get_text() for c in callouts] == [
        "Note",
        "Tip",
        "Info",
        "Warning",
    ]
    assert "No bar over this." in callouts[0].get_text()
    css = (Path(app.outdir) / "_static" / "notegarden.css").read_text(encoding="utf-8")
    assert ".ng-callout-meta-no-title > .ng-callout-title {\n  display: none;" in css


def test_empty_front_matter_is_no_error(make_app: MakeApp, tmp_path: Path) -> None:
    files = {
        "index.md": "# Home\n\n[[Empty]], [[Commented]], [[Null]], [[Bad]]\n",
        "Null.md": "---\n~\n---\nText.\n",
        "Empty.md": "---\n---\n# Empty\n\nText [[Gone]].\n",
        "Commented.md": "---\n# written by a plugin\n   \n---\nText.\n",
        "Bad.md": "---\njust words\n---\nText.\n",  # not properties: MyST says so
    }
    app = build_files(make_app, tmp_path, files)
    warnings = warning_lines(app)
    # The line numbers still hold: the missing note is on line 5 of Empty.md.
    assert any("Empty.md:5:" in w and "'Gone'" in w for w in warnings), warnings
    assert [w for w in warnings if "YAML" in w] == [
        next(w for w in warnings if "Bad.md:1:" in w and "YAML is not a dict" in w)
    ]
    assert soup(app, "Empty.html").select_one("h1").get_text() == "Empty¶"
    assert soup(app, "Commented.html").select_one("h1").get_text() == "Commented¶"


LISTED_HEADINGS = """- # Square matrix:
\t- m = n
- # Transpose: ^tr
\t- rows become columns

> ## Quoted heading ^qh
> quoted text
"""


@pytest.mark.parametrize("builder", ["html", "latex"])
def test_headings_in_lists_take_block_ids_and_links(
    make_app: MakeApp, tmp_path: Path, builder: str
) -> None:
    files = {
        "index.md": "# Home\n\n[[Matrices#^tr|transpose]], [[Matrices#Square matrix]], "
        "[[Matrices#^qh]]\n\n![[Matrices#^tr]]\n",
        "Matrices.md": LISTED_HEADINGS,
    }
    app = build_files(make_app, tmp_path, files, builder=builder)
    assert not warning_lines(app)
    if builder == "latex":
        return  # built without a warning: the anchors on list items and rubrics hold
    page = soup(app, "Matrices.html")
    item = page.find(id="^tr")
    assert item is not None and item.name == "li"  # the list item the heading opens
    assert "rows become columns" in item.get_text()
    assert page.find(id="^qh") is not None
    assert "^" not in page.select_one("div.body").get_text().replace("^qh", "")
    home = soup(app, "index.html")
    hrefs = [a["href"] for a in home.select("p a.ng-note-ref")]
    assert hrefs[:3] == ["Matrices.html#^tr", "Matrices.html#square-matrix", "Matrices.html#^qh"]
    embed = home.select_one(".ng-embed-body")
    assert embed is not None and "rows become columns" in embed.get_text()


@pytest.mark.parametrize(
    ("attributes", "language"),
    [
        (".haskell", "haskell"),
        ("#listing .python .numberLines", "python"),
        ("=org", "org"),
        ("r", "r"),
        ("python, echo=FALSE", "python"),
        ("#only-an-id", ""),
        ("note", None),  # a directive
        ("code-block", None),
        ("py:function", None),
        ("nosuchthing", None),  # no lexer either: MyST says it is no directive
        ("", None),
    ],
)
def test_fence_language(attributes: str, language: str | None) -> None:
    directives = {"note", "code-block", "py:function"}
    assert fence_language(attributes, directives.__contains__) == language


def test_canvases_and_documents_are_downloads(make_app: MakeApp, tmp_path: Path) -> None:
    files = {
        "index.md": "# Home\n\nSee [[Plan.canvas|the plan]], [[figures.csv]] and "
        "[[main.py]].\n\n![[Plan.canvas|Plan]]\n",
        "boards/Plan.canvas": '{"nodes": [], "edges": []}\n',
        "data/figures.csv": "a,b\n1,2\n",
        "main.py.md": "# main.py\n\nA note named like a file.\n",
    }
    app = build_files(make_app, tmp_path, files)
    assert not warning_lines(app)
    page = soup(app, "index.html")
    downloads = [a["href"] for a in page.select("a.reference.download")]
    assert len(downloads) == 3
    assert downloads[0].endswith("/Plan.canvas") and downloads[1].endswith("/figures.csv")
    assert downloads[2] == downloads[0]  # the embed is a download link too
    for href in downloads:
        assert (Path(app.outdir) / href).is_file()
    notes = [a["href"] for a in page.select("div.body p a") if "download" not in a["class"]]
    assert notes == ["main.py.html"]  # a note's name is never taken for a file


@pytest.mark.parametrize("builder", ["html", "dirhtml", "text", "latex", "epub"])
def test_links_to_a_pdf_page(make_app: MakeApp, tmp_path: Path, builder: str) -> None:
    files = {
        "index.md": "# Home\n\nSee [[paper.pdf#page=5|p. 5]], "
        "[[paper.pdf#page=272&selection=0,12,0,36|Larman]], [[paper.pdf|whole]] "
        "and [[paper.pdf#page=x|odd]].\n",
        "docs/paper.pdf": "%PDF-1.4\n%fake\n",
    }
    conf = NOTES_CONF + 'copyright = "2026"\nversion = "1"\n'  # for EPUB
    app = build_files(make_app, tmp_path, files, conf, builder=builder)
    assert not warning_lines(app)
    if builder == "text":
        text = (Path(app.outdir) / "index.txt").read_text(encoding="utf-8")
        assert "See p. 5, Larman, whole and odd." in text
        return
    if builder not in ("html", "dirhtml"):
        return  # written as download links; the builder must not fail on them
    page = soup(app, "index.html")
    links = {a.get_text(): a for a in page.select("div.body p a")}
    assert links["p. 5"]["href"].endswith("/paper.pdf#page=5")
    assert links["Larman"]["href"].endswith("/paper.pdf#page=272")
    assert "download" not in links["p. 5"].attrs  # opened at the page, not downloaded
    assert links["whole"]["href"].endswith("/paper.pdf") and "download" in links["whole"].attrs
    assert links["odd"]["href"] == links["whole"]["href"]
    assert (Path(app.outdir) / links["p. 5"]["href"].split("#")[0]).is_file()


def test_warnings_name_missing_files_as_files(make_app: MakeApp, tmp_path: Path) -> None:
    files = {"index.md": "# Home\n\n![[shot.png#invert|300]]\n\nSee [[gone.pdf#page=3|p. 3]].\n"}
    app = build_files(make_app, tmp_path, files)
    warned = warning_lines(app)
    assert len(warned) == 2
    assert "index.md:3" in warned[0] and "attachment 'shot.png' not found" in warned[0]
    assert "index.md:5" in warned[1]
    assert "'gone.pdf': no attachment or note has this title" in warned[1]


def test_links_to_any_file_in_the_vault(make_app: MakeApp, tmp_path: Path) -> None:
    """Obsidian links any file: scripts, configurations, data, text."""
    files = {
        "notes/index.md": "# Home\n\nRun [[../scripts/run.sh]], see [[conf.yaml|the config]], "
        "[[tool.py]], [[data.json]] and [[readme.txt]]; not [[missing.sh]] or [[v2.0]].\n\n"
        "![[data.json]]\n",
        "notes/v2.0.md": "# Version two\n\nText.\n",
        "scripts/run.sh": "echo hi\n",
        "config/conf.yaml": "a: 1\n",
        "tool.py": "print(1)\n",
        "data/data.json": "{}\n",
        "readme.txt": "Read me.\n",
    }
    app = build_files(make_app, tmp_path, files)
    warned = [w for w in warning_lines(app) if "notegarden" in w]
    assert len(warned) == 1 and "'missing.sh': no attachment or note" in warned[0]
    page = soup(app, "notes/index.html")
    links = {a.get_text(): a["href"] for a in page.select("div.body p a")}
    for text, name in [
        ("../scripts/run.sh", "run.sh"),
        ("the config", "conf.yaml"),
        ("tool.py", "tool.py"),
        ("data.json", "data.json"),
        ("readme.txt", "readme.txt"),
    ]:
        assert links[text].endswith("/" + name), text
        assert (Path(app.outdir) / "notes" / links[text]).resolve().is_file()
    assert links["v2.0"] == "v2.0.html"  # a note's name with a dot stays a note link
    embedded = page.select("div.body p a.download")
    assert [a["href"].rsplit("/", 1)[-1] for a in embedded].count("data.json") == 2


SVG_PICTURE = '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>\n'
DRAWING = (
    "---\nexcalidraw-plugin: parsed\ntags: [excalidraw]\n---\n"
    "==⚠  Switch to EXCALIDRAW VIEW in the MORE OPTIONS menu of this document. ⚠==\n\n"
    "# Excalidraw Data\n\n## Text Elements\nA box ^Ab12Cd34\n\n%%\n## Drawing\n"
    "```compressed-json\nN4KAkARALgngDgUwgLgAQQQDwMYEMA2AlgCYBOuA7hADTgQBuCpAzoQPYB2KqATL\n```\n%%\n"
)


def test_excalidraw_drawings_show_their_exported_picture(make_app: MakeApp, tmp_path: Path) -> None:
    files = {
        "index.md": "# Home\n\n![[Plan.excalidraw|400]]\n\n![[Sketch.excalidraw]]\n\n"
        "See [[Plan.excalidraw|the plan]].\n",
        "Drawings/Plan.excalidraw.md": DRAWING,
        "Drawings/Plan.excalidraw.svg": SVG_PICTURE,
        "Drawings/Sketch.excalidraw.md": DRAWING,
    }
    app = build_files(make_app, tmp_path, files)
    warned = [w for w in warning_lines(app) if "notegarden" in w]
    assert len(warned) == 1 and "index.md:5" in warned[0]
    assert "drawing 'Sketch.excalidraw' has no exported picture" in warned[0]
    # Drawings are no pages: the plugin's data is published nowhere.
    assert "Drawings/Plan.excalidraw" not in app.env.found_docs
    assert not list(Path(app.outdir).rglob("Plan.excalidraw.html"))
    assert not (Path(app.outdir) / "tags" / "excalidraw.html").exists()
    page = soup(app, "index.html")
    assert "EXCALIDRAW VIEW" not in page.get_text() and "compressed" not in page.get_text()
    image = page.select_one("div.body img")
    assert image is not None and image["src"].endswith("Plan.excalidraw.svg")
    assert "400px" in image.get("style", "") + image.get("width", "")
    assert page.select_one(".ng-missing-attachment").get_text() == "[drawing: Sketch.excalidraw]"
    link = [a for a in page.select("div.body a") if a.get_text() == "the plan"]
    assert link and link[0]["href"].endswith("Plan.excalidraw.svg")


def test_a_block_id_ending_a_callout_or_quote_names_all_of_it(
    make_app: MakeApp, tmp_path: Path
) -> None:
    files = {
        "A.md": "# A\n\n> [!theorem] Lagrange\n> The order of a subgroup divides.\n>\n"
        "> Of the group. ^lag\n\n> Just a quote.\n> Second line. ^q1\n\n"
        "A paragraph. ^p1\n\n> [!definition] Monoidal category ^bc017c\n> With a tensor.\n",
        "B.md": "# B\n\n![[A#^lag]]\n\n![[A#^q1]]\n\n![[A#^p1]]\n\nSee [[A#^lag]].\n\n"
        "![[A#^gone]]\n\n![[A#^bc017c]]\n",
    }
    app = build_files(make_app, tmp_path, files)
    warned = [w for w in warning_lines(app) if "notegarden" in w]
    assert len(warned) == 1 and "embed: no block '^gone' in 'A'" in warned[0]
    page = soup(app, "B.html")
    callout_embed, quote_embed, paragraph_embed, titled_embed = page.select(".ng-embed-body")
    # An id at the end of the callout's title line names the callout too, and leaves
    # the title.
    titled = titled_embed.select_one("aside.ng-callout")
    assert titled is not None and "With a tensor." in titled.get_text()
    title = titled.select_one(".ng-callout-title-text")
    assert title is not None and title.get_text() == "Monoidal category"
    assert soup(app, "A.html").select_one("aside.ng-callout#\\^bc017c") is not None
    callout = callout_embed.select_one("aside.ng-callout")
    assert callout is not None and "Lagrange" in callout.get_text()
    assert "The order of a subgroup divides." in callout.get_text()  # the whole callout
    # Its title's id is prefixed with the callout's, so aria-labelledby names it.
    assert callout_embed.select_one("#" + callout["aria-labelledby"]) is not None
    assert quote_embed.select_one("blockquote") is not None
    assert paragraph_embed.get_text().strip() == "A paragraph."
    see = [a for a in page.select("div.body p a.ng-note-ref") if "See" in a.parent.get_text()]
    assert see and see[0]["href"] == "A.html#^lag"


def test_attachment_paths_match_the_end_of_a_path(make_app: MakeApp, tmp_path: Path) -> None:
    png = (ROOT_FILES / "pond.png").read_bytes()
    files = {
        "index.md": "# Home\n\n[[CS/Algorithms/Classes]]\n",
        "CS/Algorithms/Classes.md": "# Classes\n\n![[img/np.png]]\n\n![[../img/np.png]]\n\n"
        "![[other/np.png]]\n",
    }
    src = write_project(tmp_path / "src", files)
    (src / "CS/img").mkdir(parents=True)
    (src / "CS/img/np.png").write_bytes(png)
    app = make_app("html", srcdir=src)
    app.build()
    warnings = warning_lines(app)
    # Only the path no file ends with is missing.
    assert len(warnings) == 1 and "'other/np.png' not found" in warnings[0], warnings
    images = soup(app, "CS/Algorithms/Classes.html").select("div.body img")
    assert [img["src"] for img in images] == ["../../_images/np.png"] * 2
