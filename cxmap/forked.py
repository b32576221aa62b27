"""Work on the second core: a function run in a forked child, its result sent back pickled.

For work that is pure (reads its inputs, returns a value, writes nothing) and
large enough that a fork (a few milliseconds) pays. Where ``fork`` is missing,
or the child fails to report, the work runs in this process instead, so the
result never depends on whether the child ran.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Beside(Generic[T]):
    """``fn()`` started in a forked child; ``result()`` waits for it and returns it."""

    def __init__(self, fn: Callable[[], T]) -> None:
        self._fn = fn
        self._pid = 0
        self._read = -1
        if not hasattr(os, "fork"):
            return
        read, write = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(read)
            os.close(write)
            return
        if pid == 0:  # the child: compute, report, leave without running any cleanup
            os.close(read)
            _report(write, fn)
        os.close(write)
        self._pid, self._read = pid, read

    def result(self) -> T:
        """The value ``fn()`` returned (or the exception it raised, raised here)."""
        if not self._pid:
            return self._fn()
        chunks = []
        with os.fdopen(self._read, "rb") as pipe:
            while chunk := pipe.read(1 << 20):
                chunks.append(chunk)
        _pid, status = os.waitpid(self._pid, 0)
        self._pid = 0
        try:
            if os.waitstatus_to_exitcode(status) != 0:
                raise ValueError("the child failed")
            outcome, value = pickle.loads(b"".join(chunks))
        except Exception:
            return self._fn()  # the child did not report: do the work here
        if outcome == "error":
            raise value
        return value  # type: ignore[no-any-return]


def _report(write: int, fn: Callable[[], object]) -> None:
    code = 0
    try:
        outcome: tuple[str, object]
        try:
            outcome = ("ok", fn())
        except Exception as exc:
            outcome = ("error", exc)
        payload = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(write, "wb") as pipe:
            pipe.write(payload)
    except BaseException:
        code = 1  # nothing the parent can use (a result that does not pickle): it does the work
    os._exit(code)
