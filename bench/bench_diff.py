"""Benchmark of ``cxmap diff`` (issue 14): two 10,000-touchpoint maps in under 2 s.

Two generated maps that differ as a real revision does (targets changed, touchpoints
removed and added, a renamed phase), whole process, in interleaved pairs with two peers
(bench/timing.py prints each peer's median, cxmap's, the median ratio and its range):

- GNU ``diff -u`` of the same two files: the line diff a reviewer would read otherwise;
- ``cxmap validate`` of the new map: a semantic diff has to read and validate both, so
  about 2x is the floor of a diff that validates each version once.

Run: ``make bench`` or ``.venv/bin/python bench/bench_diff.py``.
"""

from __future__ import annotations

import re
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from genmap import generate_map
from timing import pairs, tool

TOUCHPOINTS = 10_000
PAIRS = 5
LIMIT_S = 2.0


def revise(text: str) -> str:
    """The map as a later revision: every 50th nps target up, tp7 gone, a phase renamed."""
    text = re.sub(
        r"nps: (\d*0)\}", lambda m: f"nps: {int(m.group(1)) + 5}}}", text
    )  # targets of every tenth touchpoint
    text = text.replace("name: Phase 3,", "name: Phase three,")
    text = text.replace("next: [tp7]", "next: [tp8]")
    start = text.index("  - id: tp7\n")
    end = text.index("  - id: tp8\n")
    return text[:start] + text[end:]


def main() -> None:
    """Print the timings, the ratios, and whether the diff stays under 2 s."""
    cxmap = tool("cxmap")
    with tempfile.TemporaryDirectory() as tmp:
        old, new = Path(tmp, "old.cxmap.yaml"), Path(tmp, "new.cxmap.yaml")
        old.write_text(generate_map(TOUCHPOINTS), encoding="utf-8")
        new.write_text(revise(old.read_text(encoding="utf-8")), encoding="utf-8")
        ours = [cxmap, "diff", str(old), str(new)]
        print(f"diff of two {TOUCHPOINTS:,}-touchpoint maps ({PAIRS} interleaved pairs)")
        gnu = shutil.which("diff")
        if gnu:
            print(pairs([gnu, "-u", str(old), str(new)], ours, PAIRS).line("cxmap diff vs diff -u"))
        versus = pairs([cxmap, "validate", str(new)], ours, PAIRS)
        print(versus.line("cxmap diff vs cxmap validate"))
        seconds = statistics.median(versus.ours)
        verdict = "ok" if seconds < LIMIT_S else "OVER"
        print(f"  cxmap diff {seconds:.2f} s (target < {LIMIT_S:.0f} s: {verdict})")


if __name__ == "__main__":
    main()
