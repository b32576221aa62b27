"""The command line: the only layer that imports typer, prints, or picks an exit code.

Each subcommand lives in its own module and registers itself on ``app``;
``COMMANDS`` names them explicitly, in the order ``cxmap --help`` shows.
"""

from __future__ import annotations

import errno
import importlib
import os
import sys
from typing import NoReturn

# Pydantic scans every installed package's entry points for plugins when the
# first model is built (~20-30 ms of every run); cxmap uses none.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

from cxmap.cli.common import app, silence_stdout
from cxmap.errors import CxmapError

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
    except CxmapError as exc:  # raised outside a command's input_errors(): still exit 2
        from cxmap.escape import visible

        sys.stderr.write(f"cxmap: {visible(str(exc))}\n")
        raise SystemExit(2) from None
    except OSError as exc:
        if exc.errno not in _OUTPUT_ERRNOS:
            _internal_error(exc, debug)
        # help, --version or a message could not be written (a full disk, a closed pipe)
        silence_stdout()
        sys.stderr.write(f"cxmap: cannot write the output ({exc.strerror or exc})\n")
        raise SystemExit(2) from None
    except BaseException as exc:
        from cxmap.output import Terminated

        if isinstance(exc, Terminated):  # SIGTERM: temp files are already removed
            sys.stderr.write(f"cxmap: {exc}; nothing was written\n")
            raise SystemExit(128 + exc.signum) from None
        _internal_error(exc, debug)


#: What failing to write stdout or stderr looks like (and not a bug in cxmap).
_OUTPUT_ERRNOS = frozenset({errno.EPIPE, errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO})


def _internal_error(exc: BaseException, debug: bool) -> NoReturn:
    """The one place that turns a bug into exit 3 (with --debug: the traceback)."""
    if debug:
        raise exc
    sys.stderr.write(
        f"cxmap: internal error: {type(exc).__name__}: {exc} "
        "(this is a bug in cxmap; run again with --debug for the traceback)\n"
    )
    raise SystemExit(3) from None
