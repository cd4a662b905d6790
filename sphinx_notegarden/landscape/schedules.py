"""Learning-rate schedules.

A schedule gives the learning rate at step ``i`` (0-based) of a run of
``steps`` steps with base rate ``lr``:

``constant``
    ``lr``.
``step``
    ``lr * gamma ** (i // every)`` (defaults: ``every = steps // 3``, ``gamma = 0.5``).
``cosine``
    ``min_lr + (lr - min_lr) * (1 + cos(pi * i / steps)) / 2`` (default ``min_lr = 0``).
``spike``
    ``lr``, except ``lr * factor`` for ``duration`` steps starting at step ``at``:
    the "crisis" (defaults: ``at = steps // 2``, ``factor = 10``, ``duration = 5``).

A schedule is given as a name (``"cosine"``) or a mapping with a ``kind`` (or
``name``) key plus parameters, e.g. ``{"kind": "step", "every": 50}``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass

__all__ = ["SCHEDULES", "Schedule", "ScheduleError", "parse_schedule"]


class ScheduleError(ValueError):
    """An invalid learning-rate schedule."""


SCHEDULES: dict[str, tuple[str, ...]] = {
    "constant": (),
    "step": ("every", "gamma"),
    "cosine": ("min_lr",),
    "spike": ("at", "factor", "duration"),
}
"""Schedule kinds and the parameters each accepts."""

_INT_PARAMS = frozenset({"every", "at", "duration"})


@dataclass(frozen=True)
class Schedule:
    """A learning-rate schedule; ``None`` parameters take defaults from the run length."""

    kind: str = "constant"
    every: int | None = None
    gamma: float = 0.5
    min_lr: float = 0.0
    at: int | None = None
    factor: float = 10.0
    duration: int = 5

    def lr(self, base: float, step: int, steps: int) -> float:
        """Return the learning rate at 0-based ``step`` of a ``steps``-step run."""
        if self.kind == "step":
            every = self.every if self.every is not None else max(1, steps // 3)
            return base * self.gamma ** (step // every)
        if self.kind == "cosine":
            progress = step / steps if steps > 0 else 0.0
            return self.min_lr + (base - self.min_lr) * 0.5 * (1.0 + math.cos(math.pi * progress))
        if self.kind == "spike":
            at = self.at if self.at is not None else steps // 2
            return base * self.factor if at <= step < at + self.duration else base
        return base

    def to_dict(self) -> dict[str, object]:
        """Return the kind and its relevant parameters (for normalised specs)."""
        data = asdict(self)
        return {"kind": self.kind, **{k: data[k] for k in SCHEDULES[self.kind]}}


def _number(kind: str, key: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ScheduleError(f"schedule {kind!r}: {key} must be a number, got {value!r}")
    try:
        number = float(value)
    except ValueError:
        raise ScheduleError(f"schedule {kind!r}: {key} must be a number, got {value!r}") from None
    if not math.isfinite(number):
        raise ScheduleError(f"schedule {kind!r}: {key} must be finite")
    if key in _INT_PARAMS:
        if number != int(number) or number < (1 if key != "at" else 0):
            lowest = "a positive" if key != "at" else "a non-negative"
            raise ScheduleError(f"schedule {kind!r}: {key} must be {lowest} integer")
    elif number < 0:
        raise ScheduleError(f"schedule {kind!r}: {key} must not be negative")
    return number


def parse_schedule(value: object) -> Schedule:
    """Build a :class:`Schedule` from ``None``, a kind name or a mapping."""
    if value is None or isinstance(value, Schedule):
        return value if isinstance(value, Schedule) else Schedule()
    if isinstance(value, str):
        params: dict[str, object] = {"kind": value}
    elif isinstance(value, Mapping):
        params = {str(k): v for k, v in value.items()}
        if "name" in params and "kind" not in params:
            params["kind"] = params.pop("name")
    else:
        raise ScheduleError(f"schedule must be a name or a mapping, got {value!r}")
    kind = str(params.pop("kind", "constant")).strip().lower()
    if kind not in SCHEDULES:
        raise ScheduleError(f"unknown schedule {kind!r} (allowed: {', '.join(SCHEDULES)})")
    allowed = SCHEDULES[kind]
    values: dict[str, float | int] = {}
    for key, raw in params.items():
        if key not in allowed:
            names = ", ".join(allowed) if allowed else "none"
            raise ScheduleError(
                f"unknown parameter {key!r} for schedule {kind!r} (allowed: {names})"
            )
        number = _number(kind, key, raw)
        values[key] = int(number) if key in _INT_PARAMS else number
    every, at = values.get("every"), values.get("at")
    return Schedule(
        kind=kind,
        every=None if every is None else int(every),
        gamma=float(values.get("gamma", 0.5)),
        min_lr=float(values.get("min_lr", 0.0)),
        at=None if at is None else int(at),
        factor=float(values.get("factor", 10.0)),
        duration=int(values.get("duration", 5)),
    )
