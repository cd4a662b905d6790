"""Rendering a :class:`~.spec.PlotSpec` to SVG, PNG or PDF with matplotlib.

Only the object API is used (``Figure`` + ``FigureCanvasAgg``, never pyplot).
Rendering runs inside a matplotlib style context that starts from the default
rcParams, so output does not depend on the user's matplotlibrc.

Deterministic output: SVG ids use a fixed ``svg.hashsalt`` and no date/creator
metadata, PNG has no ``Software`` chunk, PDF has no dates, producer or
creator.  Equal specs give byte-identical files.  Files are written atomically
(temporary file in the same directory, then :func:`os.replace`).
"""

from __future__ import annotations

import contextlib
import io
import math
import tempfile
from collections import OrderedDict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import matplotlib as mpl
import matplotlib.style
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .render_draw import (
    DARK,
    LIGHT,
    contour_levels,
    draw_contour,
    draw_critical_points,
    draw_surface3d,
    draw_trajectory,
    legend_handles,
)
from .render_labels import LabelPlacer, annotate_sharpness
from .spec import RENDER_VERSION, PlotSpec, describe_alt, parse_plot_spec
from .surfaces import CriticalPoint, find_critical_points
from .trajectory import TrajectoryResult, run_trajectories

__all__ = ["RENDER_VERSION", "RenderInfo", "build_figure", "choose_html_format", "plot"]
__all__ += ["render_bytes", "render_plot"]

Format = Literal["svg", "png", "pdf"]

PNG_DPI = 150
"""Resolution of PNG output (a 7-inch figure is 1050 pixels wide)."""
MAX_SVG_BYTES = 300_000
"""Above this size :func:`choose_html_format` prefers PNG."""

_METADATA: dict[str, dict[str, Any]] = {
    "svg": {"Date": None, "Creator": None},
    "png": {"Software": None},
    "pdf": {"CreationDate": None, "ModDate": None, "Producer": None, "Creator": None},
}
_BASE_RC: dict[str, Any] = {
    "font.size": 10,
    "axes.labelsize": 10,
    "axes.titlesize": 10,
    "xtick.labelsize": 9,
    "ytick.labelsize": 9,
    "legend.fontsize": 9,
    "svg.hashsalt": "sphinx-notegarden",
    "svg.fonttype": "path",
    "pdf.fonttype": 3,
    "figure.dpi": 100,
}
_DARK_RC: dict[str, Any] = {
    "text.color": "#e6e6e6",
    "axes.labelcolor": "#e6e6e6",
    "axes.edgecolor": "#bbbbbb",
    "xtick.color": "#cccccc",
    "ytick.color": "#cccccc",
    "figure.facecolor": "none",
    "axes.facecolor": "none",
    "savefig.facecolor": "none",
    "legend.labelcolor": "#e6e6e6",
}


@dataclass(frozen=True)
class RenderInfo:
    """What :func:`render_plot` produced."""

    path: Path
    fmt: str
    alt: str
    """Alt text (``spec.alt`` or :func:`~.spec.describe_alt`)."""
    results: tuple[TrajectoryResult, ...]
    critical_points: tuple[CriticalPoint, ...]
    size: int
    """File size in bytes."""


@contextlib.contextmanager
def _style(dark: bool) -> Iterator[None]:
    rc = {**_BASE_RC, **(_DARK_RC if dark else {})}
    with mpl.style.context(["default", rc], after_reset=True):
        yield


def _figsize(spec: PlotSpec, panels: int) -> tuple[float, float]:
    if spec.view == "both":
        return 7.0, 3.9
    if panels > 1:
        cols = _columns(panels)
        return 7.0, 0.9 + math.ceil(panels / cols) * 7.0 / cols * 0.8
    return 7.0, 4.5


def _columns(panels: int) -> int:
    return panels if panels <= 4 else 3


def _group_label(label: str, group: Sequence[TrajectoryResult]) -> str:
    diverged = sum(r.diverged for r in group)
    if diverged == len(group):
        return f"{label} (diverged)"
    if diverged:
        return f"{label} ({diverged} of {len(group)} diverged)"
    return label


def build_figure(
    spec: PlotSpec, dark: bool = False
) -> tuple[Figure, list[TrajectoryResult], list[CriticalPoint]]:
    """Run the trajectories and draw the figure (call inside :func:`_style`)."""
    theme = DARK if dark else LIGHT
    surface = spec.get_surface()
    xlim, ylim = spec.window()
    times = list(spec.times) or [0.0]
    run_t: float | tuple[float, float] = (min(times), max(times)) if spec.times else 0.0
    groups = [
        run_trajectories(surface, tr, xlim, ylim, run_t, seed=spec.seed, index=i)
        for i, tr in enumerate(spec.trajectories)
    ]
    colors = [theme.palette[i % len(theme.palette)] for i in range(len(groups))]
    xs, ys = np.linspace(*xlim, spec.grid), np.linspace(*ylim, spec.grid)
    gx, gy = np.meshgrid(xs, ys)
    zs = [surface.value(gx, gy, t) for t in times]
    levels = contour_levels(zs, spec.levels)
    cmap = mpl.colormaps["cividis"]
    fig = Figure(figsize=_figsize(spec, len(times)), layout="constrained")
    FigureCanvasAgg(fig)
    kinds = ["contour", "surface"] if spec.view == "both" else [spec.view] * len(times)
    cols = _columns(len(kinds))
    rows = math.ceil(len(kinds) / cols)
    critical: list[CriticalPoint] = []
    mappable = None
    axes: list[Any] = []
    for n, kind in enumerate(kinds):
        panel_t = times[min(n, len(times) - 1)]
        z = zs[min(n, len(zs) - 1)]
        if kind == "surface":
            ax = fig.add_subplot(rows, cols, n + 1, projection="3d", computed_zorder=False)
            flat = [r for g in groups for r in g]
            flat_colors = [c for g, c in zip(groups, colors, strict=True) for _ in g]
            draw_surface3d(ax, surface, (gx, gy, z), levels, cmap, flat, flat_colors, panel_t)
            axes.append(ax)
            continue
        ax = fig.add_subplot(rows, cols, n + 1)
        axes.append(ax)
        mappable = draw_contour(ax, (gx, gy, z), levels, cmap, theme)
        if spec.critical_points:
            found = find_critical_points(surface, xlim, ylim, n=min(spec.grid, 121), t=panel_t)
            draw_critical_points(ax, found, theme)
            critical.extend(found)
        ax.set_xlim(*xlim)
        ax.set_ylim(*ylim)
        last_panel = n == len(kinds) - 1 or not spec.times
        placer = LabelPlacer(ax, _figsize(spec, len(times)))
        for i, (group, color) in enumerate(zip(groups, colors, strict=True)):
            label = _group_label(spec.trajectories[i].label, group)
            for j, result in enumerate(group):
                upto = None
                if spec.times:
                    upto = int(np.searchsorted(result.t_values, panel_t + 1e-12, "right")) - 1
                draw_trajectory(
                    ax, result, color, theme, (xlim, ylim), label if j == 0 else None, upto
                )
                if spec.sharpness and last_panel:
                    annotate_sharpness(ax, surface, result, color, theme, placer)
        ax.set_xlabel("x")
        if n % cols == 0:
            ax.set_ylabel("y")
        if spec.times:
            ax.set_title(f"t = {panel_t:g}")
    if spec.colorbar and mappable is not None:
        bar = fig.colorbar(mappable, ax=axes, shrink=0.9, label="loss", format="%.3g")
        bar.set_ticks(levels[:: max(1, len(levels) // 6)].tolist())
    handles, labels = [], []
    if axes and kinds[0] == "contour":
        handles, labels = axes[0].get_legend_handles_labels()
    elif groups:
        handles, labels = _proxy_lines(spec, groups, colors)
    minima = any(p.kind == "minimum" for p in critical)
    saddles = any(p.kind == "saddle" for p in critical)
    extra = legend_handles(theme, minima, saddles)
    handles += extra
    labels += [str(h.get_label()) for h in extra]
    if handles:
        fig.legend(
            handles,
            labels,
            loc="outside lower center",
            ncols=_legend_columns(labels),
            frameon=False,
        )
    results = [r for g in groups for r in g]
    return fig, results, critical


def _legend_columns(labels: Sequence[str], width_pt: float = 480.0) -> int:
    """Estimate how many legend columns fit the figure width (9 pt text, 2-line handle)."""
    entry = max(len(label) for label in labels) * 0.6 * 9 + 40
    return max(1, min(len(labels), 5, int(width_pt // entry)))


def _proxy_lines(
    spec: PlotSpec, groups: Sequence[Sequence[TrajectoryResult]], colors: Sequence[str]
) -> tuple[list[Any], list[str]]:
    from matplotlib.lines import Line2D

    handles: list[Any] = []
    labels: list[str] = []
    for tr, group, color in zip(spec.trajectories, groups, colors, strict=True):
        handles.append(Line2D([], [], color=color, linewidth=1.6))
        labels.append(_group_label(tr.label, group))
    return handles, labels


_CACHE: OrderedDict[
    tuple[str, str, bool], tuple[bytes, list[TrajectoryResult], list[CriticalPoint]]
]
_CACHE = OrderedDict()
_CACHE_SIZE = 4


def render_bytes(
    spec: PlotSpec, fmt: Format, dark: bool = False
) -> tuple[bytes, list[TrajectoryResult], list[CriticalPoint]]:
    """Render ``spec`` in memory; returns the file bytes, results and critical points.

    The last few renders are kept, so :func:`choose_html_format` followed by
    :func:`render_plot` of the same spec renders once.
    """
    if fmt not in _METADATA:
        raise ValueError(f"unknown format {fmt!r} (allowed: svg, png, pdf)")
    key = (spec.cache_key(RENDER_VERSION), fmt, dark)
    hit = _CACHE.get(key)
    if hit is not None:
        _CACHE.move_to_end(key)
        return hit
    with _style(dark):
        fig, results, critical = build_figure(spec, dark)
        buffer = io.BytesIO()
        options: dict[str, Any] = {"dpi": PNG_DPI} if fmt == "png" else {}
        fig.savefig(buffer, format=fmt, metadata=_METADATA[fmt], **options)
    entry = (buffer.getvalue(), results, critical)
    _CACHE[key] = entry
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return entry


def _write_atomic(path: Path, data: bytes) -> None:
    """Write via a temporary file in the same directory and :func:`os.replace`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp: Path | None = None
    try:
        with tempfile.NamedTemporaryFile(
            delete=False, dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
        ) as handle:
            tmp = Path(handle.name)
            handle.write(data)
        tmp.chmod(0o644)
        tmp.replace(path)  # os.replace: atomic on POSIX and Windows
    except BaseException:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        raise


def render_plot(spec: PlotSpec, path: Path | str, fmt: Format, dark: bool = False) -> RenderInfo:
    """Render ``spec`` to ``path`` (atomically) as ``fmt``; ``dark`` for dark themes."""
    data, results, critical = render_bytes(spec, fmt, dark)
    target = Path(path)
    _write_atomic(target, data)
    alt = describe_alt(spec, results)
    return RenderInfo(target, fmt, alt, tuple(results), tuple(critical), len(data))


def choose_html_format(spec: PlotSpec, max_svg_bytes: int = MAX_SVG_BYTES) -> Format:
    """``"png"`` for 3-D views, else ``"svg"`` unless the SVG exceeds ``max_svg_bytes``.

    The SVG is really rendered (and cached for :func:`render_plot`): filled
    contours of rugged surfaces make large SVGs, smooth ones stay small.
    """
    if spec.view != "contour":
        return "png"
    data, _, _ = render_bytes(spec, "svg")
    return "svg" if len(data) <= max_svg_bytes else "png"


def plot(
    surface: str = "rosenbrock",
    trajectories: Sequence[Mapping[str, object]] = (),
    *,
    dark: bool = False,
    **options: object,
) -> Figure:
    """Notebook API: the figure for ``surface`` and ``trajectories``.

    ``options`` are the figure options of :func:`~.spec.parse_plot_spec` as
    Python values, e.g. ``plot("double-well", [{"optimizer": "momentum",
    "lr": 0.05, "start": (1.8, 1)}], xlim=(-2, 2), sharpness=True)``.
    """
    spec = parse_plot_spec({"surface": surface, **options}, list(trajectories))
    with _style(dark):
        fig, _, _ = build_figure(spec, dark)
    return fig
