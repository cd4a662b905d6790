"""Tests for plot specifications: parsing, errors, normalisation, cache keys, alt text."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from sphinx_notegarden.landscape.schedules import Schedule
from sphinx_notegarden.landscape.spec import (
    PLOT_OPTIONS,
    PlotSpec,
    SpecError,
    TrajectorySpec,
    describe_alt,
    parse_plot_spec,
    parse_trajectory,
)
from sphinx_notegarden.landscape.trajectory import TrajectoryResult, run_trajectories


def test_directive_style_options() -> None:
    spec = parse_plot_spec(
        {
            "surface": "rosenbrock",
            "xlim": "-2, 2",
            "ylim": "[\u22121, 3]",
            "levels": "20",
            "view": "Both",
            "width": "80%",
            "alt": "A banana",
            "seed": "3",
            "sharpness": None,
            "colorbar": "false",
            "critical-points": "no",
            "grid": "50",
        },
        [{"optimizer": "sgd", "lr": "0.001", "steps": "200", "start": "-1.5, 2"}],
    )
    assert spec.xlim == (-2.0, 2.0) and spec.ylim == (-1.0, 3.0)
    assert (spec.levels, spec.view, spec.width, spec.alt, spec.seed) == (
        20,
        "both",
        "80%",
        "A banana",
        3,
    )
    assert spec.sharpness and not spec.colorbar and not spec.critical_points
    assert spec.grid == 50
    (tr,) = spec.trajectories
    assert (tr.optimizer, tr.lr, tr.steps, tr.start, tr.label) == (
        "sgd",
        0.001,
        200,
        ((-1.5, 2.0),),
        "sgd",
    )
    assert tr.params == {"noise": 1.0, "batch": 1}


def test_python_style_options_and_defaults() -> None:
    spec = parse_plot_spec({"surface": "double_well", "xlim": (-2, 2), "sharpness": True}, [])
    assert spec.xlim == (-2.0, 2.0) and spec.ylim is None
    assert spec.window() == ((-2.0, 2.0), (-1.5, 1.5))
    assert spec.sharpness and not spec.colorbar and spec.critical_points
    assert (spec.levels, spec.view, spec.seed, spec.grid, spec.times) == (30, "contour", 0, 200, ())
    assert parse_plot_spec({}, []).surface == "rosenbrock"
    assert set(PLOT_OPTIONS) >= {"surface", "xlim", "ylim", "levels", "view", "times"}


def test_trajectory_fields() -> None:
    tr = parse_trajectory(
        {
            "optimizer": "Momentum",
            "lr": 0.05,
            "start": [[1, 2], [-1, 0.5]],
            "label": "heavy ball",
            "schedule": {"kind": "spike", "at": 10},
            "params": {"beta": 0.8},
            "noise": 0.1,
        }
    )
    assert tr.optimizer == "momentum" and tr.label == "heavy ball"
    assert tr.start == ((1.0, 2.0), (-1.0, 0.5))
    assert tr.schedule == Schedule("spike", at=10)
    assert tr.params == {"beta": 0.8, "noise": 0.1, "batch": 1}
    assert parse_trajectory({"optimizer": "adam"}).lr == 0.05  # optimizer default
    assert parse_trajectory({"optimizer": "gd", "start": "(0, 1); (2, 3)"}).start == (
        (0.0, 1.0),
        (2.0, 3.0),
    )


@pytest.mark.parametrize(
    ("options", "trajectories", "message", "option", "index"),
    [
        ({"xlim": "2, -2"}, [], "option 'xlim': expected two increasing numbers", "xlim", None),
        ({"xlim": "a, b"}, [], "option 'xlim': expected a number", "xlim", None),
        ({"xlim": "1, 2, 3"}, [], "option 'xlim': expected 2 numbers", "xlim", None),
        ({"levels": "1"}, [], "option 'levels': expected an integer from 2 to 200", "levels", None),
        ({"view": "4d"}, [], "option 'view': expected one of contour, surface, both", "view", None),
        (
            {"sharpness": "maybe"},
            [],
            "option 'sharpness': expected true or false",
            "sharpness",
            None,
        ),
        (
            {"colour": "red"},
            [],
            "option 'colour': unknown option (allowed: surface",
            "colour",
            None,
        ),
        (
            {"surface": "rosenbrok"},
            [],
            "option 'surface': unknown surface 'rosenbrok'",
            "surface",
            None,
        ),
        ({"surface": "x +"}, [], "option 'surface': invalid syntax", "surface", None),
        ({"times": "0, 1"}, [], "option 'times': the surface does not depend on t", "times", None),
        (
            {"surface": "x^2 + t*y^2", "times": "0, 1", "view": "both"},
            [],
            "cannot be combined with times",
            "view",
            None,
        ),
        (
            {},
            [{"optimizer": "gd"}, {"optimizer": "gd", "lr": "fast"}],
            "trajectory 2: field 'lr': expected a number, got 'fast'",
            "lr",
            1,
        ),
        (
            {},
            [{"optimizer": "gd", "lr": -1}],
            "trajectory 1: field 'lr': expected a positive",
            "lr",
            0,
        ),
        ({}, [{"lr": 0.1}], "trajectory 1: field 'optimizer': is required", "optimizer", 0),
        (
            {},
            [{"optimizer": "bfgs"}],
            "trajectory 1: field 'optimizer': unknown optimizer 'bfgs' (allowed: gd, sgd",
            "optimizer",
            0,
        ),
        (
            {},
            [{"optimizer": "gd", "steps": 0}],
            "trajectory 1: field 'steps': expected an integer from 1",
            "steps",
            0,
        ),
        (
            {},
            [{"optimizer": "gd", "start": "1, 2, 3"}],
            "trajectory 1: field 'start': expected pairs",
            "start",
            0,
        ),
        (
            {},
            [{"optimizer": "gd", "start": [[1, 2], [3]]}],
            "trajectory 1: field 'start': expected 2 numbers",
            "start",
            0,
        ),
        (
            {},
            [{"optimizer": "gd", "schedule": "warp"}],
            "trajectory 1: field 'schedule': unknown schedule 'warp'",
            "schedule",
            0,
        ),
        (
            {},
            [{"optimizer": "momentum", "betta": 0.9}],
            "trajectory 1: field 'params': unknown parameter 'betta' for momentum "
            "(allowed: batch, beta, noise); trajectory fields are optimizer, lr",
            "params",
            0,
        ),
        ({}, ["gd"], "trajectory 1: expected a mapping", None, 0),
        (
            {},
            [{"optimizer": "gd", "params": [1]}],
            "trajectory 1: field 'params': expected a mapping",
            "params",
            0,
        ),
    ],
)
def test_errors_name_the_option_and_trajectory(
    options: dict[str, Any],
    trajectories: list[Any],
    message: str,
    option: str | None,
    index: int | None,
) -> None:
    with pytest.raises(SpecError) as info:
        parse_plot_spec(options, trajectories)
    assert message in str(info.value)
    assert info.value.option == option
    assert info.value.index == index
    assert isinstance(info.value, ValueError)


def test_default_labels_disambiguate_runs_of_the_same_optimizer() -> None:
    spec = parse_plot_spec(
        {},
        [
            {"optimizer": "gd", "lr": 0.01},
            {"optimizer": "gd", "lr": 0.1},
            {"optimizer": "sgd", "batch": 64},
            {"optimizer": "sgd", "schedule": "cosine"},
            {"optimizer": "adam", "label": "mine"},
        ],
    )
    labels = [tr.label for tr in spec.trajectories]
    assert labels == [
        "gd (\u03b7=0.01)",
        "gd (\u03b7=0.1)",
        "sgd (batch=64)",
        "sgd (cosine)",
        "mine",
    ]


def test_normalised_resolves_defaults() -> None:
    spec = parse_plot_spec({"surface": "x^2+y^2"}, [{"optimizer": "momentum"}])
    data = spec.normalised()
    assert data["surface"] == "((x ** 2.0) + (y ** 2.0))"
    assert data["xlim"] == [-2.0, 2.0]
    trajectories = data["trajectories"]
    assert isinstance(trajectories, list)
    (tr,) = trajectories
    assert tr == {
        "optimizer": "momentum",
        "lr": 0.01,
        "steps": 100,
        "start": [[-1.4, 1.4]],
        "label": "momentum",
        "schedule": {"kind": "constant"},
        "params": {"batch": 1, "beta": 0.9, "noise": 0.0},
    }
    assert parse_plot_spec({"surface": "Rosenbrock"}, []).normalised()["surface"] == "rosenbrock"


def test_cache_key_is_stable_and_sensitive() -> None:
    base = parse_plot_spec(
        {"surface": "x^2 + y^2", "xlim": "-2, 2"}, [{"optimizer": "momentum", "lr": 0.1}]
    )
    key = base.cache_key("1.0")
    assert len(key) == 64 and int(key, 16) >= 0
    same = parse_plot_spec(
        {"xlim": [-2, 2.0], "surface": "x**2+y**2", "width": "50%", "alt": "different alt"},
        [{"optimizer": "momentum", "lr": "0.1", "params": {"beta": 0.9}}],
    )
    assert same.cache_key("1.0") == key
    assert base.cache_key("1.1") != key
    lr = parse_plot_spec({"surface": "x^2 + y^2"}, [{"optimizer": "momentum", "lr": 0.2}])
    assert lr.cache_key("1.0") != key
    seed = parse_plot_spec(
        {"surface": "x^2 + y^2", "seed": 1}, [{"optimizer": "momentum", "lr": 0.1}]
    )
    assert seed.cache_key("1.0") != key
    dark_key = PlotSpec(surface="x^2 + y^2", trajectories=base.trajectories).cache_key("1.0")
    assert dark_key == key  # dataclass built directly: same normalisation


def _result(label: str, points: list[list[float]], **kwargs: Any) -> TrajectoryResult:
    pts = np.array(points, dtype=float)
    return TrajectoryResult(label, label, pts, np.zeros(len(pts)), np.zeros(len(pts)), **kwargs)


def test_describe_alt_wording() -> None:
    spec = parse_plot_spec({"surface": "rosenbrock"}, [{"optimizer": "sgd"}])
    points = [[-1.5, 2.0]] * 200 + [[0.9712, 0.9431]]
    text = describe_alt(spec, [_result("sgd", points)])
    expected = "Contour plot of rosenbrock; sgd from (\u22121.5, 2) ends near (0.97, 0.94)"
    assert text == expected + " after 200 steps"
    diverged = _result("gd", [[0.0, 0.0], [50.0, 0.0]], diverged=True, reason="left")
    assert describe_alt(spec, [diverged]).endswith("gd from (0, 0) diverges after 1 step")
    restarted = TrajectoryResult(
        "restarts",
        "restarts",
        np.array([[1.0, 1], [0.5, 0.5], [2, 2]]),
        np.array([2.0, 0.5, 8.0]),
        np.zeros(3),
        restarts=(2,),
    )
    assert "finds its best point near (0.5, 0.5) in 2 steps with 1 restart" in describe_alt(
        spec, [restarted]
    )
    custom = parse_plot_spec(
        {"surface": "(x - t)^2 + y^2", "times": "0, 0.5", "view": "surface"}, []
    )
    assert (
        describe_alt(custom, [])
        == "3-D surface plot of f(x, y) = (x - t)^2 + y^2; shown at t = 0, 0.5"
    )
    assert describe_alt(parse_plot_spec({"alt": "Mine"}, []), []) == "Mine"


def test_alt_from_real_runs() -> None:
    spec = parse_plot_spec(
        {"surface": "quadratic"}, [{"optimizer": "gd", "lr": 0.5, "start": "1, 1", "steps": 60}]
    )
    xlim, ylim = spec.window()
    results = run_trajectories(spec.get_surface(), spec.trajectories[0], xlim, ylim)
    assert (
        describe_alt(spec, results)
        == "Contour plot of quadratic; gd from (1, 1) ends near (0, 0) after 60 steps"
    )


def test_trajectory_spec_defaults() -> None:
    tr = TrajectorySpec("gd")
    assert (tr.lr, tr.steps, tr.start, tr.label, tr.schedule) == (0.01, 100, (), "", Schedule())
