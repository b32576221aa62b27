"""``include:``: shared catalogues of personas, segments, channels and metrics.

A map may list other YAML files under ``include``; their items are appended
after the map's own, so the map's positions stay as they are, and the source
map remembers which file each included item came from. Paths are relative to
the including file; includes may include further files; cycles, missing files
and catalogue errors are findings located where the problem really is.

What includes may cost and reach is bounded: the map and every catalogue it
reaches share the limits of one map (bytes and nodes), a catalogue reached
twice (a diamond) is read and merged once, and only files inside the map's
repository are read unless the caller allows more. A file that turns out not
to be a catalogue is named, never quoted.
"""

from __future__ import annotations

from pathlib import Path, PurePath
from typing import Any, Protocol

from pydantic import ValidationError

from cxmap.errors import InputError
from cxmap.findings import Finding, ModelPath, Severity
from cxmap.load import (
    MAX_BYTES,
    MAX_NODES,
    Document,
    parse_bytes,
    read_map_bytes,
    repository_root,
)
from cxmap.model import Catalogue

#: the lists a catalogue may contribute to a map
SHARED_LISTS = ("personas", "segments", "channels", "metrics")
CATALOGUE_KEYS = (*SHARED_LISTS, "include")
CATALOGUE_SUFFIXES = (".yaml", ".yml")
MAX_INCLUDE_DEPTH = 8
MAX_INCLUDED_FILES = 64
#: Bytes all catalogues of one map may hold together. A catalogue shares personas,
#: segments, channels and metrics: kilobytes in practice, and 2 MiB is some 20,000 items.
#: Read through includes, an item costs more than in the map itself (a document per file).
MAX_CATALOGUE_BYTES = 2 * 1024 * 1024
#: The map and all its catalogues together are held to one map's limits (``MAX_BYTES``,
#: ``MAX_NODES`` from cxmap.load): includes cost at most what one large map costs.


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

    def problem(self, path: PurePath) -> str | None:
        """Why the file at ``path`` cannot be included (a phrase), or None when it can."""

    def read(self, path: PurePath) -> bytes:
        """The bytes of the file at ``path`` (``InputError`` when unreadable)."""


class FileReader:
    """Included files from the file system, relative to the including file.

    Only files inside ``root`` (the map's repository: the nearest folder with
    ``.git``, else the map's own folder) are read, after following ``..`` and
    symbolic links, unless ``allow_outside``.
    """

    def __init__(self, root: Path, *, allow_outside: bool = False) -> None:
        self.root = root.resolve()
        self.allow_outside = allow_outside

    def locate(self, including: PurePath, relative: str) -> PurePath:
        """The absolute, resolved path of ``relative`` next to ``including``."""
        return (Path(including).parent / relative).resolve()

    def problem(self, path: PurePath) -> str | None:
        """Outside the repository, missing, or not a regular file."""
        target = Path(path)
        if not self.allow_outside and not target.is_relative_to(self.root):
            return (
                f"lies outside the repository ({self.root}); cxmap includes only files "
                "inside it, pass --allow-include-outside to lift this"
            )
        if target.is_dir():
            return "is a folder, not a catalogue file; name a .yaml file in it"
        if not target.exists():
            return "does not exist"
        if not target.is_file():
            return "is not a regular file (a device, pipe or socket); name a catalogue file"
        return None

    def read(self, path: PurePath) -> bytes:
        """The file's bytes (size-limited like every map file)."""
        return read_map_bytes(Path(path))


def resolve_includes(
    document: Document,
    path: PurePath,
    reader: Reader | None = None,
    *,
    allow_outside: bool = False,
) -> list[Finding]:
    """Merge the map's includes into ``document`` in place; return the problems found.

    ``path`` is where the map lies for ``reader`` (the file system by default:
    an absolute path, its includes contained in its repository unless
    ``allow_outside``). Does nothing when the document could not be read or
    has no ``include``.
    """
    if not document.ok or not isinstance(document.data, dict):
        return []
    if "include" not in document.data:
        return []
    if reader is None:
        reader = FileReader(repository_root(Path(path).parent), allow_outside=allow_outside)
    state = _State(reader, document)
    state.walk(document, document, path, ())
    return state.findings


class _State:
    """One walk over the include closure, with the budget all its files share."""

    def __init__(self, reader: Reader, root: Document) -> None:
        self.reader = reader
        self.findings: list[Finding] = []
        self.files = 0
        self.bytes = len(root.text.encode("utf-8", "surrogatepass"))
        self.nodes = len(root.source)
        self.catalogue_bytes = 0
        #: catalogues already merged: a diamond reaches one twice, it is merged once
        self.merged: set[PurePath] = set()
        self.exhausted = False

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
            if self.exhausted:
                return
            where: ModelPath = ("include", index)
            target = self.reader.locate(here, relative)
            if target in chain:
                cycle = " -> ".join(p.name for p in (*chain, target))
                self.fail(
                    f"including '{relative}' makes a cycle ({cycle}); remove one include",
                    current,
                    where,
                )
                continue
            if target in self.merged:
                continue
            if len(chain) > MAX_INCLUDE_DEPTH or self.files >= MAX_INCLUDED_FILES:
                self.fail(
                    f"includes nest deeper than {MAX_INCLUDE_DEPTH} files or name more "
                    f"than {MAX_INCLUDED_FILES}; flatten the catalogues",
                    current,
                    where,
                    stop=True,
                )
                return
            self.files += 1
            included = self._read(target, relative, current, where)
            if included is None:
                continue
            self.merged.add(target)
            self.walk(root, included, target, chain)
            _merge(root, included)

    def fail(
        self, message: str, current: Document, where: ModelPath, *, stop: bool = False
    ) -> None:
        """Report a problem at an include; with ``stop``, read no further includes."""
        self.findings.append(_finding("include-error", message, current, where))
        self.exhausted = self.exhausted or stop

    def _read(
        self, target: PurePath, relative: str, current: Document, where: ModelPath
    ) -> Document | None:
        display = _display(current.source.origin(where) or current.file, relative)
        problem = self.reader.problem(target)
        if problem is not None:
            hint = (
                "; paths are relative to the including file" if problem == "does not exist" else ""
            )
            self.fail(
                f"the included file '{relative}' {problem} (looked for {display}){hint}",
                current,
                where,
            )
            return None
        if not target.name.lower().endswith(CATALOGUE_SUFFIXES):
            self.fail(
                f"the included file '{relative}' is not a YAML catalogue: its name must end "
                f"in {' or '.join(CATALOGUE_SUFFIXES)} (looked for {display})",
                current,
                where,
            )
            return None
        try:
            raw = self.reader.read(target)
        except InputError as exc:
            self.fail(str(exc), current, where)
            return None
        self.bytes += len(raw)
        self.catalogue_bytes += len(raw)
        if self.catalogue_bytes > MAX_CATALOGUE_BYTES:
            self.fail(
                f"the included catalogues are larger than "
                f"{MAX_CATALOGUE_BYTES // (1024 * 1024)} MiB together (at '{relative}'); "
                "a catalogue holds shared personas, segments, channels and metrics, "
                "include fewer or smaller ones",
                current,
                where,
                stop=True,
            )
            return None
        if self.bytes > MAX_BYTES:
            self.fail(
                f"the map and its included catalogues are larger than "
                f"{MAX_BYTES // (1024 * 1024)} MiB together (at '{relative}'); "
                "include fewer or smaller catalogues",
                current,
                where,
                stop=True,
            )
            return None
        included = parse_bytes(raw, display)
        if not included.ok:
            self.findings.extend(included.findings)
            return None
        self.nodes += len(included.source)
        if self.nodes > MAX_NODES:
            self.fail(
                f"the map and its included catalogues hold more than {MAX_NODES:,} keys and "
                f"items together (at '{relative}'); include fewer or smaller catalogues",
                current,
                where,
                stop=True,
            )
            return None
        data = included.data
        if not isinstance(data, dict) or not any(key in data for key in CATALOGUE_KEYS):
            # say nothing of what the file holds: it may be any file, not a catalogue
            self.fail(
                f"the included file '{relative}' is not a catalogue: its top level holds "
                f"none of {', '.join(CATALOGUE_KEYS)} (looked for {display})",
                current,
                where,
            )
            return None
        try:
            Catalogue.model_validate(data)
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
    source = root.source
    source.graft(included.source, offsets)
    for key, offset in offsets.items():
        for index in range(len(data[key]) - offset):
            source.origins[(key, offset + index)] = included.file
