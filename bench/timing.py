"""Timing helpers shared by the benchmark scripts: whole-process wall time, medians, ratios.

Every comparison runs cxmap and its peer in the same run, in interleaved pairs (peer,
cxmap, peer, cxmap, ...), so that noise from a shared machine falls on both alike. The
ratio printed is the median of the pairs' ratios, with the range of the pairs' ratios.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parent.parent


def _compile_cxmap() -> None:
    """Byte-compile cxmap's sources before timing, as an installed package has them.

    With PYTHONDONTWRITEBYTECODE set (as on CI) an edited module would otherwise be
    compiled anew in every timed run, and the bench would time the compiler.
    """
    import compileall

    compileall.compile_dir(str(ROOT / "cxmap"), quiet=1)


_compile_cxmap()


def tool(name: str) -> str:
    """The path of a console script installed in this virtual environment."""
    return str(BIN / name)


def measure(cmd: Sequence[str], *, ok_codes: Sequence[int] = (0, 1)) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one run of ``cmd``, output discarded.

    The peak is that of this child alone (``wait4``), not of all children so far.
    Fails on an unexpected exit code.
    """
    start = time.perf_counter()
    child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert child.stderr is not None
    err = child.stderr.read()
    _pid, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    child.stderr.close()
    if child.returncode not in ok_codes:
        raise SystemExit(f"{' '.join(cmd)} exited {child.returncode}: {err.decode()[:500]}")
    return elapsed, usage.ru_maxrss / 1024


def wall(cmd: Sequence[str], *, ok_codes: Sequence[int] = (0, 1)) -> float:
    """Seconds one run of ``cmd`` takes, output discarded; fails on an unexpected exit code."""
    return measure(cmd, ok_codes=ok_codes)[0]


def medians(commands: dict[str, Sequence[str]], runs: int) -> dict[str, float]:
    """Median wall time per command, the commands interleaved round by round (fair to noise)."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for cmd in commands.values():  # warm the file cache and .pyc files once
        wall(cmd)
    for _ in range(runs):
        for name, cmd in commands.items():
            times[name].append(wall(cmd))
    return {name: statistics.median(values) for name, values in times.items()}


@dataclass
class Pairs:
    """The outcome of timing cxmap against a peer in interleaved pairs."""

    peer: list[float]
    ours: list[float]
    peer_mib: float
    ours_mib: float

    @property
    def ratios(self) -> list[float]:
        """cxmap's time over the peer's, pair by pair."""
        return [o / p for o, p in zip(self.ours, self.peer, strict=True)]

    @property
    def ratio(self) -> float:
        """The median of the pairs' ratios."""
        return statistics.median(self.ratios)

    def line(self, label: str, target: float | None = None) -> str:
        """One line: the peer's and cxmap's median times, the ratio, its range, the target."""
        ratios = self.ratios
        verdict = ""
        if target is not None:
            verdict = f"  (target <= {target:.2f}: {'ok' if self.ratio <= target else 'OVER'})"
        return (
            f"  {label:<34} peer {statistics.median(self.peer) * 1000:8.1f} ms  "
            f"cxmap {statistics.median(self.ours) * 1000:8.1f} ms  "
            f"ratio {self.ratio:.2f} (range {min(ratios):.2f}-{max(ratios):.2f}, "
            f"{len(ratios)} pairs){verdict}"
        )


def pairs(
    peer: Sequence[str],
    ours: Sequence[str],
    runs: int,
    *,
    ok_codes: Sequence[int] = (0, 1),
) -> Pairs:
    """Time ``peer`` and ``ours`` in ``runs`` interleaved pairs, after one warm-up of each."""
    measure(peer, ok_codes=ok_codes)
    measure(ours, ok_codes=ok_codes)
    result = Pairs([], [], 0.0, 0.0)
    for _ in range(runs):
        seconds, mib = measure(peer, ok_codes=ok_codes)
        result.peer.append(seconds)
        result.peer_mib = max(result.peer_mib, mib)
        seconds, mib = measure(ours, ok_codes=ok_codes)
        result.ours.append(seconds)
        result.ours_mib = max(result.ours_mib, mib)
    return result
