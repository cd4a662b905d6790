"""Benchmark: landscape rendering overhead versus bare matplotlib.

Renders a 4-optimizer, 200-step plot of the Rosenbrock function on a 200x200
grid through :func:`sphinx_notegarden.landscape.render.render_plot`, and the
same figure (filled contours with level lines, four trajectories with start
and end markers, legend, colour bar) with bare matplotlib calls on
precomputed trajectories.  Prints the median of 5 runs of each and the ratio
(target: at most 1.3).  Run with ``python benchmarks/bench_landscape_render.py
[png|svg|pdf]``.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import matplotlib as mpl
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import BoundaryNorm
from matplotlib.figure import Figure

from sphinx_notegarden.landscape import render
from sphinx_notegarden.landscape.spec import parse_plot_spec

TRAJECTORIES = [
    {"optimizer": "sgd", "lr": 0.001, "noise": 2.0, "steps": 200, "start": [-1.5, 2]},
    {"optimizer": "momentum", "lr": 0.0005, "beta": 0.9, "steps": 200, "start": [-1.5, 2]},
    {"optimizer": "rmsprop", "lr": 0.01, "steps": 200, "start": [-1.5, 2]},
    {"optimizer": "adam", "lr": 0.05, "steps": 200, "start": [-1.5, 2]},
]
SPEC = parse_plot_spec({"surface": "rosenbrock", "grid": "200", "colorbar": None}, TRAJECTORIES)
COLORS = ["#D55E00", "#0072B2", "#009E73", "#CC79A7"]


def ours(path: Path, fmt: str) -> None:
    """The full pipeline (trajectories, critical points, drawing, saving)."""
    render._CACHE.clear()  # measure a real render every time
    render.render_plot(SPEC, path, fmt)  # type: ignore[arg-type]


def bare(path: Path, fmt: str, paths: list[np.ndarray]) -> None:
    """The same picture with plain matplotlib calls and precomputed paths."""
    xs, ys = np.linspace(-2, 2, 200), np.linspace(-1, 3, 200)
    x, y = np.meshgrid(xs, ys)
    z = (1 - x) ** 2 + 100 * (y - x**2) ** 2
    levels = np.unique(np.quantile(z, np.linspace(0, 1, 31)))
    cmap = mpl.colormaps["cividis"]
    fig = Figure(figsize=(7, 4.5), layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    filled = ax.contourf(x, y, z, levels=levels, cmap=cmap, norm=BoundaryNorm(levels, cmap.N))
    ax.contour(x, y, z, levels=levels, colors="white", linewidths=0.3, alpha=0.35)
    for pts, color, tr in zip(paths, COLORS, TRAJECTORIES, strict=True):
        ax.plot(pts[:, 0], pts[:, 1], color=color, linewidth=1.6, label=str(tr["optimizer"]))
        ax.plot(*pts[0], marker="o", color=color)
        ax.plot(*pts[-1], marker="*", markersize=13, color=color)
    fig.colorbar(filled, ax=ax, label="loss")
    fig.legend(loc="outside lower center", ncols=4, frameon=False)
    fig.savefig(path, format=fmt, dpi=150 if fmt == "png" else None)


def median_time(func: Callable[[], None], repeat: int = 5) -> float:
    """Median wall time of ``repeat`` calls after one warm-up call."""
    func()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    """Run the comparison and print the numbers."""
    fmt = sys.argv[1] if len(sys.argv) > 1 else "png"
    _, results, _ = render.render_bytes(SPEC, fmt)  # type: ignore[arg-type]
    paths = [r.points for r in results]
    with tempfile.TemporaryDirectory() as tmp:
        a, b = Path(tmp) / f"ours.{fmt}", Path(tmp) / f"bare.{fmt}"
        t_ours = median_time(lambda: ours(a, fmt))
        t_bare = median_time(lambda: bare(b, fmt, paths))
    print(f"format: {fmt}")
    print(f"render_plot: {t_ours * 1000:8.1f} ms (median of 5)")
    print(f"bare mpl   : {t_bare * 1000:8.1f} ms (median of 5)")
    print(f"ratio      : {t_ours / t_bare:8.2f} (target <= 1.3)")


if __name__ == "__main__":
    main()
