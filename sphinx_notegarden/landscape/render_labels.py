"""End-point labels: sharpness annotations placed so that they overlap little."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes

from .render_draw import Theme
from .surfaces import Surface
from .trajectory import TrajectoryResult

__all__ = ["LabelPlacer", "annotate_sharpness"]


def _g(value: float) -> str:
    return f"{value:.3g}".replace("-", "\u2212")


class LabelPlacer:
    """Chooses offsets for end-point labels so that they overlap little.

    Works in approximate axes points (before layout), which is good enough to
    keep labels of nearby end points apart.  Deterministic.
    """

    OFFSETS = [(8, 8), (8, -8), (-8, 8), (-8, -8), (8, 40), (8, -40), (-8, 40), (-8, -40)]

    def __init__(self, ax: Axes, figsize: tuple[float, float]) -> None:
        fig_w, fig_h = figsize
        pos = ax.get_position()
        self.size = (fig_w * 72 * pos.width, fig_h * 72 * pos.height)
        self.xlim, self.ylim = ax.get_xlim(), ax.get_ylim()
        self.boxes: list[tuple[float, float, float, float]] = []

    def _overlap(self, box: tuple[float, float, float, float]) -> float:
        x0, y0, x1, y1 = box
        w, h = self.size
        outside = (x1 - x0) * (y1 - y0) - max(0.0, min(x1, w) - max(x0, 0.0)) * max(
            0.0, min(y1, h) - max(y0, 0.0)
        )
        total = outside
        for a0, b0, a1, b1 in self.boxes:
            total += max(0.0, min(x1, a1) - max(x0, a0)) * max(0.0, min(y1, b1) - max(y0, b0))
        return total

    def place(self, x: float, y: float, text: str) -> tuple[float, float]:
        """Return the offset (points) for a label of ``text`` at data point ``(x, y)``."""
        lines = text.split("\n")
        width = max(len(line) for line in lines) * 0.58 * 9 + 8
        height = len(lines) * 9 * 1.25 + 6
        px = (x - self.xlim[0]) / (self.xlim[1] - self.xlim[0]) * self.size[0]
        py = (y - self.ylim[0]) / (self.ylim[1] - self.ylim[0]) * self.size[1]
        best: tuple[float, int, tuple[float, float, float, float]] | None = None
        for i, (dx, dy) in enumerate(self.OFFSETS):
            x0 = px + dx if dx > 0 else px + dx - width
            y0 = py + dy if dy > 0 else py + dy - height
            box = (x0, y0, x0 + width, y0 + height)
            score = self._overlap(box)
            if best is None or score < best[0]:
                best = (score, i, box)
            if score == 0:
                break
        assert best is not None
        self.boxes.append(best[2])
        dx, dy = self.OFFSETS[best[1]]
        return float(dx), float(dy)


def annotate_sharpness(
    ax: Axes,
    surface: Surface,
    result: TrajectoryResult,
    color: str,
    theme: Theme,
    placer: LabelPlacer,
) -> None:
    """Label the end point with tr(H) and the Hessian eigenvalues."""
    if result.diverged:
        return
    x, y = result.end
    h = surface.hessian(x, y, float(result.t_values[result.end_index]))
    eig = np.linalg.eigvalsh(h) if np.all(np.isfinite(h)) else np.array([np.nan, np.nan])
    text = f"tr H = {_g(np.trace(h))}\n\u03bb = {_g(eig[0])}, {_g(eig[1])}"
    dx, dy = placer.place(x, y, text)
    ax.annotate(
        text,
        (x, y),
        xytext=(dx, dy),
        textcoords="offset points",
        ha="left" if dx > 0 else "right",
        va="bottom" if dy > 0 else "top",
        fontsize=9,
        color=theme.text,
        bbox={"boxstyle": "round,pad=0.25", "fc": theme.marker_face, "ec": color, "alpha": 0.85},
        zorder=8,
    )
