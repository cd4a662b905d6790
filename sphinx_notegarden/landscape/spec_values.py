"""Coercion of raw option values (strings from directives, or Python values).

Each helper raises :class:`SpecError` naming the option or field.  Strings are
accepted everywhere a number or list is expected, so the same code serves
directive options (``":xlim: -2, 2"``), YAML trajectory fields and keyword
arguments from notebooks (``xlim=(-2, 2)``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

__all__ = ["SpecError", "to_bool", "to_choice", "to_float", "to_floats", "to_int", "to_points"]
__all__ += ["to_window"]

Point = tuple[float, float]

_TRUE = frozenset({"", "true", "yes", "on", "1"})
_FALSE = frozenset({"false", "no", "off", "0"})
_SPLIT = re.compile(r"[\s,;]+")


class SpecError(ValueError):
    """An invalid plot option or trajectory field.

    ``message`` is the bare explanation, ``option`` names the option or field,
    ``index`` is the 0-based trajectory index (``None`` for figure options);
    ``str()`` says all three in words, e.g. ``trajectory 2: field 'lr': ...``.
    """

    def __init__(self, message: str, option: str | None = None, index: int | None = None) -> None:
        self.message = message
        self.option = option
        self.index = index
        where = ""
        if index is not None:
            where = f"trajectory {index + 1}: "
        if option is not None:
            kind = "field" if index is not None else "option"
            where += f"{kind} {option!r}: "
        super().__init__(where + message)


def _fail(option: str, message: str) -> SpecError:
    return SpecError(message, option)


def to_float(option: str, value: object, *, positive: bool = False) -> float:
    """Coerce to a finite float (strictly positive when ``positive``)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise _fail(option, f"expected a number, got {value!r}")
    try:
        number = float(value.replace("\u2212", "-") if isinstance(value, str) else value)
    except (ValueError, OverflowError):
        raise _fail(option, f"expected a number, got {value!r}") from None
    if not math.isfinite(number):
        raise _fail(option, f"expected a finite number, got {value!r}")
    if positive and number <= 0:
        raise _fail(option, f"expected a positive number, got {value!r}")
    return number


def to_int(option: str, value: object, low: int, high: int) -> int:
    """Coerce to an integer in ``[low, high]`` (``"5"`` and ``5.0`` are accepted)."""
    number = to_float(option, value)
    if number != int(number) or not low <= number <= high:
        raise _fail(option, f"expected an integer from {low} to {high}, got {value!r}")
    return int(number)


def to_bool(option: str, value: object) -> bool:
    """Coerce a flag: ``None`` and ``""`` (a bare directive flag) mean true."""
    if value is None or isinstance(value, bool):
        return value is None or bool(value)
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise _fail(option, f"expected true or false, got {value!r}")


def to_choice(option: str, value: object, choices: Sequence[str]) -> str:
    """Coerce to one of ``choices`` (case-insensitive)."""
    text = str(value).strip().lower()
    if text not in choices:
        raise _fail(option, f"expected one of {', '.join(choices)}, got {value!r}")
    return text


def _items(value: object) -> list[object]:
    if isinstance(value, str):
        text = value.replace("\u2212", "-").strip().strip("[]()")
        return [part for part in _SPLIT.split(text.replace("(", " ").replace(")", " ")) if part]
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


def to_floats(option: str, value: object, low: int, high: int) -> tuple[float, ...]:
    """Coerce to between ``low`` and ``high`` numbers from ``"0, 0.5, 1"`` or a sequence."""
    items = _items(value)
    if not low <= len(items) <= high:
        count = f"{low}" if low == high else f"{low} to {high}"
        raise _fail(option, f"expected {count} numbers, got {value!r}")
    return tuple(to_float(option, item) for item in items)


def to_window(option: str, value: object) -> tuple[float, float]:
    """Coerce to an interval ``(a, b)`` with ``a < b`` from ``"-2, 2"`` or a pair."""
    a, b = to_floats(option, value, 2, 2)
    if not a < b:
        raise _fail(option, f"expected two increasing numbers like '-2, 2', got {value!r}")
    return a, b


def to_points(option: str, value: object, limit: int = 20) -> tuple[Point, ...]:
    """Coerce to points from ``[x, y]``, ``[[x, y], ...]``, ``"x, y"`` or ``"(x, y); (x, y)"``."""
    if isinstance(value, (list, tuple)) and value and isinstance(value[0], (list, tuple, str)):
        pairs = [to_floats(option, item, 2, 2) for item in value]
    else:
        numbers = to_floats(option, value, 2, 2 * limit)
        if len(numbers) % 2:
            raise _fail(option, f"expected pairs of numbers (x, y), got {value!r}")
        pairs = [numbers[i : i + 2] for i in range(0, len(numbers), 2)]
    if not 1 <= len(pairs) <= limit:
        raise _fail(option, f"expected 1 to {limit} start points, got {len(pairs)}")
    return tuple((p[0], p[1]) for p in pairs)
