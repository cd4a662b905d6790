"""Smoke run of the benchmarks: the generated gardens build cleanly and the runner reports.

The full runs (N = 200, 1000, 3000) are made by hand; see ``docs/performance.md``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from helpers import warning_lines

BENCHMARKS = Path(__file__).parent.parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

from generate_garden import generate  # noqa: E402
from run_benchmarks import SCENARIOS  # noqa: E402

MakeApp = Callable[..., SphinxTestApp]


@pytest.mark.parametrize("flavour", ["notegarden", "plain"])
def test_generated_garden_builds_cleanly(make_app: MakeApp, tmp_path: Path, flavour: str) -> None:
    manifest = generate(tmp_path / "src", 30, flavour=flavour)
    # sphinx.testing swaps alabaster for "basic" unless told otherwise; keep the garden's theme.
    overrides = {"html_theme": "alabaster"}
    app = make_app(
        "html", srcdir=tmp_path / "src", builddir=tmp_path / "b", confoverrides=overrides
    )
    app.build()
    app.cleanup()
    warnings = warning_lines(app)
    unresolved = [w for w in warnings if "[notegarden.unresolved]" in w]
    assert [w for w in warnings if w not in unresolved] == []
    expected = manifest["unresolved_links"] if flavour == "notegarden" else 0
    assert expected >= (flavour == "notegarden")  # the garden does hold a missing link
    assert len(unresolved) == expected
    assert len(list((tmp_path / "src" / "notes").glob("*.md"))) == 30
    assert (Path(app.outdir) / "notes" / "note-0029.html").exists()


def test_generator_is_deterministic(tmp_path: Path) -> None:
    first = generate(tmp_path / "one", 20, seed=3)
    second = generate(tmp_path / "two", 20, seed=3)
    assert first == second
    for note in sorted((tmp_path / "one" / "notes").iterdir()):
        assert note.read_bytes() == (tmp_path / "two" / "notes" / note.name).read_bytes()


def test_runner_reports_every_scenario(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    command = [sys.executable, str(BENCHMARKS / "run_benchmarks.py"), "--sizes", "30"]
    command += ["--repeat", "1", "--out", str(out), "--workdir", str(tmp_path / "work")]
    subprocess.run(command, check=True, capture_output=True, text=True)
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["machine"]["versions"]["sphinx"]
    flavours = report["settings"]["flavours"]
    assert {"notegarden", "plain", "notegarden-tags"} <= set(flavours)
    found = {(r["flavour"], r["scenario"]): r for r in report["results"]}
    assert set(found) == {(flavour, scenario) for flavour in flavours for scenario in SCENARIOS}
    clean, still = found["notegarden", "clean"], found["notegarden", "no-change"]
    assert clean["docs_read"] == clean["docs_written"] == 31  # 30 notes and the index
    assert clean["pages_generated"] > 0  # tag pages and the note index
    assert still["docs_read"] == still["docs_written"] == still["plots_rendered"] == 0
    # The sentence goes at the end of the note, past what its preview shows: only the note
    # and the index (whose toctree lists it) are rewritten, as in the plain twin.
    edit = found["notegarden", "edit-one"]
    assert edit["docs_read"] == 1
    assert edit["docs_written"] == found["plain", "edit-one"]["docs_written"] == 2
    assert report["targets"]["no_change_reads_nothing_N30"] is True


def test_graph_timing_times_every_graph_handler(tmp_path: Path) -> None:
    generate(tmp_path / "src", 30)
    command = [sys.executable, str(BENCHMARKS / "graph_timing.py"), str(tmp_path / "src")]
    command += [str(tmp_path / "out"), "-d", str(tmp_path / "doctrees")]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    report = json.loads(done.stdout.strip().splitlines()[-1])
    handlers = report["handlers"]
    # Local graphs were drawn, the graph page was made and written, the JSON written.
    assert set(handlers) >= {"fill_local_graphs", "collect_graph_page", "write_link_graph"}
    assert handlers["write"] > 0  # the graph page's template and file
    assert (tmp_path / "out" / "graph.html").exists()
    assert 0 < report["graph_s"] < report["build_s"]
    assert report["share_percent"] == pytest.approx(
        100 * report["graph_s"] / report["build_s"], abs=0.01
    )
