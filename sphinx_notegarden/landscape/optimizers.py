"""Optimizers: update rules, parameters and validation.

Update rules (``lr`` is the scheduled learning rate, ``g`` the gradient at
``theta``, ``xi`` standard normal noise, all vectors in the plane):

``gd``
    ``theta <- theta - lr * g``
``sgd``
    as ``gd`` with the noisy gradient ``g + sigma * xi`` where
    ``sigma = noise / sqrt(batch)`` (defaults noise 1, batch 1)
``momentum``
    ``v <- beta * v + lr * g``, ``theta <- theta - v`` (beta 0.9, ``v`` starts at 0)
``nesterov``
    ``v <- beta * v + lr * g(theta - beta * v)``, ``theta <- theta - v`` (beta 0.9)
``adagrad``
    ``G <- G + g**2``, ``theta <- theta - lr * g / (sqrt(G) + eps)``
``rmsprop``
    ``s <- rho * s + (1 - rho) * g**2``, ``theta <- theta - lr * g / (sqrt(s) + eps)``
    (rho 0.9)
``adam``
    bias-corrected Adam (beta1 0.9, beta2 0.999, eps 1e-8)
``annealing``
    Langevin dynamics: ``theta <- theta - lr * g + sqrt(2 * lr * T) * xi`` with the
    cooling temperature ``T = temperature * decay**k`` at step ``k`` (0.5, 0.98)
``restarts``
    runs ``base`` (default gd, with its parameters) and jumps to a uniformly random
    point of the window every ``every`` steps (0: never) or as soon as a step moves
    less than ``tol`` window widths; the result is the best point seen

All first-order optimizers also accept ``noise`` and ``batch`` (default noise 0
except for sgd).  Randomness comes only from the ``numpy.random.Generator``
passed in, and no numbers are drawn when the noise is zero, so noiseless runs
do not depend on the seed.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

import numpy as np

from .formula_tree import FloatArray

__all__ = ["OPTIMIZERS", "Optimizer", "OptimizerError", "make_optimizer", "validate_params"]

GradFn = Callable[[FloatArray], FloatArray]
Params = dict[str, float | int | str]

_NOISE: Params = {"noise": 0.0, "batch": 1}
OPTIMIZERS: dict[str, Params] = {
    "gd": dict(_NOISE),
    "sgd": {"noise": 1.0, "batch": 1},
    "momentum": {"beta": 0.9, **_NOISE},
    "nesterov": {"beta": 0.9, **_NOISE},
    "adagrad": {"eps": 1e-8, **_NOISE},
    "rmsprop": {"rho": 0.9, "eps": 1e-8, **_NOISE},
    "adam": {"beta1": 0.9, "beta2": 0.999, "eps": 1e-8, **_NOISE},
    "annealing": {"temperature": 0.5, "decay": 0.98, **_NOISE},
    "restarts": {"base": "gd", "every": 0, "tol": 1e-4},
}
"""Optimizer names and their parameters with defaults."""

DEFAULT_LR: dict[str, float] = {"adagrad": 0.5, "rmsprop": 0.02, "adam": 0.05}
"""Default learning rates that differ from 0.01."""

_UNIT = frozenset({"beta", "beta1", "beta2", "rho"})
_POSITIVE = frozenset({"eps", "decay", "batch"})
_INTS = frozenset({"batch", "every"})


class OptimizerError(ValueError):
    """An unknown optimizer or an invalid optimizer parameter."""


def _check_name(name: str) -> str:
    if name not in OPTIMIZERS:
        raise OptimizerError(f"unknown optimizer {name!r} (allowed: {', '.join(OPTIMIZERS)})")
    return name


def _coerce(name: str, key: str, value: object) -> float | int | str:
    if key == "base":
        base = str(value).strip().lower()
        if base not in OPTIMIZERS or base == "restarts":
            allowed = ", ".join(n for n in OPTIMIZERS if n != "restarts")
            raise OptimizerError(f"{name}: unknown base optimizer {value!r} (allowed: {allowed})")
        return base
    try:
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise ValueError
        number = float(value)
    except ValueError:
        raise OptimizerError(f"{name}: {key} must be a number, got {value!r}") from None
    if not math.isfinite(number):
        raise OptimizerError(f"{name}: {key} must be finite, got {value!r}")
    if key in _UNIT and not 0.0 <= number < 1.0:
        raise OptimizerError(f"{name}: {key} must be in [0, 1), got {number:g}")
    if key in _POSITIVE and number <= 0.0:
        raise OptimizerError(f"{name}: {key} must be positive, got {number:g}")
    if number < 0.0:
        raise OptimizerError(f"{name}: {key} must not be negative, got {number:g}")
    if key == "decay" and number > 1.0:
        raise OptimizerError(f"{name}: decay must be at most 1, got {number:g}")
    if key in _INTS:
        if number != int(number):
            raise OptimizerError(f"{name}: {key} must be an integer, got {number:g}")
        return int(number)
    return number


def validate_params(name: str, params: Mapping[str, object]) -> Params:
    """Check ``params`` for optimizer ``name``; return them with defaults filled in.

    For ``restarts`` the parameters of its ``base`` optimizer are accepted too.
    """
    _check_name(name)
    allowed: Params = dict(OPTIMIZERS[name])
    if name == "restarts":
        base = _coerce(name, "base", params.get("base", "gd"))
        allowed = {**OPTIMIZERS[str(base)], **allowed}
    result: Params = dict(allowed)
    for key, value in params.items():
        if key not in allowed:
            raise OptimizerError(
                f"unknown parameter {key!r} for {name} (allowed: {', '.join(sorted(allowed))})"
            )
        result[key] = _coerce(name, key, value)
    return result


class Optimizer:
    """Base class: ``step`` maps θ to the next θ given the gradient function."""

    def __init__(self, params: Params, rng: np.random.Generator) -> None:
        self.params = params
        self.rng = rng
        noise, batch = float(params.get("noise", 0.0)), int(params.get("batch", 1))
        self.sigma = noise / math.sqrt(batch)
        self.restarted = False

    def reset(self) -> None:
        """Forget internal state (velocity, moments...)."""

    def gradient(self, grad_fn: GradFn, theta: FloatArray) -> FloatArray:
        """Return the (possibly noisy) gradient at ``theta``."""
        g = grad_fn(theta)
        if self.sigma > 0.0:
            g = g + self.sigma * self.rng.standard_normal(2)
        return g

    def step(self, theta: FloatArray, grad_fn: GradFn, lr: float, k: int) -> FloatArray:
        """Plain gradient descent; subclasses override."""
        return theta - lr * self.gradient(grad_fn, theta)


class _Momentum(Optimizer):
    def reset(self) -> None:
        self.v = np.zeros(2)

    def step(self, theta: FloatArray, grad_fn: GradFn, lr: float, k: int) -> FloatArray:
        beta = float(self.params["beta"])
        probe = theta - beta * self.v if self.nesterov else theta
        self.v = beta * self.v + lr * self.gradient(grad_fn, probe)
        return theta - self.v

    nesterov = False


class _Nesterov(_Momentum):
    nesterov = True


class _Adaptive(Optimizer):
    """adagrad, rmsprop and adam."""

    def __init__(self, params: Params, rng: np.random.Generator, kind: str) -> None:
        super().__init__(params, rng)
        self.kind = kind

    def reset(self) -> None:
        self.m = np.zeros(2)
        self.s = np.zeros(2)
        self.t = 0

    def step(self, theta: FloatArray, grad_fn: GradFn, lr: float, k: int) -> FloatArray:
        g = self.gradient(grad_fn, theta)
        eps = float(self.params["eps"])
        if self.kind == "adagrad":
            self.s = self.s + g * g
            return theta - lr * g / (np.sqrt(self.s) + eps)
        if self.kind == "rmsprop":
            rho = float(self.params["rho"])
            self.s = rho * self.s + (1.0 - rho) * g * g
            return theta - lr * g / (np.sqrt(self.s) + eps)
        b1, b2 = float(self.params["beta1"]), float(self.params["beta2"])
        self.t += 1
        self.m = b1 * self.m + (1.0 - b1) * g
        self.s = b2 * self.s + (1.0 - b2) * g * g
        m_hat = self.m / (1.0 - b1**self.t)
        s_hat = self.s / (1.0 - b2**self.t)
        return theta - lr * m_hat / (np.sqrt(s_hat) + eps)


class _Annealing(Optimizer):
    def step(self, theta: FloatArray, grad_fn: GradFn, lr: float, k: int) -> FloatArray:
        temperature = float(self.params["temperature"]) * float(self.params["decay"]) ** k
        moved = theta - lr * self.gradient(grad_fn, theta)
        if temperature > 0.0:
            moved = moved + math.sqrt(2.0 * lr * temperature) * self.rng.standard_normal(2)
        return moved


class _Restarts(Optimizer):
    def __init__(self, params: Params, rng: np.random.Generator, window: FloatArray) -> None:
        super().__init__({"noise": 0.0, "batch": 1}, rng)
        self.params = params
        self.window = window
        self.base = make_optimizer(str(params["base"]), params, rng, window)
        self.since = 0

    def reset(self) -> None:
        self.base.reset()
        self.since = 0

    def step(self, theta: FloatArray, grad_fn: GradFn, lr: float, k: int) -> FloatArray:
        every, tol = int(self.params["every"]), float(self.params["tol"])
        width = float(np.max(self.window[:, 1] - self.window[:, 0]))
        new = self.base.step(theta, grad_fn, lr, k)
        self.since += 1
        converged = bool(np.all(np.isfinite(new))) and np.hypot(*(new - theta)) < tol * width
        self.restarted = (every > 0 and self.since >= every) or converged
        if self.restarted:
            self.reset()
            return self.rng.uniform(self.window[:, 0], self.window[:, 1])
        return new


def make_optimizer(
    name: str, params: Params, rng: np.random.Generator, window: FloatArray
) -> Optimizer:
    """Create a fresh optimizer for validated ``params``; ``window`` is ``[[x0, x1], [y0, y1]]``."""
    optimizer: Optimizer
    if name in ("gd", "sgd"):
        optimizer = Optimizer(params, rng)
    elif name == "momentum":
        optimizer = _Momentum(params, rng)
    elif name == "nesterov":
        optimizer = _Nesterov(params, rng)
    elif name in ("adagrad", "rmsprop", "adam"):
        optimizer = _Adaptive(params, rng, name)
    elif name == "annealing":
        optimizer = _Annealing(params, rng)
    elif name == "restarts":
        optimizer = _Restarts(params, rng, window)
    else:
        raise OptimizerError(f"unknown optimizer {name!r} (allowed: {', '.join(OPTIMIZERS)})")
    optimizer.reset()
    return optimizer
