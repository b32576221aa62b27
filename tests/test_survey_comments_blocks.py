"""Long files: passing over blocks without comments finds every comment ``csv`` finds.

Blocks are shrunk to a few rows; the comments, their scores and their lines are
compared with a read of every record through ``csv``.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from cxmap.survey import comments, scan
from cxmap.survey.sniff import sniff
from tests.test_survey_reading import journey

HEADER = "respondent,touchpoint,metric,value,comment\n"


def rows(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for i in range(count):
        tp = rng.choice(["tp", "tp", "elsewhere"])
        note = rng.choice([""] * 30 + ["Too slow", " ", "ok;fine", "späť"])
        out.append(f"r{i},{tp},csat,{rng.randint(1, 5)},{note}\n")
    return out


def variants() -> dict[str, bytes]:
    body = rows(400, 2)
    return {
        "plain": (HEADER + "".join(body)).encode(),
        "crlf": (HEADER + "".join(body)).replace("\n", "\r\n").encode(),
        "bom": b"\xef\xbb\xbf" + (HEADER + "".join(body)).encode(),
        "odd rows and blank lines": (
            HEADER + "".join(body[:50]) + "r,tp,csat\n\n" + "r,tp,csat,1,x,y\n" + "".join(body[50:])
        ).encode(),
        "a quote later on": (
            HEADER
            + "".join(body[:200])
            + 'r,tp,csat,2,"said ""no"", twice"\n'
            + "".join(body[200:])
        ).encode(),
        "a bare carriage return": (
            HEADER + "".join(body[:100]) + "r,tp,csat,2,half\rline\n" + "".join(body[100:])
        ).encode(),
        "no newline at the end": (HEADER + "".join(body)).rstrip("\n").encode(),
        "blank line above the header": ("\n" + HEADER + "".join(body)).encode(),
        "cp1252": (HEADER + "".join(body)).encode("cp1252", "replace"),
        "the comment in the middle": "".join(
            ",".join([*cells[:3], cells[4], cells[3]]) + "\n"
            for cells in (line.rstrip("\n").split(",") for line in [HEADER, *body])
        ).encode(),
        "a row with a field more": (
            HEADER + "".join(body[:30]) + "r,tp,csat,2,late,\n" + "".join(body[30:])
        ).encode(),
    }


@pytest.mark.parametrize("name", sorted(variants()))
@pytest.mark.parametrize("block", [16, 100, 1 << 18])
def test_comments_of_long_files_in_blocks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, block: int
) -> None:
    path = tmp_path / "long.csv"
    path.write_bytes(variants()[name])
    shoes = journey(tmp_path, "{Q1: csat}")
    sniffed = sniff(path)
    monkeypatch.setattr(scan, "FAST_BLOCK", block)
    found = list(comments._long_rows(shoes, sniffed))
    kept = comments.read_comments(shoes, [path])
    monkeypatch.setattr(comments, "_long_records", lambda s, c: comments._records(s))
    assert found == list(comments._long_rows(shoes, sniffed))
    assert kept == comments.read_comments(shoes, [path])
    assert found or name == "blank line above the header"
