"""Tests for optimizers, schedules and the trajectory runner.

The first steps are computed by hand on f = 0.5 (x^2 + y^2), whose gradient at
theta is theta itself, starting from (1, 1); both coordinates stay equal, so
each expected value below is a single number.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from sphinx_notegarden.landscape.optimizers import OPTIMIZERS, OptimizerError, validate_params
from sphinx_notegarden.landscape.schedules import Schedule, ScheduleError, parse_schedule
from sphinx_notegarden.landscape.spec import TrajectorySpec
from sphinx_notegarden.landscape.surfaces import get_surface
from sphinx_notegarden.landscape.trajectory import run_trajectories, run_trajectory

BOWL = get_surface("0.5*(x^2 + y^2)")
WINDOW = ((-2.0, 2.0), (-2.0, 2.0))


def _run(optimizer: str, lr: float, steps: int = 3, seed: Any = 0, **params: Any) -> Any:
    spec = TrajectorySpec(optimizer, lr, steps, ((1.0, 1.0),), params=params)
    return run_trajectory(BOWL, spec, *WINDOW, seed=seed)


def _first_coordinates(result: Any) -> list[float]:
    assert np.array_equal(result.points[:, 0], result.points[:, 1])
    return [float(v) for v in result.points[:, 0]]


def test_gd_by_hand() -> None:
    # theta <- theta - 0.1 theta
    assert _first_coordinates(_run("gd", 0.1)) == pytest.approx([1.0, 0.9, 0.81, 0.729])


def test_momentum_by_hand() -> None:
    # v1 = 0.1*1 = 0.1, theta1 = 0.9
    # v2 = 0.9*0.1 + 0.1*0.9 = 0.18, theta2 = 0.72
    # v3 = 0.9*0.18 + 0.1*0.72 = 0.234, theta3 = 0.486
    result = _run("momentum", 0.1, beta=0.9)
    assert _first_coordinates(result) == pytest.approx([1.0, 0.9, 0.72, 0.486])


def test_nesterov_by_hand() -> None:
    # v1 = 0.1*g(1) = 0.1, theta1 = 0.9
    # v2 = 0.09 + 0.1*g(0.9 - 0.09) = 0.09 + 0.081 = 0.171, theta2 = 0.729
    # v3 = 0.1539 + 0.1*g(0.729 - 0.1539) = 0.1539 + 0.05751 = 0.21141, theta3 = 0.51759
    result = _run("nesterov", 0.1, beta=0.9)
    assert _first_coordinates(result) == pytest.approx([1.0, 0.9, 0.729, 0.51759])


def test_adagrad_by_hand() -> None:
    # G1 = 1, theta1 = 1 - 0.1*1/1 = 0.9
    # G2 = 1 + 0.81 = 1.81, theta2 = 0.9 - 0.1*0.9/sqrt(1.81)
    result = _run("adagrad", 0.1, steps=2)
    theta2 = 0.9 - 0.1 * 0.9 / math.sqrt(1.81)
    assert _first_coordinates(result) == pytest.approx([1.0, 0.9, theta2], rel=1e-7)


def test_rmsprop_by_hand() -> None:
    # s1 = 0.1*1 = 0.1, theta1 = 1 - 0.1/sqrt(0.1) = 1 - sqrt(0.1)
    # s2 = 0.9*0.1 + 0.1*theta1^2, theta2 = theta1 - 0.1*theta1/sqrt(s2)
    result = _run("rmsprop", 0.1, steps=2, rho=0.9)
    theta1 = 1 - math.sqrt(0.1)
    s2 = 0.09 + 0.1 * theta1**2
    theta2 = theta1 - 0.1 * theta1 / math.sqrt(s2)
    assert _first_coordinates(result) == pytest.approx([1.0, theta1, theta2], rel=1e-7)


def test_adam_by_hand() -> None:
    # m1 = 0.1, s1 = 0.001, bias-corrected both 1: theta1 = 1 - 0.1 = 0.9
    # m2 = 0.09 + 0.1*0.9 = 0.18, m_hat = 0.18/0.19
    # s2 = 0.000999 + 0.001*0.81 = 0.001809, s_hat = 0.001809/0.001999
    result = _run("adam", 0.1, steps=2)
    theta2 = 0.9 - 0.1 * (0.18 / 0.19) / math.sqrt(0.001809 / 0.001999)
    assert _first_coordinates(result) == pytest.approx([1.0, 0.9, theta2], rel=1e-6)


def test_sgd_noise_follows_batch_size() -> None:
    # theta1 = theta0 - lr (g + sigma xi), sigma = noise / sqrt(batch) = 2 / sqrt(4) = 1
    result = _run("sgd", 0.1, steps=1, seed=7, noise=2.0, batch=4)
    xi = np.random.default_rng(7).standard_normal(2)
    expected = np.array([1.0, 1.0]) - 0.1 * (np.array([1.0, 1.0]) + 1.0 * xi)
    np.testing.assert_allclose(result.points[1], expected, rtol=1e-12)


def test_annealing_by_hand() -> None:
    # theta1 = theta0 - lr g + sqrt(2 lr T0) xi; theta2 uses T1 = T0 * decay
    result = _run("annealing", 0.1, steps=2, seed=3, temperature=0.5, decay=0.5)
    rng = np.random.default_rng(3)
    theta = np.array([1.0, 1.0])
    theta = theta - 0.1 * theta + math.sqrt(2 * 0.1 * 0.5) * rng.standard_normal(2)
    np.testing.assert_allclose(result.points[1], theta, rtol=1e-12)
    theta = theta - 0.1 * theta + math.sqrt(2 * 0.1 * 0.25) * rng.standard_normal(2)
    np.testing.assert_allclose(result.points[2], theta, rtol=1e-12)
    cold = _run("annealing", 0.1, temperature=0.0)
    assert _first_coordinates(cold) == pytest.approx([1.0, 0.9, 0.81, 0.729])


def test_restarts_jump_every_k_steps_and_keep_the_best_point() -> None:
    result = _run("restarts", 0.3, steps=35, seed=1, every=10)
    assert result.restarts == (10, 20, 30)
    assert len(result.segments()) == 4
    assert result.end_index == int(np.argmin(result.losses))
    assert float(np.min(result.losses)) == pytest.approx(float(BOWL.value(*result.end)))
    converging = _run("restarts", 0.5, steps=200, seed=1, tol=1e-3)
    assert len(converging.restarts) >= 2  # restarts after each convergence


def test_restarts_pass_parameters_to_the_base_optimizer() -> None:
    result = _run("restarts", 0.1, steps=3, base="momentum", beta=0.9, every=0)
    assert _first_coordinates(result) == pytest.approx([1.0, 0.9, 0.72, 0.486])


def test_seeded_runs_repeat_and_seeds_matter() -> None:
    a = _run("sgd", 0.1, steps=50, seed=5)
    b = _run("sgd", 0.1, steps=50, seed=5)
    c = _run("sgd", 0.1, steps=50, seed=6)
    np.testing.assert_array_equal(a.points, b.points)
    assert not np.array_equal(a.points, c.points)


def test_several_starts_give_several_results() -> None:
    spec = TrajectorySpec("sgd", 0.1, 5, ((1.0, 1.0), (1.0, 1.0), (-1.0, 0.5)))
    results = run_trajectories(BOWL, spec, *WINDOW, seed=0, index=2)
    assert [r.start for r in results] == [(1.0, 1.0), (1.0, 1.0), (-1.0, 0.5)]
    assert not np.array_equal(results[0].points, results[1].points)  # independent noise
    again = run_trajectories(BOWL, spec, *WINDOW, seed=0, index=2)
    np.testing.assert_array_equal(results[1].points, again[1].points)
    default = run_trajectories(BOWL, TrajectorySpec("gd", 0.1, 2), *WINDOW)
    assert default[0].start == pytest.approx((-1.4, 1.4))


def test_divergence_is_detected_and_stops_the_run() -> None:
    result = _run("gd", 2.5, steps=100)  # |1 - 2.5| > 1: the iterates grow
    assert result.diverged
    assert "left the window" in result.reason
    assert result.steps < 100
    assert float(np.max(np.abs(result.points[-1]))) > 10 * 4.0
    logarithm = get_surface("log(x) + y^2")  # x jumps to -1 where the loss is nan
    spec = TrajectorySpec("gd", 2.0, 50, ((1.0, 1.0),))
    blown = run_trajectory(logarithm, spec, *WINDOW)
    assert blown.diverged and blown.reason == "loss became non-finite at step 1"
    assert np.all(np.isfinite(blown.points)) and blown.steps == 1
    overflow = get_surface("1e300 * x^3 + y^2")  # the position overflows to inf
    spec = TrajectorySpec("gd", 1e10, 50, ((1.0, 1.0),))
    flown = run_trajectory(overflow, spec, *WINDOW)
    assert flown.diverged and flown.reason == "position became non-finite at step 1"
    assert len(flown.points) == 1
    fine = _run("gd", 0.1, steps=100)
    assert not fine.diverged and fine.reason == "" and fine.steps == 100


def test_moving_landscape_time_runs_over_the_steps() -> None:
    surface = get_surface("(x - t)^2 + y^2")
    spec = TrajectorySpec("gd", 0.2, 10, ((0.0, 0.0),))
    moving = run_trajectory(surface, spec, *WINDOW, (0.0, 1.0))
    np.testing.assert_allclose(moving.t_values, np.linspace(0.0, 1.0, 11))
    assert moving.points[-1, 0] > 0.3  # it followed the minimum to the right
    frozen = run_trajectory(surface, spec, *WINDOW, 1.0)
    assert np.all(frozen.t_values == 1.0)
    assert frozen.points[-1, 0] == pytest.approx(1.0 - 0.6**10)


def test_schedule_values() -> None:
    step = Schedule("step", every=10, gamma=0.5)
    assert [step.lr(1.0, i, 100) for i in (0, 9, 10, 25)] == [1.0, 1.0, 0.5, 0.25]
    assert Schedule("step").lr(1.0, 40, 120) == 0.5  # every = steps // 3
    cosine = Schedule("cosine", min_lr=0.1)
    assert cosine.lr(1.0, 0, 100) == pytest.approx(1.0)
    assert cosine.lr(1.0, 50, 100) == pytest.approx(0.55)
    assert cosine.lr(1.0, 100, 100) == pytest.approx(0.1)
    spike = Schedule("spike", at=5, factor=10.0, duration=3)
    assert [spike.lr(0.1, i, 20) for i in range(4, 9)] == pytest.approx([0.1, 1, 1, 1, 0.1])
    assert Schedule("spike").lr(0.1, 50, 100) == pytest.approx(1.0)  # at = steps // 2
    assert Schedule().lr(0.3, 7, 10) == 0.3


def test_schedules_apply_to_runs() -> None:
    spec = TrajectorySpec("gd", 0.1, 3, ((1.0, 1.0),), schedule=Schedule("step", every=1))
    result = run_trajectory(BOWL, spec, *WINDOW)
    # lr 0.1, 0.05, 0.025
    assert _first_coordinates(result) == pytest.approx([1.0, 0.9, 0.855, 0.833625])


def test_parse_schedule() -> None:
    assert parse_schedule(None) == Schedule()
    assert parse_schedule("cosine") == Schedule("cosine")
    assert parse_schedule({"kind": "spike", "at": "30", "factor": 5}) == Schedule(
        "spike", at=30, factor=5.0
    )
    assert parse_schedule({"name": "step", "every": 4}).every == 4
    assert parse_schedule("step").to_dict() == {"kind": "step", "every": None, "gamma": 0.5}
    with pytest.raises(ScheduleError, match="unknown schedule 'warp' \\(allowed: constant, step"):
        parse_schedule("warp")
    with pytest.raises(ScheduleError, match="unknown parameter 'gamma' for schedule 'cosine'"):
        parse_schedule({"kind": "cosine", "gamma": 2})
    with pytest.raises(ScheduleError, match="every must be a positive integer"):
        parse_schedule({"kind": "step", "every": 0})
    with pytest.raises(ScheduleError, match="must be a number"):
        parse_schedule({"kind": "step", "gamma": "lots"})


def test_parameter_validation() -> None:
    assert validate_params("momentum", {}) == {"beta": 0.9, "noise": 0.0, "batch": 1}
    assert validate_params("adam", {"beta1": "0.8"})["beta1"] == 0.8
    with pytest.raises(OptimizerError, match=r"unknown optimizer 'lbfgs' \(allowed: gd, sgd"):
        validate_params("lbfgs", {})
    with pytest.raises(OptimizerError, match=r"unknown parameter 'betta' for momentum"):
        validate_params("momentum", {"betta": 0.9})
    with pytest.raises(OptimizerError, match=r"\(allowed: batch, beta, noise\)"):
        validate_params("momentum", {"betta": 0.9})
    with pytest.raises(OptimizerError, match=r"beta must be in \[0, 1\)"):
        validate_params("momentum", {"beta": 1.0})
    with pytest.raises(OptimizerError, match="batch must be an integer"):
        validate_params("sgd", {"batch": 2.5})
    with pytest.raises(OptimizerError, match="eps must be positive"):
        validate_params("adam", {"eps": 0})
    with pytest.raises(OptimizerError, match="noise must not be negative"):
        validate_params("gd", {"noise": -1})
    with pytest.raises(OptimizerError, match="must be a number"):
        validate_params("gd", {"noise": [1]})
    with pytest.raises(OptimizerError, match="unknown base optimizer 'restarts'"):
        validate_params("restarts", {"base": "restarts"})
    assert validate_params("restarts", {"base": "adam", "beta1": 0.5})["beta1"] == 0.5
    assert set(OPTIMIZERS) >= {"gd", "sgd", "momentum", "nesterov", "adagrad", "rmsprop"}
