"""Drawing landscape panels onto matplotlib axes (object API only, no pyplot).

Visual rules: filled contours use ``cividis`` with one colour per band and
quantile-spaced levels (equal area per band, so both steep walls and flat
valleys show structure); trajectories use the colour-blind-safe Okabe-Ito
palette with a halo, small dots at every step, a circle at the start, a star at
the end and a bold X where a run diverged; grid minima are marked with a
downward triangle and saddles with a cross.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.colors import BoundaryNorm, Colormap
from matplotlib.lines import Line2D

from .formula_tree import FloatArray
from .surfaces import CriticalPoint, Surface
from .trajectory import TrajectoryResult

__all__ = ["OKABE_ITO", "Theme", "contour_levels", "draw_contour", "draw_surface3d"]

OKABE_ITO: tuple[str, ...] = (
    "#D55E00",  # vermillion
    "#0072B2",  # blue
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#F0E442",  # yellow
    "#000000",  # black
)
"""Okabe-Ito colours in the order trajectories use them."""

MAX_MARKED = 25
"""At most this many minima and this many saddles are marked (lowest first)."""


@dataclass(frozen=True)
class Theme:
    """Colours for the light or dark variant."""

    text: str
    halo: str
    marker_face: str
    marker_edge: str
    line: str
    palette: tuple[str, ...]


LIGHT = Theme("#222222", "white", "white", "#111111", "white", OKABE_ITO)
#: Okabe-Ito hues lightened for dark pages: the dark blue of the light palette all but
#: vanishes on the dark end of the colour map.
OKABE_ITO_DARK: tuple[str, ...] = (
    "#FF7F3F",  # vermillion
    "#6CC4FF",  # blue
    "#33D9A6",  # bluish green
    "#F2A7D0",  # reddish purple
    "#FFC247",  # orange
    "#A8E1FF",  # sky blue
    "#F5EC70",  # yellow
    "#FFFFFF",  # white
)

DARK = Theme("#e6e6e6", "#111111", "#111111", "#f0f0f0", "black", OKABE_ITO_DARK)


def contour_levels(values: Sequence[FloatArray], count: int) -> FloatArray:
    """``count`` bands with (about) equal area over all ``values`` (quantiles)."""
    finite = np.concatenate([v[np.isfinite(v)].ravel() for v in values])
    if finite.size == 0:
        return np.array([-1.0, 1.0])
    levels = np.unique(np.quantile(finite, np.linspace(0.0, 1.0, count + 1)))
    if levels.size < 2:
        levels = np.array([levels[0] - 0.5, levels[0] + 0.5])
    return levels


def _halo(theme: Theme, width: float) -> list[Any]:
    return [patheffects.withStroke(linewidth=width, foreground=theme.halo)]


def draw_contour(
    ax: Axes,
    grid: tuple[FloatArray, FloatArray, FloatArray],
    levels: FloatArray,
    cmap: Colormap,
    theme: Theme,
) -> Any:
    """Draw filled contours plus thin level lines; return the mappable for a colour bar."""
    x, y, z = grid
    norm = BoundaryNorm(levels, cmap.N)
    masked = np.ma.masked_invalid(z)
    filled = ax.contourf(x, y, masked, levels=levels, cmap=cmap, norm=norm, extend="neither")
    ax.contour(x, y, masked, levels=levels, colors=theme.line, linewidths=0.3, alpha=0.35)
    ax.set_aspect("auto")
    return filled


def draw_critical_points(ax: Axes, points: Sequence[CriticalPoint], theme: Theme) -> None:
    """Mark minima (triangles) and saddles (crosses), at most :data:`MAX_MARKED` of each."""
    minima = [p for p in points if p.kind == "minimum"][:MAX_MARKED]
    saddles = [p for p in points if p.kind == "saddle"][:MAX_MARKED]
    if minima:
        ax.plot(
            [p.x for p in minima],
            [p.y for p in minima],
            linestyle="none",
            marker="v",
            markersize=6,
            markerfacecolor=theme.marker_face,
            markeredgecolor=theme.marker_edge,
            markeredgewidth=0.8,
            zorder=5.5,
        )
    if saddles:
        ax.plot(
            [p.x for p in saddles],
            [p.y for p in saddles],
            linestyle="none",
            marker="x",
            markersize=6,
            markeredgewidth=1.6,
            color=theme.marker_edge,
            path_effects=_halo(theme, 3.0),
            zorder=5.5,
        )


def _clip(point: FloatArray, xlim: tuple[float, float], ylim: tuple[float, float]) -> FloatArray:
    return np.array([np.clip(point[0], *xlim), np.clip(point[1], *ylim)])


def draw_trajectory(
    ax: Axes,
    result: TrajectoryResult,
    color: str,
    theme: Theme,
    window: tuple[tuple[float, float], tuple[float, float]],
    label: str | None,
    upto: int | None = None,
) -> None:
    """Draw the path, start circle and end star (or X if diverged) of ``result``.

    ``upto`` limits the drawing to ``points[:upto + 1]`` (small multiples).
    """
    last = len(result.points) - 1 if upto is None else min(upto, len(result.points) - 1)
    halo = _halo(theme, 3.4)
    first = True
    for seg_start, seg in zip((0, *result.restarts), result.segments(), strict=False):
        if seg_start > last:
            break
        seg = seg[: last - seg_start + 1]
        ax.plot(
            seg[:, 0],
            seg[:, 1],
            color=color,
            linewidth=1.6,
            path_effects=halo,
            zorder=5,
            label=label if first else None,
        )
        if len(seg) > 2:  # small dots show the step sizes
            ax.plot(
                seg[1:-1, 0],
                seg[1:-1, 1],
                linestyle="none",
                marker="o",
                markersize=2.2,
                color=color,
                markeredgewidth=0,
                zorder=5,
            )
        first = False
        ax.plot(
            *seg[0],
            marker="o",
            markersize=6.5,
            color=color,
            markeredgecolor=theme.halo,
            markeredgewidth=1.0,
            zorder=6,
            linestyle="none",
        )
    finished = upto is None or upto >= len(result.points) - 1
    if result.diverged and finished:
        end = _clip(result.points[-1], *window)
        ax.plot(
            *end,
            marker="X",
            markersize=11,
            color=color,
            markeredgecolor=theme.halo,
            markeredgewidth=1.0,
            zorder=7,
            linestyle="none",
            clip_on=False,
        )
    else:
        end = result.points[result.end_index if finished else last]
        ax.plot(
            *end,
            marker="*",
            markersize=13,
            color=color,
            markeredgecolor=theme.halo,
            markeredgewidth=1.0,
            zorder=7,
            linestyle="none",
        )


def draw_surface3d(
    ax: Any,
    surface: Surface,
    grid: tuple[FloatArray, FloatArray, FloatArray],
    levels: FloatArray,
    cmap: Colormap,
    results: Sequence[TrajectoryResult],
    colors: Sequence[str],
    t: float,
) -> None:
    """Draw a 3-D surface (at most 60x60 facets) with trajectories lifted onto it.

    Values are clipped to the contour level range so steep walls do not flatten
    the interesting region.
    """
    x, y, z = grid
    step = max(1, int(np.ceil(x.shape[0] / 60)))
    lo, hi = float(levels[0]), float(levels[-1])
    zc = np.clip(np.where(np.isfinite(z), z, hi), lo, hi)
    ax.plot_surface(
        x[::step, ::step],
        y[::step, ::step],
        zc[::step, ::step],
        cmap=cmap,
        norm=BoundaryNorm(levels, cmap.N),
        linewidth=0,
        antialiased=False,
        rcount=60,
        ccount=60,
        alpha=0.85,
    )
    (x0, x1), (y0, y1) = (float(x[0, 0]), float(x[0, -1])), (float(y[0, 0]), float(y[-1, 0]))
    for result, color in zip(results, colors, strict=True):
        pts = result.points
        inside = (pts[:, 0] >= x0) & (pts[:, 0] <= x1) & (pts[:, 1] >= y0) & (pts[:, 1] <= y1)
        zs = np.clip(surface.value(pts[:, 0], pts[:, 1], t), lo, hi)
        xs, ys = np.where(inside, pts[:, 0], np.nan), np.where(inside, pts[:, 1], np.nan)
        ax.plot(xs, ys, zs, color=color, linewidth=1.6, zorder=5)
        ax.plot([pts[0, 0]], [pts[0, 1]], [zs[0]], marker="o", color=color, markersize=5, zorder=6)
        last = int(np.nonzero(inside)[0][-1]) if inside.any() else 0
        end = "X" if result.diverged else "*"
        ax.plot(
            [pts[last, 0]],
            [pts[last, 1]],
            [zs[last]],
            marker=end,
            color=color,
            markersize=10,
            zorder=6,
        )
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_zlim(lo, hi)
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.view_init(elev=35, azim=-60)


def legend_handles(theme: Theme, minima: bool, saddles: bool) -> list[Line2D]:
    """Proxy artists for the critical-point markers."""
    handles = []
    if minima:
        handles.append(
            Line2D(
                [],
                [],
                linestyle="none",
                marker="v",
                markersize=6,
                markerfacecolor=theme.marker_face,
                markeredgecolor=theme.marker_edge,
                label="minimum",
            )
        )
    if saddles:
        handles.append(
            Line2D(
                [],
                [],
                linestyle="none",
                marker="x",
                markersize=6,
                markeredgewidth=1.6,
                color=theme.marker_edge,
                label="saddle",
            )
        )
    return handles
