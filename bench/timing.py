"""Timing helpers shared by the benchmark scripts: whole-process wall time, medians."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

BIN = Path(sys.executable).parent


def tool(name: str) -> str:
    """The path of a console script installed in this virtual environment."""
    return str(BIN / name)


def wall(cmd: Sequence[str], *, ok_codes: Sequence[int] = (0, 1)) -> float:
    """Seconds one run of ``cmd`` takes, output discarded; fails on an unexpected exit code."""
    start = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode not in ok_codes:
        raise SystemExit(f"{' '.join(cmd)} exited {done.returncode}: {done.stderr.decode()[:500]}")
    return elapsed


def medians(commands: dict[str, Sequence[str]], runs: int) -> dict[str, float]:
    """Median wall time per command, the commands interleaved round by round (fair to noise)."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for cmd in commands.values():  # warm the file cache and .pyc files once
        wall(cmd)
    for _ in range(runs):
        for name, cmd in commands.items():
            times[name].append(wall(cmd))
    return {name: statistics.median(values) for name, values in times.items()}
