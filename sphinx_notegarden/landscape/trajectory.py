"""Running optimizers on a surface: :func:`run_trajectory` and :class:`TrajectoryResult`.

Divergence: a run stops with ``diverged=True`` when the position or the loss
becomes non-finite (the last finite point is kept), or when the position is more
than :data:`DIVERGENCE_WIDTHS` window sizes away from the window centre (that
point is kept).

Moving landscapes: ``t`` is either one time (the surface is frozen at ``t``) or
a pair ``(t0, t1)``; then step ``k`` of ``steps`` sees the surface at
``t0 + (t1 - t0) * k / steps``, so the optimizer chases a landscape that moves
while it runs.  The time of every point is recorded in ``t_values``.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from .formula_tree import FloatArray
from .optimizers import GradFn, make_optimizer, validate_params
from .schedules import parse_schedule

if TYPE_CHECKING:
    from .spec import TrajectorySpec
    from .surfaces import Surface

__all__ = ["DIVERGENCE_WIDTHS", "TrajectoryResult", "default_start", "run_trajectories"]
__all__ += ["run_trajectory"]

Point = tuple[float, float]
Window = tuple[float, float]
TimeSpec = float | tuple[float, float]

DIVERGENCE_WIDTHS = 10.0
"""A run diverges when it gets this many window sizes away from the window centre."""


@dataclass(frozen=True, eq=False)
class TrajectoryResult:
    """The outcome of one optimizer run from one start point."""

    label: str
    """Legend label."""
    optimizer: str
    """Optimizer name."""
    points: FloatArray
    """Positions, shape ``(n, 2)``; ``points[0]`` is the start."""
    losses: FloatArray
    """Loss at each position, shape ``(n,)``."""
    t_values: FloatArray
    """Surface time at each position, shape ``(n,)``."""
    diverged: bool = False
    """Whether the run stopped early because it diverged."""
    reason: str = ""
    """Why it diverged (empty otherwise)."""
    restarts: tuple[int, ...] = ()
    """Indices ``i`` where ``points[i]`` is a random restart (a jump, not a step)."""

    @property
    def start(self) -> Point:
        """The start point."""
        return float(self.points[0, 0]), float(self.points[0, 1])

    @property
    def steps(self) -> int:
        """Number of steps taken."""
        return len(self.points) - 1

    @property
    def end_index(self) -> int:
        """Index of the result point: the best point for restarts, else the last."""
        if self.restarts and np.isfinite(self.losses).any():
            return int(np.nanargmin(np.where(np.isfinite(self.losses), self.losses, np.nan)))
        return len(self.points) - 1

    @property
    def end(self) -> Point:
        """The result point (see :attr:`end_index`)."""
        x, y = self.points[self.end_index]
        return float(x), float(y)

    def segments(self) -> list[FloatArray]:
        """Split the points at random restarts (each segment is a continuous path)."""
        bounds = [0, *self.restarts, len(self.points)]
        return [self.points[a:b] for a, b in itertools.pairwise(bounds) if b > a]


def default_start(xlim: Window, ylim: Window) -> Point:
    """Return the default start, near the upper-left corner of the window."""
    return xlim[0] + 0.15 * (xlim[1] - xlim[0]), ylim[1] - 0.15 * (ylim[1] - ylim[0])


def run_trajectory(
    surface: Surface,
    spec: TrajectorySpec,
    xlim: Window,
    ylim: Window,
    t: TimeSpec = 0.0,
    *,
    start: Point | None = None,
    seed: int | list[int] = 0,
) -> TrajectoryResult:
    """Run ``spec`` from one start (``start``, else the first of ``spec.start``).

    ``seed`` feeds :func:`numpy.random.default_rng`; equal seeds give equal runs.
    """
    if start is None:
        start = spec.start[0] if spec.start else default_start(xlim, ylim)
    params = validate_params(spec.optimizer, spec.params)
    schedule = parse_schedule(spec.schedule)
    rng = np.random.default_rng(seed)
    window = np.array([xlim, ylim], dtype=np.float64)
    optimizer = make_optimizer(spec.optimizer, params, rng, window)
    t0, t1 = (float(t[0]), float(t[1])) if isinstance(t, tuple) else (float(t), float(t))
    steps = spec.steps
    cx, cy = (float(v) for v in window.mean(axis=1))
    limit = DIVERGENCE_WIDTHS * float(np.max(window[:, 1] - window[:, 0]))
    formula = surface.formula
    cache: dict[tuple[float, float, float], tuple[float, FloatArray]] = {}

    def evaluate(theta: FloatArray, time: float) -> tuple[float, FloatArray]:
        key = (float(theta[0]), float(theta[1]), time)
        hit = cache.get(key)
        if hit is None:
            f, gx, gy = formula.value_and_gradient_at(key[0], key[1], time)
            hit = (f, np.array([gx, gy], dtype=np.float64))
            cache.clear()
            cache[key] = hit
        return hit

    def gradient_at(time: float) -> GradFn:
        return lambda p: evaluate(p, time)[1]

    theta = np.array(start, dtype=np.float64)
    points, losses, times = [theta], [evaluate(theta, t0)[0]], [t0]
    restarts: list[int] = []
    diverged, reason = False, ""
    for k in range(steps):
        time = t0 + (t1 - t0) * k / steps if steps else t0
        lr = schedule.lr(spec.lr, k, steps)
        with np.errstate(all="ignore"):  # overflow is detected below, not warned about
            new = optimizer.step(theta, gradient_at(time), lr, k)
        nx, ny = float(new[0]), float(new[1])
        if not (math.isfinite(nx) and math.isfinite(ny)):
            diverged, reason = True, f"position became non-finite at step {k + 1}"
            break
        next_time = t0 + (t1 - t0) * (k + 1) / steps
        loss = evaluate(new, next_time)[0]
        theta = new
        if optimizer.restarted:
            restarts.append(len(points))
        points.append(theta)
        losses.append(loss)
        times.append(next_time)
        if max(abs(nx - cx), abs(ny - cy)) > limit:
            diverged = True
            reason = f"left the window (over {DIVERGENCE_WIDTHS:g} widths away) at step {k + 1}"
            break
        if not np.isfinite(loss):
            diverged, reason = True, f"loss became non-finite at step {k + 1}"
            break
    return TrajectoryResult(
        label=spec.label or spec.optimizer,
        optimizer=spec.optimizer,
        points=np.array(points, dtype=np.float64).reshape(-1, 2),
        losses=np.array(losses, dtype=np.float64),
        t_values=np.array(times, dtype=np.float64),
        diverged=diverged,
        reason=reason,
        restarts=tuple(restarts),
    )


def run_trajectories(
    surface: Surface,
    spec: TrajectorySpec,
    xlim: Window,
    ylim: Window,
    t: TimeSpec = 0.0,
    *,
    seed: int = 0,
    index: int = 0,
) -> list[TrajectoryResult]:
    """Run ``spec`` from each of its start points (one result per start).

    Start ``j`` of trajectory ``index`` uses ``default_rng([seed, index, j])``.
    """
    starts = list(spec.start) or [default_start(xlim, ylim)]
    return [
        run_trajectory(surface, spec, xlim, ylim, t, start=s, seed=[seed, index, j])
        for j, s in enumerate(starts)
    ]
