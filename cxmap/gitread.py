"""Read a version of a map from git: ``REV:PATH``, with the catalogues it includes.

A loader: it returns bytes (for ``cxmap.load.parse_bytes``). ``REV:PATH`` is
read with ``git cat-file blob`` (the blob exactly as committed: no pager, no
textconv, no filters), so ``HEAD~1:maps/shoes.yaml`` names the path from the
repository root, and ``HEAD:./shoes.yaml`` one relative to the current
folder, as in git itself.
"""

from __future__ import annotations

import posixpath
import subprocess
from pathlib import Path, PurePath, PurePosixPath
from typing import NoReturn

from cxmap.errors import InputError
from cxmap.load import MAX_BYTES

GIT_TIMEOUT_SECONDS = 30


class BlobTooLargeError(InputError):
    """The blob is larger than a map may be; it was not read."""


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


def _git(args: list[str], spec: str, cwd: str | Path | None) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", *args],
            cwd=cwd,
            capture_output=True,
            timeout=GIT_TIMEOUT_SECONDS,
            check=False,
        )
    except FileNotFoundError as exc:
        raise InputError(f"{spec}: git is not installed; install git or pass a file") from exc
    except subprocess.TimeoutExpired as exc:
        raise InputError(f"{spec}: git did not answer in {GIT_TIMEOUT_SECONDS} s") from exc


def read_git_blob(rev: str, path: str, *, cwd: str | Path | None = None) -> bytes:
    """The bytes of ``path`` as it was in git revision ``rev``.

    Raises ``InputError`` when git is missing, the folder is not a git
    checkout, or the revision or path does not exist there.
    """
    spec = f"{rev}:{path}"
    if rev.startswith("-"):  # git would read it as an option
        raise InputError(f"{spec}: a revision cannot start with '-'; name a commit or branch")
    # the size first: a blob of hundreds of megabytes is refused without reading it
    sized = _git(["cat-file", "-s", spec], spec, cwd)
    if sized.returncode != 0:
        _cannot_read(spec, sized)
    size = int(sized.stdout.decode("ascii", "replace").strip() or 0)
    if size > MAX_BYTES:
        raise BlobTooLargeError(
            f"{spec}: the file is larger than {MAX_BYTES // (1024 * 1024)} MiB "
            f"({size:,} bytes); split the journey into several maps"
        )
    done = _git(["cat-file", "blob", spec], spec, cwd)
    if done.returncode != 0:
        _cannot_read(spec, done)
    return done.stdout[: MAX_BYTES + 1]


def _cannot_read(spec: str, done: subprocess.CompletedProcess[bytes]) -> NoReturn:
    said = done.stderr.decode("utf-8", "replace").strip().splitlines()
    reason = said[-1].removeprefix("fatal: ") if said else f"exit status {done.returncode}"
    raise InputError(
        f"{spec}: git cannot read it ({reason}); check the revision and the path "
        "(relative to the repository root, or starting with './')"
    )


def repository_path(rev: str, path: str, *, cwd: str | Path | None = None) -> str:
    """``path`` from the repository root (git reads ``./x`` and ``../x`` from here)."""
    spec = f"{rev}:{path}"
    if not path.startswith(("./", "../")):
        return posixpath.normpath(path)
    done = _git(["rev-parse", "--show-prefix"], spec, cwd)
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().removeprefix("fatal: ")
        raise InputError(f"{spec}: git cannot read it ({reason})")
    prefix = done.stdout.decode("utf-8").strip()
    return posixpath.normpath(posixpath.join(prefix, path))


class GitReader:
    """Included catalogues as of a git revision (for ``cxmap.includes``).

    Paths are repository paths (POSIX, from the root); a path that leaves the
    repository does not exist there.
    """

    def __init__(self, rev: str, *, cwd: str | Path | None = None) -> None:
        self.rev = rev
        self.cwd = cwd

    def locate(self, including: PurePath, relative: str) -> PurePath:
        """``relative`` next to the repository path ``including``, normalised."""
        return PurePosixPath(posixpath.normpath(posixpath.join(str(including.parent), relative)))

    def problem(self, path: PurePath) -> str | None:
        """Why git has no catalogue file at ``path`` in the revision, or None."""
        text = str(path)
        if text == ".." or text.startswith("../") or posixpath.isabs(text):
            return "lies outside the repository; cxmap includes only files inside it"
        spec = f"{self.rev}:{text}"
        done = _git(["cat-file", "-t", spec], spec, self.cwd)
        if done.returncode != 0:
            return f"does not exist in {self.rev}"
        kind = done.stdout.decode("utf-8", "replace").strip()
        if kind == "tree":
            return "is a folder, not a catalogue file; name a .yaml file in it"
        return None if kind == "blob" else f"is a git {kind}, not a catalogue file"

    def read(self, path: PurePath) -> bytes:
        """The file's bytes as of the revision."""
        return read_git_blob(self.rev, str(path), cwd=self.cwd)
