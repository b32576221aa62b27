"""Benchmark of ``cxmap lint`` (issues 3 and 14): start-up, scale, linear growth.

Every comparison is cxmap against a peer in the same run, in interleaved pairs
(bench/timing.py): the peer's median time, cxmap's, the median ratio and its range.

- start-up: ``cxmap lint`` on the example map vs ``yamllint`` on it (target <= 1.6x);
- scale: ``cxmap lint`` vs ``cxmap validate`` on a generated 10,000-touchpoint map
  (target <= 1.15x: what linting adds to reading and validating);
- whole process, median of RUNS runs, on generated maps of 5,000 and 10,000 touchpoints
  (about 0.8 findings per touchpoint, concise output): ``cxmap lint`` against the
  baseline ``yamllint`` (a rule-per-unit YAML linter; one run, it is ~10x slower) on the
  same file, and against
  ``cxmap validate`` (what linting adds on top of reading and validating);
- in-process: the rules and engine alone (``lint()`` on an already validated map),
  and read + validate + lint, best of 3; the 10k / 5k ratio of each (target <= 2.5).

Run: ``make bench`` or ``.venv/bin/python bench/bench_lint.py``.
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from genmap import write_map
from timing import pairs, tool

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "running-shoes.cxmap.yaml"
PAIRS = 20
SCALE_PAIRS = 5
RUNS = 3
TODAY = dt.date(2026, 11, 1)
LIMIT_5K = 2.0


def best(fn: Callable[[], object], repeat: int = 3) -> float:
    """Best wall time of ``repeat`` calls."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def in_process(path: Path) -> tuple[float, float, int]:
    """(rules + engine only, read + validate + lint, number of findings) for one map."""
    from cxmap.lint.config import LintConfig
    from cxmap.lint.engine import lint
    from cxmap.validate import validate_path

    config = LintConfig(today=TODAY)
    validation = validate_path(path)
    journey = validation.journey
    assert journey is not None, validation.findings[:3]
    found = lint(journey, validation.document, config)

    def whole() -> None:
        result = validate_path(path)
        assert result.journey is not None
        lint(result.journey, result.document, config)

    rules_only = best(lambda: lint(journey, validation.document, config), repeat=7)
    return rules_only, best(whole), len(found)


def work(path: Path) -> int:
    """Python function calls of one rules + engine pass: a count, free of timing noise.

    Time per touchpoint grows a little from 5k to 10k as the objects outgrow the
    CPU caches; the count shows whether the algorithm itself is linear.
    """
    import cProfile
    import pstats

    from cxmap.lint.config import LintConfig
    from cxmap.lint.engine import lint
    from cxmap.validate import validate_path

    config = LintConfig(today=TODAY)
    validation = validate_path(path)
    assert validation.journey is not None
    profile = cProfile.Profile()
    profile.enable()
    lint(validation.journey, validation.document, config)
    profile.disable()
    return sum(row[1] for row in pstats.Stats(profile).stats.values())  # type: ignore[attr-defined]


def main() -> None:
    """Print the timings, the ratios and whether 5k stays under 2 s."""
    lint_cmd = [tool("cxmap"), "lint", "--format", "concise", "--today", TODAY.isoformat()]
    print(f"start-up (example map, {PAIRS} interleaved pairs)")
    startup = pairs([tool("yamllint"), str(EXAMPLE)], [*lint_cmd, str(EXAMPLE)], PAIRS)
    print(startup.line("lint vs yamllint", 1.6))
    with tempfile.TemporaryDirectory() as tmp:
        big5, big10 = write_map(Path(tmp), 5000), write_map(Path(tmp), 10000)
        print(f"scale (generated 10,000-touchpoint map, {SCALE_PAIRS} interleaved pairs)")
        versus = pairs(
            [tool("cxmap"), "validate", str(big10)], [*lint_cmd, str(big10)], SCALE_PAIRS
        )
        print(versus.line("10k: lint vs validate", 1.15))
        print(
            pairs([tool("yamllint"), str(big5)], [*lint_cmd, str(big5)], 1).line(
                "5k: lint vs yamllint (one pair, slow)"
            )
        )
        growth = pairs([*lint_cmd, str(big5)], [*lint_cmd, str(big10)], RUNS)
        print(growth.line("lint 10k vs 5k (growth)", 2.5))
        five = statistics.median(growth.peer)
        print(f"  5k under {LIMIT_5K:.0f} s: {'yes' if five < LIMIT_5K else 'NO'} ({five:.2f} s)")
        r5, w5, n5 = in_process(big5)
        r10, w10, n10 = in_process(big10)
        print("in-process (best of 7 for the rules, of 3 for the whole)")
        print(
            f"  rules + engine: 5k {r5 * 1000:.0f} ms ({n5} findings), "
            f"10k {r10 * 1000:.0f} ms ({n10} findings), ratio {r10 / r5:.2f}  (target <= 2.50)"
        )
        print(
            f"  read + validate + lint: 5k {w5 * 1000:.0f} ms, 10k {w10 * 1000:.0f} ms, "
            f"ratio {w10 / w5:.2f}  (target <= 2.50)"
        )
        c5, c10 = work(big5), work(big10)
        print(
            f"  work of rules + engine (function calls): 5k {c5}, 10k {c10}, "
            f"ratio {c10 / c5:.3f}  (linear: 2.000)"
        )


if __name__ == "__main__":
    main()
