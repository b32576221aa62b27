"""Run every benchmark script in this folder, one after another (``make bench``).

Each script times cxmap and its named baseline in the same run and prints the ratio.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = [
    "bench_validate.py",
    "bench_hostile.py",
    "bench_lint.py",
    "bench_diff.py",
    "bench_gaps.py",
    "bench_gaps.py --qualtrics",
    "bench_gaps.py --long-pairs",
    "bench_render.py",
]


def main() -> int:
    """Run the benchmarks; exit non-zero if one of them failed to run."""
    failed = []
    for name in SCRIPTS:
        print(f"\n=== {name}", flush=True)
        script, *args = name.split()
        if subprocess.run([sys.executable, str(HERE / script), *args], check=False).returncode:
            failed.append(name)
    if failed:
        print(f"\nfailed to run: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
