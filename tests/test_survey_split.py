"""A long file read by two processes counts exactly what one process counts.

The split size is lowered so that small files are split; every figure, warning
and the order of the counts are compared with a read by one process.
"""

from __future__ import annotations

import os
import random
import threading
from pathlib import Path
from typing import BinaryIO

import pytest

from cxmap.survey import scan
from cxmap.survey.sniff import sniff
from cxmap.survey.tally import Group, read_long

HEADER = "respondent,touchpoint,metric,value,segment\n"
PAIRS = [("search-online", "csat"), ("purchase", "nps"), ("nowhere", "csat"), ("purchase", "x")]


def long_rows(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for i in range(count):
        tp, metric = PAIRS[i % len(PAIRS)]
        value = rng.choice(["1", "5", "", "N/A", "9", "späť"])
        out.append(f"r{i},{tp},{metric},{value},{rng.choice(['new', 'old', ''])}\n")
    return out


def known(tp: str, metric: str) -> bool:
    return tp in ("search-online", "purchase") and metric in ("", "csat", "nps")


def snapshot(path: Path) -> object:
    out = read_long(sniff(path), known, Group("segment"))
    counts = [(t.label, [(g, list(c.items())) for g, c in t.counts.items()]) for t in out.tallies]
    return (
        counts,
        out.rows_read,
        out.rows_skipped,
        sorted(out.excluded.items()),
        sorted(out.cells_skipped.items()),
        sorted(out.unmapped),
        out.warnings,
    )


def variants() -> dict[str, bytes]:
    rows = long_rows(2000, 1)
    late = len(rows) * 3 // 4
    odd = "r,search-online,csat\n"  # too few fields
    return {
        "plain": (HEADER + "".join(rows)).encode(),
        "bad rows in both halves": (
            HEADER + odd + "".join(rows[:late]) + odd + "".join(rows[late:]) + odd
        ).encode(),
        "quotes in the first half": (
            HEADER + "".join(rows[:10]) + 'r,purchase,nps,"7",new\n' + "".join(rows[10:])
        ).encode(),
        "quotes in the second half": (
            HEADER + "".join(rows[:-10]) + 'r,purchase,nps,"7, or 8",new\n' + "".join(rows[-10:])
        ).encode(),
        "crlf": (HEADER + "".join(rows)).replace("\n", "\r\n").encode(),
        "bom": b"\xef\xbb\xbf" + (HEADER + "".join(rows)).encode(),
        "cp1252 in the second half": (HEADER + "".join(rows)).encode("cp1252", "replace"),
        "broken quote in the second half": (
            HEADER + "".join(rows[:-5]) + 'r,purchase,nps,"7\n' + "".join(rows[-5:])
        ).encode(),
        "blank lines above the header": ("\n\n" + HEADER + "".join(rows)).encode(),
    }


def split_all(monkeypatch: pytest.MonkeyPatch, *, fork: bool = True) -> list[bool]:
    """Let a helper process read the second half of any file; the list says if it was used.

    The helper is forked, or with ``fork=False`` a fresh interpreter (which then
    gets no head start: the files are small).
    """
    used: list[bool] = []
    result = scan.Helper.result

    def spy(self: scan.Helper) -> scan.Counts | None:
        found = result(self)
        used.append(found is not None)
        return found

    monkeypatch.setattr(scan.Helper, "result", spy)
    monkeypatch.setattr(scan, "SPLIT_BYTES", 1)
    monkeypatch.setattr(scan, "_cores", lambda: 2)
    monkeypatch.setattr(scan, "FORK", fork)
    monkeypatch.setattr(scan, "SPAWN_AHEAD", 0)
    return used


def no_child_left() -> bool:
    """Whether every helper process has ended and been waited for."""
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


@pytest.mark.parametrize("fork", [True, False], ids=["forked", "fresh interpreter"])
@pytest.mark.parametrize("name", sorted(variants()))
def test_two_processes_count_what_one_counts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, fork: bool
) -> None:
    path = tmp_path / "long.csv"
    path.write_bytes(variants()[name])
    monkeypatch.setattr(scan, "SPLIT_BYTES", 1 << 40)
    expected = snapshot(path)
    forked: list[bool] = []
    start = scan._Forked.start

    def fork_spy(source: scan.Source, stop: int) -> scan._Forked | None:
        forked.append(True)
        return start(source, stop)

    monkeypatch.setattr(scan._Forked, "start", fork_spy)
    used = split_all(monkeypatch, fork=fork)
    assert snapshot(path) == expected
    if name not in ("quotes in the first half", "cp1252 in the second half"):
        assert used == [True]  # the second half was read by the helper
    assert forked == ([True] if fork else [])
    assert no_child_left()


@pytest.mark.parametrize("fork", [True, False], ids=["forked", "fresh interpreter"])
def test_a_failing_helper_leaves_the_reading_to_this_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fork: bool
) -> None:
    path = tmp_path / "long.csv"
    path.write_bytes(variants()["bad rows in both halves"])
    expected = snapshot(path)
    used = split_all(monkeypatch, fork=fork)
    if fork:

        def fail(source: scan.Source, offset: int) -> scan.Counts:
            raise OSError("the helper cannot read")

        monkeypatch.setattr(scan, "_read_rest", fail)  # the child inherits it and fails
    else:
        monkeypatch.setattr(scan.sys, "executable", "/nonexistent/python")
    assert snapshot(path) == expected
    assert True not in used
    assert no_child_left()


@pytest.mark.parametrize("fork", [True, False], ids=["forked", "fresh interpreter"])
def test_a_helper_is_stopped_when_this_process_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fork: bool
) -> None:
    path = tmp_path / "long.csv"
    path.write_bytes(variants()["plain"])
    split_all(monkeypatch, fork=fork)
    helpers: list[scan.Helper] = []
    start = scan.Helper.start

    def started(source: scan.Source, handle: BinaryIO) -> scan.Helper | None:
        helper = start(source, handle)
        assert helper is not None
        helpers.append(helper)
        return helper

    def broken(self: scan.ByteScan, *args: object) -> None:
        raise RuntimeError("this process failed")

    monkeypatch.setattr(scan.Helper, "start", started)
    monkeypatch.setattr(scan.ByteScan, "fast_range", broken)
    with pytest.raises(RuntimeError, match="this process failed"):
        snapshot(path)
    assert len(helpers) == 1
    assert no_child_left()


def test_a_helper_is_not_forked_beside_another_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "long.csv"
    path.write_bytes(variants()["plain"])
    expected = snapshot(path)
    used = split_all(monkeypatch)
    monkeypatch.setattr(scan.os, "fork", lambda: pytest.fail("forked beside a thread"))
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert snapshot(path) == expected
    finally:
        release.set()
        other.join()
    assert used == [True]  # a fresh interpreter read the second half


def test_one_core_reads_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "long.csv"
    path.write_bytes(variants()["plain"])
    monkeypatch.setattr(scan, "SPLIT_BYTES", 1)
    monkeypatch.setattr(scan, "_cores", lambda: 1)
    started: list[object] = []
    monkeypatch.setattr(scan.subprocess, "Popen", lambda *a, **k: started.append(a))
    monkeypatch.setattr(scan.os, "fork", lambda: started.append("fork"))
    snapshot(path)
    assert started == []


def test_many_distinct_long_answers_are_folded_and_the_figures_stay_exact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cxmap.gaps import GapOptions, compute_gaps
    from cxmap.survey import tally
    from tests.test_survey_hostile import many_distinct_answers
    from tests.test_survey_reading import journey

    cells = many_distinct_answers(6000)
    lines = [f"r{i},tp,csat,{c},{['new', 'old'][i % 2]}\n" for i, c in enumerate(cells)]
    lines.insert(4000, 'r,tp,csat,"3",new\n')  # the rest through csv
    cells.insert(4000, "3")
    path = tmp_path / "long.csv"
    path.write_text(HEADER + "".join(lines), encoding="utf-8")
    sizes: list[int] = []
    check = scan.ByteScan.check

    def spy(self: scan.ByteScan) -> None:
        check(self)
        counts = self.counts
        sizes.append(len(counts.folded) + len(counts.raw) + len(counts.text))

    monkeypatch.setattr(scan.ByteScan, "check", spy)
    monkeypatch.setattr(scan, "FAST_BLOCK", 1024)
    monkeypatch.setattr(scan, "CHECK_EVERY", 64)
    monkeypatch.setattr(scan, "SPLIT_BYTES", 1)
    monkeypatch.setattr(scan, "_cores", lambda: 2)
    monkeypatch.setattr(tally, "MAX_DISTINCT", 50)
    shoes = journey(tmp_path, "{Q1: csat}")
    options = GapOptions(min_n=1)
    table = compute_gaps(shoes, [path], options)
    scores = [5.0 if c == "Very satisfied" else float(c) for c in cells if c[0] in "12345V"]
    junk = sum(1 for c in cells if c.startswith("free text"))
    (only,) = [r for r in table.results if r.segment is None]
    assert only.n == len(scores)
    assert only.experience == pytest.approx(sum(scores) / len(scores))
    assert table.cells_skipped == {"missing": cells.count("N/A"), "not-a-number": junk}
    assert all("Folded" not in w for w in table.warnings)
    assert max(sizes) < 200  # without the fold: over 2,000 distinct keys
    monkeypatch.setattr(tally, "MAX_DISTINCT", 1 << 40)
    sizes.clear()
    unfolded = compute_gaps(shoes, [path], options)
    assert max(sizes) > 2000
    # the same figures; folded scores are summed in another order (last-bit differences)
    assert [(r.segment, r.n) for r in unfolded.results] == [(r.segment, r.n) for r in table.results]
    for a, b in zip(unfolded.results, table.results, strict=True):
        assert (a.experience, a.ci_low, a.ci_high) == pytest.approx(
            (b.experience, b.ci_low, b.ci_high)
        )
    assert unfolded.cells_skipped == table.cells_skipped
