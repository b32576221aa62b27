"""Read a version of a map: a file, ``REV:PATH`` from git, or ``/dev/null`` (no map).

A loader: it returns bytes for ``cxmap.load.parse_bytes`` and never parses.
``REV:PATH`` is read with ``git cat-file blob`` (the blob exactly as committed:
no pager, no textconv, no filters), so ``HEAD~1:maps/shoes.yaml`` names the
path from the repository root, and ``HEAD:./shoes.yaml`` one relative to the
current folder, as in git itself.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from cxmap.errors import InputError
from cxmap.load import MAX_BYTES, read_map_bytes

#: What git passes for the missing side of a created or deleted file.
NO_FILE = os.devnull
GIT_TIMEOUT_SECONDS = 30


def split_revision(spec: str) -> tuple[str, str] | None:
    """``(REV, PATH)`` when ``spec`` reads as ``REV:PATH``, else ``None``.

    An existing file always wins over the ``REV:PATH`` reading (a file name
    may contain a colon), and so does a Windows drive letter (``C:\\maps``).
    """
    if Path(spec).exists() or ":" not in spec:
        return None
    rev, _, path = spec.partition(":")
    if not rev or not path or (len(rev) == 1 and path[:1] in ("\\", "/")):
        return None
    return rev, path


def read_git_blob(rev: str, path: str, *, cwd: str | Path | None = None) -> bytes:
    """The bytes of ``path`` as it was in git revision ``rev``.

    Raises ``InputError`` when git is missing, the folder is not a git
    checkout, or the revision or path does not exist there.
    """
    spec = f"{rev}:{path}"
    try:
        done = subprocess.run(
            ["git", "cat-file", "blob", spec],
            cwd=cwd,
            capture_output=True,
            timeout=GIT_TIMEOUT_SECONDS,
            check=False,
        )
    except FileNotFoundError as exc:
        raise InputError(f"{spec}: git is not installed; install git or pass a file") from exc
    except subprocess.TimeoutExpired as exc:
        raise InputError(f"{spec}: git did not answer in {GIT_TIMEOUT_SECONDS} s") from exc
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        reason = said[-1].removeprefix("fatal: ") if said else f"exit status {done.returncode}"
        raise InputError(
            f"{spec}: git cannot read it ({reason}); check the revision and the path "
            "(relative to the repository root, or starting with './')"
        )
    return done.stdout[: MAX_BYTES + 1]


def read_map_version(spec: str, *, cwd: str | Path | None = None) -> bytes | None:
    """The bytes of a map version named on the command line; ``None`` for ``/dev/null``.

    ``spec`` is a file path, ``REV:PATH`` (read through git) or ``/dev/null``
    (the side of a diff where the map does not exist).
    """
    if spec == NO_FILE:
        return None
    revision = split_revision(spec)
    if revision is not None:
        return read_git_blob(*revision, cwd=cwd)
    path = Path(spec)
    if not path.exists():
        raise InputError(f"{spec}: no such file, and not a git 'REV:PATH' either")
    return read_map_bytes(path)
