"""Write a generated page only when what it would show has changed.

Sphinx writes every page an extension yields from ``html-collect-pages`` on every
build, even when nothing changed; with a tag page per tag, a note index and a graph,
that was most of a no-change rebuild. Each generated page now has a digest of what it
shows (its title and body nodes) and of what the page around it depends on (the
builder's configuration and tags hashes, its templates, every document's title and the
toctree structure). A page whose digest matches the one recorded at the last build, and
whose file is still there, is not rendered again.

The digests are kept next to Sphinx's own ``.buildinfo`` in the output directory, in
``.notegarden-pages.json``, written at the end of a successful build only.
"""

from __future__ import annotations

import hashlib
import json
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import sphinx
from docutils import nodes
from sphinx.builders.html import StandaloneHTMLBuilder

from .walk import nodes_of

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: The file, in the output directory, that holds the digests of the last build.
LOG_NAME = ".notegarden-pages.json"


@dataclass
class PageLog:
    """Digests of generated pages: those of the last build, and those of this one."""

    previous: dict[str, str]
    context: str
    current: dict[str, str] = field(default_factory=dict)


_logs: weakref.WeakKeyDictionary[StandaloneHTMLBuilder, PageLog] = weakref.WeakKeyDictionary()


def _context_digest(builder: StandaloneHTMLBuilder) -> str:
    """Digest what every generated page shares with the site around it."""
    from . import __version__

    env = builder.env
    parts: list[object] = [
        __version__,
        sphinx.__display_version__,
        builder.name,
        builder.build_info.config_hash,
        builder.build_info.tags_hash,
        builder.templates.newest_template_mtime() if builder.templates else 0,
        sorted((doc, env.titles[doc].astext()) for doc in env.all_docs if doc in env.titles),
        sorted((doc, sorted(children)) for doc, children in env.toctree_includes.items()),
        [str(css) for css in builder._css_files],
        [str(js) for js in builder._js_files],
    ]
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()


def _log(builder: StandaloneHTMLBuilder) -> PageLog:
    log = _logs.get(builder)
    if log is None:
        path = Path(builder.outdir) / LOG_NAME
        try:
            previous = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            previous = {}
        if not isinstance(previous, dict):
            previous = {}
        log = PageLog(previous=previous, context=_context_digest(builder))
        _logs[builder] = log
    return log


def _digest_tree(digest: hashlib._Hash, tree: nodes.Node) -> None:
    """Feed *tree* to *digest*, node by node in document order.

    Each element goes in with its attributes and number of children, which together
    fix the tree's shape; three times faster than hashing ``pformat()``.
    """
    for node in nodes_of(tree, nodes.Node):
        if isinstance(node, nodes.Text):
            digest.update(b"\x00T")
            digest.update(str(node).encode())
        elif isinstance(node, nodes.Element):
            digest.update(b"\x00E")
            digest.update(node.tagname.encode())
            digest.update(repr(node.attributes).encode())
            digest.update(str(len(node.children)).encode())


def page_unchanged(
    builder: StandaloneHTMLBuilder, pagename: str, title: str, body: list[nodes.Node]
) -> bool:
    """Record the digest of a generated page; tell whether its written file is current."""
    log = _log(builder)
    digest = hashlib.sha256(log.context.encode())
    digest.update(pagename.encode())
    digest.update(title.encode())
    for node in body:
        _digest_tree(digest, node)
    log.current[pagename] = digest.hexdigest()
    if log.previous.get(pagename) != log.current[pagename]:
        return False
    return Path(builder.get_outfilename(pagename)).is_file()


def save_page_log(app: Sphinx, exception: BaseException | None) -> None:
    """On ``build-finished``: keep this build's digests for the next (successful) build."""
    builder = app.builder
    log = _logs.pop(builder, None) if isinstance(builder, StandaloneHTMLBuilder) else None
    if log is None or exception is not None:
        return
    path = Path(builder.outdir) / LOG_NAME
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(log.current, sort_keys=True, indent=0), encoding="utf-8")
    temporary.replace(path)


def setup_page_cache(app: Sphinx) -> None:
    """Save the digests of generated pages when a build has finished."""
    app.connect("build-finished", save_page_log)
