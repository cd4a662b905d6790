"""The landscape-plot directive through real builds: options, errors, builders, cache."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from sphinx_notegarden.landscape import sphinx_output
from sphinx_notegarden.landscape.directive import setup_landscape
from sphinx_notegarden.landscape.sphinx_output import ng_landscape, replace_plots

from helpers import compile_pdf, copy_root, output_files, soup, warning_lines

MakeApp = Callable[..., SphinxTestApp]
IMAGES = (".html", ".svg", ".png", ".pdf")
CONF = """
extensions = ["myst_parser", "sphinx_notegarden", "sphinx_notegarden.landscape.directive"]
numfig = True
exclude_patterns = ["_build"]
"""
SMALL_PLOT = """
```{{landscape-plot}} {caption}
:surface: quadratic
:grid: 30

- optimizer: gd
  lr: {lr}
  steps: 20
  start: [1.5, 1.5]
```
"""


@pytest.fixture(scope="module")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One plot cache for the builder tests: each format is drawn once per module."""
    return tmp_path_factory.mktemp("plot-cache")


def build(
    make_app: MakeApp,
    tmp_path: Path,
    builder: str,
    root: str = "landscape",
    cache: Path | None = None,
    **overrides: Any,
) -> SphinxTestApp:
    """Build a copy of *root* with *builder*; overrides go to ``confoverrides``."""
    if cache is not None:
        overrides["notegarden_plot_cache"] = str(cache)
    overrides.setdefault("version", "1.0")
    app = make_app(builder, srcdir=copy_root(root, tmp_path), confoverrides=overrides)
    app.build()
    return app


def project(tmp_path: Path, pages: dict[str, str], name: str = "src") -> Path:
    """Write a small project: ``conf.py``, ``index.md`` with a toctree of *pages*."""
    src = tmp_path / name
    src.mkdir()
    (src / "conf.py").write_text(CONF, encoding="utf-8")
    toctree = "\n".join(pages)
    (src / "index.md").write_text(f"# Plots\n\n```{{toctree}}\n{toctree}\n```\n", encoding="utf-8")
    for page, body in pages.items():
        (src / f"{page}.md").write_text(f"# {page}\n{body}", encoding="utf-8")
    return src


@pytest.fixture
def draws(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter[str]]:
    """Count calls of the renderer (``render``) and of the HTML format choice (``choose``)."""
    counts: Counter[str] = Counter()
    render, choose = sphinx_output.render_plot, sphinx_output.choose_html_format

    def counted_render(*args: Any, **kwargs: Any) -> Any:
        counts["render"] += 1
        return render(*args, **kwargs)

    def counted_choose(*args: Any, **kwargs: Any) -> Any:
        counts["choose"] += 1
        return choose(*args, **kwargs)

    monkeypatch.setattr(sphinx_output, "render_plot", counted_render)
    monkeypatch.setattr(sphinx_output, "choose_html_format", counted_choose)
    yield counts


def _figures(page: BeautifulSoup) -> list[Any]:
    return page.select("figure.ng-landscape")


def test_html_with_furo(make_app: MakeApp, tmp_path: Path, shared_cache: Path) -> None:
    app = build(make_app, tmp_path, "html", cache=shared_cache, html_theme="furo")
    assert warning_lines(app) == []
    page = soup(app, "index.html")
    figures = _figures(page)
    assert len(figures) == 6
    momentum, options, saddle = figures[:3]
    # numfig: Sphinx numbers our figures and {numref} says "Fig. N", across pages too.
    assert [a.get_text() for a in page.select("a span.std-numref")] == [
        "Fig. 1",
        "Fig. 2",
        "Fig. 6",
    ]
    assert momentum["id"] == "fig-momentum"
    caption = momentum.select_one("figcaption")
    assert caption.get_text(" ", strip=True).startswith("Fig. 1 Momentum carries the ball")
    # Light and dark variants, wrapped so that pydata's `.only-dark ~ figcaption` cannot match.
    light, dark = momentum.select(".ng-landscape-images img")
    assert light["class"] == ["only-light"] and dark["class"] == ["only-dark"]
    assert light["src"].startswith("_images/landscape-") and light["src"].endswith(".png")
    assert dark["src"] == light["src"].replace(".png", "-dark.png")
    assert light["alt"].startswith("Contour plot of double-well; sgd from (\u22121.8, 1) ends")
    assert (Path(app.outdir) / light["src"]).is_file()
    assert (Path(app.outdir) / dark["src"]).is_file()
    # Every option: class, alt, width; a smooth surface gives a small SVG.
    assert "wide-plot" in options["class"]
    image = options.select_one("img.only-light")
    assert image["alt"] == "Three optimizers descend a bumpy bowl."
    assert image["src"].endswith(".svg") and "width: 80%" in image["style"]
    assert options.select_one(".caption-text em").get_text() == "custom"
    # 3-D views are PNG; a figure without a caption has no number.
    assert saddle.select_one("img.only-light")["src"].endswith(".png")
    assert figures[5].find("figcaption") is None
    # The same plot in rST is the same file.
    rst = _figures(soup(app, "rst.html"))[0]
    assert rst.select_one("img.only-light")["src"] == light["src"]
    assert rst.select_one(".caption-number").get_text().strip() == "Fig. 6"


def test_read_time_doctree(make_app: MakeApp, tmp_path: Path, shared_cache: Path) -> None:
    app = build(make_app, tmp_path, "html", cache=shared_cache)
    doctree = app.env.get_doctree("index")
    placeholders = list(doctree.findall(ng_landscape))
    assert len(placeholders) == 6
    first = placeholders[0]
    # Plain data only: the figure and caption are ordinary nodes, numbered by Sphinx.
    assert first.parent.tagname == "figure"
    assert first["options"] == {
        "surface": "double-well",
        "xlim": "-2, 2",
        "ylim": "-1.5, 1.5",
        "grid": "60",
    }
    assert first["trajectories"][1] == {
        "optimizer": "momentum",
        "lr": 0.05,
        "beta": 0.9,
        "start": [-1.8, 1.0],
    }
    # Alabaster has no dark mode: one image, no only-* classes.
    images = _figures(soup(app, "index.html"))[0].select("img")
    assert len(images) == 1 and not images[0].get("class")


def test_errors_warn_with_lines_and_leave_placeholders(make_app: MakeApp, tmp_path: Path) -> None:
    app = build(make_app, tmp_path, "html", root="landscape-bad")
    src = Path(app.srcdir)
    expected = [
        ("index.md:7", "unknown function '__import__' (allowed: abs, arccos"),
        ("index.md:12", "unknown function 'open' (allowed: abs, arccos"),
        ("index.md:17", "the body is not valid YAML: expected ',' or ']'"),
        ("index.md:22", "option 'xlim': expected two increasing numbers"),
        ("index.md:27", "trajectory 2: field 'optimizer': unknown optimizer 'lbfgs'"),
        ("index.md:33", "unknown parameter 'frobnicate' for momentum"),
        ("index.md:37", "the body must be a YAML list of trajectories"),
        ("index.md:41", "option 'width': expected a length"),
        ("index.md:45", "unknown surface 'banana'"),
        ("rst.rst:9", "unknown optimizer 'lbfgs'"),
        ("rst.rst:12", "option 'colorbar': expected true or false, got 'maybe'"),
    ]
    warnings = warning_lines(app)
    assert len(warnings) == len(expected)
    for line, (where, message) in zip(warnings, expected, strict=True):
        assert line.startswith(f"{src / where}: WARNING: landscape-plot not drawn: ")
        assert message in line and line.endswith("[notegarden.landscape]")
    assert "Traceback" not in app.warning.getvalue()
    page = soup(app, "index.html")
    figures = _figures(page)
    assert len(figures) == 9
    for figure in figures:
        assert figure.find("img") is None
        assert figure.select_one("p.ng-landscape-error").get_text().startswith("Figure not drawn:")
    # The failed figure keeps its caption, number and label.
    assert page.select_one("a span.std-numref").get_text() == "Fig. 1"
    assert figures[0]["id"] == "fig-hostile"


def test_render_failure_at_write_time(
    make_app: MakeApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(sphinx_output, "render_plot", broken)
    src = project(tmp_path, {"one": SMALL_PLOT.format(caption="Broken", lr=0.1)})
    app = make_app("html", srcdir=src)
    app.build()
    [warning] = warning_lines(app)
    assert f"{src / 'one.md'}:3: WARNING: landscape-plot not drawn: RuntimeError: disk full" in (
        warning
    )
    figure = _figures(soup(app, "one.html"))[0]
    assert "disk full" in figure.select_one("p.ng-landscape-error").get_text()


@pytest.mark.parametrize("builder", ["dirhtml", "singlehtml", "epub"])
def test_html_family(make_app: MakeApp, tmp_path: Path, shared_cache: Path, builder: str) -> None:
    app = build(make_app, tmp_path, builder, cache=shared_cache, html_theme="furo")
    assert warning_lines(app) == []
    page = {"dirhtml": "index.html", "singlehtml": "index.html", "epub": "index.xhtml"}[builder]
    html = BeautifulSoup((Path(app.outdir) / page).read_text(encoding="utf-8"), "html.parser")
    count = 7 if builder == "singlehtml" else 6  # singlehtml has rst.rst's figure too
    assert len(_figures(html)) == count
    sources = [img["src"] for img in html.select("figure.ng-landscape img")]
    if builder == "epub":
        # PNG everywhere, and no dark variant: e-readers have no theme switch.
        assert len(sources) == count and all(s.endswith(".png") for s in sources)
    else:
        assert len(sources) == 2 * count
    for source in sources:
        assert (Path(app.outdir) / source).is_file()


def test_latex(make_app: MakeApp, tmp_path: Path, shared_cache: Path) -> None:
    app = build(make_app, tmp_path, "latex", cache=shared_cache)
    assert warning_lines(app) == []
    tex = (Path(app.outdir) / "landscapes.tex").read_text(encoding="utf-8")
    assert tex.count(r"\sphinxincludegraphics") == 7
    assert r"[width=0.800\linewidth]{{landscape-" in tex
    assert r"\caption{Momentum carries the ball over the shallow hill}" in tex
    assert r"\label{\detokenize{index:fig-momentum}}" in tex
    assert r"{Fig.\@ \ref{\detokenize{index:fig-momentum}}}" in tex
    assert len(list(Path(app.outdir).glob("landscape-*.pdf"))) == 6


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("latexmk") is None, reason="needs latexmk and TeX Live")
@pytest.mark.parametrize("root", ["landscape", "landscape-bad"])
def test_latex_compiles_to_pdf(
    make_app: MakeApp, tmp_path: Path, shared_cache: Path, root: str
) -> None:
    app = build(make_app, tmp_path, "latex", root=root, cache=shared_cache)
    compile_pdf(app.outdir, timeout=300)
    assert any(path.stat().st_size > 10_000 for path in Path(app.outdir).glob("*.pdf"))


@pytest.mark.parametrize("builder", ["text", "man", "texinfo"])
def test_other_builders(
    make_app: MakeApp, tmp_path: Path, shared_cache: Path, builder: str
) -> None:
    app = build(make_app, tmp_path, builder, cache=shared_cache)
    assert warning_lines(app) == []
    pattern = {"text": "*.txt", "man": "**/*.1", "texinfo": "*.texi"}[builder]
    output = "\n".join(p.read_text(encoding="utf-8") for p in Path(app.outdir).glob(pattern))
    assert "Momentum carries the ball over the shallow hill" in output
    if builder == "texinfo":
        assert output.count("@image{landscapes-figures/landscape-") == 7
        assert len(list(Path(app.outdir).glob("landscapes-figures/landscape-*.png"))) == 6
    else:
        # No images: a readable description instead.
        assert "[Figure: Three optimizers descend a bumpy bowl.]" in output
        assert output.count("[Figure: ") == 7


def test_config_values(make_app: MakeApp, tmp_path: Path, shared_cache: Path) -> None:
    app = build(
        make_app,
        tmp_path,
        "html",
        cache=shared_cache,
        notegarden_plot_formats={"html": "png", "latex": "gif"},
        notegarden_plot_dark=True,
    )
    assert warning_lines(app) == [
        "WARNING: notegarden_plot_formats['latex'] = 'gif' is not one of svg, png, pdf, none; "
        "the builder's default is used [notegarden.config]"
    ]
    # PNG everywhere, and dark variants although alabaster has no dark mode.
    images = soup(app, "index.html").select("figure.ng-landscape img")
    assert len(images) == 12 and all(img["src"].endswith(".png") for img in images)
    app.cleanup()
    odd = build(make_app, tmp_path / "odd", "html", cache=shared_cache, notegarden_plot_dark="x")
    assert warning_lines(odd) == [
        "WARNING: notegarden_plot_dark = 'x' is not 'auto', True or False; 'auto' is used "
        "[notegarden.config]"
    ]
    assert len(soup(odd, "index.html").select("figure.ng-landscape img")) == 6
    app.cleanup()
    text = build(
        make_app,
        tmp_path / "none",
        "html",
        cache=shared_cache,
        notegarden_plot_formats={"html": "none"},
    )
    assert "[Figure: Three optimizers" in soup(text, "index.html").get_text()


def test_cache_renders_each_plot_once(
    make_app: MakeApp, tmp_path: Path, draws: Counter[str]
) -> None:
    src = project(
        tmp_path,
        {
            "one": SMALL_PLOT.format(caption="One", lr=0.1),
            "two": SMALL_PLOT.format(caption="Two", lr=0.2),
        },
    )
    first = make_app("html", srcdir=src)
    first.build()
    first.cleanup()
    assert draws == {"render": 2, "choose": 2}
    outputs = output_files(Path(first.outdir), IMAGES)

    draws.clear()
    unchanged = make_app("html", srcdir=src)
    unchanged.build()
    unchanged.cleanup()
    assert draws == {}

    clean = make_app("html", srcdir=src, freshenv=True)  # a clean build, cache in place
    clean.build()
    clean.cleanup()
    assert draws == {}
    assert output_files(Path(clean.outdir), IMAGES) == outputs

    page = src / "two.md"
    page.write_text(page.read_text(encoding="utf-8").replace("lr: 0.2", "lr: 0.3"))
    edited = make_app("html", srcdir=src)
    edited.build()
    assert draws == {"render": 1, "choose": 1}
    assert warning_lines(edited) == []
    # Drawn into the build directory, never next to the sources.
    drawn = [p for p in src.rglob("landscape-*") if "_build" not in p.relative_to(src).parts]
    assert drawn == []


def test_two_clean_builds_are_identical(make_app: MakeApp, tmp_path: Path) -> None:
    src = project(tmp_path, {"one": SMALL_PLOT.format(caption="One", lr=0.1)})
    builds = []
    for name in ("a", "b"):
        app = make_app(
            "html", srcdir=src, builddir=tmp_path / name, confoverrides={"html_theme": "furo"}
        )
        app.build()
        app.cleanup()
        builds.append(output_files(Path(app.outdir), IMAGES))
    assert len([name for name in builds[0] if name.startswith("_images/")]) == 2
    assert builds[0] == builds[1]


def test_parallel_equals_serial(make_app: MakeApp, tmp_path: Path) -> None:
    pages = {
        f"page{n}": SMALL_PLOT.format(caption=f"Plot {n}", lr=0.1 + 0.1 * (n % 2)) for n in range(8)
    }
    src = project(tmp_path, pages)
    builds = []
    for name, parallel in (("serial", 0), ("parallel", 2)):
        app = make_app("html", srcdir=src, builddir=tmp_path / name, parallel=parallel)
        app.build()
        app.cleanup()
        assert warning_lines(app) == []
        builds.append(output_files(Path(app.outdir), IMAGES))
    serial, parallel_ = builds
    assert len([name for name in serial if name.startswith("_images/")]) == 2
    assert serial.keys() == parallel_.keys()
    assert [name for name in serial if serial[name] != parallel_[name]] == []


def test_setup_is_idempotent(make_app: MakeApp, tmp_path: Path) -> None:
    src = project(tmp_path, {})
    app = make_app("html", srcdir=src)
    setup_landscape(app)
    setup_landscape(app)
    handlers = [listener.handler for listener in app.events.listeners["doctree-resolved"]]
    assert handlers.count(replace_plots) == 1
    assert app.config.notegarden_plot_dark == "auto"


def test_gallery_sources_match_their_figures() -> None:
    """Each gallery figure is followed by its source in a dropdown: they must agree."""
    gallery = (Path(__file__).parent.parent / "docs" / "gallery.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^(```\{landscape-plot\}.*?^```)$", gallery, re.MULTILINE | re.DOTALL)
    assert len(blocks) == 2 * 19  # one figure per preset and per optimizer, each shown twice
    assert blocks[0::2] == blocks[1::2]
    assert gallery.count("`````{dropdown} Source\n````md\n```{landscape-plot}") == 19
