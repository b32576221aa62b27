"""Benchmark of ``cxmap render`` (issue 5): cxmap's share next to Graphviz's own work.

- svg: on a generated 1,000-touchpoint map, the whole ``cxmap render --format svg`` process
  against ``dot -Tsvg`` alone on the DOT that cxmap emits for the same map (target <= 1.15x).
  Three maps: a branching journey (every touchpoint leads on to one or two of the next few,
  pain points and actions as notes: what real maps look like), a densely branching one (up
  to three of the next ten: more layout work for dot) and the plain chain of ``genmap.py``
  (the easiest layout for dot, so the worst case for the ratio). cxmap's share is nearly
  fixed (interpreter, imports, reading and validating the map), so the ratio depends on
  how much work the layout is for dot.
- dot generation: in-process ``build_graph(journey).source`` for 10,000 touchpoints
  (target < 1 s), map loading reported apart.

Run: ``make bench`` or ``.venv/bin/python bench/bench_render.py``.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from genmap import write_map
from timing import medians, tool

RUNS = 5
STAGES = ["awareness", "consideration", "purchase", "usage", "service", "retention"]


def branching_map(
    touchpoints: int,
    *,
    phases: int = 10,
    channels: int = 8,
    seed: int = 5,
    extra: int = 1,
    reach: int = 4,
) -> str:
    """A valid map whose flow branches like a real journey (deterministic for a seed).

    Every touchpoint leads to the next one and to up to ``extra`` more among the
    ``reach`` after it.
    """
    rnd = random.Random(seed)
    out = [
        "cxmap: 1",
        f"id: branching-{touchpoints}",
        f"title: Branching journey with {touchpoints} touchpoints",
        "start: Needs something",
        "end: Tells a friend",
        "phases:",
        *(
            f"  - {{id: ph{i}, name: Phase {i}, stage: {STAGES[i % len(STAGES)]}}}"
            for i in range(phases)
        ),
        "channels:",
        *(
            f"  - {{id: ch{i}, name: Channel {i}, type: {('offline', 'online')[i % 2]}}}"
            for i in range(channels)
        ),
        "touchpoints:",
    ]
    per_phase = -(-touchpoints // phases)
    for i in range(touchpoints):
        out += [
            f"  - id: tp{i}",
            f"    name: Touchpoint {i} where the customer does something",
            f"    phase: ph{i // per_phase}",
            f"    channel: ch{rnd.randrange(channels)}",
            f"    moment: {('before', 'during', 'after')[i * 3 // touchpoints]}",
            f"    emotion: {rnd.randint(-2, 2)}",
            "    targets: {csat: 4.0}",
        ]
        if i % 5 == 0:
            out.append("    pain_points: [Has to wait too long]")
        following = {i + 1} | {i + rnd.randint(2, reach) for _ in range(rnd.randint(0, extra))}
        nxt = sorted(f for f in following if f < touchpoints)
        if nxt:
            out.append(f"    next: [{', '.join(f'tp{f}' for f in nxt)}]")
    out.append("actions:")
    out += [
        f"  - {{id: a{i}, touchpoint: tp{i}, description: Fix it, status: planned}}"
        for i in range(0, touchpoints, 10)
    ]
    return "\n".join(out) + "\n"


def svg_ratio(label: str, path: Path, folder: Path) -> float:
    """Whole ``cxmap render --format svg`` against ``dot -Tsvg`` on the DOT cxmap emits."""
    dot_file = folder / f"{path.stem}.dot"
    render = [tool("cxmap"), "render", str(path)]
    subprocess.run([*render, "-o", str(dot_file)], check=True)
    times = medians(
        {
            "cxmap": [*render, "--format", "svg", "-o", str(folder / "cxmap.svg")],
            "dot": [
                shutil.which("dot") or "dot",
                "-Tsvg",
                str(dot_file),
                "-o",
                str(folder / "dot.svg"),
            ],
            "cxmap-dot-only": [*render, "--format", "dot", "-o", str(folder / "cxmap.dot")],
            "start-up": [sys.executable, "-c", "import cxmap.cli"],
        },
        RUNS,
    )
    ratio = times["cxmap"] / times["dot"]
    verdict = "ok" if ratio <= 1.15 else "OVER TARGET"
    print(
        f"svg, {label}: cxmap render {times['cxmap']:.3f} s, dot -Tsvg alone {times['dot']:.3f} s, "
        f"ratio {ratio:.2f}x (target <= 1.15x: {verdict}); "
        f"cxmap's own share {times['cxmap'] - times['dot']:.3f} s"
    )
    print(
        f"  of which: interpreter + importing cxmap.cli {times['start-up']:.3f} s; "
        f"the whole render to DOT (start-up, load, validate, build) "
        f"{times['cxmap-dot-only']:.3f} s"
    )
    return ratio


def dot_generation(path: Path) -> float:
    """Best in-process time of ``build_graph(journey).source`` (and the map loading, apart)."""
    from cxmap.render.graph import build_graph
    from cxmap.validate import load_map

    start = time.perf_counter()
    journey = load_map(path)
    loaded = time.perf_counter() - start
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        source = build_graph(journey).source
        best = min(best, time.perf_counter() - start)
    assert source.count("\ttp") >= len(journey.touchpoints)
    verdict = "ok" if best < 1.0 else "OVER TARGET"
    print(
        f"dot generation, {len(journey.touchpoints)} touchpoints: {best:.3f} s "
        f"(target < 1 s: {verdict}); loading and validating the map: {loaded:.3f} s"
    )
    return best


def main() -> None:
    """Print the timings and ratios."""
    if shutil.which("dot") is None:
        raise SystemExit("bench_render needs Graphviz's dot (sudo apt-get install graphviz)")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        branching = folder / "branching-1000.cxmap.yaml"
        branching.write_text(branching_map(1000), encoding="utf-8")
        big = folder / "branching-10000.cxmap.yaml"
        big.write_text(branching_map(10_000, phases=40), encoding="utf-8")
        svg_ratio("branching 1,000-touchpoint map", branching, folder)
        dense = folder / "dense-1000.cxmap.yaml"
        dense.write_text(branching_map(1000, extra=2, reach=10), encoding="utf-8")
        svg_ratio("densely branching 1,000-touchpoint map", dense, folder)
        svg_ratio("chain 1,000-touchpoint map (genmap)", write_map(folder, 1000), folder)
        dot_generation(branching)
        dot_generation(big)


if __name__ == "__main__":
    main()
