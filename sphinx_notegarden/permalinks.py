"""Permalinks: ``permalink: /essays/maps/`` in a note's front matter is the page's URL.

For the multi-page HTML builders (html, dirhtml) the page is written at the permalink,
each part slugged (``[a-z0-9-]``, no ``..``), so it stays inside the output directory;
a small redirect page stays at the file's own path, so old links keep working. Sphinx
computes every URL with the builder's ``get_target_uri`` and every output file with its
``get_output_path``: both are wrapped on this build's builder object only (nothing
global is patched), so links from every page, toctrees, sidebars, previews, the graph
and the feed all point at the permalink. Other builders ignore permalinks.

The permalinks are computed once per build on ``env-updated`` from the documents'
metadata (plain data in the domain); when they change, every page is rewritten.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import jinja2
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util import logging
from sphinx.util.osutil import relative_uri

from .notes import metadata_lines
from .paths import remove_output_files, safe_folder
from .slugs import slug
from .tag_pages import NO_PAGE_BUILDERS

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from .domain import NoteGardenDomain

logger = logging.getLogger(__name__)
TEMPLATES = Path(__file__).parent / "templates"
#: Top-level names that Sphinx or sphinx-notegarden write themselves.
RESERVED = frozenset({"genindex", "search", "py-modindex", "searchindex", "objects"})


def _domain(env: BuildEnvironment) -> NoteGardenDomain:
    return cast("NoteGardenDomain", env.get_domain("ng"))


def permalinks_enabled(builder: Any) -> bool:
    """Tell whether *builder* writes pages at their permalinks."""
    return isinstance(builder, StandaloneHTMLBuilder) and builder.name not in NO_PAGE_BUILDERS


def permalink_pagename(value: str) -> str | None:
    """Return the output page name for a ``permalink`` value, or None if it is unusable.

    ``/Essays/Maps & Territory/`` becomes ``essays/maps-territory``; a ``.html`` ending
    is dropped; ``.`` and ``..`` parts are refused, so the page stays in the output.
    """
    text = value.strip().replace("\\", "/")
    text = text.removesuffix(".html").removesuffix(".htm")
    parts = [part.strip() for part in text.split("/") if part.strip()]
    if not parts or any(part in (".", "..") for part in parts):
        return None
    return "/".join(slug(part, prefix="page") for part in parts)


def _reserved(app: Sphinx) -> set[str]:
    """Return the first path parts that generated pages and Sphinx's own files use."""
    config = app.config
    names = set(RESERVED)
    for value, default in (
        (config.notegarden_tags_path, "tags"),
        (config.notegarden_stubs_path, "stubs"),
        (config.notegarden_folders_path, "folders"),
        (config.notegarden_note_index, "notes"),
        (config.notegarden_graph_page, "graph"),
    ):
        names.add(safe_folder(value, default).split("/", 1)[0])
    return names


def collect_permalinks(app: Sphinx, env: BuildEnvironment) -> dict[str, str]:
    """Return ``{docname: page name}`` for every document with a usable permalink."""
    taken = {docname.casefold() for docname in env.all_docs}
    reserved = _reserved(app)
    found: dict[str, str] = {}
    owners: dict[str, str] = {}
    for docname in sorted(env.all_docs):
        value = env.metadata.get(docname, {}).get("permalink")
        if value is None or str(value).strip() in ("", "None"):
            continue
        pagename = permalink_pagename(str(value))
        if pagename is not None and pagename.casefold() == docname.casefold():
            continue  # the page's own path (case apart: case-insensitive file systems)
        problem = None
        if str(value).strip() == "/":
            if docname == app.config.root_doc:
                continue
            problem = f"names the home page, which is {app.config.root_doc!r}"
        elif pagename is None:
            problem = "is not a path inside the site"
        elif pagename.split("/", 1)[0] in reserved:
            problem = "is taken by a generated page"
        elif pagename.casefold() in taken and pagename != docname:
            problem = "is the path of another document"
        elif pagename in owners:
            problem = f"is also the permalink of {owners[pagename]!r}"
        if problem is not None or pagename is None:
            logger.warning(
                "permalink %r %s; the page keeps its own path",
                value,
                problem,
                type="notegarden",
                subtype="permalink",
                location=(docname, _line(env, docname)),
            )
            continue
        if pagename != docname:
            owners[pagename] = docname
            found[docname] = pagename
    return found


def _line(env: BuildEnvironment, docname: str) -> int:
    """Return the line of the ``permalink`` key in *docname*'s source (1 if not found)."""
    return metadata_lines(str(env.doc2path(docname)), {"permalink"}).get("permalink", 1)


def update_permalinks(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """On ``env-updated``: store the permalinks; rewrite everything if they changed."""
    domain = _domain(env)
    before: dict[str, str] = domain.data.get("permalinks", {})
    after = collect_permalinks(app, env) if permalinks_enabled(app.builder) else {}
    domain.data["permalinks"] = after
    if before == after:
        return []
    builder = app.builder
    if isinstance(builder, StandaloneHTMLBuilder):
        original = builder.__dict__.get("ng_original_output_path", builder.get_output_path)
        gone = sorted(set(before.values()) - set(after.values()) - set(env.all_docs))
        remove_output_files(builder.outdir, (original(page) for page in gone))
    return sorted(env.all_docs)


def install_permalinks(app: Sphinx) -> None:
    """On ``builder-inited``: make this builder write and link pages at their permalinks."""
    builder = app.builder
    if not permalinks_enabled(builder):
        return
    assert isinstance(builder, StandaloneHTMLBuilder)
    domain = _domain(app.env)
    target_uri: Callable[..., str] = builder.get_target_uri
    output_path: Callable[[str], Path] = builder.get_output_path

    # Called for every link of every page: a site without permalinks pays one lookup.
    def permalinked_target_uri(docname: str, typ: str | None = None) -> str:
        permalinks = domain.data.get("permalinks")
        return target_uri(permalinks.get(docname, docname) if permalinks else docname, typ)

    def permalinked_output_path(page_name: str, /) -> Path:
        permalinks = domain.data.get("permalinks")
        return output_path(permalinks.get(page_name, page_name) if permalinks else page_name)

    builder.ng_original_target_uri = target_uri  # type: ignore[attr-defined]
    builder.ng_original_output_path = output_path  # type: ignore[attr-defined]
    builder.get_target_uri = permalinked_target_uri  # type: ignore[method-assign]
    builder.get_output_path = permalinked_output_path  # type: ignore[method-assign]


def write_redirects(app: Sphinx, exception: Exception | None) -> None:
    """On ``build-finished``: a redirect page at each permalinked document's own path."""
    builder = app.builder
    if exception is not None or not permalinks_enabled(builder):
        return
    permalinks: dict[str, str] = _domain(app.env).data.get("permalinks", {})
    if not permalinks:
        return
    target_uri = builder.__dict__["ng_original_target_uri"]
    output_path = builder.__dict__["ng_original_output_path"]
    templates = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, keep_trailing_newline=True
    )
    template = templates.get_template("ng-redirect.html")
    outdir = Path(builder.outdir).resolve()
    for docname, pagename in sorted(permalinks.items()):
        path = Path(output_path(docname))
        if not path.resolve().is_relative_to(outdir):
            continue
        title = app.env.titles[docname].astext() if docname in app.env.titles else pagename
        target = relative_uri(target_uri(docname), target_uri(pagename)) or "./"
        html = template.render(target=target, title=title, language=app.config.language or "en")
        if path.is_file() and path.read_text(encoding="utf-8") == html:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")


def setup_permalinks(app: Sphinx) -> None:
    """Register permalinks for the html and dirhtml builders."""
    app.connect("builder-inited", install_permalinks)
    app.connect("env-updated", update_permalinks)
    app.connect("build-finished", write_redirects)
