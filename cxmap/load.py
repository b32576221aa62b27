"""Read map files: text -> plain data plus a side table of positions.

The YAML is read as a stream of libyaml events in one iterative pass (no
recursion, so deep nesting cannot crash the interpreter). The pass builds the
plain Python data, records the span of every key and value by model path,
and refuses hostile input on the way: files over a size limit, nesting deeper
than a limit, alias expansion beyond a budget, duplicate keys, more than one
document, custom tags. Plain scalars are resolved by YAML 1.2 rules, so
``type: no`` stays the string ``"no"`` instead of becoming ``False``.
"""

from __future__ import annotations

import gc
import re
import sys
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

import yaml

from cxmap.errors import InputError
from cxmap.findings import START_OF_FILE, Finding, ModelPath, Severity, Span

MAX_BYTES = 10 * 1024 * 1024
MAX_DEPTH = 64
TOO_DEEP = f"the map nests deeper than {MAX_DEPTH} levels; a journey map never needs that"
#: Nodes that aliases may add beyond the nodes written out in the file.
ALIAS_BUDGET = 100_000
#: Keys and values one document may hold: a 10,000-touchpoint map has about 400,000.
MAX_NODES = 1_000_000
MAP_SUFFIXES = (".yaml", ".yml")

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


#: (line, column, end line, end column), 1-based: a Span before it is needed
RawSpan = tuple[int, int, int, int]

#: ``SourceMap.names`` entry of a mapping node (a key node holds its key, a sequence
#: node the array of its items' ids, a scalar or an alias None)
_MAPPING: Any = object()
#: values shorter than this are kept once however often they occur
_SHARED_LENGTH = 24
#: a line number meaning "no position recorded" (nodes added for included items)
_UNRECORDED = 0xFFFFFFFF
#: a lookup that scans more keys than this indexes its mapping (key -> id) for the next ones
_SCAN_LIMIT = 8


class SourceMap:
    """The position of every key and value of a document, as a compact tree.

    Every node (a mapping key, a value, an item) has an id, in document order.
    ``marks`` holds five unsigned ints per id: the 0-based start line and column,
    end line and column, and the id after the node's subtree. ``names`` holds one
    entry per id: the key text for a key (its value is the next id), the array
    of item ids for a sequence, ``_MAPPING`` for a mapping, None for a scalar or
    an alias. No tuple or span object is made per node: a 10,000-touchpoint map
    needs about 30 bytes per node instead of about 250.
    """

    __slots__ = ("_index", "key_count", "marks", "names", "origins")

    def __init__(self) -> None:
        self.marks = array("I")
        self.names: list[Any] = []
        #: model path -> the included file the subtree at that path came from
        self.origins: dict[ModelPath, str] = {}
        self._index: dict[int, dict[str, int]] = {}
        #: how many of the nodes are mapping keys
        self.key_count = 0

    def __len__(self) -> int:
        """The number of values positioned: the document, every mapping value and item."""
        return len(self.names) - self.key_count

    def origin(self, path: ModelPath) -> str | None:
        """The included file ``path`` lies in, or None when it is in the map itself."""
        if not self.origins:
            return None
        for cut in range(len(path), 0, -1):
            found = self.origins.get(tuple(path[:cut]))
            if found is not None:
                return found
        return None

    def _keys_of(self, node: int) -> dict[str, int]:
        marks, names = self.marks, self.names
        stop, key, index = marks[node * 5 + 4], node + 1, {}
        while key < stop:
            index[names[key]] = key + 1
            key = marks[(key + 1) * 5 + 4]
        return index

    def locate(self, path: ModelPath, *, key: bool = False) -> Span:
        """The span of ``path``, or of its nearest recorded ancestor.

        With ``key=True`` the span of the mapping key is preferred (for unknown
        keys and missing fields the key is what the user has to look at).
        One walk from the root, inline: lint locates every finding through it.
        """
        names, marks = self.names, self.marks
        if not names:
            return START_OF_FILE
        node, found, keyed = 0, 0, False  # found: the deepest node with a recorded position
        for part in path:
            entry = names[node]
            if entry is _MAPPING:
                if part.__class__ is not str:
                    break
                index = self._index.get(node)
                if index is not None:
                    child = index.get(part)
                    if child is None:
                        break
                else:
                    stop, at, seen = marks[node * 5 + 4], node + 1, 0
                    while at < stop and names[at] != part:
                        at = marks[(at + 1) * 5 + 4]
                        seen += 1
                    if seen > _SCAN_LIMIT:  # a long scan: look this mapping up by key from now on
                        self._index[node] = self._keys_of(node)
                    if at >= stop:
                        break
                    child = at + 1
                by_key = True
            elif entry.__class__ is array and part.__class__ is int and 0 <= part < len(entry):
                child, by_key = entry[part], False
            else:
                break
            node = child
            if marks[node * 5] != _UNRECORDED:
                found, keyed = node, by_key
        if marks[found * 5] == _UNRECORDED:
            return START_OF_FILE
        at = (found - 1 if key and keyed else found) * 5
        return Span(marks[at] + 1, marks[at + 1] + 1, marks[at + 2] + 1, marks[at + 3] + 1)

    def graft(self, other: SourceMap, offsets: dict[str, int]) -> None:
        """Take in the positions of an included document whose lists were appended.

        ``offsets`` maps each top-level list the included items were appended to
        onto the number of items the list held before: item ``i`` of the included
        list is now item ``offset + i`` here.
        """
        if not self.names or self.names[0] is not _MAPPING or not other.names:
            return
        if other.names[0] is not _MAPPING:
            return
        index = self._index.setdefault(0, self._keys_of(0))
        theirs = other._keys_of(0)
        added: list[tuple[array[int], array[int]]] = []
        for list_key, offset in offsets.items():
            found, items = theirs.get(list_key), None
            if found is not None:
                items = other.names[found]
            if items.__class__ is not array:
                continue
            own_id = index.get(list_key)
            if own_id is None:  # the map had no such list: a key and a list, unpositioned
                own_id = len(self.names) + 1
                self.marks.extend((_UNRECORDED, 0, 0, 0, own_id))
                self.marks.extend((_UNRECORDED, 0, 0, 0, own_id + 1))
                self.names += [list_key, array("I")]
                self.key_count += 1
                index[list_key] = own_id
            own = self.names[own_id]
            if own.__class__ is not array or len(own) != offset:
                continue  # an alias, or not a list: positions fall back to the list
            added.append((own, items))
        base = len(self.names)
        for own, items in added:
            own.extend(item + base for item in items)
        marks = array("I", other.marks)
        for at in range(4, len(marks), 5):
            marks[at] += base
        self.marks.extend(marks)
        self.key_count += other.key_count
        for entry in other.names:
            if entry.__class__ is array:
                entry = array("I", (item + base for item in entry))
            self.names.append(entry)


@dataclass
class Document:
    """A map file as read: its text, its plain data, positions, read problems."""

    file: str
    text: str
    data: Any
    source: SourceMap
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the YAML was read without problems."""
        return not self.findings

    def locate(self, path: ModelPath, *, key: bool = False) -> tuple[str, Span]:
        """The file and span of a model path (an included file's, where it came from one)."""
        return self.source.origin(path) or self.file, self.source.locate(path, key=key)


class _Refused(Exception):
    """Stops the event pass; carries the finding that explains why."""

    def __init__(self, name: str, message: str, span: Span) -> None:
        super().__init__(message)
        self.name = name
        self.message = message
        self.span = span


LOAD_CODES = {
    "yaml-syntax": "CX001",
    "not-utf8": "CX002",
    "file-too-large": "CX003",
    "nesting-too-deep": "CX004",
    "alias-bomb": "CX005",
    "duplicate-key": "CX006",
    "several-documents": "CX007",
    "unsupported-tag": "CX008",
    "empty-file": "CX009",
    "invalid-value": "CX010",
}


def load_finding(name: str, message: str, file: str, span: Span = START_OF_FILE) -> Finding:
    """A reading problem as a finding (always an error)."""
    return Finding(LOAD_CODES[name], name, Severity.ERROR, message, file, span)


# ---------------------------------------------------------------- files


def discover_maps(paths: Iterable[str | Path]) -> list[Path]:
    """Expand files and folders into the list of map files, in sorted order.

    A folder means every ``*.cxmap.yaml`` file below it, and every other
    ``*.yaml``/``*.yml`` file whose top level has a ``cxmap:`` key (so CI
    workflows and shared catalogues beside the maps are left alone). Hidden
    folders are skipped. A named file is always taken. A folder that holds
    YAML files but no map is an ``InputError``: a check that silently checks
    nothing would let CI pass unchecked maps.
    """
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            maps, others = [], []
            for p in sorted(path.rglob("*")):
                if not p.is_file() or _hidden(p.relative_to(path)):
                    continue
                if _looks_like_map(p):
                    maps.append(p)
                elif p.name.lower().endswith(MAP_SUFFIXES):
                    others.append(p)
            if not maps and others:
                raise InputError(_no_map_message(path, others))
            found.extend(maps)
        elif path.exists():
            found.append(path)
        else:
            raise InputError(f"{path}: no such file or folder")
    return list(dict.fromkeys(found))


def _no_map_message(folder: Path, others: list[Path]) -> str:
    example = others[0].relative_to(folder)
    files = f"{len(others)} YAML file{'s' if len(others) > 1 else ''}"
    return (
        f"{folder}: no map found among {files} (e.g. '{example}'): none is named "
        "*.cxmap.yaml or has a top-level 'cxmap:' key in its first 64 KiB; name maps "
        "*.cxmap.yaml, start them with 'cxmap: 1' (saved as UTF-8), or name the file itself"
    )


def _hidden(rel: Path) -> bool:
    return any(part.startswith(".") for part in rel.parts)


#: a top-level ``cxmap:`` key, at the start of a line or after a UTF-8 byte order mark
_CXMAP_KEY = re.compile(rb"^(?:\xef\xbb\xbf)?cxmap[ \t]*:", re.MULTILINE)


def _looks_like_map(path: Path) -> bool:
    name = path.name.lower()
    if name.endswith(".cxmap.yaml") or name.endswith(".cxmap.yml"):
        return True
    if not name.endswith(MAP_SUFFIXES):
        return False
    try:
        with path.open("rb") as handle:
            head = handle.read(_HEAD_BYTES)
    except OSError:
        return True  # let the real read report it
    return bool(_CXMAP_KEY.search(head))


_HEAD_BYTES = 64 * 1024


def repository_root(start: Path | None = None) -> Path:
    """The nearest folder at or above ``start`` (default: the current one) holding ``.git``.

    Falls back to ``start`` itself outside a repository. SARIF paths are
    relative to it, as code scanning expects.
    """
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return here


def read_map_bytes(path: Path) -> bytes:
    """The bytes of a map file, refusing (by raising) what cannot be read at all."""
    try:
        with path.open("rb") as handle:
            return handle.read(MAX_BYTES + 1)
    except IsADirectoryError as exc:
        raise InputError(f"{path}: is a folder, not a map file") from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from exc


def load_document(path: str | Path, *, display: str | None = None) -> Document:
    """Read one map file into a Document; problems become findings, not exceptions.

    Raises ``InputError`` only when the file cannot be read at all.
    """
    path = Path(path)
    return parse_bytes(read_map_bytes(path), display or str(path))


def parse_bytes(raw: bytes, file: str) -> Document:
    """Decode and parse map bytes (UTF-8, optional BOM)."""
    empty = Document(file, "", None, SourceMap())
    if len(raw) > MAX_BYTES:
        empty.findings.append(
            load_finding(
                "file-too-large",
                f"the file is larger than {MAX_BYTES // (1024 * 1024)} MiB; "
                "split the journey into several maps",
                file,
            )
        )
        return empty
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        empty.findings.append(
            load_finding(
                "not-utf8",
                f"byte 0x{raw[exc.start]:02x} is not UTF-8 text; save the file as UTF-8 "
                "(in most editors: Save As, encoding UTF-8)",
                file,
                Span.point(line, column),
            )
        )
        return empty
    return parse_text(text, file)


def parse_text(text: str, file: str) -> Document:
    """Parse map text into a Document (data, positions, reading problems)."""
    source = SourceMap()
    collecting = gc.isenabled()
    gc.disable()  # the pass allocates only acyclic data; collections made it superlinear
    try:
        _refuse_odd_breaks(text)
        data = _parse(text, source)
    except _Refused as refused:
        finding = load_finding(refused.name, refused.message, file, refused.span)
        return Document(file, text, None, SourceMap(), [finding])
    finally:
        if collecting:
            gc.enable()
    if data is _NOTHING:
        message = "the file holds no map; start from a template with 'cxmap init'"
        return Document(file, text, None, source, [load_finding("empty-file", message, file)])
    return Document(file, text, data, source)


def _parse(text: str, source: SourceMap) -> Any:
    try:
        return _build(text, source)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        span = Span.point(mark.line + 1, mark.column + 1) if mark else START_OF_FILE
        if "maximum nesting depth" in str(exc.problem):
            # the libyaml in recent PyYAML wheels (6.0.4 here) scans ahead and stops at depth 1000,
            # before the builder sees depth MAX_DEPTH: the same finding, where libyaml stopped
            raise _Refused("nesting-too-deep", TOO_DEEP, span) from exc
        raise _Refused("yaml-syntax", _syntax_message(exc, text, mark), span) from exc
    except yaml.YAMLError as exc:
        raise _Refused("yaml-syntax", f"the YAML cannot be read: {exc}", START_OF_FILE) from exc


#: line breaks to PyYAML (a comment ends there) but not to editors or git
_ODD_BREAKS = re.compile("[\u2028\u2029\x85]")
_BREAK_NAMES = {
    "\u2028": "U+2028 LINE SEPARATOR",
    "\u2029": "U+2029 PARAGRAPH SEPARATOR",
    "\x85": "U+0085 NEXT LINE",
}


def _refuse_odd_breaks(text: str) -> None:
    """Refuse U+2028, U+2029 and U+0085 outside quoted scalars, where they are.

    PyYAML ends a comment or a plain value at them, editors and git do not, so
    ``# owner: x`` after one would be read as a key. Inside quotes they are text.
    """
    found = _ODD_BREAKS.search(text)
    if found is None:
        return
    quoted: list[tuple[int, int]] = []
    try:
        for event in yaml.parse(text, Loader=_Loader):
            start, end = event.start_mark, event.end_mark
            if event.__class__ is yaml.ScalarEvent and event.style in ("'", '"') and start and end:
                quoted.append((start.index, end.index))
    except yaml.YAMLError:
        pass  # the characters are the likely cause: those not proven quoted are refused
    for match in _ODD_BREAKS.finditer(text):
        at = match.start()
        if any(start <= at < end for start, end in quoted):
            continue
        line = text.count("\n", 0, at) + 1
        column = at - (text.rfind("\n", 0, at) + 1) + 1
        raise _Refused(
            "yaml-syntax",
            f"the character {_BREAK_NAMES[match.group()]} ends a comment or a value for "
            "YAML, though editors show none; remove it, or keep it inside quotes",
            Span.point(line, column),
        )


def _syntax_message(exc: yaml.MarkedYAMLError, text: str, mark: Any) -> str:
    problem = (exc.problem or exc.context or "invalid YAML").strip()
    if mark is not None:
        lines = text.splitlines()
        if mark.line < len(lines) and "\t" in lines[mark.line][: mark.column + 1]:
            return "a tab character is used for indentation; YAML allows only spaces there"
    if "cannot start any token" in problem and "`" in problem:
        return f"YAML syntax error: {problem}; put text that starts with ` in quotes"
    if "mapping values are not allowed" in problem:
        return (
            "YAML syntax error: a ':' followed by a space inside a value; put the value in quotes"
        )
    context = f" ({exc.context})" if exc.context and exc.context != problem else ""
    return f"YAML syntax error: {problem}{context}"


# ---------------------------------------------------------------- the builder

_NOTHING: Any = object()

_NULL = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
_INT = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
_STD = "tag:yaml.org,2002:"
_NUMBER_START = frozenset("0123456789+-.")


def resolve_plain(value: str) -> Any:
    """Resolve a plain (unquoted) scalar by the YAML 1.2 core schema."""
    if value in _NULL:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    if value[0] not in _NUMBER_START:
        return value
    if _INT.match(value):
        return int(value)
    if _FLOAT.match(value):
        return float(value)
    return value


def _span(event: Any) -> RawSpan:
    start, end = event.start_mark, event.end_mark
    return (start.line + 1, start.column + 1, end.line + 1, end.column + 1)


def _refuse(name: str, message: str, event: Any) -> NoReturn:
    raise _Refused(name, message, Span(*_span(event)))


def _build(text: str, source: SourceMap) -> Any:
    """Build plain data and the positions from the event stream, refusing hostile input.

    One loop with the open container in locals (a method call per event cost more
    than the rest of the pass). Containers are attached to their parent when they
    open; an anchor on a container is usable once it closes.
    """
    loader = _Loader(text)
    try:
        return _walk(loader.get_event, source)
    finally:
        loader.dispose()


def _walk(next_event: Any, source: SourceMap) -> Any:
    marks, names = source.marks, source.names
    add_mark, add_name = marks.extend, names.append
    scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
    map_start, seq_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
    map_end, seq_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
    document_start, stream_end = yaml.DocumentStartEvent, yaml.StreamEndEvent
    resolve, scalar_tags, str_tag, mapping = resolve_plain, _SCALAR_TAGS, _STD + "str", _MAPPING
    root: Any = _NOTHING
    # the open container: its value, its id, whether a mapping, its key waiting for a
    # value (None: a key comes next), its anchor, its size with aliases expanded
    value: Any = None
    node = -1
    is_map = False
    key: str | None = None
    anchor: str | None = None
    size = 0
    items: Any = None  # the open sequence's array of item ids
    stack: list[tuple[Any, int, bool, str | None, Any, int, Any]] = []
    anchors: dict[str, tuple[Any, int]] = {}
    open_anchors: set[str] = set()
    count = 0
    keys = 0
    shared: dict[str, str] = {}
    intern, share = sys.intern, shared.setdefault
    extra = 0  # nodes that aliases add beyond those written out
    documents = 0
    while True:
        event = next_event()
        kind = event.__class__
        if kind is scalar_event:
            start, end = event.start_mark, event.end_mark
            add_mark((start.line, start.column, end.line, end.column, count + 1))
            count += 1
            tag = event.tag
            if tag and tag != "!" and tag not in scalar_tags:
                _refuse(
                    "unsupported-tag",
                    f"the YAML tag '{tag}' is not supported in maps; remove it",
                    event,
                )
            raw = event.value
            if is_map and key is None:
                raw = intern(raw)  # keys repeat in every item: one string each
                if raw in value:
                    _duplicate(raw, node, source, event)
                add_name(raw)
                key = raw
                keys += 1
                continue
            add_name(None)
            if tag == str_tag or (not tag and event.style):
                scalar = raw
            else:
                try:
                    scalar = resolve(raw)
                except ValueError:  # an integer longer than Python converts (4,300 digits)
                    _refuse(
                        "invalid-value",
                        f"the number '{raw[:20]}...' has {len(raw):,} "
                        "digits; no map needs that: shorten it, or quote it as text",
                        event,
                    )
                if tag and tag != "!":
                    scalar = _coerce(tag, raw, scalar, _span(event))
            if scalar.__class__ is str and len(scalar) < _SHARED_LENGTH:
                scalar = share(scalar, scalar)  # short values repeat (ids, 'before', 'team')
            if is_map:
                value[key] = scalar
                key = None
            elif items is not None:
                value.append(scalar)
                items.append(count - 1)
            else:
                root = scalar
            size += 1
            if event.anchor:
                anchors[event.anchor] = (scalar, 1)
            if count > MAX_NODES:
                _too_many(event)
        elif kind is map_start or kind is seq_start:
            opened = kind is map_start
            tag = event.tag
            if tag and tag != "!" and tag not in (_MAP_TAGS if opened else _SEQ_TAGS):
                _refuse(
                    "unsupported-tag",
                    f"the YAML tag '{tag}' is not supported in maps; remove it",
                    event,
                )
            if is_map and key is None:
                _refuse(
                    "yaml-syntax",
                    "a mapping key must be plain text, not a list or a mapping",
                    event,
                )
            if len(stack) >= MAX_DEPTH:
                _refuse("nesting-too-deep", TOO_DEEP, event)
            start, end = event.start_mark, event.end_mark
            add_mark((start.line, start.column, end.line, end.column, 0))
            child: Any
            if opened:
                child = {}
                add_name(mapping)
            else:
                child = []
                add_name(array("I"))
            if is_map:
                value[key] = child
            elif items is not None:
                value.append(child)
                items.append(count)
            else:
                root = child
            stack.append((value, node, is_map, anchor, items, size, None))
            value, node, is_map, key, anchor, size = child, count, opened, None, event.anchor, 1
            items = None if opened else names[count]
            count += 1
            if anchor:
                open_anchors.add(anchor)
            if count > MAX_NODES:
                _too_many(event)
        elif kind is map_end or kind is seq_end:
            marks[node * 5 + 4] = count
            if anchor:
                open_anchors.discard(anchor)
                anchors[anchor] = (value, size)
            inner = size
            value, node, is_map, anchor, items, size, _ = stack.pop()
            size += inner
            key = None
        elif kind is alias_event:
            name = event.anchor
            if name in open_anchors:
                _refuse("alias-bomb", f"the alias '*{name}' refers to itself", event)
            if name not in anchors:
                _refuse(
                    "yaml-syntax",
                    f"the alias '*{name}' refers to no anchor '&{name}' above it",
                    event,
                )
            if is_map and key is None:
                _refuse("yaml-syntax", "an alias cannot be used as a mapping key", event)
            target, target_size = anchors[name]
            extra += target_size - 1
            if extra > ALIAS_BUDGET:
                _refuse(
                    "alias-bomb",
                    "aliases (*name) expand this file far beyond what is "
                    "written in it; refused to protect the machine: write the values out "
                    "instead",
                    event,
                )
            start, end = event.start_mark, event.end_mark
            add_mark((start.line, start.column, end.line, end.column, count + 1))
            add_name(None)
            if is_map:
                value[key] = target
                key = None
            elif items is not None:
                value.append(target)
                items.append(count)
            else:
                root = target
            count += 1
            size += target_size
        elif kind is document_start:
            documents += 1
            if documents > 1:
                _refuse(
                    "several-documents",
                    "the file holds more than one YAML document (a "
                    "second '---'); keep one map per file",
                    event,
                )
        elif kind is stream_end:
            source.key_count = keys
            return root


def _duplicate(key: str, node: int, source: SourceMap, event: Any) -> NoReturn:
    """Refuse a key the open mapping ``node`` already holds, naming the first one's line."""
    marks, names = source.marks, source.names
    first, stop = node + 1, len(names)
    while first < stop and names[first] != key:
        first = marks[(first + 1) * 5 + 4]  # the entries before this key are all closed
    line = marks[min(first, stop - 1) * 5] + 1
    _refuse(
        "duplicate-key",
        f"the key '{key}' appears twice in the same mapping (first on line "
        f"{line}); YAML would silently keep only the last one: remove or rename one of "
        "them",
        event,
    )


def _too_many(event: Any) -> NoReturn:
    _refuse(
        "file-too-large",
        f"the map holds more than {MAX_NODES:,} keys and values; a "
        "journey map never needs that: split it into several maps",
        event,
    )


_SCALAR_TAGS = frozenset(_STD + name for name in ("str", "int", "float", "bool", "null"))
_MAP_TAGS = frozenset({_STD + "map"})
_SEQ_TAGS = frozenset({_STD + "seq"})


def _coerce(tag: str, raw: str, value: Any, span: RawSpan) -> Any:
    kind = tag.removeprefix(_STD)
    ok = {
        "int": isinstance(value, int) and not isinstance(value, bool),
        "float": isinstance(value, int | float) and not isinstance(value, bool),
        "bool": isinstance(value, bool),
        "null": value is None,
    }.get(kind, True)
    if not ok:
        raise _Refused("yaml-syntax", f"'{raw}' is not a valid !!{kind}", Span(*span))
    return float(value) if kind == "float" else value
