"""The only place that writes files: atomic writes (temp file beside the target, then rename)."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from cxmap.errors import InputError


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
    import subprocess

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
        done = subprocess.run(
            [dot, f"-T{fmt}", *(["-n2"] if engine == "neato" else [])],
            input=source.encode("utf-8"),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise InputError(
            f"dot took longer than {timeout:g} s to lay out the diagram; "
            "try --detail minimal, or a longer --timeout"
        ) from None
    except OSError as exc:
        raise InputError(f"cannot run '{dot}': {exc.strerror or exc}") from exc
    if done.returncode != 0:
        problem = done.stderr.decode("utf-8", "replace").strip().splitlines()
        first = problem[0] if problem else f"exit status {done.returncode}"
        raise InputError(f"dot could not lay out the diagram: {first}")
    return done.stdout


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
