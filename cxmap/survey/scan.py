"""Scan the bytes of a long (tidy) survey file: counts of the picked columns' values.

Fast path, per block of bytes without quotes: split the whole block at once
(newlines become an extra sentinel field, so one slice proves every row has the
header's width) and count the picked columns with ``zip`` and ``Counter``; no
per-row Python code runs and nothing is decoded but the distinct keys. A block
that fails the width check is redone line by line; from the first quote (or
bare carriage return) on, the rest of the range goes through ``csv``.

A large file is scanned by two processes: this one reads the first half and a
helper process the second, from the first line start past the middle. The helper
is a fork of this process (``_Forked``) where that is safe, else a fresh
interpreter (``_helper_main``), which starts slower: this process then reads a
little more than half. The helper's counts are used only when this
process read its half on the fast path (so the middle is a record boundary);
otherwise, or when the helper fails, this process reads on alone, and the
counts are the same either way.

Given the comment column (``Source.comment``), the scan also notes where
comments may be (``Counts.comments``): the blocks with a filled comment cell or
a row of another width, and everything from the first quote on. Reading those
spans alone finds every comment a read of the whole file finds.
"""

from __future__ import annotations

import contextlib
import csv
import gc
import io
import os
import pickle
import signal
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Any, BinaryIO

from cxmap.errors import InputError

Progress = Callable[[int], None]
#: a span of whole lines: first byte, end byte (None: the end of the file), lines before it
Span = tuple[int, int | None, int]
FAST_BLOCK = 1 << 18  # small blocks keep the split fields in the CPU cache
ASCII_COMPATIBLE = frozenset({"utf-8", "utf-8-sig", "cp1252", "iso8859-1", "iso8859-15", "ascii"})
#: files below this size are read by one process (a helper costs ~0.1 s to start)
SPLIT_BYTES = 24 << 20
#: a helper is forked where it can be (else it starts a fresh interpreter, ~35 ms)
FORK = True
#: bytes this process reads while a fresh interpreter starts (see ``Helper.start``)
SPAWN_AHEAD = 6 << 20
#: rows the csv path reads between two checks of the count table's size
CHECK_EVERY = 1 << 12


class UndecodableError(InputError):
    """The file is not in the encoding it was read in."""


class TooManyKeysError(Exception):
    """A helper's count table grew past its limit (this process then reads on, folding)."""


def safe_records(
    reader: Iterable[list[str]], errors: list[tuple[int, str]], offset: int = 0
) -> Iterator[list[str]]:
    """Records of ``reader``; a record csv cannot read is noted and passed over."""
    iterator = iter(reader)
    while True:
        try:
            yield from iterator
            return
        except csv.Error as exc:
            errors.append((offset + getattr(reader, "line_num", 0), str(exc)))


@dataclass
class Counts:
    """What a scan of (part of) a long file counted; lines are relative to where it began."""

    #: the counts of the rows before the last fold, with folded answers (see ``ByteScan``)
    folded: Counter[tuple[Any, ...]] = field(default_factory=Counter)
    raw: Counter[tuple[bytes, ...]] = field(default_factory=Counter)
    text: Counter[tuple[str, ...]] = field(default_factory=Counter)
    bad: int = 0
    bad_lines: list[int] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)
    #: bytes read (for the progress bar)
    size: int = 0
    #: where comments may be, in file order (None: not noted, read the whole file)
    comments: list[Span] | None = None

    def note(self, start: int, end: int | None, line: int) -> None:
        """Note a span that may hold comments, joined to the last one when they touch."""
        spans = self.comments
        if spans is None:
            return
        if spans and spans[-1][1] == start:
            start, line = spans[-1][0], spans[-1][2]
            spans.pop()
        spans.append((start, end, line))


@dataclass(frozen=True)
class Source:
    """Where and how to read: everything a helper process needs to know."""

    path: Path
    encoding: str
    delimiter: str
    width: int
    picks: tuple[int, ...]
    #: distinct keys the count table may hold before it is folded
    limit: int = 1 << 62
    #: the comment column: note where comments may be (``Counts.comments``)
    comment: int | None = None


class ByteScan:
    """Counts the picked columns of a long file's rows (see the module docstring).

    Whenever the count table holds more than ``source.limit`` distinct keys,
    ``full`` folds it (``Counts.folded``); the limit then doubles past what the
    fold left, so the work stays linear. A helper has no ``full``: it gives up
    (``TooManyKeysError``) and this process reads on.
    """

    def __init__(
        self,
        source: Source,
        counts: Counts | None = None,
        full: Callable[[Counts], None] | None = None,
    ) -> None:
        self.source = source
        self.counts = counts or Counts()
        self.full = full
        self.limit = source.limit
        self.getter = itemgetter(*source.picks)
        delimiter = source.delimiter
        self.sep = delimiter.encode("ascii") if delimiter.isascii() else b""
        self.fast = (
            bool(self.sep) and source.encoding in ASCII_COMPATIBLE and self.sep not in b'"\r\n'
        )

    def _bad(self, line: int) -> None:
        counts = self.counts
        counts.bad += 1
        if len(counts.bad_lines) < 3:
            counts.bad_lines.append(line)

    def run(self, handle: BinaryIO, progress: Progress | None, *, split: bool = False) -> None:
        """Read the whole file from its start (the header and blank lines above it skipped)."""
        line = 0
        if self.fast:
            header = handle.readline()
            line = 1
            while header and not header.strip(b" \t\r\n" + self.sep):
                header = handle.readline()  # blank lines above the header
                line += 1
            if not header:
                return
            if b'"' not in header:
                if self.source.comment is not None:
                    self.counts.comments = []
                helper = Helper.start(self.source, handle) if split else None
                stop = helper.stop if helper is not None else None
                try:
                    line, clean = self.fast_range(handle, line, stop, progress)
                except BaseException:
                    if helper is not None:
                        helper.cancel()
                    raise
                if helper is not None:
                    part = helper.result() if clean else None
                    if part is not None:
                        self.merge(part, line)
                        self.check()
                        if progress is not None:
                            progress(part.size)
                        return
                    helper.cancel()
                    if clean:
                        line, clean = self.fast_range(handle, line, None, progress)
                if clean:
                    return
            else:
                handle.seek(0)
                line = 0
        self.slow(handle, line, skip_header=line == 0)

    def rest(self, handle: BinaryIO) -> None:
        """Read from the handle's position (a line start) to the end, as a helper does."""
        line = 0
        if self.fast:
            if self.source.comment is not None:
                self.counts.comments = []
            line, clean = self.fast_range(handle, 0, None, None)
            if clean:
                return
        self.slow(handle, line, skip_header=False, bom=False)

    def fast_range(
        self, handle: BinaryIO, line: int, stop: int | None, progress: Progress | None
    ) -> tuple[int, bool]:
        """Blocks up to ``stop`` (a line start; None: the end) on the fast path.

        Returns the lines read so far and whether the range ended on the fast path;
        if not, the handle is back at the start of the block that left it.
        """
        blocks = Blocks(handle, stop, progress)
        counts = self.counts
        for block in blocks:
            counts.size += len(block)
            rows, commented = self._block(block, self.sep, line)
            if commented:
                counts.note(blocks.start, blocks.end, line)
            line += rows
            self.check()
        return line, blocks.clean

    def check(self) -> None:
        """Fold the count table when it holds too many distinct keys."""
        counts = self.counts
        size = len(counts.raw) + len(counts.text)
        if size <= self.limit:
            return
        if self.full is None:
            raise TooManyKeysError
        self.full(counts)
        self.limit = max(self.limit, 2 * (len(counts.folded) + len(counts.raw) + len(counts.text)))

    def _block(self, block: bytes, sep: bytes, line: int) -> tuple[int, bool]:
        """Count a block's rows: their number, and whether the block may hold a comment.

        It may when a comment cell is filled, or when a row has another width
        than the header's (``csv`` reads such a row whatever its width).
        """
        rows = block.count(b"\n") + (0 if block.endswith(b"\n") else 1)
        if not block.endswith(b"\n"):
            block += b"\n"
        width = self.source.width
        stride = width + 1
        fields = block.replace(b"\n", sep + b"\n" + sep).split(sep)
        raw = self.counts.raw
        if len(fields) == rows * stride + 1 and fields[width::stride].count(b"\n") == rows:
            end = rows * stride
            raw.update(zip(*(fields[i:end:stride] for i in self.source.picks), strict=True))
            comment = self.source.comment
            return rows, comment is not None and any(fields[comment:end:stride])
        for number, text in enumerate(block.split(b"\n")[:rows], start=line + 1):
            cells = text.split(sep)
            if len(cells) != width:
                if text.strip(b" \t" + sep):
                    self._bad(number)
                continue
            raw[self.getter(cells)] += 1
        return rows, True

    def slow(self, handle: BinaryIO, line: int, *, skip_header: bool, bom: bool = True) -> None:
        """The rest of the file through ``csv`` (quotes, bare carriage returns)."""
        encoding = self.source.encoding
        if (line or not bom) and encoding == "utf-8-sig":
            encoding = "utf-8"
        start = handle.tell()
        text = io.TextIOWrapper(handle, encoding=encoding, newline="")
        counts = self.counts
        counts.note(start, None, line)
        width = self.source.width
        try:
            reader = csv.reader(text, delimiter=self.source.delimiter)
            header_left = skip_header
            check = CHECK_EVERY
            for row in safe_records(reader, counts.errors, line):
                check -= 1
                if not check:
                    check = CHECK_EVERY
                    self.check()
                if not row or not any(cell.strip() for cell in row):
                    continue
                if header_left:
                    header_left = False
                    continue
                if len(row) != width:
                    if any(cell.strip() for cell in row):
                        self._bad(line + reader.line_num)
                    continue
                counts.text[self.getter(row)] += 1
        except UnicodeDecodeError as exc:
            raise UndecodableError(
                f"{self.source.path}: cannot decode the survey as {encoding} ({exc.reason}); "
                "pass --encoding (e.g. utf-8, cp1252)"
            ) from exc
        finally:
            text.detach()
        counts.size += handle.tell() - start

    def merge(self, part: Counts, line: int) -> None:
        """Add a helper's counts of the lines after ``line``."""
        counts = self.counts
        counts.raw.update(part.raw)
        counts.text.update(part.text)  # a helper never folds: its ``folded`` is empty
        counts.bad += part.bad
        counts.bad_lines.extend(line + n for n in part.bad_lines)
        del counts.bad_lines[3:]
        counts.errors.extend((line + n, message) for n, message in part.errors)
        if counts.comments is not None:
            if part.comments is None:
                counts.comments = None
            else:
                for start, end, first in part.comments:
                    counts.note(start, end, line + first)


class Blocks:
    """The blocks of a file from the handle's position, each ending at a line end.

    Carriage returns before newlines are dropped. Iteration stops at ``stop`` (a
    line start; None: the end of the file), or before the first block with a
    quote or a bare carriage return: then ``clean`` is False and the handle is
    back at that block's start, for ``csv`` to read on.
    """

    def __init__(
        self, handle: BinaryIO, stop: int | None = None, progress: Progress | None = None
    ) -> None:
        self.handle = handle
        self.stop = stop
        self.progress = progress
        self.clean = True
        #: where the last block yielded lies in the file: first byte and end byte
        self.start = self.end = 0

    def __iter__(self) -> Iterator[bytes]:
        handle, stop, progress = self.handle, self.stop, self.progress
        while True:
            start = handle.tell()
            size = FAST_BLOCK if stop is None else min(FAST_BLOCK, stop - start)
            if size <= 0:
                return
            block = handle.read(size)
            if not block:
                return
            if not block.endswith(b"\n"):
                block += handle.readline()
            if progress is not None:
                progress(len(block))
            if b"\r" in block:
                block = block.replace(b"\r\n", b"\n")
            if b'"' in block or b"\r" in block:
                handle.seek(start)
                self.clean = False
                return
            self.start, self.end = start, handle.tell()
            yield block


@dataclass
class Helper:
    """A second process reading the file from ``stop`` to its end."""

    stop: int
    process: subprocess.Popen[bytes] | _Forked

    @classmethod
    def start(cls, source: Source, handle: BinaryIO) -> Helper | None:
        """Start a helper on the second half of the file, or None when one does not pay.

        The helper is forked where that is safe (Linux, no other thread in this
        process), else a fresh interpreter, which takes a while to start: this
        process then reads ``SPAWN_AHEAD`` bytes more than half, so that both end together.
        """
        if _cores() < 2:
            return None
        here = handle.tell()
        size = handle.seek(0, os.SEEK_END)
        if size - here < SPLIT_BYTES:
            handle.seek(here)
            return None
        fork = FORK and sys.platform == "linux" and threading.active_count() == 1
        handle.seek(here + (size - here + (0 if fork else SPAWN_AHEAD)) // 2)
        handle.readline()  # to the start of the next line
        stop = handle.tell()
        handle.seek(here)
        if stop >= size:
            return None
        forked = _Forked.start(source, stop) if fork else None
        if forked is not None:
            return cls(stop, forked)
        root = str(Path(__file__).resolve().parent.parent.parent)
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [root, env.get("PYTHONPATH")]))
        try:
            process = subprocess.Popen(
                [sys.executable, "-c", "from cxmap.survey.scan import _helper_main as m; m()"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=env,
            )
            assert process.stdin is not None
            process.stdin.write(pickle.dumps((source, stop)))
            process.stdin.close()
        except (OSError, ValueError):
            return None
        return cls(stop, process)

    def result(self) -> Counts | None:
        """The helper's counts, or None when it failed (this process then reads on)."""
        process = self.process
        assert process.stdout is not None
        try:
            data = process.stdout.read()
            status = process.wait()
            process.stdout.close()
            found = pickle.loads(data) if status == 0 else None
        except (OSError, EOFError, pickle.UnpicklingError):
            return None
        return found if isinstance(found, Counts) else None

    def cancel(self) -> None:
        """Stop the helper (its counts are not needed)."""
        process = self.process
        if process.poll() is None:
            process.kill()
        process.wait()
        if process.stdout is not None:
            process.stdout.close()


class _Forked:
    """A forked child reading the rest of the file: the part of ``Popen`` that ``Helper`` uses.

    A fork starts in a millisecond, where a fresh interpreter takes tens of them;
    it is used only when this process runs no other thread.
    """

    def __init__(self, pid: int, stdout: BinaryIO) -> None:
        self.pid = pid
        self.stdout: BinaryIO | None = stdout
        self.returncode: int | None = None

    @classmethod
    def start(cls, source: Source, stop: int) -> _Forked | None:
        """Fork a child that reads from ``stop`` to the end, or None when the fork fails."""
        try:
            read, write = os.pipe()
        except OSError:
            return None
        try:
            pid = os.fork()
        except OSError:
            os.close(read)
            os.close(write)
            return None
        if pid == 0:  # the child: it never returns into the caller's code
            code = 1
            try:
                os.close(read)
                for signum in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
                    # not the parent's handlers (they remove the parent's temp files)
                    signal.signal(signum, signal.SIG_DFL)
                quiet = os.open(os.devnull, os.O_RDWR)
                for fd in (0, 1, 2):  # a pipe reading this process's output ends with it
                    os.dup2(quiet, fd)
                gc.freeze()  # the parent's objects stay shared, never scanned
                data = pickle.dumps(_read_rest(source, stop), protocol=pickle.HIGHEST_PROTOCOL)
                with open(write, "wb") as out:
                    out.write(data)
                code = 0
            finally:
                os._exit(code)
        os.close(write)
        return cls(pid, open(read, "rb"))

    def wait(self) -> int:
        """Wait for the child to end; its exit code."""
        if self.returncode is None:
            _, status = os.waitpid(self.pid, 0)
            self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def poll(self) -> int | None:
        """The child's exit code, or None while it runs."""
        if self.returncode is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def kill(self) -> None:
        """Stop the child."""
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _helper_main() -> None:
    """The helper process: read (source, offset) from stdin, write its counts to stdout."""
    source, offset = pickle.loads(sys.stdin.buffer.read())
    counts = _read_rest(source, offset)
    sys.stdout.buffer.write(pickle.dumps(counts, protocol=pickle.HIGHEST_PROTOCOL))
    sys.stdout.buffer.flush()


def _read_rest(source: Source, offset: int) -> Counts:
    """A helper's counts: the file from ``offset`` (a line start) to its end."""
    scan = ByteScan(source)
    with open(source.path, "rb") as handle:
        handle.seek(offset)
        scan.rest(handle)
    return scan.counts
