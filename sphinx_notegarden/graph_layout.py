"""A deterministic force-directed layout of the note graph (numpy only, no randomness).

Fruchterman-Reingold with a fixed start: each node starts on a spiral in the order of
its docname, so the same notes and links always give the same picture. Dense
pairwise repulsion is O(N^2) per step; above a few hundred notes the number of steps
is cut (and the cooling sped up) so the layout stays within a fraction of the build.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
#: Above this many notes, repulsion is computed against a sample of this size.
SAMPLE = 400


def spring_layout(
    count: int, edges: Sequence[tuple[int, int]], *, iterations: int = 120
) -> FloatArray:
    """Return ``count`` positions in the unit square for a graph with *edges*."""
    if count == 0:
        return np.zeros((0, 2))
    if count == 1:
        return np.array([[0.5, 0.5]])
    golden = math.pi * (3 - math.sqrt(5))
    index = np.arange(count, dtype=np.float64)
    radius = np.sqrt((index + 0.5) / count)
    positions = np.column_stack((radius * np.cos(index * golden), radius * np.sin(index * golden)))
    k = math.sqrt(1.0 / count)
    # Each step is O(N^2): keep the whole layout near a fixed budget of pair updates
    # (about a second here at 1,000 notes), with fewer, larger steps for big gardens.
    steps = min(iterations, max(30, iterations * 300 // count))
    source = np.array([a for a, _ in edges], dtype=np.int64)
    target = np.array([b for _, b in edges], dtype=np.int64)
    temperature = 0.1
    cooling = 0.97 ** (iterations / steps)
    # Large gardens: repel from an evenly spaced sample of nodes, scaled up, so a step
    # costs O(N * SAMPLE) instead of O(N^2) (and memory stays small).
    stride = max(1, count // SAMPLE)
    for _ in range(steps):
        anchors = positions[::stride]
        delta = positions[:, None, :] - anchors[None, :, :]
        distance = np.maximum(np.hypot(delta[..., 0], delta[..., 1]), 1e-6)
        repulse = (k * k / distance**2)[..., None] * delta
        displacement = repulse.sum(axis=1) * (count / len(anchors))
        if source.size:
            pull = positions[source] - positions[target]
            length = np.maximum(np.hypot(pull[:, 0], pull[:, 1]), 1e-6)[:, None]
            force = pull * length / k
            np.subtract.at(displacement, source, force)
            np.add.at(displacement, target, force)
        size = np.maximum(np.hypot(displacement[:, 0], displacement[:, 1]), 1e-9)[:, None]
        positions += displacement / size * np.minimum(size, temperature)
        positions -= positions.mean(axis=0)  # gravity-free centring keeps it in view
        temperature *= cooling
    low, high = positions.min(axis=0), positions.max(axis=0)
    span = np.where(high - low > 1e-9, high - low, 1.0)
    result: FloatArray = np.round((positions - low) / span, 6)
    return result
