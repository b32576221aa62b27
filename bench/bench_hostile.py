"""Benchmark of hostile input (issue 2): each case must be refused within a second, in small memory.

Every case runs in a fresh process (``cxmap validate``). The memory shown is the
peak RSS of all child processes so far (what ``getrusage`` can tell), so it is an
upper bound for each case. The baseline is the same process validating the spec's
example map, so the ratio shows what refusing costs beyond start-up.

Run: ``make bench`` or ``.venv/bin/python bench/bench_hostile.py``.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.test_hostile import CASES  # noqa: E402

EXAMPLE = ROOT / "examples" / "running-shoes.cxmap.yaml"
CXMAP = str(Path(sys.executable).parent / "cxmap")


def run(path: Path) -> tuple[float, float]:
    """Wall seconds of one ``cxmap validate`` process, and the children's peak RSS so far (MB)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run([CXMAP, "validate", str(path)], capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(peak, before) / 1024


def main() -> None:
    """Print each case's time and memory, and whether it stays under a second."""
    with tempfile.TemporaryDirectory() as tmp:
        base, base_mb = min(run(EXAMPLE) for _ in range(3))
        print(f"baseline: the example map validates in {base * 1000:.0f} ms ({base_mb:.0f} MB)")
        big = Path(tmp, "big.cxmap.yaml")
        big.write_bytes(b"# padding\n" * (11 * 1024 * 1024 // 10))
        cases = {name: text for name, (text, _code) in CASES.items()}
        worst = 0.0
        for name, text in sorted(cases.items()):
            path = Path(tmp, "case.cxmap.yaml")
            path.write_text(text, encoding="utf-8")
            seconds, megabytes = min(run(path) for _ in range(3))
            worst = max(worst, seconds)
            print(
                f"  {name:<28} {seconds * 1000:6.0f} ms  {megabytes:5.0f} MB  "
                f"{seconds / base:4.2f}x the example"
            )
        seconds, megabytes = min(run(big) for _ in range(3))
        worst = max(worst, seconds)
        print(
            f"  {'11 MiB file':<28} {seconds * 1000:6.0f} ms  {megabytes:5.0f} MB  "
            f"{seconds / base:4.2f}x the example"
        )
        print(
            f"slowest refusal {worst * 1000:.0f} ms (target < 1000 ms: "
            f"{'ok' if worst < 1 else 'OVER'})"
        )


if __name__ == "__main__":
    main()
