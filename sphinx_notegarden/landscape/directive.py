"""The ``landscape-plot`` directive: a numbered figure of optimizers on a loss surface.

At read time the directive validates its options and its YAML body, writes the alt
text, and returns a ``nodes.figure`` (so numfig, ``{numref}`` and captions are
Sphinx's own) holding an :class:`ng_landscape` placeholder and the caption. The
placeholder carries the plot as plain data; :mod:`.sphinx_output` replaces it, per
builder, with images rendered into a build-side cache.

A problem (bad YAML, a bad option, an unsafe formula, an unknown optimizer...) gives
one ``[notegarden.landscape]`` warning at the offending line, and the figure shows
"Figure not drawn: <reason>" instead of the image; the build goes on.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

import yaml
from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from ..config import ConfigValue
from .spec import PLOT_OPTIONS, PlotSpec, SpecError, describe_alt, parse_plot_spec
from .sphinx_output import (
    check_plot_config,
    error_paragraph,
    ng_landscape,
    replace_plots,
    setup_output,
)
from .trajectory import TrajectoryResult, run_trajectories

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

__all__ = ["LANDSCAPE_CONFIG_VALUES", "LandscapePlotDirective", "ng_landscape"]
__all__ += ["setup_landscape", "trajectory_results"]

logger = logging.getLogger(__name__)

LANDSCAPE_CONFIG_VALUES: tuple[ConfigValue, ...] = (
    ConfigValue(
        "notegarden_plot_formats",
        {},
        "html",
        (dict,),
        "The image format of ``landscape-plot`` figures per builder name, overriding "
        'the defaults, e.g. ``{"html": "png"}``. Values: ``"svg"``, ``"png"``, '
        '``"pdf"`` (if the builder supports it) or ``"none"`` (a text description). '
        "Defaults: SVG or PNG for HTML (PNG when the SVG would be large or the view is "
        "3-D), PDF for LaTeX, PNG for epub and other builders that take images, a text "
        "description for text and man pages.",
    ),
    ConfigValue(
        "notegarden_plot_dark",
        "auto",
        "html",
        (bool, str),
        "Also render a dark variant of each plot, shown by the theme in dark mode "
        '(classes ``only-light`` and ``only-dark``). ``"auto"``: for themes that '
        "support these classes (furo, pydata-sphinx-theme, sphinx-book-theme).",
    ),
    ConfigValue(
        "notegarden_plot_cache",
        "",
        "",
        (str,),
        "The folder of rendered plots, relative to the folder of ``conf.py``. Empty: "
        "``notegarden-plots`` inside the doctree folder. Files are named by a hash of "
        "the plot and the package version, so an unchanged plot is never drawn again.",
    ),
)
"""The ``notegarden_plot_*`` configuration values."""

_FLAG = re.compile(r"^\s*:?([A-Za-z_-]+):")


class _PlotError(Exception):
    """Why a plot cannot be drawn, and the source line to blame."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def trajectory_results(spec: PlotSpec) -> list[TrajectoryResult]:
    """Run every trajectory of *spec* as the renderer does (for the alt text)."""
    surface = spec.get_surface()
    xlim, ylim = spec.window()
    run_t: float | tuple[float, float] = (min(spec.times), max(spec.times)) if spec.times else 0.0
    return [
        result
        for index, trajectory in enumerate(spec.trajectories)
        for result in run_trajectories(
            surface, trajectory, xlim, ylim, run_t, seed=spec.seed, index=index
        )
    ]


def _option_spec() -> dict[str, Callable[[str], Any]]:
    # Values are checked by the engine, not docutils: a bad value then gives our
    # warning, its line and a placeholder instead of dropping the whole figure.
    names = {*PLOT_OPTIONS, *(name.replace("-", "_") for name in PLOT_OPTIONS)}
    spec: dict[str, Callable[[str], Any]] = dict.fromkeys(sorted(names), directives.unchanged)
    spec["class"] = directives.class_option
    spec["name"] = directives.unchanged
    return spec


class LandscapePlotDirective(SphinxDirective):
    """``landscape-plot``: optimizer trajectories on a loss surface, as a figure."""

    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = _option_spec()

    def run(self) -> list[nodes.Node]:
        """Build the figure: placeholder (or error message) and caption."""
        figure = nodes.figure("", classes=["ng-landscape", *self.options.get("class", [])])
        self.set_source_info(figure)
        self.add_name(figure)
        try:
            figure += self._placeholder()
        except _PlotError as problem:
            source, _ = self.get_source_info()
            logger.warning(
                "landscape-plot not drawn: %s",
                problem.message,
                type="notegarden",
                subtype="landscape",
                location=f"{source}:{problem.line}",
            )
            figure += error_paragraph(problem.message)
        messages: list[nodes.system_message] = []
        if self.arguments:
            text = self.arguments[0]
            inline, messages = self.parse_inline(text, lineno=self.lineno)
            caption = nodes.caption(text, "", *inline)
            self.set_source_info(caption)
            figure += caption
        return [figure, *messages]

    def _placeholder(self) -> ng_landscape:
        options = {
            key: value for key, value in self.options.items() if key not in ("class", "name")
        }
        width = options.get("width")
        if width is not None:
            try:
                options["width"] = directives.length_or_percentage_or_unitless(width)
            except ValueError:
                raise _PlotError(
                    f"option 'width': expected a length like '80%' or '400px', got {width!r}",
                    self._option_line("width"),
                ) from None
        trajectories = self._trajectories()
        try:
            spec = parse_plot_spec(options, trajectories)
            alt = spec.alt or describe_alt(spec, trajectory_results(spec))
        except SpecError as exc:
            if exc.index is None:
                line = self._option_line(exc.option or "")
            else:
                line = self._trajectory_line(exc.index, exc.option, exc.message)
            raise _PlotError(str(exc), line) from None
        except Exception as exc:  # a run the engine cannot finish: still no traceback
            raise _PlotError(f"{type(exc).__name__}: {exc}", self.lineno) from None
        node = ng_landscape("", options=options, trajectories=trajectories, alt=alt)
        self.set_source_info(node)
        return node

    def _trajectories(self) -> list[Any]:
        try:
            data = yaml.safe_load(self._body_text())
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = self._body_line(mark.line if mark is not None else 0)
            problem = getattr(exc, "problem", None) or str(exc)
            raise _PlotError(f"the body is not valid YAML: {problem}", line) from None
        if data is None:
            return []
        if not isinstance(data, list):
            raise _PlotError(
                "the body must be a YAML list of trajectories, each item starting "
                "with '- optimizer: NAME'",
                self._body_line(0),
            )
        return data

    def _body_text(self) -> str:
        return "\n".join(self.content)

    def _body_offset(self) -> int:
        """Lines from the directive's first line to the first line of its body."""
        lines = [line.strip() for line in self.block_text.splitlines()]
        body = [line.strip() for line in self.content]
        for start in range(len(lines) - len(body), -1, -1):
            if lines[start : start + len(body)] == body:
                return start
        return 0

    def _body_line(self, index: int) -> int:
        """Return the source line of line *index* (0-based) of the body."""
        return self.lineno + self._body_offset() + index

    def _option_line(self, option: str) -> int:
        """Return the source line of *option* among the options, else the first line."""
        wanted = option.replace("_", "-")
        head = self.block_text.splitlines()[: self._body_offset() or None]
        for number, line in enumerate(head):
            match = _FLAG.match(line)
            if match and match.group(1).replace("_", "-") == wanted and number > 0:
                return self.lineno + number
        return self.lineno

    def _trajectory_line(self, index: int, option: str | None, message: str) -> int:
        """Return the source line of trajectory *index*, at the field an error is about.

        That is the field *option*, else a field the *message* names in quotes (an
        unknown parameter), else the trajectory's first line.
        """
        try:
            root = yaml.compose(self._body_text(), Loader=yaml.SafeLoader)
        except yaml.YAMLError:  # pragma: no cover - safe_load accepted the same text
            return self._body_line(0)
        if not isinstance(root, yaml.SequenceNode) or index >= len(root.value):
            return self._body_line(0)
        item = root.value[index]
        if isinstance(item, yaml.MappingNode):
            keys = [(str(key.value), key.start_mark.line) for key, _ in item.value]
            wanted = (option or "").replace("-", "_")
            for name, line in keys:
                if name.strip().lower().replace("-", "_") == wanted:
                    return self._body_line(line)
            for name, line in keys:
                if f"'{name}'" in message:
                    return self._body_line(line)
        return self._body_line(item.start_mark.line)


def _register_config_values(app: Sphinx, values: Sequence[ConfigValue]) -> None:
    for value in values:
        if value.name not in app.config:
            app.add_config_value(value.name, value.default, value.rebuild, types=value.types)


def setup_landscape(app: Sphinx) -> None:
    """Register the directive, its config values, node and post-transform (idempotent)."""
    _register_config_values(app, LANDSCAPE_CONFIG_VALUES)
    listeners = app.events.listeners.get("doctree-resolved", [])
    if any(listener.handler is replace_plots for listener in listeners):
        return  # already set up: sphinx_notegarden and this module both listed
    app.add_directive("landscape-plot", LandscapePlotDirective)
    app.connect("config-inited", check_plot_config)
    setup_output(app)


def setup(app: Sphinx) -> ExtensionMetadata:
    """Standalone entry point: ``extensions = [..., "sphinx_notegarden.landscape.directive"]``."""
    setup_landscape(app)
    from .. import __version__

    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
