"""The reference site: builds without warnings, and -j 2 gives the same bytes as -j 1."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from helpers import output_files, warning_lines

MakeApp = Callable[..., SphinxTestApp]
EXAMPLE_SITE = Path(__file__).parent.parent / "example_site"
SUFFIXES = (".html", ".css", ".js", ".json", ".png", ".svg", ".xml")


@pytest.mark.slow
def test_parallel_build_equals_serial_build(
    make_app: MakeApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1776470400")
    src = tmp_path / "example_site"
    shutil.copytree(EXAMPLE_SITE, src, ignore=shutil.ignore_patterns("_build"))
    outputs = []
    for name, parallel in (("serial", 0), ("parallel", 2)):
        app = make_app("html", srcdir=src, builddir=tmp_path / name, parallel=parallel)
        app.build()
        app.cleanup()
        assert warning_lines(app) == []
        outputs.append(output_files(Path(app.outdir), SUFFIXES))
    serial, parallel = outputs
    assert sorted(serial) == sorted(parallel)
    assert [name for name in serial if serial[name] != parallel[name]] == []
    assert any(name.startswith("_images/landscape-") for name in serial)
