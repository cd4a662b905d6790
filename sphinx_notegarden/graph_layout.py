"""Deterministic layouts of the note graph (numpy only, no randomness).

:func:`spring_layout` is Fruchterman-Reingold with a fixed start: each node starts on a
spiral in the order of its docname, so the same notes and links always give the same
picture. Dense pairwise repulsion is O(N^2) per step; above a few hundred notes it is
computed against an evenly spaced sample of nodes, and the number of steps is cut.

:func:`radial_layout` draws a neighbourhood (a local graph): the centre note in the
middle, the notes one link away on a ring around it, two links away on the next ring,
each ring ordered by the position of the note that reached it. It costs O(nodes).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
#: Above this many notes, repulsion is computed against a sample of this size.
SAMPLE = 256


def _spiral(count: int) -> FloatArray:
    golden = math.pi * (3 - math.sqrt(5))
    index = np.arange(count, dtype=np.float64)
    radius = np.sqrt((index + 0.5) / count)
    return np.column_stack((radius * np.cos(index * golden), radius * np.sin(index * golden)))


def _normalise(positions: FloatArray) -> FloatArray:
    """Scale *positions* into the unit square, rounded so that cached copies are exact."""
    low, high = positions.min(axis=0), positions.max(axis=0)
    span = np.where(high - low > 1e-9, high - low, 1.0)
    result: FloatArray = np.round((positions - low) / span, 6)
    return result


def spring_layout(
    count: int, edges: Sequence[tuple[int, int]], *, iterations: int = 120
) -> FloatArray:
    """Return ``count`` positions in the unit square for a graph with *edges*."""
    if count == 0:
        return np.zeros((0, 2))
    if count == 1:
        return np.array([[0.5, 0.5]])
    positions = _spiral(count)
    k = math.sqrt(1.0 / count)
    # Each step is O(N * sample): keep the whole layout near a fixed budget of pair
    # updates, with fewer, larger steps for big gardens.
    steps = min(iterations, max(30, iterations * 300 // count))
    source = np.array([a for a, _ in edges], dtype=np.int64)
    target = np.array([b for _, b in edges], dtype=np.int64)
    temperature = 0.1
    cooling = 0.97 ** (iterations / steps)
    stride = max(1, count // SAMPLE)
    own = np.arange(0, count, stride)  # node i * stride is anchor i: no force on itself
    scale = count / len(own)
    for _ in range(steps):
        x, y = positions[:, 0], positions[:, 1]
        # x and y apart (not an (N, S, 2) array): half the memory traffic per step.
        dx = x[:, None] - x[None, ::stride]
        dy = y[:, None] - y[None, ::stride]
        weight = dx * dx
        weight += dy * dy
        np.maximum(weight, 1e-12, out=weight)
        np.divide(k * k, weight, out=weight)
        weight[own, np.arange(len(own))] = 0.0
        displacement = (
            np.column_stack(((dx * weight).sum(axis=1), (dy * weight).sum(axis=1))) * scale
        )
        if source.size:
            pull = positions[source] - positions[target]
            length = np.hypot(pull[:, 0], pull[:, 1])[:, None]
            force = pull * length / k
            np.subtract.at(displacement, source, force)
            np.add.at(displacement, target, force)
        size = np.maximum(np.hypot(displacement[:, 0], displacement[:, 1]), 1e-9)[:, None]
        positions += displacement / size * np.minimum(size, temperature)
        positions -= positions.mean(axis=0)  # gravity-free centring keeps it in view
        temperature *= cooling
    return _normalise(positions)


def radial_layout(levels: Sequence[int], parents: Sequence[int]) -> FloatArray:
    """Return unit-square positions for a neighbourhood drawn in rings.

    ``levels[i]`` is node *i*'s distance from the centre (node 0, level 0);
    ``parents[i]`` the node through which it was reached (any value for node 0).
    Nodes must be given level by level.
    """
    count = len(levels)
    if count == 0:
        return np.zeros((0, 2))
    angles = [0.0] * count
    radii = [0.0] * count
    deepest = max(levels)
    by_level: dict[int, list[int]] = {}
    for index in range(1, count):
        by_level.setdefault(levels[index], []).append(index)
    for level in sorted(by_level):
        ring = sorted(by_level[level], key=lambda i: (angles[parents[i]], i))
        # Start the ring on the direction of its first parent, so children sit near it.
        offset = angles[parents[ring[0]]] if level > 1 else -math.pi / 2
        # Two notes evenly spaced would face each other across the centre, and a link
        # between them would cross it: spread a pair over a third of a turn instead.
        step = 2 * math.pi / (3 if len(ring) == 2 else len(ring))
        for position, index in enumerate(ring):
            angles[index] = offset + step * position
            radii[index] = level / max(deepest, 1)
    points = [
        [round(0.5 + 0.5 * r * math.cos(a), 6), round(0.5 + 0.5 * r * math.sin(a), 6)]
        for r, a in zip(radii, angles, strict=True)
    ]
    return np.array(points)
