"""Benchmark of ``cxmap validate`` (issues 2 and 14): start-up and scale, as ratios to peers.

Every line is cxmap against a peer in the same run, in interleaved pairs (bench/timing.py):
the peer's median time, cxmap's, the median of the pairs' ratios and their range.

- start-up, the example map, whole process, PAIRS pairs:
  ``cxmap validate`` vs ``yamllint`` (target <= 1.5x), ``cxmap --help`` vs
  ``yamllint --help`` (target <= 0.9x), ``cxmap validate`` vs ``check-jsonschema`` with
  the exported schema (target <= 1.0x);
- scale, a generated 10,000-touchpoint map, whole process: ``cxmap validate`` vs a
  Python process that only reads the file with ``yaml.load(..., CSafeLoader)`` (target
  <= 0.6x), cxmap's peak memory (target <= 100 MiB), and cxmap's 10k / 5k time ratio
  (<= 2.5x, linear growth); at 5,000 touchpoints vs check-jsonschema (<= 1.0x, one pair:
  it takes seconds).

Run: ``make bench`` or ``.venv/bin/python bench/bench_validate.py``.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from genmap import write_map
from timing import pairs, tool

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "running-shoes.cxmap.yaml"
PAIRS = 20
SCALE_PAIRS = 7
MEMORY_LIMIT_MIB = 100
#: the peer at scale: the same file read by PyYAML's C loader, nothing else
CSAFE = (
    "import sys, yaml\n"
    "with open(sys.argv[1], encoding='utf-8') as f:\n"
    "    yaml.load(f, Loader=yaml.CSafeLoader)\n"
)


def main() -> None:
    """Print the timings and ratios."""
    cxmap = tool("cxmap")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        schema = folder / "cxmap.schema.json"
        schema.write_text(
            subprocess.run([cxmap, "schema"], capture_output=True, text=True, check=True).stdout
        )
        cjs = [tool("check-jsonschema"), "--schemafile", str(schema)]
        print(f"start-up (example map, {PAIRS} interleaved pairs)")
        example = [cxmap, "validate", str(EXAMPLE)]
        yamllint = [tool("yamllint"), str(EXAMPLE)]
        print(pairs(yamllint, example, PAIRS).line("validate vs yamllint", 1.5))
        helps = pairs([tool("yamllint"), "--help"], [cxmap, "--help"], PAIRS)
        print(helps.line("--help vs yamllint --help", 0.9))
        print(
            pairs([*cjs, str(EXAMPLE)], example, PAIRS // 2).line(
                "validate vs check-jsonschema", 1.0
            )
        )

        big5, big10 = write_map(folder, 5000), write_map(folder, 10000)
        print(f"scale (generated maps, {SCALE_PAIRS} interleaved pairs)")
        ten = pairs(
            [sys.executable, "-c", CSAFE, str(big10)], [cxmap, "validate", str(big10)], SCALE_PAIRS
        )
        print(ten.line("10k: validate vs yaml CSafeLoader", 0.6))
        verdict = "ok" if ten.ours_mib <= MEMORY_LIMIT_MIB else "OVER"
        print(
            f"  10k peak memory: cxmap {ten.ours_mib:.0f} MiB, yaml.load {ten.peer_mib:.0f} MiB"
            f"  (target <= {MEMORY_LIMIT_MIB} MiB: {verdict})"
        )
        growth = pairs([cxmap, "validate", str(big5)], [cxmap, "validate", str(big10)], 3)
        print(growth.line("validate 10k vs 5k (growth)", 2.5))
        print(
            pairs([*cjs, str(big5)], [cxmap, "validate", str(big5)], 1).line(
                "5k: validate vs check-jsonschema", 1.0
            )
        )


if __name__ == "__main__":
    main()
