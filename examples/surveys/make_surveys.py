"""Write the example survey exports (synthetic, deterministic) for the example maps.

Each map question gets answers around its target, some clearly better, some
clearly worse, some too close to call, with a few blank and N/A answers.
Run: .venv/bin/python examples/surveys/make_surveys.py
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

from cxmap.model import Aggregate
from cxmap.validate import load_map

HERE = Path(__file__).resolve().parent
EXAMPLES = HERE.parent
RESPONDENTS = 160
SHIFTS = [0.45, -0.5, 0.05, 0.3, -0.35, 0.6, -0.15]


def answer(rng: random.Random, low: float, high: float, level: float, spread: float) -> str:
    """One answer around ``level`` on the integer scale low..high (or blank / N/A)."""
    roll = rng.random()
    if roll < 0.03:
        return ""
    if roll < 0.05:
        return "N/A"
    value = min(high, max(low, round(rng.gauss(level, spread))))
    return str(int(value))


def main() -> None:
    """One wide CSV per example map, named after the map."""
    for name in ("running-shoes", "hotel-stay", "saas-onboarding"):
        journey = load_map(EXAMPLES / f"{name}.cxmap.yaml")
        rng = random.Random(name)
        columns: list[tuple[str, str, float]] = []
        for i, tp in enumerate(journey.touchpoints):
            for key, metric_id in tp.questions.items():
                metric = journey.metric(metric_id)
                assert metric is not None
                low, high = metric.scale
                shift = SHIFTS[(i + len(columns)) % len(SHIFTS)]
                target = tp.targets.get(metric_id)
                if metric.aggregate is Aggregate.NPS:
                    level = 8.0 + shift * 2
                elif metric.aggregate is Aggregate.TOP2BOX:
                    level = high - 0.9 + shift
                else:
                    base = target if target is not None else (low + high) / 2
                    step = (high - low) / 4
                    level = base + (shift * step if metric.higher_is_better else -shift * step)
                columns.append((key, metric_id, level))
        segments = journey.segments or ["all"]
        with open(HERE / f"{name}.csv", "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(["respondent", *[key for key, _, _ in columns], "segment"])
            for r in range(RESPONDENTS):
                row = [f"{name[:2]}-{r + 1:04d}"]
                for _, metric_id, level in columns:
                    metric = journey.metric(metric_id)
                    assert metric is not None
                    low, high = metric.scale
                    spread = 2.0 if metric.aggregate is Aggregate.NPS else (high - low) / 5
                    row.append(answer(rng, low, high, level, spread))
                row.append(segments[rng.randrange(len(segments))])
                writer.writerow(row)


if __name__ == "__main__":
    main()
