"""A generated landing page for a vault that has no root document (no ``index.md``).

Sphinx builds every site from ``root_doc`` and stops when its source file is missing;
an Obsidian vault rarely has one. Sphinx has no API for a document without a source
file, so when the root document is missing, a small reStructuredText source for it is
written into the *build* side (``<doctreedir>/notegarden/landing.rst``, only when its
text changes, so incremental builds stay incremental) and the project's file lookup is
taught that the root document lives there. The source holds only the title (the
``project``) and, for builders that make one book from the root document (singlehtml,
epub, latex, texinfo, man, text), a hidden glob toctree of every document, so those
builds contain the whole vault. The page's content is filled on ``doctree-resolved``:
links to the tag overview, graph and note index, the newest notes, and every note by
folder. Nothing is written into the source directory.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, cast

from docutils import nodes
from sphinx.project import Project
from sphinx.util import logging
from sphinx.util._pathlib import _StrPath
from sphinx.util.matching import Matcher

from .folder_pages import folder_page_uri
from .note_lists import doc_link, note_list
from .paths import safe_folder
from .placeholders import add_placeholder_node
from .tag_pages import _, pages_enabled, tags_folder

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from .domain import NoteGardenDomain

logger = logging.getLogger(__name__)

#: Builders that write one page per document: the landing page lists, it does not include.
MULTI_PAGE_BUILDERS = frozenset({"html", "dirhtml"})
RECENT_NOTES = 10


class ng_landing(nodes.General, nodes.Element):  # noqa: N801
    """Placeholder for the landing page's lists; filled on ``doctree-resolved``."""


class LandingProject(Project):
    """Sphinx's project, with one document (the landing page) whose source is build-side."""

    landing_docname = ""
    landing_path = ""

    def discover(
        self, exclude_paths: Iterable[str] = (), include_paths: Iterable[str] = ("**",)
    ) -> set[str]:
        """Find the documents of the source directory, and add the landing page."""
        found = super().discover(exclude_paths, include_paths)
        if self.landing_docname:
            found.add(self.landing_docname)
        return found

    def doc2path(self, docname: str, absolute: bool) -> _StrPath:
        """Return the landing page's build-side source, or what Sphinx returns."""
        if self.landing_docname and docname == self.landing_docname:
            suffix = Path(self.landing_path).suffix
            return _StrPath(self.landing_path if absolute else docname + suffix)
        return super().doc2path(docname, absolute)


def root_source_missing(app: Sphinx) -> bool:
    """Tell whether the root document has no (readable, not excluded) source file."""
    root = app.config.root_doc
    excluded = Matcher(list(app.config.exclude_patterns))
    for suffix in app.config.source_suffix:
        relative = root + suffix
        if (Path(app.srcdir) / relative).is_file() and not excluded(relative):
            return False
    return True


def landing_suffix(source_suffix: dict[str, str]) -> str | None:
    """Return the suffix to write the landing source with: ``.rst``, else a Markdown one."""
    if source_suffix.get(".rst") == "restructuredtext":
        return ".rst"
    return next((sfx for sfx, kind in source_suffix.items() if kind == "markdown"), None)


def _escaped(text: str) -> str:
    """Return *text* with every ASCII punctuation character backslash-escaped (rST and MyST)."""
    return "".join("\\" + c if c.isascii() and not c.isalnum() and c != " " else c for c in text)


def landing_source(project: str, builder: Builder, suffix: str) -> str:
    """Return the source of the landing page for *builder*, in rST or (``.md``) MyST."""
    title = _escaped(" ".join((project or "Notes").split()))
    book = builder.name not in MULTI_PAGE_BUILDERS
    if suffix == ".rst":
        lines = [":note-header: false", ":backlinks: false", ":previews: false", ""]
        lines += [title, "=" * len(title), ""]
        if book:
            lines += [".. toctree::", "   :glob:", "   :hidden:", "", "   **", ""]
    else:
        lines = ["---", "note-header: false", "backlinks: false", "previews: false", "---", ""]
        lines += [f"# {title}", ""]
        if book:
            lines += ["```{toctree}", ":glob:", ":hidden:", "", "**", "```", ""]
    return "\n".join(lines)


def install_landing_page(app: Sphinx) -> None:
    """On ``builder-inited``: give a vault without a root document a generated one."""
    suffix = landing_suffix(dict(app.config.source_suffix))
    if suffix is None or not root_source_missing(app):
        return  # (without a parser for the page, Sphinx says the root document is missing)
    path = Path(app.doctreedir) / "notegarden" / f"landing{suffix}"
    text = landing_source(app.config.project, app.builder, suffix)
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    project = app.project
    # Sphinx offers no hook for a document without a source file: teach this build's
    # project object (the one the environment shares) where the landing page lives.
    project.__class__ = LandingProject
    landing = cast("LandingProject", project)
    landing.landing_docname = app.config.root_doc
    landing.landing_path = str(path)
    if app.builder.name not in MULTI_PAGE_BUILDERS | {"singlehtml"}:
        logger.info(
            "notegarden: no %r in the source directory; the %s build starts with a "
            "generated page and holds every document",
            app.config.root_doc,
            app.builder.name,
        )


def reread_on_switch(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """On ``env-get-outdated``: re-read the root document when its source switched.

    That is, when it became, or stopped being, the generated page: file times alone
    cannot tell.
    """
    project = app.project
    current = project.landing_docname if isinstance(project, LandingProject) else ""
    domain = _domain(app)
    previous = domain.data.get("landing_page", "")
    domain.data["landing_page"] = current
    root = app.config.root_doc
    return [root] if previous != current and root in env.found_docs else []


def _domain(app: Sphinx) -> NoteGardenDomain:
    return cast("NoteGardenDomain", app.env.get_domain("ng"))


def _is_landing(app: Sphinx, docname: str) -> bool:
    return isinstance(app.project, LandingProject) and docname == app.project.landing_docname


def mark_landing_page(app: Sphinx, doctree: nodes.document) -> None:
    """On ``doctree-read``: the landing page is no note; give it its placeholder."""
    docname = app.env.docname
    if not _is_landing(app, docname):
        return
    domain = _domain(app)
    if domain.note_data.pop(docname, None) is not None:
        domain._invalidate()
    # Right after the title: in books, the notes the hidden toctree pulls in follow it.
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is not None and section.children and isinstance(section[0], nodes.title):
        section.insert(1, ng_landing())
    else:
        doctree.append(ng_landing())
    domain.note_list_page(docname)


def _links(app: Sphinx, docname: str) -> nodes.paragraph | None:
    """Return links to the tag overview, the graph and the note index, where they exist."""
    builder, config, domain = app.builder, app.config, _domain(app)
    wanted: list[tuple[str, str]] = []
    if pages_enabled(builder) and domain.tag_index().tags:
        wanted.append((_("Tags"), f"{tags_folder(builder)}/index"))
    if config.notegarden_graph_page and pages_enabled(builder) and domain.note_data:
        wanted.append((_("Graph"), safe_folder(config.notegarden_graph_page, "graph")))
    if config.notegarden_note_index and pages_enabled(builder) and domain.note_data:
        wanted.append((_("All notes"), safe_folder(config.notegarden_note_index, "notes")))
    if not wanted:
        return None
    paragraph = nodes.paragraph(classes=["ng-landing-links"])
    for number, (label, pagename) in enumerate(wanted):
        if number:
            paragraph += nodes.inline(" · ", " · ", classes=["ng-sep"])
        uri = builder.get_relative_uri(docname, pagename)
        paragraph += nodes.reference("", label, internal=True, refuri=uri)
    return paragraph


def landing_content(app: Sphinx, docname: str) -> list[nodes.Node]:
    """Return the landing page's links, newest notes and notes by folder."""
    domain, builder = _domain(app), app.builder
    content: list[nodes.Node] = []
    links = _links(app, docname)
    if links is not None:
        content.append(links)
    notes = dict(domain.notes())
    dated = [doc for doc in sorted(notes) if notes[doc].sort_date]
    dated.sort(key=lambda doc: notes[doc].sort_date, reverse=True)  # stable: ties by name
    if dated:
        content.append(nodes.rubric(_("Recent notes"), _("Recent notes")))
        content.append(note_list(domain, dated[:RECENT_NOTES], builder, docname))
    by_folder: dict[str, list[str]] = {}
    for doc in notes:
        by_folder.setdefault(doc.rpartition("/")[0], []).append(doc)
    for folder in sorted(by_folder, key=lambda name: (name != "", name.casefold(), name)):
        members = sorted(by_folder[folder], key=lambda doc: (notes[doc].title.casefold(), doc))
        if folder:
            uri = folder_page_uri(app.env, builder, docname, folder)
            heading = nodes.rubric(folder, "", classes=["ng-landing-folder"])
            if uri is None:
                heading += nodes.Text(folder)
            else:
                heading += nodes.reference("", folder, internal=True, refuri=uri)
            content.append(heading)
        elif len(by_folder) > 1 or dated:
            content.append(nodes.rubric(_("Notes"), _("Notes")))
        content.append(note_list(domain, members, builder, docname, summaries=False))
    others = sorted(doc for doc in app.env.all_docs if doc not in notes and doc != docname)
    if not notes and others:  # a site of plain documents: list them by title
        items = nodes.bullet_list(classes=["ng-note-list"])
        for doc in others:
            title = app.env.titles[doc].astext() if doc in app.env.titles else doc
            items += nodes.list_item(
                "", nodes.paragraph("", "", doc_link(builder, docname, doc, title))
            )
        content.append(items)
    return content


def fill_landing_page(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """On ``doctree-resolved``: replace the placeholder with the landing page's lists."""
    for placeholder in list(doctree.findall(ng_landing)):
        placeholder.replace_self(landing_content(app, docname) or [nodes.paragraph()])


def setup_landing_page(app: Sphinx) -> None:
    """Register the landing page's source, placeholder and filling."""
    add_placeholder_node(app, ng_landing)
    app.connect("builder-inited", install_landing_page, priority=100)
    app.connect("env-get-outdated", reread_on_switch)
    app.connect("doctree-read", mark_landing_page)
    app.connect("doctree-resolved", fill_landing_page)
