"""``python -m cxmap``."""

from cxmap.cli import run

run()
