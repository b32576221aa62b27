"""Simulation: coverage of the gaps intervals and the false discovery rate of the statuses.

Fixed seeds, no timing. Run: .venv/bin/python bench/sim_gaps.py [reps]
(tests/test_gaps_simulation.py runs the same code with fewer repetitions).

- Coverage: how often the 95% interval holds the true figure, at n = 10, 30
  and 100, for a high, a medium and a low NPS (adjusted Wald, and the plain
  Wald interval it replaced for contrast), a high, medium and low CSAT mean
  (t, or the Markov bound without spread), and their top-2-box shares (Wilson).
- False discovery rate: 40 touchpoints exactly on target (CSAT, n = 100); how
  often a report flags any of them above or below, with the default margin,
  with margin 0 (the hardest case: the truth on the boundary), and with 10 of
  the 40 truly below (the share of false flags among all flags).
"""

from __future__ import annotations

import math
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cxmap.gaps.compute import GapResult, GapStatus, gap_result
from cxmap.gaps.estimate import MeanStats, nps_interval, wilson_interval
from cxmap.gaps.status import judge
from cxmap.model import BUILTIN_METRICS

NPS_MIXES = {  # promoters, passives, detractors
    "top NPS 85": (0.88, 0.09, 0.03),
    "high NPS 60": (0.70, 0.20, 0.10),
    "medium NPS 10": (0.40, 0.30, 0.30),
    "low NPS -45": (0.15, 0.25, 0.60),
}
CSAT_MIXES = {  # answers 1..5
    "high CSAT": (0.01, 0.02, 0.07, 0.20, 0.70),
    "medium CSAT": (0.05, 0.15, 0.30, 0.35, 0.15),
    "low CSAT": (0.30, 0.30, 0.20, 0.15, 0.05),
}
SIZES = (10, 30, 100)


def _counts(rng: random.Random, probs: Sequence[float], n: int) -> list[int]:
    counts = [0] * len(probs)
    cumulative = [sum(probs[: i + 1]) for i in range(len(probs))]
    for _ in range(n):
        u = rng.random()
        counts[next(i for i, c in enumerate(cumulative) if u < c or i == len(probs) - 1)] += 1
    return counts


def _wald(p: int, s: int, d: int) -> tuple[float, float]:
    n = p + s + d
    pp, dd = p / n, d / n
    score = 100 * (pp - dd)
    se = 100 * math.sqrt(max(0.0, pp + dd - (pp - dd) ** 2) / n)
    return max(-100.0, score - 1.959964 * se), min(100.0, score + 1.959964 * se)


@dataclass(frozen=True)
class Coverage:
    """One cell of the coverage table."""

    interval: str
    population: str
    n: int
    coverage: float


def coverage(reps: int, seed: int = 2016) -> list[Coverage]:
    """Coverage of every interval, per population and n."""
    rng = random.Random(seed)
    out: list[Coverage] = []
    for name, mix in NPS_MIXES.items():
        truth = 100 * (mix[0] - mix[2])
        for n in SIZES:
            adjusted = plain = 0
            for _ in range(reps):
                p, s, d = _counts(rng, mix, n)
                est = nps_interval(p, s, d)
                assert est.low is not None and est.high is not None
                adjusted += est.low <= truth <= est.high
                low, high = _wald(p, s, d)
                plain += low <= truth <= high
            out.append(Coverage("nps adjusted Wald", name, n, adjusted / reps))
            out.append(Coverage("nps plain Wald (old)", name, n, plain / reps))
    for name, mix in CSAT_MIXES.items():
        mean = sum((i + 1) * q for i, q in enumerate(mix))
        share = 100 * (mix[3] + mix[4])
        for n in SIZES:
            held_mean = held_share = 0
            for _ in range(reps):
                counts = _counts(rng, mix, n)
                stats = MeanStats()
                for value, count in enumerate(counts, start=1):
                    stats.add(value, count)
                est = stats.estimate((1, 5))
                assert est.low is not None and est.high is not None
                held_mean += est.low <= mean <= est.high
                w = wilson_interval(counts[3] + counts[4], n)
                assert w.low is not None and w.high is not None
                held_share += w.low <= share <= w.high
            out.append(Coverage("mean t / Markov", name, n, held_mean / reps))
            out.append(Coverage("top2box Wilson", name, n, held_share / reps))
    return out


# a CSAT population whose mean is exactly 4.0 (the target)
ON_TARGET = (0.02, 0.05, 0.15, 0.47, 0.31)
BELOW = (0.10, 0.15, 0.35, 0.30, 0.10)  # mean 3.15: 0.85 below a 4.0 target


def _row(rng: random.Random, mix: Sequence[float], n: int, tp: str, margin: float) -> GapResult:
    stats = MeanStats()
    for value, count in enumerate(_counts(rng, mix, n), start=1):
        stats.add(value, count)
    return gap_result(tp, BUILTIN_METRICS["csat"], None, stats, 4.0, margin, 30, 0.95)


@dataclass(frozen=True)
class Discovery:
    """False flags among 40 touchpoints."""

    case: str
    adjusted: bool
    any_false_flag: float
    fdr: float


def false_discoveries(
    reps: int, seed: int = 1995, *, only: Sequence[int] = (0, 1, 2), per_row: bool = True
) -> list[Discovery]:
    """P(any false above/below) and the false discovery rate, BH and per-row tests.

    ``only`` picks cases by index; ``per_row=False`` skips the unadjusted runs.
    """
    assert abs(sum((i + 1) * q for i, q in enumerate(ON_TARGET)) - 4.0) < 1e-12
    rng = random.Random(seed)
    out: list[Discovery] = []
    cases = [
        ("40 on target, margin 0.1 (default)", 0.1, 0),
        ("40 on target, margin 0 (truth on the boundary)", 0.0, 0),
        ("30 on target + 10 below, margin 0", 0.0, 10),
    ]
    for case, margin, below in [cases[i] for i in only]:
        for adjust in (True, False) if per_row else (True,):
            any_false = 0
            fdp_sum = 0.0
            for _ in range(reps):
                rows = [
                    _row(rng, BELOW if i < below else ON_TARGET, 100, f"t{i}", margin)
                    for i in range(40)
                ]
                judged = judge(rows, 0.05, adjust)
                flags = [r for r in judged if r.status in (GapStatus.ABOVE, GapStatus.BELOW)]
                false = [r for r in flags if int(r.touchpoint[1:]) >= below]
                any_false += bool(false)
                fdp_sum += len(false) / len(flags) if flags else 0.0
            out.append(Discovery(case, adjust, any_false / reps, fdp_sum / reps))
    return out


def main(reps: int = 4000) -> None:
    """Print both tables."""
    print(f"coverage of the 95% intervals ({reps} samples per cell)")
    print(f"{'interval':<22} {'population':<15} " + " ".join(f"n={n:<5}" for n in SIZES))
    cells = coverage(reps)
    keys = sorted({(c.interval, c.population) for c in cells}, key=lambda k: (k[0], k[1]))
    for interval, population in keys:
        row = {
            c.n: c.coverage for c in cells if (c.interval, c.population) == (interval, population)
        }
        print(f"{interval:<22} {population:<15} " + " ".join(f"{row[n]:<7.3f}" for n in SIZES))
    runs = max(200, reps // 10)
    print(f"\nfalse discoveries across 40 touchpoints, alpha 0.05 ({runs} reports each)")
    print(f"{'case':<48} {'statuses':<10} {'P(any false flag)':<18} FDR")
    for d in false_discoveries(runs):
        label = "BH" if d.adjusted else "per row"
        print(f"{d.case:<48} {label:<10} {d.any_false_flag:<18.3f} {d.fdr:.3f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 4000)
