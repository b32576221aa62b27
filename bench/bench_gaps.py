"""Benchmark: `cxmap gaps` on 1,000,000 long-format rows against pandas and polars.

Generates the rows in a temp folder, runs each contender as a subprocess
(whole-process wall time, peak RSS of the child), best of a few runs, and
prints the ratios. Run: .venv/bin/python bench/bench_gaps.py [rows]

Two more modes, timed in interleaved pairs (bench/timing.py):

- ``--wide [rows]``: 1,000,000 respondents in one wide CSV (one column per
  question, ``--by segment``) against pandas ``read_csv`` + ``groupby``;
- ``--xlsx [rows]``: a 100,000-row .xlsx against ``pandas.read_excel`` with the
  same engine (calamine); target: at most 1.0x;
- ``--qualtrics [rows]``: 1,000,000 respondents in the current Qualtrics layout
  (three header rows, 20 questions) against pandas ``read_csv(skiprows=[1, 2])``
  + ``melt`` + ``groupby`` mean/std/count (issue #14); target: at most 0.6x, peak
  memory under half of pandas';
- ``--long-pairs [rows]``: the long file against polars (lazy ``scan_csv`` +
  ``group_by``) in interleaved pairs; target: at most 1.5x, peak memory under half
  of pandas' (pandas timed once for its memory).
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

from genmap import write_map
from timing import measure, pairs

ROOT = Path(__file__).resolve().parent.parent
MAP = ROOT / "examples" / "running-shoes.cxmap.yaml"
RUNS = 3
#: the exit codes a timed run may end with: a peer that fails (say, polars not installed)
#: stops the bench instead of being timed as a fast peer
OK = (0,)

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


QUALTRICS_META = [
    ("StartDate", "Start Date", '{""ImportId"":""startDate"",""timeZone"":""America/Denver""}'),
    ("EndDate", "End Date", '{""ImportId"":""endDate"",""timeZone"":""America/Denver""}'),
    ("Status", "Response Type", '{""ImportId"":""status""}'),
    ("Progress", "Progress", '{""ImportId"":""progress""}'),
    ("Duration (in seconds)", "Duration (in seconds)", '{""ImportId"":""duration""}'),
    ("Finished", "Finished", '{""ImportId"":""finished""}'),
    ("RecordedDate", "Recorded Date", '{""ImportId"":""recordedDate""}'),
    ("ResponseId", "Response ID", '{""ImportId"":""_recordId""}'),
    ("DistributionChannel", "Distribution Channel", '{""ImportId"":""distributionChannel""}'),
    ("UserLanguage", "User Language", '{""ImportId"":""userLanguage""}'),
]
#: the 20 questions of ``genmap.generate_map(10)``: Q0..Q9 (csat) and Q0_nps..Q9_nps
QUALTRICS_QUESTIONS = [f"Q{i}{tail}" for i in range(10) for tail in ("", "_nps")]

PANDAS_QUALTRICS = """
import sys
import pandas as pd
df = pd.read_csv(sys.argv[1], skiprows=[1, 2])
cols = [c for c in df.columns if c.startswith("Q")]
long = df.melt(value_vars=cols, var_name="question", value_name="value")
print(long.groupby("question")["value"].agg(["mean", "std", "count"]).to_json())
"""

POLARS_LAZY = """
import sys
import polars as pl
out = (
    pl.scan_csv(sys.argv[1], infer_schema_length=0)
    .with_columns(pl.col("value").cast(pl.Float64, strict=False))
    .group_by(["touchpoint", "metric"])
    .agg(
        pl.col("value").count().alias("count"),
        pl.col("value").mean().alias("mean"),
        pl.col("value").std().alias("std"),
    )
    .sort(["touchpoint", "metric"])
    .collect()
)
print(out)
"""


def generate_qualtrics(path: Path, rows: int) -> None:
    """A current-layout Qualtrics export: three header rows, then one row per respondent."""
    rng = random.Random(11)
    segments = ["new", "returning", "churned"]
    names = [m[0] for m in QUALTRICS_META] + QUALTRICS_QUESTIONS + ["segment"]
    texts = [m[1] for m in QUALTRICS_META] + [
        f"How satisfied were you with step {q[1:]}?" if "_" not in q else "Would you recommend us?"
        for q in QUALTRICS_QUESTIONS
    ]
    imports = [m[2] for m in QUALTRICS_META] + [
        f'{{""ImportId"":""QID{q[1:].replace("_nps", "")}{"_NPS" if "_" in q else ""}""}}'
        for q in QUALTRICS_QUESTIONS
    ]
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(",".join(names) + "\n" + ",".join(texts) + "\n")
        handle.write(",".join(f'"{cell}"' for cell in imports) + ",segment\n")
        for start in range(0, rows, 50_000):
            lines = []
            for i in range(start, min(rows, start + 50_000)):
                stamp = f"2026-{1 + i % 12:02d}-{1 + i % 28:02d} 10:{i % 60:02d}:00"
                answers = [
                    ""
                    if rng.random() < 0.05
                    else str(rng.randint(1, 5) if k % 2 == 0 else rng.randint(0, 10))
                    for k in range(20)
                ]
                meta = f"{stamp},{stamp},0,100,{100 + i % 900},1,{stamp},R_{i:015d},anonymous,EN"
                lines.append(f"{meta},{','.join(answers)},{segments[i % 3]}\n")
            handle.writelines(lines)


def qualtrics_mode(rows: int) -> None:
    """cxmap gaps on a Qualtrics export against pandas (read_csv + melt + groupby), in pairs."""
    python = sys.executable
    cxmap = shutil.which("cxmap", path=str(Path(python).parent)) or "cxmap"
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "qualtrics.csv"
        generate_qualtrics(data, rows)
        journey = write_map(Path(tmp), 10)
        peer = Path(tmp) / "peer.py"
        peer.write_text(PANDAS_QUALTRICS)
        ours = [cxmap, "gaps", str(journey), "--survey", str(data), "-f", "json"]
        print(f"{rows:,} Qualtrics respondents x 20 questions, {data.stat().st_size / 1e6:.1f} MB")
        result = pairs([python, str(peer), str(data)], ours, RUNS + 2, ok_codes=OK)
        print(result.line("gaps vs pandas read_csv+melt+groupby", 0.6))
        half = "under" if result.ours_mib < result.peer_mib / 2 else "OVER"
        print(
            f"  peak RSS: pandas {result.peer_mib:.0f} MiB, cxmap {result.ours_mib:.0f} MiB "
            f"({half} half of pandas')"
        )


def long_pairs_mode(rows: int) -> None:
    """cxmap gaps on a long file against polars (lazy scan + group_by), in pairs."""
    python = sys.executable
    cxmap = shutil.which("cxmap", path=str(Path(python).parent)) or "cxmap"
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "long.csv"
        generate(data, rows)
        peer = Path(tmp) / "polars_lazy.py"
        peer.write_text(POLARS_LAZY)
        (Path(tmp) / "pandas_gaps.py").write_text(PANDAS)
        ours = [cxmap, "gaps", str(MAP), "--survey", str(data), "-f", "json"]
        print(f"{rows:,} long rows, {data.stat().st_size / 1e6:.1f} MB")
        result = pairs([python, str(peer), str(data)], ours, RUNS + 2, ok_codes=OK)
        print(result.line("gaps vs polars scan_csv+group_by", 1.5))
        _, pandas_mib = measure([python, str(Path(tmp) / "pandas_gaps.py"), str(data)], ok_codes=OK)
        half = "under" if result.ours_mib < pandas_mib / 2 else "OVER"
        print(
            f"  peak RSS: pandas {pandas_mib:.0f} MiB, polars {result.peer_mib:.0f} MiB, "
            f"cxmap {result.ours_mib:.0f} MiB ({half} half of pandas')"
        )


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
        result = pairs([python, str(peer), str(data)], ours, RUNS + 2, ok_codes=OK)
        label = "gaps --by segment vs pandas" if mode == "wide" else "gaps .xlsx vs read_excel"
        print(result.line(label, 1.0 if mode == "xlsx" else None))
        print(f"  peak RSS: pandas {result.peer_mib:.0f} MiB, cxmap {result.ours_mib:.0f} MiB")


def main() -> None:
    """Generate, run, print the table and the ratios."""
    args = sys.argv[1:]
    for mode, run_mode in (("--qualtrics", qualtrics_mode), ("--long-pairs", long_pairs_mode)):
        if args[:1] == [mode]:
            run_mode(int(args[1]) if len(args) > 1 else 1_000_000)
            return
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
