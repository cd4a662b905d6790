"""A graph picture as an image file (PDF for LaTeX, PNG elsewhere), drawn with matplotlib.

Deterministic: no dates or producer in the metadata, a fixed ``svg.hashsalt``, and
titles drawn as plain text (never as mathtext, so ``$`` in a title is a dollar).
Files are named after a hash of what they show and rendered only when missing.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from .graph_data import Subgraph, digest_of
from .graph_draw import short
from .graph_layout import FloatArray

IMAGE_VERSION = 1
_METADATA: dict[str, dict[str, Any]] = {
    "pdf": {"CreationDate": None, "ModDate": None, "Producer": None, "Creator": None},
    "png": {"Software": None},
}
_RC: dict[str, Any] = {
    "svg.hashsalt": "sphinx-notegarden",
    "pdf.fonttype": 42,
    "font.size": 7,
    "text.usetex": False,
}
NOTE, ROOT, MISSING, EDGE = "#0072B2", "#D55E00", "#888888", "#999999"


def image_bytes(subgraph: Subgraph, positions: FloatArray, fmt: str) -> bytes:
    """Return the picture of *subgraph* as *fmt* (``pdf`` or ``png``) file bytes."""
    import matplotlib as mpl
    from matplotlib.figure import Figure  # no pyplot: no global figure state, no GUI

    with mpl.rc_context(_RC):  # type: ignore[arg-type]
        side = 4.5 if subgraph.centred else 6.0
        figure = Figure(figsize=(side, side if subgraph.centred else side * 0.75))
        axes = figure.add_axes((0.02, 0.02, 0.96, 0.96))
        axes.set_axis_off()
        axes.set_xlim(-0.15, 1.15)
        axes.set_ylim(1.12, -0.1)  # y grows downwards, as in the SVG
        for a, b in subgraph.pairs:
            (x1, y1), (x2, y2) = positions[a], positions[b]
            axes.plot([x1, x2], [y1, y2], color=EDGE, linewidth=0.6, zorder=1)
        labels = len(subgraph.names) <= 80
        for index, (x, y) in enumerate(positions):
            missing = subgraph.is_missing(index)
            root = subgraph.centred and index == 0
            colour = ROOT if root else NOTE
            axes.scatter(
                [x],
                [y],
                s=60 if root else 24,
                facecolors="none" if missing else colour,
                edgecolors=MISSING if missing else "white",
                linestyle="--" if missing else "-",
                linewidths=0.8,
                zorder=2,
            )
            if labels:
                axes.text(
                    x,
                    y - 0.04,
                    short(subgraph.titles[index]),
                    ha="center",
                    va="bottom",
                    color=MISSING if missing else "#222222",
                    parse_math=False,
                    zorder=3,
                )
        buffer = io.BytesIO()
        options: dict[str, Any] = {"dpi": 150} if fmt == "png" else {}
        figure.savefig(buffer, format=fmt, metadata=_METADATA[fmt], **options)
    return buffer.getvalue()


def image_file(subgraph: Subgraph, positions: FloatArray, folder: Path, fmt: str) -> Path:
    """Return the image file of *subgraph* in *folder*, rendering it when it is missing."""
    key = digest_of([IMAGE_VERSION, subgraph.digest()])
    path = folder / f"graph-{key}.{fmt}"
    if not path.is_file():
        data = image_bytes(subgraph, positions, fmt)
        folder.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.tmp")
        temporary.write_bytes(data)
        temporary.replace(path)
    return path
