"""Work on the second core (cxmap.forked) gives what the same work gives in-process."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bench.genmap import generate_map
from cxmap.cli import diff as diff_command
from cxmap.errors import InputError
from cxmap.forked import Beside
from tests.helpers import cli


def test_the_child_computes_the_value() -> None:
    parent = os.getpid()
    assert Beside(lambda: (os.getpid() != parent, [1, 2, 3])).result() == (True, [1, 2, 3])


def test_the_child_error_is_raised_here() -> None:
    def broken() -> None:
        raise InputError("map.yaml: cannot be read")

    with pytest.raises(InputError, match="cannot be read"):
        Beside(broken).result()


def test_a_result_that_cannot_be_sent_is_computed_here() -> None:
    calls = []

    def unpicklable() -> object:
        calls.append(os.getpid())
        return lambda: None  # a lambda does not pickle: the child cannot report it

    assert callable(Beside(unpicklable).result())
    assert calls == [os.getpid()]  # only this process's call is seen here


def write_maps(tmp_path: Path, touchpoints: int, *, break_both: bool = False) -> list[Path]:
    old, new = tmp_path / "old.cxmap.yaml", tmp_path / "new.cxmap.yaml"
    text = generate_map(touchpoints)
    old.write_text(text + ("x: [\n" if break_both else ""), encoding="utf-8")
    changed = text.replace("nps: 10}", "nps: 11}").replace("name: Phase 3,", "name: Phase C,")
    new.write_text(changed + ("bad: *nowhere\n" if break_both else ""), encoding="utf-8")
    return [old, new]


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_a_large_diff_on_two_cores_equals_the_diff_on_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    old, new = write_maps(tmp_path, 1500)
    assert old.stat().st_size + new.stat().st_size > diff_command._FORK_BYTES
    assert diff_command._plain_files(str(old), str(new))
    forked = cli("diff", "-f", fmt, old, new)
    monkeypatch.setattr(diff_command, "_FORK_BYTES", 10**12)
    assert not diff_command._plain_files(str(old), str(new))
    alone = cli("diff", "-f", fmt, old, new)
    assert (forked.exit_code, forked.stdout, forked.stderr) == (
        alone.exit_code,
        alone.stdout,
        alone.stderr,
    )
    assert "Phase C" in forked.stdout


def test_findings_of_both_invalid_versions_come_old_first(tmp_path: Path) -> None:
    old, new = write_maps(tmp_path, 1500, break_both=True)
    run = cli("diff", old, new)
    assert run.exit_code == 1
    assert run.stderr.index("old.cxmap.yaml") < run.stderr.index("new.cxmap.yaml:")
