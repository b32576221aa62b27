"""``python -m cxmap``."""

from cxmap.cli import main

main()
