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

from .formula import Formula, FormulaError
from .optimizers import OPTIMIZERS, OptimizerError, validate_params
from .render import RENDER_VERSION, RenderInfo, choose_html_format, plot, render_plot
from .schedules import SCHEDULES, Schedule, ScheduleError, parse_schedule
from .spec import (
    PLOT_OPTIONS,
    PlotSpec,
    SpecError,
    TrajectorySpec,
    describe_alt,
    parse_plot_spec,
    parse_trajectory,
)
from .surfaces import PRESETS, CriticalPoint, Surface, find_critical_points, get_surface
from .trajectory import TrajectoryResult, run_trajectories, run_trajectory

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
