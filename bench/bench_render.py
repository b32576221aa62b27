"""Benchmark of ``cxmap render`` (issues 5 and 14): cxmap's share next to Graphviz's work.

- svg: on a generated 1,000-touchpoint map, the whole ``cxmap render --format svg`` process
  against ``dot -Tsvg`` alone on the DOT that cxmap emits for the same map, in interleaved
  pairs: dot's time, cxmap's, the ratio with its range, and cxmap's own share (cxmap minus
  dot, pair by pair: median and range). Issue 14 set the target on that share (<= 0.2 s for
  the journey view of the branching map) in place of issue 5's ratio. Three maps: a
  branching journey (every touchpoint leads on to one or two of the next few, pain points
  and actions as notes: what real maps look like), a densely branching one (up to three of
  the next ten: more layout work for dot) and the plain chain of ``genmap.py``
  (the easiest layout for dot, so the worst case for the ratio). cxmap's share is nearly
  fixed (interpreter, imports, reading and validating the map), so the ratio depends on
  how much work the layout is for dot.
- dot generation: in-process ``build_graph(journey).source`` for 10,000 touchpoints
  (target < 1 s), map loading reported apart.
- drawing at scale (issues 12 and 14), each a whole process (interpreter start-up, lazy
  imports and teardown counted): every view of a 3,000-touchpoint map to SVG (< 3 s
  each), the canvas of 300 touchpoints (< 2 s), the journey view at 1,000 touchpoints with
  cxmap's own share (total minus ``dot`` on the same DOT, <= 0.2 s), and the report of a
  1,000-touchpoint map with a survey (< 3 s). Medians of interleaved runs, with the range.

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
from timing import Pairs, medians, pairs, tool

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


def render_and_dot(path: Path, folder: Path) -> tuple[list[str], list[str], list[str]]:
    """The whole ``cxmap render --format svg``, ``dot -Tsvg`` on the DOT cxmap emits for the
    same map, and the render to DOT alone (the DOT file written first)."""
    dot_file = folder / f"{path.stem}.dot"
    render = [tool("cxmap"), "render", str(path)]
    subprocess.run([*render, "-o", str(dot_file)], check=True)
    svg = [*render, "--format", "svg", "-o", str(folder / f"{path.stem}.cxmap.svg")]
    dot = [shutil.which("dot") or "dot", "-Tsvg", str(dot_file), "-o", str(folder / "d.svg")]
    to_dot = [*render, "--format", "dot", "-o", str(folder / f"{path.stem}.again.dot")]
    return svg, dot, to_dot


def share(result: Pairs) -> tuple[float, float, float]:
    """cxmap's own share, pair by pair (cxmap minus dot): median, least and most."""
    import statistics

    shares = [o - p for o, p in zip(result.ours, result.peer, strict=True)]
    return statistics.median(shares), min(shares), max(shares)


def svg_ratio(label: str, path: Path, folder: Path) -> float:
    """Whole ``cxmap render --format svg`` against ``dot -Tsvg`` on the DOT cxmap emits."""
    svg, dot, to_dot = render_and_dot(path, folder)
    result = pairs(dot, svg, RUNS)
    mid, low, high = share(result)
    print(result.line(f"svg, {label}"))
    print(f"  cxmap's own share {mid:.3f} s (range {low:.3f}-{high:.3f})")
    parts = medians({"start-up": START_UP, "to-dot": to_dot}, RUNS)
    print(
        f"  of which: interpreter + importing the command line {parts['start-up']:.3f} s; "
        f"the whole render to DOT (start-up, load, validate, build) {parts['to-dot']:.3f} s"
    )
    return result.ratio


#: the interpreter with the render command's imports
START_UP = [sys.executable, "-c", "import cxmap.cli.common, cxmap.cli.render"]


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


def _spread(cmd: list[str], runs: int = RUNS) -> tuple[float, float, float]:
    """Median, fastest and slowest wall time of ``cmd`` (one warm-up run first)."""
    import statistics

    from timing import wall

    wall(cmd)
    times = [wall(cmd) for _ in range(runs)]
    return statistics.median(times), min(times), max(times)


def _line(what: str, times: tuple[float, float, float], target: float) -> None:
    median, low, high = times
    verdict = "ok" if median < target else "OVER TARGET"
    print(f"{what}: {median:.3f} s (range {low:.3f}-{high:.3f}; target < {target:g} s: {verdict})")


def survey_for(path: Path, touchpoints: int, answers: int = 40) -> Path:
    """A long-layout survey: ``answers`` CSAT answers per touchpoint, a comment on some."""
    rnd = random.Random(7)
    survey = path.with_suffix(".csv")
    with survey.open("w", encoding="utf-8") as handle:
        handle.write("touchpoint,metric,value,comment\n")
        for i in range(touchpoints):
            for k in range(answers):
                note = "took too long" if k % 10 == 0 else ""
                handle.write(f"tp{i},csat,{rnd.randint(2, 5)},{note}\n")
    return survey


def drawing_at_scale(folder: Path) -> None:
    """Every view of 3,000 touchpoints, the canvas of 300, the report of 1,000 with a survey."""
    cxmap = tool("cxmap")
    big = folder / "branching-3000.cxmap.yaml"
    big.write_text(branching_map(3000, phases=30), encoding="utf-8")
    for view in ("journey", "channels", "emotion", "canvas"):
        cmd = [cxmap, "render", str(big), "--view", view, "-f", "svg", "-o", str(folder / "v.svg")]
        _line(f"render --view {view}, 3,000 touchpoints, to SVG", _spread(cmd, 3), 3.0)
    small = folder / "branching-300.cxmap.yaml"
    small.write_text(branching_map(300), encoding="utf-8")
    base = [cxmap, "render", str(small), "--view", "canvas"]
    _line(
        "render --view canvas, 300 touchpoints, SVG",
        _spread([*base, "-o", str(folder / "c.svg")]),
        2.0,
    )
    median, low, high = _spread([*base, "-o", str(folder / "c.png")], 3)
    print(f"  the same canvas as PNG (cairo): {median:.3f} s (range {low:.3f}-{high:.3f})")
    mid = folder / "branching-1000.cxmap.yaml"
    survey = survey_for(mid, 1000)
    report = [cxmap, "report", str(mid), "-s", str(survey), "-o", str(folder / "r.html")]
    _line("report, 1,000 touchpoints with a 40,000-row survey", _spread(report, 3), 3.0)


def journey_share(path: Path, folder: Path) -> None:
    """cxmap's own share of the journey view: the whole render minus dot on the same DOT."""
    svg, dot, to_dot = render_and_dot(path, folder)
    result = pairs(dot, svg, 3 * RUNS)
    mid, low, high = share(result)
    verdict = "ok" if mid <= 0.2 else "OVER TARGET"
    print(result.line("journey view, 1,000 touchpoints"))
    print(
        f"  cxmap's own share (cxmap minus dot, pair by pair) {mid:.3f} s "
        f"(range {low:.3f}-{high:.3f}; target <= 0.2 s: {verdict})"
    )
    validate = [tool("cxmap"), "validate", str(path)]
    times = medians({"start-up": START_UP, "validate": validate, "to-dot": to_dot}, RUNS)
    reading = times["validate"] - times["start-up"]
    drawing = times["to-dot"] - times["validate"]
    print(
        f"  of which: interpreter + importing the command line {times['start-up']:.3f} s; "
        f"reading and validating the map (cxmap validate minus that) {reading:.3f} s; "
        f"building and writing the DOT (render to DOT minus validate) {drawing:.3f} s; "
        f"running dot and taking its SVG back {mid - times['to-dot']:.3f} s"
    )


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
        journey_share(branching, folder)
        drawing_at_scale(folder)


if __name__ == "__main__":
    main()
