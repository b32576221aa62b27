"""The only place that writes files: atomic writes (temp file beside the target, then rename)."""

from __future__ import annotations

import contextlib
import os
import stat
import subprocess
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from cxmap.errors import InputError
from cxmap.escape import visible


def write_atomic(path: str | Path, content: str | bytes) -> None:
    """Write ``content`` to ``path`` so that readers see the old file or the new, never half.

    The temp file lives in the target's folder (a rename across file systems
    is not atomic) and is removed if anything goes wrong. A symlink is
    followed (the file it points to is replaced, the link stays); a device or
    pipe such as ``/dev/null`` or ``/dev/stdout`` is written to directly,
    never renamed over.
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    target = Path(os.path.realpath(path))
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise InputError(f"{path}: cannot write ({exc.strerror or exc})") from exc
    if mode is not None and stat.S_ISDIR(mode):
        raise InputError(f"{path}: is a folder; name a file to write")
    if mode is not None and not stat.S_ISREG(mode):
        _write_stream(path, data)
        return
    folder = target.parent
    if not folder.is_dir():
        raise InputError(f"{path}: the folder '{Path(path).parent}' does not exist")
    with _signals_raise():
        _replace(path, target, folder, mode, data)


def _replace(path: str | Path, target: Path, folder: Path, mode: int | None, data: bytes) -> None:
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise InputError(f"{path}: cannot write there ({exc.strerror or exc})") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            with contextlib.suppress(OSError):
                os.chmod(tmp, stat.S_IMODE(mode))
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise InputError(f"{path}: cannot write ({exc.strerror or exc})") from exc
        raise


class Terminated(BaseException):
    """SIGTERM (or SIGHUP) arrived: unwinds like Ctrl-C, so temp files are removed."""

    def __init__(self, signum: int) -> None:
        super().__init__(f"terminated by signal {signum}")
        self.signum = signum


@contextlib.contextmanager
def _signals_raise() -> Iterator[None]:
    """While a temp file exists: SIGTERM and SIGHUP raise ``Terminated`` (SIGINT already
    raises ``KeyboardInterrupt``), so the ``except BaseException`` that removes it runs."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers
        return

    def handler(signum: int, _frame: object) -> None:
        raise Terminated(signum)

    wanted = [signal.SIGTERM, *([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])]
    previous = {signum: signal.signal(signum, handler) for signum in wanted}
    try:
        yield
    finally:
        for signum, old in previous.items():
            signal.signal(signum, old)


def refuse_overwriting(output: str | Path | None, inputs: Iterable[str | Path]) -> None:
    """Raise ``InputError`` when ``output`` is one of the command's ``inputs`` (the map,
    a survey...): writing the result there would destroy what it was computed from.

    The same file is recognised through symlinks, hard links and ``..``.
    """
    if output is None:
        return
    target = Path(output)
    try:
        target_stat: os.stat_result | None = target.stat()
    except OSError:
        target_stat = None
    if target_stat is not None and not stat.S_ISREG(target_stat.st_mode):
        return  # a device or pipe (/dev/null, /dev/stdout) is written in place, harming nothing
    resolved = Path(os.path.realpath(target))
    for source in inputs:
        same = False
        if target_stat is not None:
            with contextlib.suppress(OSError):
                same = os.path.samefile(target, source)
        else:
            same = resolved == Path(os.path.realpath(source))
        if same:
            raise InputError(
                f"-o {output}: that is one of the command's inputs ({source}); "
                "writing there would overwrite it, name another file"
            )


def _write_stream(path: str | Path, data: bytes) -> None:
    """Write to a device or pipe in place (a rename over it would replace the device)."""
    try:
        with open(path, "wb") as handle:
            handle.write(data)
    except OSError as exc:
        raise InputError(f"{path}: cannot write ({exc.strerror or exc})") from exc


def same_as_file(path: str | Path, content: str | bytes) -> bool | None:
    """Whether the file at ``path`` holds exactly ``content`` (None when there is no file).

    For ``--check``: would writing ``content`` change the committed file?
    """
    expected = content.encode("utf-8") if isinstance(content, str) else content
    try:
        return Path(path).read_bytes() == expected
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise InputError(f"cannot read '{path}': {exc.strerror or exc}") from exc


#: What to install when Graphviz's ``dot`` is missing (Debian / Ubuntu package).
GRAPHVIZ_PACKAGE = "graphviz"


def dot_available() -> bool:
    """Whether Graphviz's ``dot`` is on PATH (the report leaves its diagram out without it)."""
    import shutil

    return shutil.which("dot") is not None


def run_dot(source: str, fmt: str, *, timeout: float, engine: str = "dot") -> bytes:
    """Lay out DOT ``source`` with Graphviz's ``dot`` and return the ``fmt`` output (svg, png...).

    ``engine="neato"`` runs ``neato -n2`` instead: the source already holds
    every node's position (the emotion view), so nothing is searched.

    Raises ``InputError`` (exit 2) when ``dot`` is not installed, fails on the
    source, or takes longer than ``timeout`` seconds (dot has no time limit of
    its own); nothing is written in any of those cases.
    """
    import shutil

    dot = shutil.which("dot")
    if dot is not None and engine == "neato":
        dot = shutil.which("neato")
    if dot is None:
        raise InputError(
            f"cannot make {fmt}: Graphviz's 'dot' program is not installed; install the "
            f"'{GRAPHVIZ_PACKAGE}' package (Debian/Ubuntu: sudo apt-get install "
            f"{GRAPHVIZ_PACKAGE}), or use --format dot or --format mermaid"
        )
    try:
        # its own session (so its own process group): on a timeout the whole group is
        # killed, also what a wrapper script around dot started
        process = subprocess.Popen(
            [dot, f"-T{fmt}", *(["-n2"] if engine == "neato" else [])],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
    except OSError as exc:
        raise InputError(f"cannot run '{dot}': {exc.strerror or exc}") from exc
    try:
        # SIGTERM too unwinds through here: dot, in its own session, would outlive cxmap
        with _signals_raise():
            stdout, stderr = process.communicate(source.encode("utf-8"), timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        raise InputError(
            f"dot took longer than {timeout:g} s to lay out the diagram; "
            "try --detail minimal, or a longer --timeout"
        ) from None
    except BaseException:
        _kill_group(process)
        raise
    if process.returncode != 0:
        problem = stderr.decode("utf-8", "replace").strip().splitlines()
        first = visible(problem[0]) if problem else f"exit status {process.returncode}"
        raise InputError(f"dot could not lay out the diagram: {first}")
    if fmt in TEXT_FORMATS:
        try:
            stdout.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(
                f"dot answered with {fmt} that is not UTF-8 text (byte 0x{stdout[exc.start]:02x} "
                f"at offset {exc.start}); check the Graphviz installation"
            ) from None
    return stdout


#: Formats dot writes as text (checked to be UTF-8 before anything reads them).
TEXT_FORMATS = frozenset({"svg", "dot", "gv", "xdot", "plain", "json"})


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    """Kill ``process`` and every process of its group, then reap it."""
    import signal

    with contextlib.suppress(OSError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(OSError):
        process.kill()
    process.communicate()


#: The largest picture side cairo accepts is 32,767; keep clear of it.
MAX_CAIRO_SIDE = 30_000


def convert_svg(svg: str, fmt: str) -> bytes:
    """An SVG document (the canvas) as PNG or PDF, drawn by cairo (the ``cairosvg`` package).

    Raises ``InputError`` when cairo cannot be loaded (the system's cairo
    library is missing) or cannot draw the picture; nothing is written then.
    """
    try:
        import cairosvg  # type: ignore[import-untyped]
    except (ImportError, OSError) as exc:
        raise InputError(
            f"cannot make {fmt}: the cairo graphics library could not be loaded ({exc}); "
            "install it (Debian/Ubuntu: sudo apt-get install libcairo2), or use --format svg"
        ) from None
    import re

    convert = cairosvg.svg2png if fmt == "png" else cairosvg.svg2pdf
    # cairo draws at most 32,767 units a side: a wider canvas is scaled down to fit
    found = re.search(r'<svg[^>]*\bwidth="([\d.]+)"[^>]*\bheight="([\d.]+)"', svg)
    side = max(float(found.group(1)), float(found.group(2))) if found else 0.0
    scale = min(1.0, MAX_CAIRO_SIDE / side) if side else 1.0
    try:
        data: bytes = convert(bytestring=svg.encode("utf-8"), unsafe=False, scale=scale)
    except Exception as exc:  # cairosvg raises many kinds; none may escape as a traceback
        raise InputError(f"cannot make {fmt} of the canvas: {exc}") from None
    return data
