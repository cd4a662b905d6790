"""Benchmark sphinx-notegarden against its plain-Sphinx twin and against sphinx-tags.

For each size N, :mod:`generate_garden` writes the same garden in four flavours
(``notegarden``, ``plain``, ``sphinx-tags``, ``notegarden-tags``); each is built in a
fresh process, equal to ``sphinx-build -b html -q SRC OUT -d DOCTREES [-E] [-j 2]``, in
four scenarios: a clean build, a clean ``-j 2`` build, a no-change rebuild and a rebuild
after appending a sentence to the most-linked note. Each build reports its wall time
(measured by this process, interpreter start included), peak memory (``ru_maxrss`` of
the build and of its worker processes), the documents read and written, the generated
pages, the plots rendered and the warnings. Clean builds of the flavours take turns, so
a change in machine load hits them alike.

Run ``python benchmarks/run_benchmarks.py --sizes 200 1000 3000 --repeat 3 --out results.json``.
With ``--vault PATH`` the two flavours are an Obsidian vault and its plain twin written
by :mod:`vault_twin` (links as Markdown links, callouts as admonitions, attachments
found by name) instead of generated gardens.
"""

from __future__ import annotations

import argparse
import compileall
import io
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from vault_twin import write_twins

from generate_garden import FLAVOURS, generate

SCENARIOS = ("clean", "clean-j2", "no-change", "edit-one")
Result = dict[str, Any]


def child_build(src: str, out: str, parallel: int, fresh: bool, plots: bool) -> Result:
    """Build *src* into *out* in this process and return what was read and written."""
    from sphinx.application import Sphinx

    read: list[str] = []
    written: list[str] = []
    generated: list[str] = []
    rendered: list[str] = []
    if plots:  # count calls to the renderer; plots are rendered in the main process
        from sphinx_notegarden.landscape import sphinx_output

        render_plot = sphinx_output.render_plot  # type: ignore[attr-defined]

        def counting(*args: Any, **kwargs: Any) -> Any:
            rendered.append(str(args[1]))
            return render_plot(*args, **kwargs)

        sphinx_output.render_plot = counting  # type: ignore[attr-defined]
    warnings = io.StringIO()
    doctrees = str(Path(out) / ".doctrees")
    app = Sphinx(
        src,
        src,
        out,
        doctrees,
        "html",
        status=None,
        warning=warnings,
        freshenv=fresh,
        parallel=parallel,
    )
    app.connect("env-before-read-docs", lambda _app, _env, docnames: read.extend(docnames))
    write_documents = app.builder.write_documents

    def recording(docnames: Any) -> None:  # in the main process, also with -j 2
        written.extend(docnames)
        write_documents(docnames)

    app.builder.write_documents = recording  # type: ignore[method-assign]

    def page(_app: Any, pagename: str, *_args: Any) -> None:
        if pagename not in app.env.all_docs:
            generated.append(pagename)

    app.connect("html-page-context", page)
    app.build()
    text = re.sub(r"\x1b\[[0-9;]*m", "", warnings.getvalue())
    lines = [line for line in text.splitlines() if "WARNING" in line or "ERROR" in line]
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {
        "read": sorted(set(read)),
        "written": sorted(written),
        "generated": len(generated),
        "plots": len(rendered),
        "warnings": lines,
        "peak_rss_mb": round(max(own, workers) / 1024, 1),
    }


def run_build(
    src: Path, out: Path, parallel: int = 0, fresh: bool = False, plots: bool = False
) -> Result:
    """Build in a fresh process; return the child's report with the wall time added."""
    spec = json.dumps([str(src), str(out), parallel, fresh, plots])
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, __file__, "--child", spec], capture_output=True, text=True, check=False
    )
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"build of {src} failed:\n{proc.stderr[-3000:]}")
    report: Result = json.loads(proc.stdout.strip().splitlines()[-1])
    report["wall_s"] = round(wall, 3)
    return report


def compile_package() -> bool:
    """Byte-compile the extension's modules, as ``pip install`` does for a user.

    A checkout installed for development (``pip install -e``) is compiled on first
    import, unless ``PYTHONDONTWRITEBYTECODE`` is set: then every build compiles the
    package's hundred modules from source again (about 0.1 s a build on the reference
    machine), a cost no installed copy has and the plain twin, whose packages pip
    compiled, does not pay. Returns whether every module compiled.
    """
    import sphinx_notegarden

    package = Path(sphinx_notegarden.__file__).parent
    return bool(compileall.compile_dir(package, quiet=1))


def summarise(runs: list[Result]) -> Result:
    """Median wall time, peak memory and the counts (the largest over the runs)."""
    last = runs[-1]
    return {
        "wall_median_s": round(statistics.median(r["wall_s"] for r in runs), 3),
        "wall_s": [r["wall_s"] for r in runs],
        "peak_rss_mb": max(r["peak_rss_mb"] for r in runs),
        "docs_read": max(len(r["read"]) for r in runs),
        "docs_read_each": [len(r["read"]) for r in runs],
        "docs_written": max(len(r["written"]) for r in runs),
        "docs_written_each": [len(r["written"]) for r in runs],
        "pages_generated": last["generated"],
        "plots_rendered": max(r["plots"] for r in runs),
        "warnings": len(last["warnings"]),
        "warning_sample": last["warnings"][:3],
        "written_sample": last["written"][:20],
    }


def bench_size(
    notes: int, flavours: list[str], repeat: int, work: Path, links: int, plots: bool
) -> list[Result]:
    """Generate the gardens of one size and run every scenario on each."""
    gardens = {}
    for flavour in flavours:
        manifest = generate(work / flavour / "src", notes, links, flavour, plots=plots)
        gardens[flavour] = manifest
    return run_scenarios(notes, gardens, repeat, work)


def bench_vault(vault: Path, repeat: int, work: Path) -> list[Result]:
    """Write *vault* and its plain twin (see :mod:`vault_twin`); run every scenario on both."""
    written = write_twins(vault.resolve(), work)
    garden = {"plots": 0, "edit_target": written["edit_target"]}
    results = run_scenarios(
        int(written["notes"]), {"notegarden": garden, "plain": garden}, repeat, work
    )
    return [{"vault": vault.name, **result} for result in results]


def run_scenarios(notes: int, gardens: dict[str, Result], repeat: int, work: Path) -> list[Result]:
    """Run every scenario on the sources ``work/<flavour>/src`` (flavours take turns)."""
    flavours = list(gardens)
    runs: dict[tuple[str, str], list[Result]] = {}

    def build(flavour: str, scenario: str, out: str, **kwargs: Any) -> None:
        has_plots = gardens[flavour]["plots"] > 0
        report = run_build(work / flavour / "src", work / flavour / out, plots=has_plots, **kwargs)
        runs.setdefault((flavour, scenario), []).append(report)
        print(f"  N={notes} {flavour:16} {scenario:10} {report['wall_s']:8.2f} s", flush=True)

    for scenario, out, parallel in (("clean", "b1", 0), ("clean-j2", "b2", 2)):
        for _ in range(repeat):
            for flavour in flavours:  # take turns, so load changes hit every flavour
                shutil.rmtree(work / flavour / out, ignore_errors=True)
                build(flavour, scenario, out, parallel=parallel, fresh=True)
    for flavour in flavours:
        for _ in range(repeat):
            build(flavour, "no-change", "b1")
        target = work / flavour / "src" / f"{gardens[flavour]['edit_target']}.md"
        for number in range(repeat):
            with target.open("a", encoding="utf-8") as file:
                file.write(f"\nOne more sentence, added by edit {number}.\n")
            build(flavour, "edit-one", "b1")
    return [
        {"notes": notes, "flavour": flavour, "scenario": scenario, **summarise(reports)}
        for (flavour, scenario), reports in runs.items()
    ]


def machine_info() -> Result:
    """The machine and the versions the numbers belong to."""
    cpuinfo = Path("/proc/cpuinfo")
    text = cpuinfo.read_text(encoding="utf-8") if cpuinfo.exists() else ""
    models = [line.split(":", 1)[1].strip() for line in text.splitlines() if "model name" in line]
    versions = {}
    for package in ("sphinx", "myst-parser", "sphinx-notegarden", "sphinx-tags", "docutils"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "not installed"
    return {
        "cpu": models[0] if models else platform.processor() or "unknown",
        "cores": os.cpu_count(),
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "versions": versions,
        "commit": _git("rev-parse", "--short", "HEAD"),
        "uncommitted_package_files": len(
            _git("status", "--porcelain", "sphinx_notegarden").split()
        ),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def _git(*args: str) -> str:
    """Read-only git output for the record ("" outside a checkout)."""
    root = Path(__file__).parent.parent
    proc = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)
    return proc.stdout.strip()


def targets(results: list[Result], sizes: list[int]) -> Result:
    """Check the issue's targets against *results* (ratios of median wall times)."""
    found = {(r["notes"], r["flavour"], r["scenario"]): r for r in results}
    checks: Result = {}

    def ratio(name: str, top: tuple[int, str, str], bottom: tuple[int, str, str]) -> None:
        if top in found and bottom in found:
            value = found[top]["wall_median_s"] / found[bottom]["wall_median_s"]
            checks[name] = round(value, 2)

    for n in sizes:
        for flavour in ("notegarden", "sphinx-tags", "notegarden-tags"):
            ratio(f"{flavour}_clean_vs_plain_N{n}", (n, flavour, "clean"), (n, "plain", "clean"))
        if still := found.get((n, "notegarden", "no-change")):
            checks[f"no_change_reads_nothing_N{n}"] = still["docs_read"] == 0
            checks[f"no_change_renders_no_plot_N{n}"] = still["plots_rendered"] == 0
        for flavour in ("notegarden", "plain"):
            if edit := found.get((n, flavour, "edit-one")):
                checks[f"{flavour}_edit_one_writes_N{n}"] = edit["docs_written"]
    small, large = min(sizes), max(sizes)
    for flavour in ("notegarden", "plain"):  # Sphinx's own scaling, for comparison
        first, last = found.get((small, flavour, "clean")), found.get((large, flavour, "clean"))
        if first and last and large > small:
            per_note = (last["wall_median_s"] / large) / (first["wall_median_s"] / small)
            checks[f"{flavour}_per_note_N{large}_vs_N{small}"] = round(per_note, 2)
    return checks


def table(results: list[Result]) -> str:
    """The results as a Markdown table."""
    head = "| N | flavour | scenario | wall s (median) | peak MB | read | written | generated "
    rows = [head + "| plots |", "|" + "---|" * 9]
    for r in results:
        rows.append(
            f"| {r['notes']} | {r['flavour']} | {r['scenario']} | {r['wall_median_s']:.2f} | "
            f"{r['peak_rss_mb']:.0f} | {r['docs_read']} | {r['docs_written']} | "
            f"{r['pages_generated']} | {r['plots_rendered']} |"
        )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> None:
    """Command line: see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 1000, 3000])
    parser.add_argument("--repeat", type=int, default=3, help="builds per scenario (median)")
    parser.add_argument("--links", type=int, default=8, help="wikilinks per note")
    parser.add_argument("--flavours", nargs="+", choices=FLAVOURS, default=list(FLAVOURS))
    parser.add_argument("--plots", action="store_true", help="a landscape-plot in 1 of 50 notes")
    parser.add_argument("--out", type=Path, default=Path("benchmark-results.json"))
    parser.add_argument("--workdir", type=Path, help="keep the gardens and builds here")
    parser.add_argument(
        "--vault", type=Path, help="an Obsidian vault instead of generated gardens (vault_twin)"
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child_build(*json.loads(args.child))))
        return
    flavours: list[str] = args.flavours
    skipped = {}
    if "sphinx-tags" in flavours and not _has_sphinx_tags():
        flavours = [f for f in flavours if f != "sphinx-tags"]
        skipped["sphinx-tags"] = "not installed (pip install sphinx-tags)"
    machine = machine_info()
    machine["bytecode_compiled"] = compile_package()
    started = time.time()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="ng-bench-"))
    results: list[Result] = []
    try:
        if args.vault:
            results = bench_vault(args.vault, args.repeat, work / "vault")
            args.sizes = [results[0]["notes"]]
            flavours = ["notegarden", "plain"]
        for notes in [] if args.vault else args.sizes:
            results += bench_size(
                notes, flavours, args.repeat, work / f"n{notes}", args.links, args.plots
            )
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    machine["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    machine["commit_end"] = _git("rev-parse", "--short", "HEAD")  # did the code move meanwhile?
    settings = {"sizes": args.sizes, "repeat": args.repeat, "links_per_note": args.links}
    settings["vault"] = str(args.vault) if args.vault else None
    settings |= {"flavours": flavours, "plots": args.plots, "skipped": skipped}
    settings["minutes"] = round((time.time() - started) / 60, 1)
    report = {"machine": machine, "settings": settings, "results": results}
    report["targets"] = targets(results, args.sizes)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(table(results))
    print(json.dumps({"skipped": skipped, "targets": report["targets"]}, indent=2))


def _has_sphinx_tags() -> bool:
    try:
        metadata.version("sphinx-tags")
    except metadata.PackageNotFoundError:
        return False
    return True


if __name__ == "__main__":
    main()
