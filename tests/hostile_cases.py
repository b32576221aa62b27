"""Hostile map texts, with the finding code each must be refused with.

A plain module (no pytest), so that ``bench/bench_hostile.py`` runs with the
``bench`` extra alone.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

BILLION_LAUGHS = "\n".join(
    ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]" for i in range(8)]
)

HIDDEN_BOMB = (
    "cxmap: 1\nid: bomb\ntitle: Bomb\nphases: [{id: p, name: P}]\nx-payload:\n"
    + "\n".join("  " + line for line in BILLION_LAUGHS.splitlines())
    + "\n"
)

CASES = {
    "alias bomb": (BILLION_LAUGHS, "CX005"),
    "alias bomb under an x- key": (HIDDEN_BOMB, "CX005"),
    "deep brackets": ("[" * 20000 + "]" * 20000, "CX004"),
    "deep mappings": ("".join("  " * i + f"k{i}:\n" for i in range(200)), "CX004"),
    "several documents": ("cxmap: 1\n---\ncxmap: 1\n", "CX007"),
    "tab indentation": ("phases:\n\t- id: a\n", "CX001"),
    "empty": ("", "CX009"),
    "comments only": ("# nothing here\n# at all\n", "CX009"),
    "python tag": ("cxmap: !!python/object:os.system [echo]\n", "CX008"),
    "recursive alias": ("a: &a [*a]\n", "CX005"),
    "undefined alias": ("a: *nowhere\n", "CX001"),
    "duplicate key": ("id: a\nid: b\n", "CX006"),
    "line separator ends a comment": ("cxmap: 1\n# note\u2028owner: attacker\n", "CX001"),
    "next line in a plain value": ("cxmap: 1\ntitle: a\x85id: b\n", "CX001"),
    "integer of 5,000 digits": ("cxmap: 1\nx-big: " + "9" * 5000 + "\n", "CX010"),
}


#: A small valid map for hostile cases to start from (one phase, channel and touchpoint).
SMALL_MAP = """cxmap: 1
id: m
title: "M"
description: "x"
phases:
  - {id: p, name: P, stage: awareness}
channels:
  - {id: web, name: Web, type: online}
touchpoints:
  - {id: t, name: T, phase: p, channel: web}
"""


def git(repo: Path, *args: str) -> None:
    """Run git in ``repo`` with a fixed identity (for fixtures committed in a test)."""
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=repo,
        capture_output=True,
        check=True,
    )
