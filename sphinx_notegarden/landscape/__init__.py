"""Optimizer trajectories on 2-D loss landscapes: a pure-Python plotting engine.

This package has no Sphinx dependency; it backs the ``landscape-plot``
directive and is usable directly from notebooks::

    from sphinx_notegarden.landscape import plot

    fig = plot(
        "double-well",
        [
            {"optimizer": "gd", "lr": 0.05, "start": (1.8, 1.0)},
            {"optimizer": "momentum", "lr": 0.05, "beta": 0.9, "start": (1.8, 1.0)},
        ],
        sharpness=True,
    )

Modules: :mod:`.formula` (safe formula parser with symbolic derivatives),
:mod:`.surfaces` (presets, critical points), :mod:`.optimizers` and
:mod:`.schedules` (update rules, learning-rate schedules), :mod:`.trajectory`
(running them), :mod:`.spec` (validated plot specifications, cache keys, alt
text) and :mod:`.render` (matplotlib output).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .formula import Formula, FormulaError
from .optimizers import OPTIMIZERS, OptimizerError, validate_params
from .schedules import SCHEDULES, Schedule, ScheduleError, parse_schedule
from .spec import (
    PLOT_OPTIONS,
    RENDER_VERSION,
    PlotSpec,
    SpecError,
    TrajectorySpec,
    describe_alt,
    parse_plot_spec,
    parse_trajectory,
)
from .surfaces import PRESETS, CriticalPoint, Surface, find_critical_points, get_surface
from .trajectory import TrajectoryResult, run_trajectories, run_trajectory

if TYPE_CHECKING:
    from .render import RenderInfo, choose_html_format, plot, render_plot

#: Names served by :mod:`.render`, which imports matplotlib (a quarter of a second):
#: loaded on first use, so a site without plots never pays for it.
_RENDER_NAMES = frozenset({"RenderInfo", "choose_html_format", "plot", "render_plot"})


def __getattr__(name: str) -> Any:
    """Import the matplotlib-backed names of :mod:`.render` when first asked for."""
    if name in _RENDER_NAMES:
        from . import render

        return getattr(render, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "OPTIMIZERS",
    "PLOT_OPTIONS",
    "PRESETS",
    "RENDER_VERSION",
    "SCHEDULES",
    "CriticalPoint",
    "Formula",
    "FormulaError",
    "OptimizerError",
    "PlotSpec",
    "RenderInfo",
    "Schedule",
    "ScheduleError",
    "SpecError",
    "Surface",
    "TrajectoryResult",
    "TrajectorySpec",
    "choose_html_format",
    "describe_alt",
    "find_critical_points",
    "get_surface",
    "parse_plot_spec",
    "parse_schedule",
    "parse_trajectory",
    "plot",
    "render_plot",
    "run_trajectories",
    "run_trajectory",
    "validate_params",
]
