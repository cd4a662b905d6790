"""Tests for matplotlib rendering (small grids and few steps, to stay fast)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.image import imread

from sphinx_notegarden.landscape import render
from sphinx_notegarden.landscape.render import (
    RenderInfo,
    build_figure,
    choose_html_format,
    plot,
    render_bytes,
    render_plot,
)
from sphinx_notegarden.landscape.spec import PlotSpec, parse_plot_spec

MAGIC = {"svg": b"<svg", "png": b"\x89PNG", "pdf": b"%PDF"}


def _spec(**options: Any) -> PlotSpec:
    trajectories = options.pop(
        "trajectories",
        [
            {"optimizer": "gd", "lr": 0.05, "start": "1.8, 1", "steps": 15},
            {"optimizer": "momentum", "lr": 0.05, "start": "1.8, 1", "steps": 15},
        ],
    )
    return parse_plot_spec({"surface": "double-well", "grid": "30", **options}, trajectories)


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    render._CACHE.clear()


@pytest.mark.parametrize("fmt", ["svg", "png", "pdf"])
def test_render_formats_write_files_atomically(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / "out" / f"plot.{fmt}"
    info = render_plot(_spec(), path, fmt)  # type: ignore[arg-type]
    assert isinstance(info, RenderInfo)
    data = path.read_bytes()
    assert MAGIC[fmt] in data[:200]
    assert info.size == len(data) and info.path == path and info.fmt == fmt
    assert [p.name for p in path.parent.iterdir()] == [f"plot.{fmt}"]  # no temp files left
    assert info.alt.startswith("Contour plot of double-well; gd from (1.8, 1) ends near")
    assert len(info.results) == 2
    assert [p.kind for p in info.critical_points] == ["minimum", "minimum", "saddle"]


@pytest.mark.parametrize("fmt", ["svg", "png", "pdf"])
def test_renders_are_byte_identical(tmp_path: Path, fmt: str) -> None:
    spec = _spec(trajectories=[{"optimizer": "sgd", "lr": 0.05, "steps": 10}], sharpness=True)
    render_plot(spec, tmp_path / f"a.{fmt}", fmt)  # type: ignore[arg-type]
    render._CACHE.clear()
    render_plot(spec, tmp_path / f"b.{fmt}", fmt)  # type: ignore[arg-type]
    first, second = (tmp_path / f"a.{fmt}").read_bytes(), (tmp_path / f"b.{fmt}").read_bytes()
    assert first == second
    for marker in (b"CreationDate", b"Software", b"<dc:date>", b"Matplotlib v"):
        assert marker not in first


def test_dark_variant_is_transparent_and_differs(tmp_path: Path) -> None:
    spec = _spec()
    render_plot(spec, tmp_path / "light.png", "png")
    render_plot(spec, tmp_path / "dark.png", "png", dark=True)
    light, dark = imread(tmp_path / "light.png"), imread(tmp_path / "dark.png")
    assert light.shape == dark.shape
    assert float(light[..., 3].min()) == 1.0  # opaque white background
    assert float(dark[..., 3].min()) == 0.0  # transparent background
    svg = render_bytes(spec, "svg", dark=True)[0]
    assert b"#e6e6e6" in svg  # light text


def test_page_width_figure_and_readable_fonts() -> None:
    with render._style(False):
        fig, results, _ = build_figure(_spec(sharpness=True, colorbar=True))
        assert tuple(fig.get_size_inches()) == (7.0, 4.5)
        texts = [t for ax in fig.axes for t in ax.texts]
        assert len(texts) == 2 and all("tr H = " in t.get_text() for t in texts)
        assert all(float(t.get_fontsize()) >= 9 for t in texts)
        labels = [t.get_text() for legend in fig.legends for t in legend.get_texts()]
        assert labels == ["gd", "momentum", "minimum", "saddle"]
        assert all(
            float(t.get_fontsize()) >= 9 for legend in fig.legends for t in legend.get_texts()
        )
        assert len(fig.axes) == 2  # plot and colour bar
    assert len(results) == 2


def test_diverged_runs_are_flagged_in_the_legend() -> None:
    spec = _spec(
        trajectories=[
            {"optimizer": "gd", "lr": 2.0, "start": "1.8, 1", "steps": 30},
            {"optimizer": "gd", "lr": 0.01, "start": ["1.8, 1", "-1, 1"], "steps": 5},
        ]
    )
    with render._style(False):
        fig, results, _ = build_figure(spec)
    labels = [t.get_text() for legend in fig.legends for t in legend.get_texts()]
    assert labels[0] == "gd (\u03b7=2) (diverged)"
    assert labels[1] == "gd (\u03b7=0.01)"
    assert results[0].diverged and len(results) == 3
    markers = [line.get_marker() for line in fig.axes[0].get_lines()]
    assert "X" in markers and "*" in markers and "v" in markers and "x" in markers


def test_surface_both_and_small_multiples() -> None:
    with render._style(False):
        fig, _, _ = build_figure(_spec(view="surface"))
        assert [ax.name for ax in fig.axes] == ["3d"]
        fig, _, _ = build_figure(_spec(view="both"))
        assert [ax.name for ax in fig.axes] == ["rectilinear", "3d"]
        moving = parse_plot_spec(
            {"surface": "(x - t)^2 + y^2", "times": "0, 0.5, 1", "grid": "20"},
            [{"optimizer": "gd", "lr": 0.1, "start": "0, 0", "steps": 12}],
        )
        fig, results, points = build_figure(moving)
    assert [ax.get_title() for ax in fig.axes] == ["t = 0", "t = 0.5", "t = 1"]
    assert results[0].t_values[-1] == 1.0
    assert [round(p.x, 6) for p in points] == [0.0, 0.5, 1.0]  # minimum found per panel
    # Each panel shows the path up to its time: 1, 7 and 13 points.
    lengths = [np.size(ax.get_lines()[1].get_xdata()) for ax in fig.axes]
    assert lengths == [1, 7, 13]


def test_choose_html_format() -> None:
    assert choose_html_format(_spec(view="surface")) == "png"
    assert choose_html_format(_spec()) == "svg"
    assert choose_html_format(_spec(), max_svg_bytes=1000) == "png"
    assert len(render._CACHE) == 1  # the measured SVG is kept for render_plot


def test_render_reuses_the_measured_svg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = _spec()
    assert choose_html_format(spec) == "svg"

    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("rendered twice")

    monkeypatch.setattr(render, "build_figure", fail)
    render_plot(spec, tmp_path / "x.svg", "svg")


def test_failed_write_leaves_old_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "plot.png"
    target.write_bytes(b"old")

    def broken_replace(self: Path, other: Path) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(Path, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        render_plot(_spec(), target, "png")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["plot.png"]


def test_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown format 'gif'"):
        render_bytes(_spec(), "gif")  # type: ignore[arg-type]


def test_notebook_plot_returns_a_figure() -> None:
    fig = plot(
        "saddle",
        [{"optimizer": "adam", "lr": 0.05, "start": (1.5, 0.01), "steps": 10}],
        grid=25,
        xlim=(-2, 2),
        sharpness=True,
    )
    assert isinstance(fig, Figure)
    assert fig.axes[0].get_xlim() == (-2.0, 2.0)
    assert fig.canvas is not None
    fig.canvas.draw()  # drawable outside the style context


def test_no_pyplot_and_no_sphinx_imported(tmp_path: Path) -> None:
    # The parent package (the Sphinx extension) is stubbed out, so only the
    # imports of sphinx_notegarden.landscape itself are checked.
    package = Path(__file__).parents[2] / "sphinx_notegarden"
    code = textwrap.dedent(
        f"""
        import sys, types
        parent = types.ModuleType("sphinx_notegarden")
        parent.__path__ = [{str(package)!r}]
        sys.modules["sphinx_notegarden"] = parent
        from sphinx_notegarden.landscape import parse_plot_spec, render_plot, plot
        spec = parse_plot_spec({{"surface": "saddle", "grid": "20"}},
                               [{{"optimizer": "sgd", "steps": 5}}])
        render_plot(spec, {str(tmp_path / "p.png")!r}, "png")
        plot("quadratic", grid=20)
        bad = [m for m in sys.modules if m == "matplotlib.pyplot" or m.split(".")[0] == "sphinx"]
        assert not bad, bad
        """
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parents[2])


def test_large_grid_values_are_finite_or_masked() -> None:
    spec = parse_plot_spec({"surface": "log(x)", "grid": "20"}, [])
    with render._style(False):
        fig, _, _ = build_figure(spec)
    assert len(fig.axes) == 1
    assert np.isfinite(fig.axes[0].get_xlim()).all()
