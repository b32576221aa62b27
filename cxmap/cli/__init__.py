"""The command line: the only layer that imports typer, prints, or picks an exit code.

Each subcommand lives in its own module and registers itself on the app when
imported; ``COMMANDS`` names them explicitly, in the order ``cxmap --help`` shows.
``cxmap.cli.app`` is the app with every subcommand (for tests and embedding);
the ``cxmap`` program imports only the subcommand it was asked for.
"""

from __future__ import annotations

import errno
import gc
import os
import sys
import types
from typing import TYPE_CHECKING, Any

from cxmap.errors import CxmapError

if TYPE_CHECKING:
    import typer

COMMANDS = ("validate", "lint", "rules", "gaps", "schema", "init", "diff", "render", "report")

#: options of ``cxmap`` itself, before a subcommand (``--debug`` is taken out by ``main``)
_ROOT_OPTIONS = frozenset({"--version", "--help", "-h"})


def register(names: tuple[str, ...] = COMMANDS) -> typer.Typer:
    """The app with the subcommands ``names`` registered (importing a module registers it)."""
    import importlib

    from cxmap.cli.common import app

    for name in names:
        importlib.import_module(f"cxmap.cli.{name}")
    return app


def __getattr__(name: str) -> Any:
    if name == "app":
        return register()
    raise AttributeError(f"module 'cxmap.cli' has no attribute {name!r}")


def asked_command(args: list[str]) -> tuple[str, ...]:
    """The subcommands a command line needs: the one it names, else all (for help and errors)."""
    for arg in args:
        if arg in _ROOT_OPTIONS:
            return COMMANDS  # the root's help or version: the list of commands
        if not arg.startswith("-"):
            return (arg,) if arg in COMMANDS else COMMANDS
        return COMMANDS  # an unknown root option: typer's message lists the commands
    return COMMANDS


def _quiet_plugin_loader() -> None:
    """Keep pydantic's plugin loader from importing ``importlib.metadata`` (~10 ms).

    Only when plugins are disabled as a whole (the program's default, see ``main``):
    then the loader would return no plugins anyway, after importing the metadata
    machinery to scan entry points.
    """
    if os.environ.get("PYDANTIC_DISABLE_PLUGINS") not in ("__all__", "1", "true"):
        return
    name = "pydantic.plugin._loader"
    if name in sys.modules:
        return
    import types

    stub = types.ModuleType(name, "pydantic's plugin loader, with plugins disabled by cxmap")
    stub.get_plugins = lambda: ()  # type: ignore[attr-defined]
    sys.modules[name] = stub


#: standard modules that typer and pydantic import when they load, and use only on paths
#: a cxmap run rarely takes (typer's ``launch`` and shell completion, pydantic's secret
#: types): loaded on first use instead
_DEFERRED = ("subprocess", "secrets")


class _Deferred(types.ModuleType):
    """A module not loaded yet: the first attribute read from it loads the real one.

    ``importlib.util.LazyLoader`` cannot serve here: ``import x`` of a module in
    ``sys.modules`` reads its ``__spec__``, which loads a lazy module at once.
    """

    def __getattr__(self, name: str) -> Any:
        import importlib

        if sys.modules.get(self.__name__) is self:
            del sys.modules[self.__name__]
        real = importlib.import_module(self.__name__)
        vars(self).update(vars(real))
        return getattr(real, name)


def _defer_imports(names: tuple[str, ...] = _DEFERRED) -> None:
    """Put ``names`` in ``sys.modules`` as ``_Deferred`` modules (unless imported already)."""
    for name in names:
        if name not in sys.modules:
            module = _Deferred(name)
            module.__spec__ = None
            sys.modules[name] = module


def run() -> None:
    """The ``cxmap`` program (its console script and ``python -m cxmap``): ``main`` that
    leaves with ``os._exit`` once its output is flushed, since the interpreter's teardown
    (freeing every object one by one) is a large share of a short run."""
    main(fast_exit=True)


def main(*, fast_exit: bool = False) -> None:
    """Run cxmap on ``sys.argv``: exit 3, in one line, on an internal error.

    Ends with ``SystemExit`` (so a caller in the same process, such as a test, keeps
    running), or with ``os._exit`` after flushing when ``fast_exit`` (the program).
    Cyclic garbage collection stays off for the run: a run is short, its inputs are
    size-capped, and what it builds (plain data, models) holds no cycles to collect.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        _main(fast_exit)
    finally:
        if collecting:
            gc.enable()


def _main(fast_exit: bool) -> None:
    # Pydantic scans every installed package's entry points for plugins when the
    # first model is built (~20-30 ms of every run); cxmap uses none.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    _quiet_plugin_loader()
    _defer_imports()
    debug = "--debug" in sys.argv[1:]
    if debug:
        sys.argv.remove("--debug")
    if sys.argv[1:] in (["--help"], ["-h"]):
        from cxmap.cli.roothelp import stored_help

        text = stored_help()
        if text is not None:  # typer's own text, without importing typer
            sys.stdout.write(text)
            _leave(0, fast_exit)
    try:
        app = register(asked_command(sys.argv[1:]))
        app()
    except SystemExit as exc:
        code = _exit_code(exc.code)
    except KeyboardInterrupt:
        sys.stderr.write("cxmap: interrupted\n")
        code = 130
    except CxmapError as exc:  # raised outside a command's input_errors(): still exit 2
        from cxmap.escape import visible

        sys.stderr.write(f"cxmap: {visible(str(exc))}\n")
        code = 2
    except BaseException as exc:
        from cxmap.output import Terminated

        if isinstance(exc, Terminated):  # SIGTERM: temp files are already removed
            sys.stderr.write(f"cxmap: {exc}; nothing was written\n")
            _leave(128 + exc.signum, fast_exit)
        if isinstance(exc, OSError) and exc.errno in _OUTPUT_ERRORS and not debug:
            # stdout closed or its disk full: the output is lost, and the exit code says so
            sys.stderr.write(f"cxmap: cannot write the result to stdout ({exc.strerror})\n")
            _leave(2, fast_exit)
        if debug:
            raise
        # the one place that turns a bug into exit 3
        sys.stderr.write(
            f"cxmap: internal error: {type(exc).__name__}: {exc} "
            "(this is a bug in cxmap; run again with --debug for the traceback)\n"
        )
        code = 3
    _leave(code, fast_exit)


#: errors of writing to stdout: a closed pipe, a full disk, an unusable descriptor
_OUTPUT_ERRORS = frozenset({errno.EPIPE, errno.ENOSPC, errno.EIO, errno.EBADF, errno.EDQUOT})


def _exit_code(code: object) -> int:
    """The process exit code ``sys.exit(code)`` would give."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    sys.stderr.write(f"{code}\n")
    return 1


def _leave(code: int, fast_exit: bool) -> None:
    """Flush the output; then raise ``SystemExit``, or with ``fast_exit`` run the exit
    handlers and end the process without teardown."""
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
    except (OSError, ValueError) as exc:
        # stdout closed or its disk full: the output is lost, and the exit code says so
        if sys.stderr is not None:
            sys.stderr.write(f"cxmap: cannot write the result to stdout ({exc})\n")
        code = 2
    if not fast_exit:
        raise SystemExit(code)
    import atexit

    atexit._run_exitfuncs()
    try:
        if sys.stderr is not None:
            sys.stderr.flush()
    except (OSError, ValueError):
        code = code or 2
    os._exit(code)
