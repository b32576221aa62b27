"""Benchmark of ``cxmap validate`` (issue 2): start-up and scale, as ratios to baselines.

- start-up: the spec example, whole-process wall time, median of RUNS runs:
  cxmap vs ``yamllint`` (target <= 1.5x) and vs ``check-jsonschema`` with the exported
  schema (target <= 1.0x);
- scale: a generated 5,000-touchpoint map, cxmap vs check-jsonschema (<= 1.0x), and
  cxmap's 10,000 / 5,000 time ratio (<= 2.5x), whole process and in-process.

Run: ``make bench`` or ``.venv/bin/python bench/bench_validate.py``.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from genmap import write_map
from timing import medians, tool

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "running-shoes.cxmap.yaml"
RUNS = 15


def in_process(path: Path, repeat: int = 3) -> float:
    """Best in-process time of read + validate (no interpreter start-up)."""
    from cxmap.validate import validate_path

    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        result = validate_path(path)
        best = min(best, time.perf_counter() - start)
        assert result.ok, result.findings[:3]
    return best


def main() -> None:
    """Print the timings and ratios."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        schema = folder / "cxmap.schema.json"
        schema.write_text(
            subprocess.run(
                [tool("cxmap"), "schema"], capture_output=True, text=True, check=True
            ).stdout
        )
        startup = medians(
            {
                "cxmap": [tool("cxmap"), "validate", str(EXAMPLE)],
                "yamllint": [tool("yamllint"), str(EXAMPLE)],
                "check-jsonschema": [
                    tool("check-jsonschema"),
                    "--schemafile",
                    str(schema),
                    str(EXAMPLE),
                ],
            },
            RUNS,
        )
        print(f"start-up (median of {RUNS}, example map)")
        for name, seconds in startup.items():
            print(f"  {name:<18} {seconds * 1000:7.1f} ms")
        print(
            f"  ratio cxmap / yamllint         {startup['cxmap'] / startup['yamllint']:.2f}"
            "  (target <= 1.50)"
        )
        versus_cjs = startup["cxmap"] / startup["check-jsonschema"]
        print(f"  ratio cxmap / check-jsonschema {versus_cjs:.2f}  (target <= 1.00)")

        big5, big10 = write_map(folder, 5000), write_map(folder, 10000)
        scale = medians(
            {
                "cxmap 5k": [tool("cxmap"), "validate", str(big5)],
                "check-jsonschema 5k": [
                    tool("check-jsonschema"),
                    "--schemafile",
                    str(schema),
                    str(big5),
                ],
                "cxmap 10k": [tool("cxmap"), "validate", str(big10)],
            },
            5,
        )
        print("scale (median of 5, generated maps)")
        for name, seconds in scale.items():
            print(f"  {name:<20} {seconds * 1000:7.1f} ms")
        print(
            f"  ratio cxmap / check-jsonschema at 5k  "
            f"{scale['cxmap 5k'] / scale['check-jsonschema 5k']:.2f}  (target <= 1.00)"
        )
        print(
            f"  ratio cxmap 10k / 5k (process)        "
            f"{scale['cxmap 10k'] / scale['cxmap 5k']:.2f}  (target <= 2.50)"
        )
        t5, t10 = in_process(big5), in_process(big10)
        print(
            f"  in-process 5k {t5 * 1000:.0f} ms, 10k {t10 * 1000:.0f} ms, "
            f"ratio {t10 / t5:.2f}  (target <= 2.50)"
        )


if __name__ == "__main__":
    main()
