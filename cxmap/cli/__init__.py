"""The command line: the only layer that imports typer, prints, or picks an exit code.

Each subcommand lives in its own module and registers itself on ``app``;
``COMMANDS`` names them explicitly, in the order ``cxmap --help`` shows.
"""

from __future__ import annotations

import importlib
import os
import sys

# Pydantic scans every installed package's entry points for plugins when the
# first model is built (~20-30 ms of every run); cxmap uses none.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

from cxmap.cli.common import app

COMMANDS = ("validate", "lint", "rules", "gaps", "schema", "init", "diff", "render", "report")

for _name in COMMANDS:
    importlib.import_module(f"cxmap.cli.{_name}")


def main() -> None:
    """Entry point of the ``cxmap`` program: exit 3, in one line, on an internal error."""
    debug = "--debug" in sys.argv[1:]
    if debug:
        sys.argv.remove("--debug")
    try:
        app()
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.stderr.write("cxmap: interrupted\n")
        raise SystemExit(130) from None
    except BaseException as exc:
        from cxmap.output import Terminated

        if isinstance(exc, Terminated):  # SIGTERM: temp files are already removed
            sys.stderr.write(f"cxmap: {exc}; nothing was written\n")
            raise SystemExit(128 + exc.signum) from None
        if debug:
            raise
        # the one place that turns a bug into exit 3
        sys.stderr.write(
            f"cxmap: internal error: {type(exc).__name__}: {exc} "
            "(this is a bug in cxmap; run again with --debug for the traceback)\n"
        )
        raise SystemExit(3) from None
