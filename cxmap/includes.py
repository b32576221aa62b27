"""``include:``: shared catalogues of personas, segments, channels and metrics.

A map may list other YAML files under ``include``; their items are appended
after the map's own, so the map's positions stay as they are, and the source
map remembers which file each included item came from. Paths are relative to
the including file; includes may include further files; cycles, missing files
and catalogue errors are findings located where the problem really is.
"""

from __future__ import annotations

from pathlib import Path, PurePath
from typing import Any, Protocol

from pydantic import ValidationError

from cxmap.errors import InputError
from cxmap.findings import Finding, ModelPath, Severity
from cxmap.load import Document, parse_bytes, read_map_bytes
from cxmap.model import Catalogue

#: the lists a catalogue may contribute to a map
SHARED_LISTS = ("personas", "segments", "channels", "metrics")
MAX_INCLUDE_DEPTH = 8
MAX_INCLUDED_FILES = 64


def _finding(
    name: str, message: str, document: Document, path: ModelPath, *, on_key: bool = False
) -> Finding:
    code = {"include-error": "CX017", "invalid-catalogue": "CX018"}[name]
    file, span = document.locate(path, key=on_key)
    return Finding(code, name, Severity.ERROR, message, file, span, path)


class Reader(Protocol):
    """Where included files come from: the file system, or a git revision."""

    def locate(self, including: PurePath, relative: str) -> PurePath:
        """The path of ``relative`` as written in the file at ``including``."""

    def exists(self, path: PurePath) -> bool:
        """Whether there is a file at ``path``."""

    def read(self, path: PurePath) -> bytes:
        """The bytes of the file at ``path`` (``InputError`` when unreadable)."""


class FileReader:
    """Included files from the file system, relative to the including file."""

    def locate(self, including: PurePath, relative: str) -> PurePath:
        """The absolute, resolved path of ``relative`` next to ``including``."""
        return (Path(including).parent / relative).resolve()

    def exists(self, path: PurePath) -> bool:
        """Whether a regular file is there."""
        return Path(path).is_file()

    def read(self, path: PurePath) -> bytes:
        """The file's bytes (size-limited like every map file)."""
        return read_map_bytes(Path(path))


def resolve_includes(
    document: Document, path: PurePath, reader: Reader | None = None
) -> list[Finding]:
    """Merge the map's includes into ``document`` in place; return the problems found.

    ``path`` is where the map lies for ``reader`` (the file system by default:
    an absolute path). Does nothing when the document could not be read or has
    no ``include``.
    """
    if not document.ok or not isinstance(document.data, dict):
        return []
    if "include" not in document.data:
        return []
    state = _State(reader or FileReader())
    state.walk(document, document, path, ())
    return state.findings


class _State:
    def __init__(self, reader: Reader) -> None:
        self.reader = reader
        self.findings: list[Finding] = []
        self.files = 0

    def walk(
        self, root: Document, current: Document, here: PurePath, chain: tuple[PurePath, ...]
    ) -> None:
        """Merge the includes of ``current`` (a file at ``here``) into ``root``."""
        includes = current.data.get("include") if isinstance(current.data, dict) else None
        if includes is None:
            return
        if not isinstance(includes, list) or not all(isinstance(i, str) for i in includes):
            return  # the model reports the wrong shape with its position
        chain = (*chain, here)
        for index, relative in enumerate(includes):
            where: ModelPath = ("include", index)
            target = self.reader.locate(here, relative)
            if target in chain:
                cycle = " -> ".join(p.name for p in (*chain, target))
                self.findings.append(
                    _finding(
                        "include-error",
                        f"including '{relative}' makes a cycle ({cycle}); remove one include",
                        current,
                        where,
                    )
                )
                continue
            if len(chain) > MAX_INCLUDE_DEPTH or self.files >= MAX_INCLUDED_FILES:
                self.findings.append(
                    _finding(
                        "include-error",
                        f"includes nest deeper than {MAX_INCLUDE_DEPTH} files or name more "
                        f"than {MAX_INCLUDED_FILES}; flatten the catalogues",
                        current,
                        where,
                    )
                )
                return
            self.files += 1
            included = self._read(target, relative, current, where)
            if included is None:
                continue
            self.walk(root, included, target, chain)
            _merge(root, included)

    def _read(
        self, target: PurePath, relative: str, current: Document, where: ModelPath
    ) -> Document | None:
        display = _display(current.source.origin(where) or current.file, relative)
        if not self.reader.exists(target):
            self.findings.append(
                _finding(
                    "include-error",
                    f"the included file '{relative}' does not exist (looked for {display}); "
                    "paths are relative to the including file",
                    current,
                    where,
                )
            )
            return None
        try:
            included = parse_bytes(self.reader.read(target), display)
        except InputError as exc:
            self.findings.append(_finding("include-error", str(exc), current, where))
            return None
        if not included.ok:
            self.findings.extend(included.findings)
            return None
        try:
            Catalogue.model_validate(included.data)
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                loc: ModelPath = tuple(err["loc"])
                message = str(err["msg"]).removeprefix("Value error, ")
                if err["type"] == "extra_forbidden":
                    message = (
                        f"'{loc[-1]}' cannot be shared through an include; a catalogue holds "
                        f"only {', '.join(SHARED_LISTS)} and include"
                    )
                self.findings.append(
                    _finding(
                        "invalid-catalogue",
                        f"{'.'.join(map(str, loc)) or 'the catalogue'}: {message}",
                        included,
                        loc,
                        on_key=err["type"] == "extra_forbidden",
                    )
                )
            return None
        return included


def _display(including: str, relative: str) -> str:
    """The included file's name as the user would write it from where cxmap runs."""
    return str(Path(including).parent / relative)


def _merge(root: Document, included: Document) -> None:
    """Append the included lists to the root's, re-keying the included positions."""
    data: dict[str, Any] = root.data
    offsets: dict[str, int] = {}
    for key in SHARED_LISTS:
        items = included.data.get(key) if isinstance(included.data, dict) else None
        if not items or not isinstance(items, list):
            continue
        own = data.setdefault(key, [])
        if not isinstance(own, list):
            continue  # the model reports the wrong shape of the map's own list
        offsets[key] = len(own)
        own.extend(items)
    theirs, source = included.source, root.source
    for table_name in ("values", "keys"):
        src_table, dst_table = getattr(theirs, table_name), getattr(source, table_name)
        for path, value in src_table.items():
            if len(path) >= 2 and path[0] in offsets and isinstance(path[1], int):
                dst_table[(path[0], path[1] + offsets[str(path[0])], *path[2:])] = value
    for key, offset in offsets.items():
        for index in range(len(data[key]) - offset):
            source.origins[(key, offset + index)] = included.file
