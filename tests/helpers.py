"""Shared test helpers: run the CLI in-process, re-raising any real exception."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from typer.testing import CliRunner

from cxmap.cli import app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
#: the original contract's example map, kept byte-identical in examples/
SHOES_EXAMPLE = EXAMPLES / "running-shoes.cxmap.yaml"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@dataclass
class Run:
    """What a CLI run gave: exit code, stdout, stderr."""

    exit_code: int
    stdout: str
    stderr: str


def cli(*args: str | Path, input: str | None = None, env: dict[str, str] | None = None) -> Run:
    """Run ``cxmap ARGS`` in-process; a bug raises here instead of hiding behind an exit code."""
    runner = CliRunner()
    result = runner.invoke(app, [str(a) for a in args], input=input, env=env, catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Run(result.exit_code, result.stdout, result.stderr)
