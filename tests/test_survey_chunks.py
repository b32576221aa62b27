"""The wide reader's column-at-a-time chunks count exactly what its row-at-a-time path counts.

Small files never leave the first chunk (the header rows send it row by row), so
these tests shrink the chunk to a few rows and compare every figure, warning and
the order of every count with a read in one chunk (row by row throughout).
"""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from cxmap.survey import tally
from cxmap.survey.sniff import sniff
from cxmap.survey.tally import Group, RowFilter, read_wide

HEADER = "StartDate,Status,Finished,ResponseId,Q1,Q2,segment\n"
TEXTS = "Start Date,Response Type,Finished,Response ID,How satisfied?,How likely?,segment\n"
IMPORTS = (
    ",".join(
        '"{""ImportId"":""' + i + '""}"'
        for i in ("startDate", "status", "finished", "_recordId", "QID1", "QID2", "segment")
    )
    + "\n"
)


def qualtrics_rows(count: int, seed: int) -> list[str]:
    """Rows with every kind of row the filters and the fold care about, mixed at random."""
    rng = random.Random(seed)
    out: list[str] = []
    for i in range(count):
        roll = rng.random()
        day = f"2026-0{1 + i % 3}-1{i % 9} 10:00:00"
        status = "1" if roll < 0.03 else "4" if roll < 0.05 else "0"  # preview, test
        finished = "0" if 0.05 <= roll < 0.1 else "1"
        rid = f"R_{i % 700}"  # some respondents twice
        q1 = rng.choice(["1", "2", "5", "", " 4 ", "N/A", f"junk {i}"])
        q2 = rng.choice(["0", "10", "7", "", "n/a"])
        segment = rng.choice(["new", "returning", " new ", ""])
        if 0.1 <= roll < 0.12:
            out.append("\n")  # blank line
        elif 0.12 <= roll < 0.14:
            out.append(",,, ,,,\n")  # bare separators, the header's width
        elif 0.14 <= roll < 0.16:
            out.append(f"{day},0,1,{rid},{q1}\n")  # too few fields
        elif 0.16 <= roll < 0.17:
            out.append(f' ,0,1,{rid},"{q1}",{q2},{segment}\n')  # blank first cell, not blank
        else:
            out.append(f"{day},{status},{finished},{rid},{q1},{q2},{segment}\n")
    return out


def fold(index: int, counts: Counter[Any]) -> Counter[Any]:
    """Keep two examples of junk, count the rest under one key, and note how much was counted.

    The note makes the outcome depend on the exact row the fold runs before.
    """
    out: Counter[Any] = Counter({("folded after", sum(counts.values())): 1})
    examples = 0
    for raw, n in counts.items():
        if isinstance(raw, str) and raw.startswith("junk"):
            examples += 1
            out[raw if examples <= 2 else ("folded", index)] += n
        else:
            out[raw] += n
    return out


def snapshot(path: Path, group: Group | None, seen: set[str] | None) -> object:
    sniffed = sniff(path)
    mapping = {4: [("tp1", "csat", "Q1")], 5: [("tp2", "nps", "Q2"), ("tp3", "nps", "Q2")]}
    rows = RowFilter(finished_only=True, seen_ids=seen, collect_ids=True, fold=fold)
    out = read_wide(sniffed, mapping, group, None, rows)
    counts = [
        (t.label, t.key, [(g, list(c.items())) for g, c in t.counts.items()]) for t in out.tallies
    ]
    return (
        counts,
        out.rows_read,
        out.rows_skipped,
        sorted(out.excluded.items()),
        out.warnings,
        sorted(out.ids or ()),
    )


@pytest.mark.parametrize("group", [None, Group("segment"), Group("StartDate", dates=True)])
@pytest.mark.parametrize("seen", [None, {"R_3", "R_17", "R_400"}])
def test_chunks_count_what_rows_count(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    group: Group | None,
    seen: set[str] | None,
) -> None:
    path = tmp_path / "q.csv"
    path.write_text(HEADER + TEXTS + IMPORTS + "".join(qualtrics_rows(1500, 3)), encoding="utf-8")
    monkeypatch.setattr(tally, "MAX_DISTINCT", 5)
    monkeypatch.setattr(tally, "FOLD_EVERY", 37)
    monkeypatch.setattr(tally, "WIDE_CHUNK", 10**9)
    expected = snapshot(path, group, seen)
    for size in (1, 2, 3, 5, 36, 37, 38, 100):
        monkeypatch.setattr(tally, "WIDE_CHUNK", size)
        assert snapshot(path, group, seen) == expected, size


def test_a_plain_file_in_chunks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(5)
    lines = [f"{rng.randint(1, 5)},{rng.choice(['a', 'b', ''])}\n" for _ in range(500)]
    path = tmp_path / "w.csv"
    path.write_text("Q1,segment\n" + "".join(lines), encoding="utf-8")
    mapping = {0: [("tp1", "csat", "Q1")]}
    monkeypatch.setattr(tally, "WIDE_CHUNK", 7)
    out = read_wide(sniff(path), mapping, Group("segment"))
    expected: dict[str | None, Counter[str]] = {}
    for line in lines:
        score, segment = line.rstrip("\n").split(",")
        expected.setdefault(segment or None, Counter())[score] += 1
    assert out.tallies[0].counts == expected
    assert (out.rows_read, out.rows_skipped) == (500, 0)
