"""Benchmark: `cxmap gaps` on 1,000,000 long-format rows against pandas and polars.

Generates the rows in a temp folder, runs each contender as a subprocess
(whole-process wall time, peak RSS of the child), best of a few runs, and
prints the ratios. Run: .venv/bin/python bench/bench_gaps.py [rows]

Two more modes, timed in interleaved pairs (bench/timing.py):

- ``--wide [rows]``: 1,000,000 respondents in one wide CSV (one column per
  question, ``--by segment``) against pandas ``read_csv`` + ``groupby``;
- ``--xlsx [rows]``: a 100,000-row .xlsx against ``pandas.read_excel`` with the
  same engine (calamine); target: at most 1.0x.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timing import pairs

ROOT = Path(__file__).resolve().parent.parent
MAP = ROOT / "examples" / "running-shoes.cxmap.yaml"
RUNS = 3

PAIRS = [
    ("search-online", "csat", 1, 5),
    ("store-advice", "csat", 1, 5),
    ("store-advice", "wait-minutes", 0, 60),
    ("try-on", "ces", 1, 7),
    ("purchase", "csat", 1, 5),
    ("purchase", "nps", 0, 10),
    ("first-run", "csat", 1, 5),
]

PANDAS = """
import sys
import pandas as pd
df = pd.read_csv(sys.argv[1])
df["value"] = pd.to_numeric(df["value"], errors="coerce")
out = df.groupby(["touchpoint", "metric"])["value"].agg(["count", "mean", "std"])
print(out.reset_index().to_json(orient="records"))
"""

POLARS = """
import sys
import polars as pl
df = pl.read_csv(sys.argv[1], infer_schema_length=0)
df = df.with_columns(pl.col("value").cast(pl.Float64, strict=False))
out = df.group_by(["touchpoint", "metric"]).agg(
    pl.col("value").count().alias("count"),
    pl.col("value").mean().alias("mean"),
    pl.col("value").std().alias("std"),
).sort(["touchpoint", "metric"])
print(out)
"""


def generate(path: Path, rows: int) -> None:
    """Write ``rows`` long-format answers (a few blanks and N/A among them)."""
    rng = random.Random(42)
    segments = ["new", "returning", "churned"]
    channels = ["web", "store", "social"]
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write("respondent,touchpoint,metric,value,segment,channel,date,comment\n")
        lines = []
        for i in range(rows):
            tp, metric, low, high = PAIRS[i % len(PAIRS)]
            roll = rng.random()
            value = "" if roll < 0.02 else "N/A" if roll < 0.03 else str(rng.randint(low, high))
            day = 1 + i % 28
            lines.append(
                f"r{i // 7},{tp},{metric},{value},{segments[i % 3]},{channels[i % 3]},"
                f"2026-{1 + (i // 7) % 12:02d}-{day:02d},\n"
            )
            if len(lines) >= 100_000:
                handle.writelines(lines)
                lines.clear()
        handle.writelines(lines)


def run(argv: list[str]) -> tuple[float, int, float]:
    """Wall seconds, peak RSS (MB) and CPU seconds (user + system) of one child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{argv[0]} failed: {err}")
    return wall, usage.ru_maxrss // 1024, usage.ru_utime + usage.ru_stime


def best(argv: list[str]) -> tuple[float, int, float]:
    """Best wall and CPU time of a few runs, and the largest peak memory seen."""
    results = [run(argv) for _ in range(RUNS)]
    return (
        min(r[0] for r in results),
        max(r[1] for r in results),
        min(r[2] for r in results),
    )


def agree(cxmap_argv: list[str], pandas_argv: list[str]) -> str:
    """Do cxmap and pandas give the same n and mean per touchpoint and metric?"""
    ours = json.loads(subprocess.run(cxmap_argv, capture_output=True, check=True).stdout)
    theirs = json.loads(subprocess.run(pandas_argv, capture_output=True, check=True).stdout)
    expected = {(r["touchpoint"], r["metric"]): r for r in theirs}
    for result in ours["results"]:
        other = expected[(result["touchpoint"], result["metric"])]
        if result["n"] != other["count"]:
            return f"no: n of {result['touchpoint']} {result['metric']} differs"
        if result["metric"] != "nps" and abs(result["experience"] - other["mean"]) > 1e-4:
            return f"no: mean of {result['touchpoint']} {result['metric']} differs"
    return f"yes ({len(ours['results'])} results: n, and the mean of every mean metric)"


QUESTIONS = ["Q1", "Q2", "Q3", "Q3_wait", "Q4", "Q5", "Q6", "Q7"]
WIDE_SCALES = [(1, 5), (1, 5), (1, 5), (0, 60), (1, 7), (1, 5), (0, 10), (1, 5)]

PANDAS_WIDE = """
import sys
import pandas as pd
df = pd.read_csv(sys.argv[1])
cols = ["Q1", "Q3", "Q3_wait", "Q4", "Q5", "Q6", "Q7"]
print(df.groupby("segment")[cols].agg(["count", "mean"]).to_json())
print(df[cols].agg(["count", "mean"]).to_json())
"""

PANDAS_XLSX = """
import sys
import pandas as pd
df = pd.read_excel(sys.argv[1], engine="calamine")
cols = ["Q1", "Q3", "Q3_wait", "Q4", "Q5", "Q6", "Q7"]
print(df[cols].agg(["count", "mean"]).to_json())
"""


def wide_rows(rows: int) -> list[list[object]]:
    """``rows`` respondents: id, segment, date and one answer per question."""
    rng = random.Random(7)
    segments = ["new", "returning", "churned"]
    out: list[list[object]] = []
    for i in range(rows):
        answers = [rng.randint(low, high) for low, high in WIDE_SCALES]
        out.append([f"r{i}", segments[i % 3], f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}", *answers])
    return out


def generate_wide(path: Path, rows: int) -> None:
    """A wide CSV: one row per respondent."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(",".join(["respondent", "segment", "date", *QUESTIONS]) + "\n")
        for start in range(0, rows, 100_000):
            block = wide_rows(min(100_000, rows - start))
            handle.writelines(",".join(map(str, r)) + "\n" for r in block)


def generate_xlsx(path: Path, rows: int) -> None:
    """The same respondents as a workbook (openpyxl, write-only)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Responses")
    sheet.append(["respondent", "segment", "date", *QUESTIONS])
    for row in wide_rows(rows):
        sheet.append(row)
    book.save(path)


def pair_mode(mode: str, rows: int) -> None:
    """Time cxmap against pandas on a wide CSV or an .xlsx, in interleaved pairs."""
    python = sys.executable
    cxmap = shutil.which("cxmap", path=str(Path(python).parent)) or "cxmap"
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / ("wide.csv" if mode == "wide" else "wide.xlsx")
        (generate_wide if mode == "wide" else generate_xlsx)(data, rows)
        peer = Path(tmp) / "peer.py"
        peer.write_text(PANDAS_WIDE if mode == "wide" else PANDAS_XLSX)
        ours = [cxmap, "gaps", str(MAP), "--survey", str(data), "-f", "json"]
        if mode == "wide":
            ours += ["--by", "segment"]
        print(f"{rows:,} {mode} rows, {data.stat().st_size / 1e6:.1f} MB")
        result = pairs([python, str(peer), str(data)], ours, RUNS + 2)
        label = "gaps --by segment vs pandas" if mode == "wide" else "gaps .xlsx vs read_excel"
        print(result.line(label, 1.0 if mode == "xlsx" else None))
        print(f"  peak RSS: pandas {result.peer_mib:.0f} MiB, cxmap {result.ours_mib:.0f} MiB")


def main() -> None:
    """Generate, run, print the table and the ratios."""
    args = sys.argv[1:]
    for mode, default in (("--wide", 1_000_000), ("--xlsx", 100_000)):
        if args[:1] == [mode]:
            pair_mode(mode[2:], int(args[1]) if len(args) > 1 else default)
            return
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    python = sys.executable
    cxmap = shutil.which("cxmap", path=str(Path(python).parent)) or "cxmap"
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "long.csv"
        generate(data, rows)
        (Path(tmp) / "pandas_gaps.py").write_text(PANDAS)
        (Path(tmp) / "polars_gaps.py").write_text(POLARS)
        size = data.stat().st_size / 1e6
        print(f"{rows:,} long rows, {size:.1f} MB; best of {RUNS} runs, whole process")
        contenders = {
            "cxmap gaps": [cxmap, "gaps", str(MAP), "--survey", str(data), "-f", "json"],
            "pandas": [python, str(Path(tmp) / "pandas_gaps.py"), str(data)],
        }
        try:
            import polars  # noqa: F401

            contenders["polars"] = [python, str(Path(tmp) / "polars_gaps.py"), str(data)]
        except ImportError:
            print("polars not installed; skipped")
        measured = {name: best(argv) for name, argv in contenders.items()}
        check = agree(contenders["cxmap gaps"], contenders["pandas"])
    for name, (wall, mem, cpu) in measured.items():
        print(f"  {name:<12} {wall:6.2f} s wall  {cpu:6.2f} s cpu  {mem:5d} MB peak RSS")
    ours, ours_cpu = measured["cxmap gaps"][0], measured["cxmap gaps"][2]
    for name in ("pandas", "polars"):
        if name in measured:
            wall, cpu = measured[name][0], measured[name][2]
            ratio = f"{ours / wall:.2f} wall time, {ours_cpu / cpu:.2f} cpu time"
            print(f"  ratio cxmap/{name}: {ratio}")
    print(f"  cxmap and pandas agree: {check}")
    peak = measured["cxmap gaps"][1]
    print(f"  cxmap peak memory: {peak} MB ({'under' if peak < 150 else 'OVER'} 150 MB)")


if __name__ == "__main__":
    main()
