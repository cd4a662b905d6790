"""What the graph features cost: a garden built with and without them.

    python benchmarks/bench_graph.py [--notes 1000] [--repeat 1] [--workdir DIR]

Generates one garden (``generate_garden.py``), then times, each in a fresh
``sphinx-build`` process: a clean build with the graph features (graph page, local
graph on every note) and one with them off (``notegarden_graph_page = ""``,
``notegarden_local_graph_depth = 0``), then a no-change rebuild of each; and then
clean builds with the graph handlers timed from inside (``graph_timing.py``), whose
median share of the build is the figure to read: two builds differ by more than the
graph costs.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
OFF = ["-D", "notegarden_graph_page=", "-D", "notegarden_local_graph_depth=0"]


def build(src: Path, out: Path, extra: list[str], clean: bool) -> float:
    """Return the wall time of one ``sphinx-build -b html`` in a fresh process."""
    if clean:
        shutil.rmtree(out, ignore_errors=True)
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-q", str(src), str(out / "html")]
    command += ["-d", str(out / "doctrees"), *extra]
    start = time.perf_counter()
    subprocess.run(command, check=True, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def timed_build(src: Path, out: Path) -> dict[str, float]:
    """Return ``graph_timing.py``'s report of one clean build."""
    shutil.rmtree(out, ignore_errors=True)
    command = [sys.executable, str(HERE / "graph_timing.py"), str(src), str(out / "html")]
    command += ["-d", str(out / "doctrees")]
    done = subprocess.run(
        command, check=True, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    report: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return report


def main() -> None:
    """Run the comparison and print a small table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="ng-bench-graph-"))
    src = work / "garden"
    generator = [sys.executable, str(HERE / "generate_garden.py"), str(src)]
    subprocess.run([*generator, "--notes", str(args.notes)], check=True, stdout=subprocess.DEVNULL)
    rows = []
    for label, extra in (("graph on", []), ("graph off", OFF)):
        out = work / label.replace(" ", "-")
        clean = min(build(src, out, extra, clean=True) for _ in range(args.repeat))
        again = min(build(src, out, extra, clean=False) for _ in range(args.repeat))
        rows.append((label, clean, again))
    print(f"{'N = ' + str(args.notes):<12}{'clean':>10}{'no change':>12}")
    for label, clean, again in rows:
        print(f"{label:<12}{clean:>9.2f}s{again:>11.2f}s")
    (_, on_clean, on_again), (_, off_clean, off_again) = rows
    share = 100 * (on_clean - off_clean) / off_clean
    print(
        f"graph work: {on_clean - off_clean:+.2f}s clean ({share:+.1f}%), "
        f"{on_again - off_again:+.2f}s no-change"
    )
    reports = [timed_build(src, work / "timed") for _ in range(args.repeat)]
    graph = statistics.median(report["graph_s"] for report in reports)
    gc_pauses = statistics.median(report["graph_gc_s"] for report in reports)
    whole = statistics.median(report["build_s"] for report in reports)
    share = statistics.median(report["share_percent"] for report in reports)
    print(
        f"graph work timed inside the build: {graph:.2f}s of {whole:.2f}s ({share:.1f}%; "
        f"garbage collections started inside it: {gc_pauses:.2f}s more)"
    )


if __name__ == "__main__":
    main()
