"""Smoke run of the benchmarks: the generated gardens build cleanly and the runner reports.

The full runs (N = 200, 1000, 3000) are made by hand; see ``docs/performance.md``.
"""

from __future__ import annotations

import base64
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

#: A 1x1 transparent PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGBgAAAABQABpfZFQAAAAABJRU5ErkJggg=="
)


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


def test_plain_twin_keeps_front_matter_without_tags(make_app: MakeApp, tmp_path: Path) -> None:
    """The twin is the same files: front matter kept (read by MyST), tags dropped."""
    generate(tmp_path / "ng", 5, flavour="notegarden")
    generate(tmp_path / "plain", 5, flavour="plain")
    garden = (tmp_path / "ng" / "notes" / "note-0001.md").read_text(encoding="utf-8")
    twin = (tmp_path / "plain" / "notes" / "note-0001.md").read_text(encoding="utf-8")
    garden_head = garden.split("---\n")[1].splitlines()
    twin_head = twin.split("---\n")[1].splitlines()
    assert twin_head == [line for line in garden_head if not line.startswith("tags:")]
    assert any(line.startswith("tags:") for line in garden_head)
    title = next(line for line in garden_head if line.startswith("title: "))[7:]
    assert f"\n# {title}\n" in twin
    app = make_app("html", srcdir=tmp_path / "plain", builddir=tmp_path / "b")
    app.build()
    assert app.env.metadata["notes/note-0001"]["date"] in garden
    assert f"<title>{title} " in (Path(app.outdir) / "notes" / "note-0001.html").read_text()


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
    # The share is computed before rounding; recomputed from the rounded seconds of a
    # build of about a second, it may differ by a few hundredths of a percent.
    assert report["share_percent"] == pytest.approx(
        100 * report["graph_s"] / report["build_s"], abs=0.05
    )


def _small_vault(vault: Path) -> Path:
    """Write a vault of three notes (one private), a picture and Obsidian settings."""
    (vault / "pics").mkdir(parents=True)
    (vault / "pics" / "Wave plot.png").write_bytes(PNG)
    (vault / ".obsidian").mkdir()
    (vault / "Sea.md").write_text(
        "# Sea\n\nSee [[Waves#Height|how high]] and ==this==.%% hidden %% ^para\n\n"
        "> [!tip] Remember [[Waves]]\n> Calm $x^2$.\n\n![[Wave plot.png|300]]\n",
        encoding="utf-8",
    )
    (vault / "deep").mkdir()
    (vault / "deep" / "Waves.md").write_text("# Waves\n\n## Height\n\n[[Sea]]\n", "utf-8")
    (vault / "Secret.md").write_text("---\npublish: false\n---\n# Secret\n", "utf-8")
    return vault


def test_vault_twin_has_the_same_notes_without_obsidian_syntax(
    make_app: MakeApp, tmp_path: Path
) -> None:
    from vault_twin import write_twins

    vault = _small_vault(tmp_path / "vault")
    written = write_twins(vault, tmp_path / "twins")
    assert written == {"notes": 2, "edit_target": "deep/Waves"}  # Secret.md is left out
    plain = tmp_path / "twins" / "plain" / "src"
    sea = (plain / "Sea.md").read_text(encoding="utf-8")
    assert "[how high](<deep/Waves.md>)" in sea
    assert ":::{admonition} Remember [Waves](<deep/Waves.md>)" in sea
    assert "![](pics/Wave_plot.png)" in sea
    assert not any(mark in sea for mark in ("[[", "==", "%%", "^para", "[!"))
    assert not (plain / "Secret.md").exists()
    app = make_app("html", srcdir=plain, builddir=tmp_path / "b")
    app.build()
    app.cleanup()
    assert [w for w in warning_lines(app) if "toctree" not in w] == []
    page = (Path(app.outdir) / "Sea.html").read_text(encoding="utf-8")
    assert 'href="deep/Waves.html"' in page and 'class="tip admonition"' in page
    assert (Path(app.outdir) / "_images" / "Wave_plot.png").exists()
    garden = tmp_path / "twins" / "notegarden" / "src"
    assert (garden / "Sea.md").read_bytes() == (vault / "Sea.md").read_bytes()
    assert "sphinx_notegarden" in (garden / "conf.py").read_text(encoding="utf-8")


def test_runner_compares_a_vault_with_its_twin(tmp_path: Path) -> None:
    vault = _small_vault(tmp_path / "vault")
    out = tmp_path / "results.json"
    command = [sys.executable, str(BENCHMARKS / "run_benchmarks.py"), "--vault", str(vault)]
    command += ["--repeat", "1", "--out", str(out), "--workdir", str(tmp_path / "work")]
    subprocess.run(command, check=True, capture_output=True, text=True)
    report = json.loads(out.read_text(encoding="utf-8"))
    found = {(r["flavour"], r["scenario"]): r for r in report["results"]}
    assert set(found) == {(f, s) for f in ("notegarden", "plain") for s in SCENARIOS}
    assert {r["vault"] for r in report["results"]} == {"vault"}
    # Two notes and a landing page: generated by the extension, written by the twin's writer.
    assert found["notegarden", "clean"]["docs_read"] == found["plain", "clean"]["docs_read"] == 3
    assert found["notegarden", "no-change"]["docs_read"] == 0
    assert found["notegarden", "edit-one"]["docs_read"] == 1
    assert report["targets"]["notegarden_clean_vs_plain_N2"] > 0
