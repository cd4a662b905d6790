"""Validated, plain-data plot specifications.

:func:`parse_plot_spec` turns figure options (strings from a directive, or
Python values from a notebook) and a list of trajectory mappings (as parsed
from YAML) into a frozen :class:`PlotSpec`.  Every problem raises
:class:`SpecError` naming the option or field and the trajectory.

:meth:`PlotSpec.normalised` resolves every default (window, start points,
optimizer parameters, labels) into plain JSON data, and
:meth:`PlotSpec.cache_key` hashes it (sha256) together with a version string.
Options that do not change the image (``width``, ``alt``) are left out of the
key.  :func:`describe_alt` writes the alt text.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .formula import FormulaError
from .optimizers import DEFAULT_LR, OPTIMIZERS, OptimizerError, validate_params
from .schedules import Schedule, ScheduleError, parse_schedule
from .spec_values import (
    SpecError,
    to_bool,
    to_choice,
    to_float,
    to_floats,
    to_int,
    to_points,
    to_window,
)
from .surfaces import Surface, get_surface
from .trajectory import TrajectoryResult, default_start

__all__ = ["PLOT_OPTIONS", "PlotSpec", "SpecError", "TrajectorySpec", "describe_alt"]
__all__ += ["RENDER_VERSION", "parse_plot_spec", "parse_trajectory"]

RENDER_VERSION = "2"
"""Bumped whenever the look of the figures changes (include it in cache keys).

Kept here, not in :mod:`.render`, so that cache keys need no matplotlib import."""

Point = tuple[float, float]
Window = tuple[float, float]

VIEWS = ("contour", "surface", "both")
PLOT_OPTIONS: tuple[str, ...] = (
    "surface",
    "xlim",
    "ylim",
    "levels",
    "view",
    "width",
    "alt",
    "seed",
    "sharpness",
    "colorbar",
    "critical-points",
    "times",
    "grid",
)
"""Figure option names (``-`` and ``_`` are interchangeable)."""
TRAJECTORY_FIELDS = ("optimizer", "lr", "steps", "start", "label", "schedule", "params")
"""Trajectory fields; any other key is taken as an optimizer parameter."""


@dataclass(frozen=True)
class TrajectorySpec:
    """One optimizer run (or several, one per start point)."""

    optimizer: str
    lr: float = 0.01
    steps: int = 100
    start: tuple[Point, ...] = ()
    """Start points; empty means :func:`~.trajectory.default_start`."""
    label: str = ""
    schedule: Schedule = field(default_factory=Schedule)
    params: Mapping[str, float | int | str] = field(default_factory=dict)
    """Validated optimizer parameters, defaults filled in."""

    def normalised(self, xlim: Window, ylim: Window) -> dict[str, object]:
        """Return plain data with defaults resolved."""
        starts = self.start or (default_start(xlim, ylim),)
        return {
            "optimizer": self.optimizer,
            "lr": self.lr,
            "steps": self.steps,
            "start": [list(p) for p in starts],
            "label": self.label or self.optimizer,
            "schedule": self.schedule.to_dict(),
            "params": {k: self.params[k] for k in sorted(self.params)},
        }


@dataclass(frozen=True)
class PlotSpec:
    """A complete figure: surface, window, view options and trajectories."""

    surface: str = "rosenbrock"
    """A preset name or a formula."""
    xlim: Window | None = None
    ylim: Window | None = None
    levels: int = 30
    view: str = "contour"
    width: str | None = None
    alt: str | None = None
    seed: int = 0
    sharpness: bool = False
    colorbar: bool = False
    critical_points: bool = True
    times: tuple[float, ...] = ()
    """Times for small multiples of a moving (t-dependent) surface."""
    grid: int = 200
    """Grid resolution (points per axis) for contours and critical points."""
    trajectories: tuple[TrajectorySpec, ...] = ()

    def get_surface(self) -> Surface:
        """Return the :class:`~.surfaces.Surface` object."""
        return get_surface(self.surface)

    def window(self) -> tuple[Window, Window]:
        """Return ``(xlim, ylim)`` with the surface defaults filled in."""
        surface = self.get_surface()
        return self.xlim or surface.xlim, self.ylim or surface.ylim

    def normalised(self) -> dict[str, object]:
        """Return plain JSON-able data with every default resolved."""
        surface = self.get_surface()
        xlim, ylim = self.window()
        return {
            "surface": surface.name if surface.is_preset else surface.formula.canonical,
            "xlim": list(xlim),
            "ylim": list(ylim),
            "levels": self.levels,
            "view": self.view,
            "width": self.width,
            "alt": self.alt,
            "seed": self.seed,
            "sharpness": self.sharpness,
            "colorbar": self.colorbar,
            "critical_points": self.critical_points,
            "times": list(self.times),
            "grid": self.grid,
            "trajectories": [tr.normalised(xlim, ylim) for tr in self.trajectories],
        }

    def cache_key(self, version: str) -> str:
        """Return the sha256 hex digest of the normalised spec and ``version``.

        ``width`` and ``alt`` are left out: they do not change the image.
        """
        data = self.normalised()
        del data["width"], data["alt"]
        text = json.dumps(
            {"version": version, "spec": data},
            sort_keys=True,
            separators=(",", ":"),
            ensure_ascii=True,
            allow_nan=False,
        )
        return hashlib.sha256(text.encode("ascii")).hexdigest()


def _key(name: object) -> str:
    return str(name).strip().lower().replace("-", "_")


def parse_trajectory(data: object, index: int = 0) -> TrajectorySpec:
    """Validate one trajectory mapping (``index`` is used in error messages)."""
    if not isinstance(data, Mapping):
        raise SpecError("expected a mapping with at least 'optimizer'", index=index)
    fields = {_key(k): v for k, v in data.items()}
    try:
        if "optimizer" not in fields:
            raise SpecError("is required", "optimizer")
        name = str(fields.pop("optimizer")).strip().lower()
        if name not in OPTIMIZERS:
            allowed = ", ".join(OPTIMIZERS)
            raise SpecError(f"unknown optimizer {name!r} (allowed: {allowed})", "optimizer")
        lr = DEFAULT_LR.get(name, 0.01)
        if "lr" in fields:
            lr = to_float("lr", fields.pop("lr"), positive=True)
        steps = to_int("steps", fields.pop("steps"), 1, 10_000) if "steps" in fields else 100
        start = to_points("start", fields.pop("start")) if "start" in fields else ()
        label = str(fields.pop("label", "") or "").strip()
        try:
            schedule = parse_schedule(fields.pop("schedule", None))
        except ScheduleError as exc:
            raise SpecError(str(exc), "schedule") from None
        params = fields.pop("params", None) or {}
        if not isinstance(params, Mapping):
            raise SpecError(f"expected a mapping, got {params!r}", "params")
        merged = {_key(k): v for k, v in params.items()}
        merged.update(fields)  # remaining keys are optimizer parameters
        try:
            valid = validate_params(name, merged)
        except OptimizerError as exc:
            fields_list = ", ".join(TRAJECTORY_FIELDS)
            raise SpecError(f"{exc}; trajectory fields are {fields_list}", "params") from None
    except SpecError as exc:
        raise SpecError(exc.message, exc.option, index) from None
    return TrajectorySpec(name, lr, steps, start, label, schedule, valid)


def _default_labels(trajectories: list[TrajectorySpec]) -> list[TrajectorySpec]:
    """Give unlabelled runs a label; disambiguate runs of the same optimizer."""
    result = []
    for tr in trajectories:
        if not tr.label:
            label = tr.optimizer
            same = [o for o in trajectories if o.optimizer == tr.optimizer]
            if len(same) > 1:
                extras = []
                if len({o.lr for o in same}) > 1:
                    extras.append(f"\u03b7={tr.lr:g}")
                defaults = validate_params(tr.optimizer, {})
                extras += [
                    f"{k}={v:g}" if not isinstance(v, str) else f"{k}={v}"
                    for k, v in sorted(tr.params.items())
                    if defaults.get(k) != v
                ]
                if tr.schedule.kind != "constant":
                    extras.append(tr.schedule.kind)
                label = f"{label} ({', '.join(extras)})" if extras else label
            tr = TrajectorySpec(
                tr.optimizer, tr.lr, tr.steps, tr.start, label, tr.schedule, tr.params
            )
        result.append(tr)
    return result


def parse_plot_spec(options: Mapping[str, object], trajectories: Sequence[object] = ()) -> PlotSpec:
    """Build a :class:`PlotSpec` from raw options and trajectory mappings."""
    opts = {_key(k): v for k, v in options.items()}
    allowed = {_key(name) for name in PLOT_OPTIONS}
    for name in opts:
        if name not in allowed:
            raise SpecError(f"unknown option (allowed: {', '.join(PLOT_OPTIONS)})", name)
    surface = str(opts.get("surface") or "rosenbrock").strip()
    try:
        surf = get_surface(surface)
    except FormulaError as exc:
        raise SpecError(str(exc), "surface") from None
    view = to_choice("view", opts.get("view") or "contour", VIEWS)
    times = to_floats("times", opts["times"], 1, 12) if opts.get("times") is not None else ()
    if times and not surf.formula.uses_time:
        raise SpecError("the surface does not depend on t", "times")
    if times and view == "both":
        raise SpecError("view 'both' cannot be combined with times", "view")
    width = opts.get("width")
    alt = opts.get("alt")
    specs = [parse_trajectory(tr, i) for i, tr in enumerate(trajectories)]

    def flag(name: str, default: bool) -> bool:
        return to_bool(name, opts[name]) if name in opts else default

    return PlotSpec(
        surface=surface,
        xlim=to_window("xlim", opts["xlim"]) if opts.get("xlim") is not None else None,
        ylim=to_window("ylim", opts["ylim"]) if opts.get("ylim") is not None else None,
        levels=to_int("levels", opts["levels"], 2, 200) if opts.get("levels") else 30,
        view=view,
        width=None if width is None else str(width),
        alt=None if alt is None else str(alt),
        seed=to_int("seed", opts["seed"], 0, 2**32 - 1) if opts.get("seed") is not None else 0,
        sharpness=flag("sharpness", False),
        colorbar=flag("colorbar", False),
        critical_points=flag("critical_points", True),
        times=times,
        grid=to_int("grid", opts["grid"], 10, 1000) if opts.get("grid") else 200,
        trajectories=tuple(_default_labels(specs)),
    )


def _num(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    text = "0" if text in ("-0", "") else text
    return text.replace("-", "\u2212")


def _steps(n: int) -> str:
    return f"{n} step" if n == 1 else f"{n} steps"


def _point(p: Sequence[float]) -> str:
    return f"({_num(float(p[0]))}, {_num(float(p[1]))})"


def describe_alt(spec: PlotSpec, results: Sequence[TrajectoryResult]) -> str:
    """Describe the figure for its alt text (``spec.alt`` wins when given).

    For example ``Contour plot of rosenbrock; sgd from (-1.5, 2) ends near
    (0.97, 0.94) after 200 steps`` (negative numbers use the unicode minus).
    """
    if spec.alt:
        return spec.alt
    surface = spec.get_surface()
    name = surface.name if surface.is_preset else f"f(x, y) = {surface.formula.text.strip()}"
    view = {"contour": "Contour plot", "surface": "3-D surface plot"}.get(
        spec.view, "Contour and 3-D surface plot"
    )
    parts = [f"{view} of {name}"]
    for res in results:
        if res.diverged:
            text = f"{res.label} from {_point(res.start)} diverges after {_steps(res.steps)}"
        elif res.restarts:
            n = len(res.restarts)
            text = (
                f"{res.label} from {_point(res.start)} finds its best point near "
                f"{_point(res.end)} in {_steps(res.steps)} with {n} restart{'s' if n > 1 else ''}"
            )
        else:
            text = f"{res.label} from {_point(res.start)} ends near {_point(res.end)}"
            text += f" after {_steps(res.steps)}"
        parts.append(text)
    if spec.times:
        parts.append("shown at t = " + ", ".join(_num(t) for t in spec.times))
    return "; ".join(parts)
