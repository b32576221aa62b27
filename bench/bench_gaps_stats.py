"""Benchmark: what the gaps statistics cost, this tree against an older revision of cxmap.

The statistics of issue 11 (adjusted intervals, margins, p-values, BH, ranking,
roll-ups...) work on the sufficient statistics, not per row, so on the
1,000,000-row bench they should cost under 5%. This script extracts REV (default
the commit before them, b849411) with ``git archive`` into a temp folder, then
times ``python -m cxmap gaps`` of both trees on the same rows, in interleaved
pairs, CPU time of the child (user + system) and wall time, and prints the
median ratio and its range.

Run: .venv/bin/python bench/bench_gaps_stats.py [rows] [REV] [pairs]
"""

from __future__ import annotations

import io
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_gaps import MAP, generate

ROOT = Path(__file__).resolve().parent.parent


def extract(rev: str, into: Path) -> Path:
    """The ``cxmap`` package of ``rev`` under ``into`` (via git archive, no checkout)."""
    data = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", rev, "cxmap"],
        capture_output=True,
        check=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(into, filter="data")
    return into


def run(tree: Path, args: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one ``python -m cxmap`` child with ``tree`` first on the path."""
    env = dict(os.environ, PYTHONPATH=str(tree))
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "cxmap", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        err = proc.stderr.read().decode() if proc.stderr else ""
        raise SystemExit(f"cxmap of {tree} failed: {err[:400]}")
    return wall, usage.ru_utime + usage.ru_stime


def main() -> None:
    """Generate the rows, time both trees in pairs, print the ratios."""
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    rev = sys.argv[2] if len(sys.argv) > 2 else "b849411"
    pairs = int(sys.argv[3]) if len(sys.argv) > 3 else 7
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "long.csv"
        generate(data, rows)
        old = extract(rev, Path(tmp) / "old")
        for label, extra in (("overall rows", []), ("--by segment", ["--by", "segment"])):
            args = ["gaps", str(MAP), "--survey", str(data), "-f", "json", *extra]
            run(ROOT, args), run(old, args)  # warm the file cache and .pyc files
            cpu_ratios, wall_ratios = [], []
            for i in range(pairs):
                order = (
                    [(ROOT, "new"), (old, "old")] if i % 2 == 0 else [(old, "old"), (ROOT, "new")]
                )
                got = {name: run(tree, args) for tree, name in order}
                wall_ratios.append(got["new"][0] / got["old"][0])
                cpu_ratios.append(got["new"][1] / got["old"][1])
            print(
                f"{rows:,} rows, {label}: this tree / {rev}: "
                f"cpu {statistics.median(cpu_ratios):.3f} "
                f"(range {min(cpu_ratios):.3f}..{max(cpu_ratios):.3f}), "
                f"wall {statistics.median(wall_ratios):.3f} "
                f"(range {min(wall_ratios):.3f}..{max(wall_ratios):.3f}), {pairs} pairs"
            )


if __name__ == "__main__":
    main()
