"""Benchmark of hostile input (issues 2 and 13): each case must finish in under 2 s and 200 MB.

Every case runs ``cxmap`` in a fresh process on files built here, in a temporary
folder. Time is wall time; memory is that process's own peak RSS (``wait4``).
The baseline is the same process validating the example map, so the ratio
shows what refusing costs beyond start-up. Needs only the ``bench`` extra (no
pytest): the hostile YAML texts come from ``tests/hostile_cases.py``, a plain
module. Exits 1 when a case is over either limit.

Run: ``make bench`` or ``.venv/bin/python bench/bench_hostile.py``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.hostile_cases import CASES, SMALL_MAP, git  # noqa: E402

EXAMPLE = ROOT / "examples" / "running-shoes.cxmap.yaml"
CXMAP = str(Path(sys.executable).parent / "cxmap")
SECONDS_LIMIT = 2.0
MEGABYTES_LIMIT = 200.0
MIB = 1024 * 1024

MAP = SMALL_MAP


def run(
    args: list[str], *, env: dict[str, str] | None = None, shell: str = ""
) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one ``cxmap ARGS`` process (output discarded)."""
    start = time.perf_counter()
    if shell:
        command: list[str] | str = f"exec '{CXMAP}' {' '.join(args)} {shell}"
    else:
        command = [CXMAP, *args]
    process = subprocess.Popen(
        command,
        shell=bool(shell),
        stdout=None if shell else subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    _pid, _status, usage = os.wait4(process.pid, 0)
    process.returncode = 0  # reaped by wait4
    return time.perf_counter() - start, usage.ru_maxrss / 1024


def catalogue(size: int) -> str:
    """A valid catalogue of about ``size`` bytes (segments, then a comment as padding)."""
    body = "channels:\n  - {id: web, name: Web, type: online}\nsegments: [a, b]\n"
    return body + "# padding\n" * max(0, (size - len(body)) // 10)


def including(folder: Path, names: list[str]) -> Path:
    path = folder / "m.cxmap.yaml"
    path.write_text(
        MAP.replace("channels:\n  - {id: web, name: Web, type: online}\n", "").replace(
            "phases:", f"include: {json.dumps(names)}\nphases:"
        )
    )
    return path


def one_line_map(touchpoints: int) -> str:
    flow = ", ".join(f"{{id: t{i}, name: T, phase: p, channel: web}}" for i in range(touchpoints))
    return (
        "{cxmap: 1, id: m, title: M, phases: [{id: p, name: P}], "
        f"channels: [{{id: web, name: Web, type: online}}], touchpoints: [{flow}]}}\n"
    )


Case = Callable[[Path], tuple[float, float]]


def build_cases() -> dict[str, Case]:
    """Each case: build its files in a fresh folder, then run cxmap once on them."""
    cases: dict[str, Case] = {}

    for name, (text, _code) in sorted(CASES.items()):

        def yaml_case(tmp: Path, text: str = text) -> tuple[float, float]:
            path = tmp / "case.cxmap.yaml"
            path.write_text(text, encoding="utf-8")
            return run(["validate", str(path)])

        cases[f"yaml: {name}"] = yaml_case

    def big_file(tmp: Path) -> tuple[float, float]:
        path = tmp / "big.cxmap.yaml"
        path.write_bytes(b"# padding\n" * (11 * MIB // 10))
        return run(["validate", str(path)])

    cases["11 MiB map"] = big_file

    def same_catalogue_64(tmp: Path, size: int = 127 * 1024) -> tuple[float, float]:
        (tmp / ".git").mkdir()
        (tmp / "c.yaml").write_text(catalogue(size))
        return run(["lint", str(including(tmp, ["c.yaml"] * 64))])

    cases["127 KB catalogue included 64 times"] = same_catalogue_64
    cases["5 MB catalogue included 64 times"] = lambda tmp: same_catalogue_64(tmp, 5 * 1000**2)

    def diamond(tmp: Path) -> tuple[float, float]:
        (tmp / ".git").mkdir()
        (tmp / "c.yaml").write_text(catalogue(127 * 1024))
        for i in range(32):
            (tmp / f"d{i}.yaml").write_text("include: [c.yaml]\n")
        return run(["lint", str(including(tmp, [f"d{i}.yaml" for i in range(32)]))])

    cases["32 catalogues all including one"] = diamond

    def tiny_values(tmp: Path) -> tuple[float, float]:
        path = tmp / "tiny.cxmap.yaml"
        payload = "x-payload: [" + "1," * (5 * MIB - 4096) + "1]\n"
        path.write_text(MAP + payload)
        return run(["validate", str(path)])

    cases["10 MiB of tiny values under an x- key"] = tiny_values

    def distinct_catalogues(tmp: Path) -> tuple[float, float]:
        (tmp / ".git").mkdir()
        for i in range(64):
            names = ", ".join(f"s{i}-{j}" for j in range(127 * 1024 // 10))
            (tmp / f"c{i}.yaml").write_text(f"segments: [{names}]\n")
        return run(["lint", str(including(tmp, [f"c{i}.yaml" for i in range(64)]))])

    cases["64 different 127 KB catalogues of segments (8 MB)"] = distinct_catalogues

    def over_budget(tmp: Path) -> tuple[float, float]:
        (tmp / ".git").mkdir()
        for i in range(4):
            (tmp / f"c{i}.yaml").write_text(catalogue(4 * MIB))
        return run(["validate", str(including(tmp, [f"c{i}.yaml" for i in range(4)]))])

    cases["4 x 4 MiB catalogues (over the budget)"] = over_budget

    def outside(tmp: Path) -> tuple[float, float]:
        (tmp / "repo" / ".git").mkdir(parents=True)
        return run(["lint", str(including(tmp / "repo", ["/etc/passwd", "../../../etc/shadow"]))])

    cases["include of /etc/passwd"] = outside

    for size in (43, 94):

        def one_line(tmp: Path, size: int = size) -> tuple[float, float]:
            text = one_line_map(size * 1000 // 42)
            path = tmp / "one.cxmap.yaml"
            path.write_text(text)
            return run(["lint", "--today", "2026-01-01", str(path)])

        cases[f"lint text of a {size} KB one-line map"] = one_line

    def dev_zero(tmp: Path) -> tuple[float, float]:
        (tmp / "m.cxmap.yaml").write_text(MAP)
        return run(["lint", "--config", "/dev/zero", str(tmp / "m.cxmap.yaml")])

    cases["--config /dev/zero"] = dev_zero

    def glob_config(tmp: Path, size: int = 3 * 1000**2) -> tuple[float, float]:
        (tmp / "m.cxmap.yaml").write_text(MAP)
        pattern = ("*a?[bc]" * (size // 7))[:size]
        (tmp / "c.toml").write_text(f'[per-file-ignores]\n"{pattern}" = ["CX3"]\n')
        return run(["lint", "--config", str(tmp / "c.toml"), str(tmp / "m.cxmap.yaml")])

    cases["3 MB glob config"] = glob_config

    def many_globs(tmp: Path) -> tuple[float, float]:
        (tmp / "m.cxmap.yaml").write_text(MAP)
        lines = [f'"{("*a?[bc]" * 40)[:250]}{i}" = ["CX3"]' for i in range(500)]
        (tmp / "c.toml").write_text("[per-file-ignores]\n" + "\n".join(lines) + "\n")
        return run(["lint", "--config", str(tmp / "c.toml"), str(tmp / "m.cxmap.yaml")])

    cases["500 globs of 250 characters"] = many_globs

    def many_selectors(tmp: Path) -> tuple[float, float]:
        (tmp / "m.cxmap.yaml").write_text(MAP)
        (tmp / "c.toml").write_text("select = [" + ", ".join(['"CX1"'] * 120_000) + "]\n")
        return run(["lint", "--config", str(tmp / "c.toml"), str(tmp / "m.cxmap.yaml")])

    cases["select of 120,000 selectors"] = many_selectors

    def deep_toml(tmp: Path) -> tuple[float, float]:
        (tmp / "m.cxmap.yaml").write_text(MAP)
        (tmp / "c.toml").write_text("a = " + "[" * 5000 + "]" * 5000 + "\n")
        return run(["lint", "--config", str(tmp / "c.toml"), str(tmp / "m.cxmap.yaml")])

    cases["TOML nested 5,000 deep"] = deep_toml

    def long_label(tmp: Path) -> tuple[float, float]:
        label = json.dumps('"' * 4000 + "word " * 2400)
        (tmp / "m.cxmap.yaml").write_text(MAP.replace("name: T,", f"name: {label},"))
        return run(["render", str(tmp / "m.cxmap.yaml"), "-o", str(tmp / "m.svg")])

    if shutil.which("dot"):
        cases["render a 16 KB label (svg)"] = long_label

    def big_blob(tmp: Path) -> tuple[float, float]:
        git(tmp, "init", "-q")
        with (tmp / "big.cxmap.yaml").open("wb") as handle:
            for _ in range(300):
                handle.write(b"# padding\n" * (MIB // 10))
        git(tmp, "add", ".")
        git(tmp, "commit", "-qm", "big")
        (tmp / "m.cxmap.yaml").write_text(MAP)
        cwd = os.getcwd()
        os.chdir(tmp)
        try:
            return run(["diff", "HEAD:big.cxmap.yaml", "m.cxmap.yaml"])
        finally:
            os.chdir(cwd)

    if shutil.which("git"):
        cases["diff of a 300 MB git blob"] = big_blob

    def dot_wrapper(tmp: Path) -> tuple[float, float]:
        bin_dir = tmp / "bin"
        bin_dir.mkdir()
        (bin_dir / "dot").write_text("#!/bin/sh\nsleep 60 &\nwait\n")
        (bin_dir / "dot").chmod(0o755)
        (tmp / "m.cxmap.yaml").write_text(MAP)
        env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
        args = ["render", str(tmp / "m.cxmap.yaml"), "-o", str(tmp / "m.svg"), "--timeout", "1"]
        return run(args, env=env)

    cases["dot wrapper past --timeout 1"] = dot_wrapper

    def overwrite_input(tmp: Path) -> tuple[float, float]:
        (tmp / "m.cxmap.yaml").write_text(MAP)
        (tmp / "s.csv").write_text("touchpoint,metric,value\nt,csat,4\n")
        args = ["gaps", str(tmp / "m.cxmap.yaml"), "--survey", str(tmp / "s.csv")]
        return run([*args, "-o", str(tmp / "s.csv")])

    cases["-o naming the survey"] = overwrite_input

    def full_disk(tmp: Path) -> tuple[float, float]:
        path = tmp / "one.cxmap.yaml"
        path.write_text(one_line_map(1000))
        return run(["lint", f"'{path}'"], shell="> /dev/full")

    if Path("/dev/full").exists():
        cases["lint to a full disk (/dev/full)"] = full_disk
    return cases


def main() -> int:
    """Print each case's time and memory against the limits; 1 when one is over."""
    base, base_mb = min(run(["validate", str(EXAMPLE)]) for _ in range(3))
    print(f"baseline: the example map validates in {base * 1000:.0f} ms ({base_mb:.0f} MB)")
    over = []
    for name, case in build_cases().items():
        best = (float("inf"), float("inf"))
        for _ in range(2):
            with tempfile.TemporaryDirectory() as tmp:
                seconds, megabytes = case(Path(tmp))
            best = min(best, (seconds, megabytes))
        seconds, megabytes = best
        ok = seconds < SECONDS_LIMIT and megabytes < MEGABYTES_LIMIT
        if not ok:
            over.append(name)
        print(
            f"  {name:<42} {seconds * 1000:6.0f} ms  {megabytes:5.0f} MB  "
            f"{seconds / base:5.2f}x the example  {'ok' if ok else 'OVER'}"
        )
    limits = f"{SECONDS_LIMIT:g} s and {MEGABYTES_LIMIT:g} MB"
    if over:
        print(f"over {limits}: {', '.join(over)}")
        return 1
    print(f"every hostile case finished in under {limits}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
