"""Loss surfaces: named presets, custom formulas and critical-point search.

:data:`PRESETS` maps names to :class:`Surface` objects with a sensible default
window and the known minima (for reference and tests).  :func:`get_surface`
accepts a preset name (case-insensitive; ``_`` and spaces count as ``-``) or any
formula accepted by :class:`~.formula.Formula`.  :func:`find_critical_points`
locates minima, saddles and maxima on a window.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .formula import Formula, FormulaError
from .formula_tree import FloatArray

__all__ = ["PRESETS", "CriticalPoint", "Surface", "find_critical_points", "get_surface"]

Window = tuple[float, float]
Point = tuple[float, float]


@dataclass(frozen=True)
class Surface:
    """A loss surface f(x, y[, t]) with a default plotting window."""

    name: str
    """Preset name, or the formula text for custom surfaces."""
    formula: Formula = field(compare=False)
    """The parsed formula."""
    xlim: Window = (-2.0, 2.0)
    """Default x window."""
    ylim: Window = (-2.0, 2.0)
    """Default y window."""
    minima: tuple[Point, ...] = ()
    """Known minima (global first), for reference."""
    description: str = ""
    """One-line description."""
    is_preset: bool = False
    """Whether this is one of :data:`PRESETS`."""

    def value(self, x: ArrayLike, y: ArrayLike, t: ArrayLike = 0.0) -> FloatArray:
        """Evaluate f(x, y, t)."""
        return self.formula.value(x, y, t)

    def gradient(
        self, x: ArrayLike, y: ArrayLike, t: ArrayLike = 0.0
    ) -> tuple[FloatArray, FloatArray]:
        """Return the exact gradient ``(df/dx, df/dy)``."""
        return self.formula.gradient(x, y, t)

    def hessian(self, x: ArrayLike, y: ArrayLike, t: ArrayLike = 0.0) -> FloatArray:
        """Return the exact Hessian, shape ``(2, 2) + broadcast shape``."""
        return self.formula.hessian(x, y, t)


def _preset(
    name: str, text: str, xlim: Window, ylim: Window, minima: tuple[Point, ...], description: str
) -> Surface:
    return Surface(name, Formula.parse(text), xlim, ylim, minima, description, True)


PRESETS: dict[str, Surface] = {
    s.name: s
    for s in (
        _preset(
            "quadratic", "0.5*(x^2 + 2*y^2)", (-2, 2), (-2, 2), ((0, 0),), "A well-conditioned bowl"
        ),
        _preset(
            "ill-conditioned",
            "0.5*(x^2 + 25*y^2)",
            (-3, 3),
            (-1.5, 1.5),
            ((0, 0),),
            "A narrow valley (condition number 25)",
        ),
        _preset(
            "rosenbrock",
            "(1 - x)^2 + 100*(y - x^2)^2",
            (-2, 2),
            (-1, 3),
            ((1, 1),),
            "Rosenbrock's curved banana valley",
        ),
        _preset(
            "himmelblau",
            "(x^2 + y - 11)^2 + (x + y^2 - 7)^2",
            (-5, 5),
            (-5, 5),
            (
                (3.0, 2.0),
                (-2.805118086952745, 3.131312518250573),
                (-3.779310253377747, -3.2831859912861696),
                (3.5844283403304917, -1.8481265269644034),
            ),
            "Himmelblau's function: four equal minima",
        ),
        _preset(
            "rastrigin",
            "20 + x^2 - 10*cos(2*pi*x) + y^2 - 10*cos(2*pi*y)",
            (-3, 3),
            (-3, 3),
            ((0, 0),),
            "Rastrigin's function: a bowl covered with local minima",
        ),
        _preset(
            "beale",
            "(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2",
            (-4.5, 4.5),
            (-4.5, 4.5),
            ((3, 0.5),),
            "Beale's function: flat plateaus and sharp ridges",
        ),
        _preset(
            "double-well",
            "(x^2 - 1)^2 + 0.3*x + 0.5*y^2",
            (-2, 2),
            (-1.5, 1.5),
            ((-1.0355787140888537, 0.0), (0.9601495555191055, 0.0)),
            "A deeper global minimum (left) and a shallower local minimum (right)",
        ),
        _preset("saddle", "x^2 - y^2", (-2, 2), (-2, 2), (), "A saddle point at the origin"),
        _preset(
            "monkey-saddle",
            "x^3 - 3*x*y^2",
            (-1.5, 1.5),
            (-1.5, 1.5),
            (),
            "A degenerate (monkey) saddle at the origin",
        ),
        _preset(
            "sharp-vs-flat",
            "0.05*(x^2 + y^2) - exp(-((x + 1.5)^2 + (y - 0.5)^2)/0.08)"
            " - exp(-((x - 1.2)^2 + (y + 0.4)^2)/1.62)",
            (-3, 3),
            (-2, 2),
            ((1.1096160871779694, -0.3698720290593232), (-1.4931037803978708, 0.4977012601326236)),
            "A wide flat minimum (right) and a sharp narrow one (left) of similar depth",
        ),
    )
}
"""The preset surfaces by name."""

_NAME_LIKE = re.compile(r"^[A-Za-z_][A-Za-z0-9_ -]*$")


def normalise_name(name: str) -> str:
    """Lower-case ``name`` and spell ``_``/spaces as ``-``."""
    return re.sub(r"[\s_]+", "-", name.strip().lower())


def get_surface(name_or_formula: str) -> Surface:
    """Return a preset by name, or a custom surface parsed from a formula.

    Custom surfaces get the window ``[-2, 2] x [-2, 2]`` and no known minima.
    Raises :class:`~.formula.FormulaError` for unknown names and bad formulas.
    """
    preset = PRESETS.get(normalise_name(name_or_formula))
    if preset is not None:
        return preset
    try:
        formula = Formula.parse(name_or_formula)
    except FormulaError:
        text = name_or_formula.strip()
        if _NAME_LIKE.match(text) and text not in ("x", "y", "t"):
            presets = ", ".join(PRESETS)
            raise FormulaError(
                f"unknown surface {text!r} (presets: {presets}; or give a formula in x and y)"
            ) from None
        raise
    return Surface(name_or_formula.strip(), formula, description="Custom formula")


@dataclass(frozen=True)
class CriticalPoint:
    """A critical point (zero gradient) found by :func:`find_critical_points`."""

    x: float
    y: float
    value: float
    kind: str
    """``"minimum"``, ``"saddle"`` or ``"maximum"``."""
    eigenvalues: tuple[float, float]
    """Hessian eigenvalues, ascending."""


def _grid_minima(values: FloatArray) -> NDArray[np.bool_]:
    """Mark interior points <= their 8 neighbours and < at least one of them."""
    v = np.where(np.isfinite(values), values, np.inf)
    centre = v[1:-1, 1:-1]
    le = np.ones_like(centre, dtype=bool)
    lt = np.zeros_like(centre, dtype=bool)
    rows, cols = v.shape
    for di in (-1, 0, 1):
        for dj in (-1, 0, 1):
            if di == dj == 0:
                continue
            other = v[1 + di : rows - 1 + di, 1 + dj : cols - 1 + dj]
            le &= centre <= other
            lt |= centre < other
    mask = np.zeros(v.shape, dtype=bool)
    mask[1:-1, 1:-1] = le & lt & np.isfinite(centre)
    return mask


def _eigenvalues(h: FloatArray) -> tuple[FloatArray, FloatArray]:
    hxx, hxy, hyy = h[0, 0], h[0, 1], h[1, 1]
    mean = 0.5 * (hxx + hyy)
    radius = np.hypot(0.5 * (hxx - hyy), hxy)
    return mean - radius, mean + radius


def _classify(
    surface: Surface, px: float, py: float, lo: float, hi: float, ring: float, t: float
) -> str:
    scale = 1e-6 * (1.0 + max(abs(lo), abs(hi)))
    if lo > scale:
        return "minimum"
    if hi < -scale:
        return "maximum"
    if lo < -scale and hi > scale:
        return "saddle"
    angles = np.linspace(0.0, 2 * np.pi, 24, endpoint=False)
    around = surface.value(px + ring * np.cos(angles), py + ring * np.sin(angles), t)
    centre = float(surface.value(px, py, t))
    delta = around - centre
    tiny = 1e-12 * (1.0 + abs(centre))
    if np.all(delta >= -tiny):
        return "minimum"
    if np.all(delta <= tiny):
        return "maximum"
    return "saddle"


def find_critical_points(
    surface: Surface,
    xlim: Window | None = None,
    ylim: Window | None = None,
    n: int = 101,
    t: float = 0.0,
    max_candidates: int = 400,
) -> list[CriticalPoint]:
    """Find the minima, saddles and maxima of ``surface`` inside the window.

    Candidates are the interior grid points (``n x n`` grid) that are local
    minima of f or of ``|grad f|^2`` in their 3x3 neighbourhood; each is refined
    with up to 30 Newton steps on ``grad f = 0`` (steps capped at three grid
    cells), kept if the gradient vanishes inside the window, classified by the
    Hessian eigenvalues (degenerate ones by sampling a small ring) and
    deduplicated.  The result is sorted by kind (minima, saddles, maxima), value,
    x and y, so it is deterministic.
    """
    x0, x1 = xlim if xlim is not None else surface.xlim
    y0, y1 = ylim if ylim is not None else surface.ylim
    xs, ys = np.linspace(x0, x1, n), np.linspace(y0, y1, n)
    gx_, gy_ = np.meshgrid(xs, ys)
    z, gx, gy = surface.formula.value_and_gradient(gx_, gy_, t)
    g2 = gx * gx + gy * gy
    mask = _grid_minima(z) | _grid_minima(g2)
    rows, cols = np.nonzero(mask)
    order = np.lexsort((cols, rows, g2[rows, cols]))[:max_candidates]
    px, py = gx_[rows[order], cols[order]].copy(), gy_[rows[order], cols[order]].copy()
    hx, hy = (x1 - x0) / (n - 1), (y1 - y0) / (n - 1)
    finite = np.sqrt(g2[np.isfinite(g2)])
    tol = 1e-7 * (1.0 + (float(finite.max()) if finite.size else 0.0))
    for _ in range(30):
        if px.size == 0:
            break
        dx, dy = surface.gradient(px, py, t)
        h = surface.hessian(px, py, t)
        det = h[0, 0] * h[1, 1] - h[0, 1] ** 2
        ok = np.isfinite(det) & (det != 0) & (np.hypot(dx, dy) > 0)
        safe = np.where(ok, det, 1.0)
        sx = np.where(ok, (h[1, 1] * dx - h[0, 1] * dy) / safe, 0.0)
        sy = np.where(ok, (h[0, 0] * dy - h[0, 1] * dx) / safe, 0.0)
        length = np.hypot(sx / hx, sy / hy)
        shrink = np.where(length > 3.0, 3.0 / np.maximum(length, 1e-300), 1.0)
        px, py = px - sx * shrink, py - sy * shrink
    found: list[CriticalPoint] = []
    if px.size:
        dx, dy = surface.gradient(px, py, t)
        values = surface.value(px, py, t)
        lo, hi = _eigenvalues(surface.hessian(px, py, t))
        keep = (np.hypot(dx, dy) <= tol) & np.isfinite(values)
        keep &= (px >= x0) & (px <= x1) & (py >= y0) & (py <= y1)
        ring = 2.0 * min(hx, hy)
        for i in np.nonzero(keep)[0]:
            if any(abs(p.x - px[i]) < 0.5 * hx and abs(p.y - py[i]) < 0.5 * hy for p in found):
                continue
            kind = _classify(surface, float(px[i]), float(py[i]), lo[i], hi[i], ring, t)
            eig = (float(lo[i]), float(hi[i]))
            found.append(CriticalPoint(float(px[i]), float(py[i]), float(values[i]), kind, eig))
    rank = {"minimum": 0, "saddle": 1, "maximum": 2}
    return sorted(found, key=lambda p: (rank[p.kind], p.value, round(p.x, 9), round(p.y, 9)))
