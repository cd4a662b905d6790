"""Per-builder images for ``landscape-plot`` figures, rendered once into a cache.

The directive leaves an :class:`ng_landscape` placeholder inside a ``nodes.figure``.
:func:`replace_plots` runs on ``doctree-resolved``, when each document (or the
assembled LaTeX, singlehtml or texinfo tree) is about to be written, in the main
process also with ``-j``, and replaces the placeholder by what the builder can show:

- HTML family: SVG or PNG (:func:`~.render.choose_html_format`), plus a dark
  variant for themes with ``only-light``/``only-dark`` classes, in a
  ``div.ng-landscape-images`` (so a theme's ``.only-dark ~ figcaption`` rule
  cannot hide the caption);
- epub: PNG; LaTeX: PDF; other builders that take images: PNG;
- builders without images (text, man...): "[Figure: <alt text>]".

Files are named ``landscape-<hash>[-dark].<fmt>`` after
:meth:`~.spec.PlotSpec.cache_key` and rendered only when missing; writes are
atomic. The image node's URI is the cached file's absolute path, entered in
``builder.images``, so the builder copies it into its image folder as it copies
any other image.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util import logging

from ..assets import write_if_changed
from ..written_trees import location_of
from .spec import RENDER_VERSION, PlotSpec, parse_plot_spec

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config

    from .render import RenderInfo


def render_plot(spec: PlotSpec, path: Path, fmt: str, dark: bool = False) -> RenderInfo:
    """Render *spec* to *path* (see :func:`.render.render_plot`).

    :mod:`.render` imports matplotlib, which takes a quarter of a second: only a build
    that draws a plot pays for it.
    """
    from .render import render_plot as render

    return render(spec, path, fmt, dark=dark)  # type: ignore[arg-type]


def choose_html_format(spec: PlotSpec) -> str:
    """Return SVG or PNG for *spec* in HTML (see :func:`.render.choose_html_format`)."""
    from .render import choose_html_format as choose

    return choose(spec)


logger = logging.getLogger(__name__)

MIME_TYPES = {"svg": "image/svg+xml", "png": "image/png", "pdf": "application/pdf"}
"""The formats the renderer writes, with their MIME types."""
FORMAT_CHOICES = (*MIME_TYPES, "none")
"""Values of ``notegarden_plot_formats``."""
DARK_THEMES = frozenset({"furo", "pydata_sphinx_theme", "sphinx_book_theme"})
"""Themes that show ``only-dark`` images in dark mode and ``only-light`` ones otherwise."""
AUTO = "auto"


class ng_landscape(nodes.General, nodes.Element):  # noqa: N801 (docutils node naming)
    """Placeholder for a plot. Attributes: ``options``, ``trajectories``, ``alt``."""


def error_paragraph(message: str) -> nodes.paragraph:
    """Return the visible stand-in for a figure that could not be drawn."""
    return nodes.paragraph(
        "",
        "",
        nodes.strong("", "Figure not drawn: "),
        nodes.Text(message),
        classes=["ng-landscape-error"],
    )


def _skip(translator: Any, node: nodes.Element) -> None:
    raise nodes.SkipNode


def cache_folder(app: Sphinx) -> Path:
    """Return the folder of rendered plots (see ``notegarden_plot_cache``)."""
    folder = str(app.config.notegarden_plot_cache or "")
    if folder:
        return Path(app.confdir, folder)
    return Path(app.doctreedir) / "notegarden-plots"


def cache_stem(spec: PlotSpec) -> str:
    """Return the file name stem of *spec*'s images: a hash of the plot and the version."""
    import sphinx_notegarden  # at call time: the package imports this module

    return "landscape-" + spec.cache_key(f"{sphinx_notegarden.__version__}-{RENDER_VERSION}")[:20]


def builder_format(builder: Builder, overrides: dict[str, str]) -> str | None:
    """Return the format for *builder*: ``svg``, ``png``, ``pdf``, ``auto`` or None (text)."""
    supported = builder.supported_image_types
    wanted = overrides.get(builder.name)
    if wanted == "none":
        return None
    if wanted in MIME_TYPES and MIME_TYPES[wanted] in supported:
        return wanted
    if builder.format == "latex" and MIME_TYPES["pdf"] in supported:
        return "pdf"
    if builder.format == "html" and not builder.name.startswith("epub"):
        return AUTO if MIME_TYPES["svg"] in supported else "png"
    return "png" if MIME_TYPES["png"] in supported else None


def wants_dark(builder: Builder, config: Config) -> bool:
    """Whether *builder* gets a dark variant of each plot."""
    if builder.format != "html" or builder.name.startswith("epub"):
        return False
    setting = config.notegarden_plot_dark
    if setting == AUTO:
        return str(config.html_theme) in DARK_THEMES
    return bool(setting)


def html_format(spec: PlotSpec, folder: Path, stem: str) -> str:
    """Return :func:`~.render.choose_html_format` for *spec*, remembered in *folder*.

    The choice may need an SVG render, so it is kept in a small file next to the
    images: a rebuild then knows the format without drawing anything.
    """
    marker = folder / f"{stem}.html-format"
    if marker.is_file():
        remembered = marker.read_text(encoding="utf-8").strip()
        if remembered in MIME_TYPES:
            return remembered
    chosen = choose_html_format(spec)
    write_if_changed(marker, chosen + "\n")
    return chosen


def replace_plots(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """On ``doctree-resolved``: replace each placeholder by the builder's output."""
    for node in list(doctree.findall(ng_landscape)):
        node.replace_self(plot_output(app, node))


def plot_output(app: Sphinx, node: ng_landscape) -> nodes.Element:
    """Return what stands for *node* in the current builder's output."""
    builder = app.builder
    fmt = builder_format(builder, dict(app.config.notegarden_plot_formats))
    if fmt is None:
        return nodes.paragraph("", f"[Figure: {node['alt']}]", classes=["ng-landscape-text"])
    try:
        spec = parse_plot_spec(node["options"], node["trajectories"])
        folder = cache_folder(app)
        stem = cache_stem(spec)
        if fmt == AUTO:
            fmt = html_format(spec, folder, stem)
        variants = [False, True] if wants_dark(builder, app.config) else [False]
        images = [plot_image(builder, node, spec, folder / stem, fmt, dark) for dark in variants]
    except Exception as exc:  # never a traceback: the page still builds
        logger.warning(
            "landscape-plot not drawn: %s: %s",
            type(exc).__name__,
            exc,
            type="notegarden",
            subtype="landscape",
            location=location_of(node),
        )
        return error_paragraph(f"{type(exc).__name__}: {exc}")
    if builder.format != "html":
        return images[0]
    if len(images) > 1:
        images[0]["classes"].append("only-light")
        images[1]["classes"].append("only-dark")
    return nodes.container("", *images, classes=["ng-landscape-images"])


def plot_image(
    builder: Builder, node: ng_landscape, spec: PlotSpec, stem: Path, fmt: str, dark: bool
) -> nodes.image:
    """Return the image node of one variant, rendering its file if the cache lacks it."""
    path = stem.with_name(f"{stem.name}{'-dark' if dark else ''}.{fmt}")
    if not path.is_file():
        render_plot(spec, path, fmt, dark=dark)
    uri = str(path)
    # Registered as the builder registers images it found at read time: it copies the
    # file into its image folder and rewrites the URI (post_process_images runs after
    # this event and leaves URIs it does not know alone).
    builder.images[uri] = path.name
    image = nodes.image(uri=uri, alt=node["alt"], candidates={MIME_TYPES[fmt]: uri})
    image.source, image.line = node.source, node.line
    if spec.width:
        image["width"] = spec.width
    return image


def check_plot_config(app: Sphinx, config: Config) -> None:
    """Warn about, and drop, unusable ``notegarden_plot_*`` values."""
    problems = []
    formats = config.notegarden_plot_formats
    for builder, value in list(formats.items()):
        if value not in FORMAT_CHOICES:
            problems.append(
                f"notegarden_plot_formats[{builder!r}] = {value!r} is not one of "
                f"{', '.join(FORMAT_CHOICES)}; the builder's default is used"
            )
            del formats[builder]
    if config.notegarden_plot_dark not in (AUTO, True, False):
        problems.append(
            f"notegarden_plot_dark = {config.notegarden_plot_dark!r} is not 'auto', "
            "True or False; 'auto' is used"
        )
        config.notegarden_plot_dark = AUTO
    for problem in problems:
        logger.warning(problem, type="notegarden", subtype="config")


def setup_output(app: Sphinx) -> None:
    """Register the placeholder node (skipped if it ever reaches a writer) and the handler."""
    skip = (_skip, None)
    app.add_node(ng_landscape, html=skip, latex=skip, text=skip, man=skip, texinfo=skip)
    app.connect("doctree-resolved", replace_plots)
