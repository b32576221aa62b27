"""Benchmark of hostile input (issues 2 and 13): every case refused in under 2 s and 200 MB.

Every case runs in a fresh process (``cxmap validate``), best of RUNS, with the peak
memory of that process alone (``wait4``). The peer is the same program validating the
example map, run interleaved with each case: the ratio shows what refusing costs beyond
start-up, with its range over the runs.

Run: ``make bench`` or ``.venv/bin/python bench/bench_hostile.py`` (needs only the
``bench`` extra: the cases are plain data in tests/hostile_cases.py).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import pairs, tool  # noqa: E402

from tests.hostile_cases import CASES  # noqa: E402

EXAMPLE = ROOT / "examples" / "running-shoes.cxmap.yaml"
RUNS = 3
LIMIT_S = 2.0
LIMIT_MIB = 200


def main() -> None:
    """Print each case's time, memory and ratio, and whether all stay within the limits."""
    cxmap = tool("cxmap")
    peer = [cxmap, "validate", str(EXAMPLE)]
    worst_s = worst_mib = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp, "big.cxmap.yaml")
        big.write_bytes(b"# padding\n" * (11 * 1024 * 1024 // 10))
        files = {"11 MiB file": big}
        for index, (name, (text, _code)) in enumerate(sorted(CASES.items())):
            path = Path(tmp, f"case{index}.cxmap.yaml")
            path.write_text(text, encoding="utf-8")
            files[name] = path
        print(f"each case vs the example map ({RUNS} interleaved pairs, exit 1 expected)")
        for name, path in files.items():
            timed = pairs(peer, [cxmap, "validate", str(path)], RUNS)
            seconds = min(timed.ours)
            worst_s, worst_mib = max(worst_s, seconds), max(worst_mib, timed.ours_mib)
            print(f"{timed.line(name[:34])}  {timed.ours_mib:5.0f} MiB")
    verdict = "ok" if worst_s < LIMIT_S and worst_mib < LIMIT_MIB else "OVER"
    print(
        f"slowest refusal {worst_s * 1000:.0f} ms, largest {worst_mib:.0f} MiB "
        f"(target < {LIMIT_S:.0f} s and < {LIMIT_MIB} MiB: {verdict})"
    )


if __name__ == "__main__":
    main()
