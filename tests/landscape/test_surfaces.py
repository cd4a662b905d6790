"""Tests for surface presets, get_surface and critical-point search."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest

from sphinx_notegarden.landscape.formula import FormulaError
from sphinx_notegarden.landscape.surfaces import PRESETS, find_critical_points, get_surface

Grad = Callable[[float, float], tuple[float, float]]


def _sharp_flat(x: float, y: float) -> tuple[float, float]:
    a = math.exp(-((x + 1.5) ** 2 + (y - 0.5) ** 2) / 0.08)
    b = math.exp(-((x - 1.2) ** 2 + (y + 0.4) ** 2) / 1.62)
    gx = 0.1 * x + a * 2 * (x + 1.5) / 0.08 + b * 2 * (x - 1.2) / 1.62
    gy = 0.1 * y + a * 2 * (y - 0.5) / 0.08 + b * 2 * (y + 0.4) / 1.62
    return gx, gy


def _beale(x: float, y: float) -> tuple[float, float]:
    a, b, c = 1.5 - x + x * y, 2.25 - x + x * y**2, 2.625 - x + x * y**3
    gx = 2 * a * (y - 1) + 2 * b * (y**2 - 1) + 2 * c * (y**3 - 1)
    gy = 2 * a * x + 2 * b * 2 * x * y + 2 * c * 3 * x * y**2
    return gx, gy


# Hand-written analytic gradients of every preset.
ANALYTIC: dict[str, Grad] = {
    "quadratic": lambda x, y: (x, 2 * y),
    "ill-conditioned": lambda x, y: (x, 25 * y),
    "rosenbrock": lambda x, y: (-2 * (1 - x) - 400 * x * (y - x**2), 200 * (y - x**2)),
    "himmelblau": lambda x, y: (
        4 * x * (x**2 + y - 11) + 2 * (x + y**2 - 7),
        2 * (x**2 + y - 11) + 4 * y * (x + y**2 - 7),
    ),
    "rastrigin": lambda x, y: (
        2 * x + 20 * math.pi * math.sin(2 * math.pi * x),
        2 * y + 20 * math.pi * math.sin(2 * math.pi * y),
    ),
    "beale": _beale,
    "double-well": lambda x, y: (4 * x * (x**2 - 1) + 0.3, y),
    "saddle": lambda x, y: (2 * x, -2 * y),
    "monkey-saddle": lambda x, y: (3 * x**2 - 3 * y**2, -6 * x * y),
    "sharp-vs-flat": _sharp_flat,
}
POINTS = [(0.3, -0.7), (-1.2, 0.4), (1.7, 1.1), (-0.45, -1.3), (2.2, 0.05)]


def test_every_preset_has_an_analytic_reference() -> None:
    assert set(ANALYTIC) == set(PRESETS)


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_symbolic_gradient_matches_hand_written_gradient(name: str) -> None:
    surface = PRESETS[name]
    for x, y in POINTS:
        gx, gy = surface.gradient(x, y)
        ex, ey = ANALYTIC[name](x, y)
        scale = 1.0 + abs(ex) + abs(ey)
        assert abs(float(gx) - ex) <= 1e-6 * scale
        assert abs(float(gy) - ey) <= 1e-6 * scale


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_known_minima_have_zero_gradient_and_lie_in_the_window(name: str) -> None:
    surface = PRESETS[name]
    assert surface.xlim[0] < surface.xlim[1] and surface.ylim[0] < surface.ylim[1]
    assert surface.is_preset and surface.description
    for x, y in surface.minima:
        gx, gy = surface.gradient(x, y)
        assert math.hypot(float(gx), float(gy)) < 1e-6
        assert surface.xlim[0] <= x <= surface.xlim[1]
        assert surface.ylim[0] <= y <= surface.ylim[1]
        eig = np.linalg.eigvalsh(surface.hessian(x, y))
        assert eig.min() > 0


def test_double_well_has_a_local_and_a_deeper_global_minimum() -> None:
    surface = PRESETS["double-well"]
    (gx, gy), (lx, ly) = surface.minima
    assert float(surface.value(gx, gy)) < float(surface.value(lx, ly)) - 0.3
    points = find_critical_points(surface)
    kinds = [p.kind for p in points]
    assert kinds == ["minimum", "minimum", "saddle"]
    assert points[0].x == pytest.approx(gx, abs=1e-8)
    assert points[1].x == pytest.approx(lx, abs=1e-8)


def test_sharp_vs_flat_minima_differ_in_curvature_not_depth() -> None:
    surface = PRESETS["sharp-vs-flat"]
    flat, sharp = surface.minima
    trace_flat = float(np.trace(surface.hessian(*flat)))
    trace_sharp = float(np.trace(surface.hessian(*sharp)))
    assert trace_sharp > 10 * trace_flat
    depth_gap = abs(float(surface.value(*flat)) - float(surface.value(*sharp)))
    assert depth_gap < 0.1


def test_get_surface_accepts_names_and_formulas() -> None:
    assert get_surface("rosenbrock") is PRESETS["rosenbrock"]
    assert get_surface("Double_Well") is PRESETS["double-well"]
    assert get_surface(" sharp vs flat ") is PRESETS["sharp-vs-flat"]
    custom = get_surface("x^2 + 3*y^2")
    assert not custom.is_preset
    assert custom.name == "x^2 + 3*y^2"
    assert (custom.xlim, custom.ylim) == ((-2.0, 2.0), (-2.0, 2.0))
    assert float(custom.value(1.0, 1.0)) == 4.0


def test_get_surface_errors() -> None:
    with pytest.raises(FormulaError, match=r"unknown surface 'rosenbrok' \(presets: quadratic"):
        get_surface("rosenbrok")
    with pytest.raises(FormulaError, match="unknown function 'open'"):
        get_surface("open('x')")


def test_himmelblau_critical_points() -> None:
    points = find_critical_points(PRESETS["himmelblau"])
    kinds = [p.kind for p in points]
    assert kinds == ["minimum"] * 4 + ["saddle"] * 4 + ["maximum"]
    for p in points[:4]:
        assert p.value == pytest.approx(0.0, abs=1e-12)
        assert min(math.hypot(p.x - x, p.y - y) for x, y in PRESETS["himmelblau"].minima) < 1e-8
    maximum = points[-1]
    assert (maximum.x, maximum.y) == pytest.approx((-0.270845, -0.923039), abs=1e-5)
    assert maximum.eigenvalues[1] < 0


def test_saddles_including_degenerate_monkey_saddle() -> None:
    (saddle,) = find_critical_points(PRESETS["saddle"])
    assert saddle.kind == "saddle"
    assert saddle.eigenvalues == pytest.approx((-2.0, 2.0))
    (monkey,) = find_critical_points(PRESETS["monkey-saddle"])
    assert monkey.kind == "saddle"
    assert (monkey.x, monkey.y) == pytest.approx((0.0, 0.0), abs=1e-6)
    assert monkey.eigenvalues == pytest.approx((0.0, 0.0), abs=1e-6)


def test_degenerate_minimum_is_classified_by_sampling() -> None:
    (point,) = find_critical_points(get_surface("x^4 + y^4"), n=41)
    assert point.kind == "minimum"


def test_critical_points_are_deterministic_and_inside_the_window() -> None:
    surface = PRESETS["rastrigin"]
    first = find_critical_points(surface, (-2.2, 2.2), (-2.2, 2.2), n=81)
    second = find_critical_points(surface, (-2.2, 2.2), (-2.2, 2.2), n=81)
    assert first == second
    assert first[0].kind == "minimum"
    assert (first[0].x, first[0].y) == pytest.approx((0.0, 0.0), abs=1e-9)
    assert all(-2.2 <= p.x <= 2.2 and -2.2 <= p.y <= 2.2 for p in first)
    minima = [p for p in first if p.kind == "minimum"]
    assert len(minima) == 25  # the 5x5 lattice near the integers
    assert len({(round(p.x, 6), round(p.y, 6)) for p in first}) == len(first)


def test_flat_and_moving_surfaces() -> None:
    assert find_critical_points(get_surface("3 + 0*x"), n=21) == []
    moving = get_surface("(x - t)^2 + y^2")
    (point,) = find_critical_points(moving, n=41, t=0.5)
    assert (point.x, point.y) == pytest.approx((0.5, 0.0), abs=1e-9)
