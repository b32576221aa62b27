"""Fixture maps: every valid one validates, every invalid one gives exactly its expected findings.

An invalid fixture lists what it must produce in comment lines at its top:
``# expect: LINE:COL CODE message-fragment``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cxmap.validate import validate_path
from tests.helpers import EXAMPLES as EXAMPLES_DIR
from tests.helpers import FIXTURES

VALID = sorted((FIXTURES / "maps" / "valid").glob("*.yaml"))
INVALID = sorted((FIXTURES / "maps" / "invalid").glob("*.yaml"))
EXAMPLES = sorted(EXAMPLES_DIR.glob("*.cxmap.yaml"))
EXPECT = re.compile(r"^# expect: (\d+):(\d+) (CX\d{3}) (.+)$")


@pytest.mark.parametrize("path", VALID + EXAMPLES, ids=lambda p: p.name)
def test_valid_maps_validate(path: Path) -> None:
    result = validate_path(path)
    assert result.findings == []
    assert result.journey is not None


def _expectations(path: Path) -> list[tuple[int, int, str, str]]:
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        match = EXPECT.match(line)
        if match:
            found.append((int(match[1]), int(match[2]), match[3], match[4]))
    assert found, f"{path.name} has no '# expect:' lines"
    return found


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_invalid_maps_report_exact_positions(path: Path) -> None:
    expected = sorted(_expectations(path))
    findings = validate_path(path).findings
    got = sorted((f.span.line, f.span.column, f.code, f.message) for f in findings)
    assert len(got) == len(expected), "\n".join(map(str, got))
    for (line, col, code, fragment), (gline, gcol, gcode, message) in zip(
        expected, got, strict=True
    ):
        assert (gline, gcol, gcode) == (line, col, code), message
        assert fragment in message
