"""Shared pytest configuration: ``--update-golden`` rewrites golden files instead of comparing.

Property tests explore new random inputs on every developer run; under CI (``CI`` set)
they replay a fixed sequence, so a landing never depends on the luck of a seed.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings

settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add ``--update-golden``."""
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite golden files from the current output (review the diff before committing)",
    )


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[Path, str], None]:
    """Compare text with a golden file exactly, or rewrite it under ``--update-golden``."""
    update = bool(request.config.getoption("--update-golden"))

    def check(path: Path, actual: str) -> None:
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8", newline="")
            return
        assert path.exists(), f"{path} is missing; run pytest --update-golden and review it"
        expected = path.read_bytes().decode("utf-8")
        assert actual == expected, f"{path.name} differs; run pytest --update-golden to review"

    return check
