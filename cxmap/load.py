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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from cxmap.errors import InputError
from cxmap.findings import START_OF_FILE, Finding, ModelPath, Severity, Span

MAX_BYTES = 10 * 1024 * 1024
MAX_DEPTH = 64
TOO_DEEP = f"the map nests deeper than {MAX_DEPTH} levels; a journey map never needs that"
#: Nodes that aliases may add beyond the nodes written out in the file.
ALIAS_BUDGET = 100_000
MAP_SUFFIXES = (".yaml", ".yml")

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


#: (line, column, end line, end column), 1-based: a Span before it is needed
RawSpan = tuple[int, int, int, int]


@dataclass
class SourceMap:
    """Model path -> span of the value (and of the key, for mapping entries).

    Spans are kept as plain tuples (hundreds of thousands of them in a large
    map) and become ``Span`` objects only when located.
    """

    values: dict[ModelPath, RawSpan] = field(default_factory=dict)
    keys: dict[ModelPath, RawSpan] = field(default_factory=dict)
    #: model path -> the included file the subtree at that path came from
    origins: dict[ModelPath, str] = field(default_factory=dict)

    def origin(self, path: ModelPath) -> str | None:
        """The included file ``path`` lies in, or None when it is in the map itself."""
        if not self.origins:
            return None
        for cut in range(len(path), 0, -1):
            found = self.origins.get(tuple(path[:cut]))
            if found is not None:
                return found
        return None

    def locate(self, path: ModelPath, *, key: bool = False) -> Span:
        """The span of ``path``, or of its nearest recorded ancestor.

        With ``key=True`` the span of the mapping key is preferred (for unknown
        keys and missing fields the key is what the user has to look at).
        """
        probe = tuple(path)
        while True:
            if key and probe in self.keys:
                return Span(*self.keys[probe])
            if probe in self.values:
                return Span(*self.values[probe])
            if not probe:
                return START_OF_FILE
            probe = probe[:-1]


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
    folders are skipped. A named file is always taken.
    """
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(
                p
                for p in sorted(path.rglob("*"))
                if p.is_file() and not _hidden(p.relative_to(path)) and _looks_like_map(p)
            )
        elif path.exists():
            found.append(path)
        else:
            raise InputError(f"{path}: no such file or folder")
    return list(dict.fromkeys(found))


def _hidden(rel: Path) -> bool:
    return any(part.startswith(".") for part in rel.parts)


_CXMAP_KEY = re.compile(rb"^cxmap[ \t]*:", re.MULTILINE)


def _looks_like_map(path: Path) -> bool:
    name = path.name.lower()
    if name.endswith(".cxmap.yaml") or name.endswith(".cxmap.yml"):
        return True
    if not name.endswith(MAP_SUFFIXES):
        return False
    try:
        with path.open("rb") as handle:
            head = handle.read(64 * 1024)
    except OSError:
        return True  # let the real read report it
    return bool(_CXMAP_KEY.search(head))


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
        data = _Builder(source).build(_events(text))
    except _Refused as refused:
        finding = load_finding(refused.name, refused.message, file, refused.span)
        return Document(file, text, None, source, [finding])
    finally:
        if collecting:
            gc.enable()
    if data is _NOTHING:
        message = "the file holds no map; start from a template with 'cxmap init'"
        return Document(file, text, None, source, [load_finding("empty-file", message, file)])
    return Document(file, text, data, source)


def _events(text: str) -> Iterator[Any]:
    try:
        yield from yaml.parse(text, Loader=_Loader)
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


class _Frame:
    """An open mapping or sequence while its events stream in."""

    __slots__ = ("anchor", "is_map", "key", "key_spans", "path", "size", "start", "value")

    def __init__(self, path: ModelPath, value: Any, anchor: str | None, start: RawSpan) -> None:
        self.path = path
        self.value = value
        self.is_map = isinstance(value, dict)
        self.anchor = anchor
        self.start = start
        self.size = 1
        self.key: str | None = None  # mapping: the key waiting for its value
        self.key_spans: dict[str, RawSpan] = {}


class _Builder:
    """Builds plain data and the source map from the event stream, refusing hostile input."""

    def __init__(self, source: SourceMap) -> None:
        self.values = source.values
        self.keys = source.keys
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.open_anchors: set[str] = set()
        self.stack: list[_Frame] = []
        self.root: Any = _NOTHING
        self.nodes = 0
        self.expanded = 0
        self.documents = 0

    def build(self, events: Iterable[Any]) -> Any:
        handlers = {
            yaml.ScalarEvent: self._scalar,
            yaml.MappingStartEvent: self._open_mapping,
            yaml.SequenceStartEvent: self._open_sequence,
            yaml.MappingEndEvent: self._close,
            yaml.SequenceEndEvent: self._close,
            yaml.AliasEvent: self._alias,
            yaml.DocumentStartEvent: self._document,
        }
        for event in events:
            handler = handlers.get(type(event))
            if handler is not None:
                handler(event)
        return self.root

    def _document(self, event: Any) -> None:
        self.documents += 1
        if self.documents > 1:
            raise _Refused(
                "several-documents",
                "the file holds more than one YAML document (a second '---'); "
                "keep one map per file",
                Span(*_span(event)),
            )

    # -- nodes

    def _count(self, span: RawSpan, extra: int = 1) -> None:
        self.nodes += 1
        self.expanded += extra
        if extra > 1 and self.expanded > self.nodes + ALIAS_BUDGET:
            raise _Refused(
                "alias-bomb",
                "aliases (*name) expand this file far beyond what is written in it; "
                "refused to protect the machine: write the values out instead",
                Span(*span),
            )

    def _check_tag(self, event: Any, allowed: frozenset[str]) -> None:
        tag = event.tag
        if tag and tag != "!" and tag not in allowed:
            raise _Refused(
                "unsupported-tag",
                f"the YAML tag '{tag}' is not supported in maps; remove it",
                Span(*_span(event)),
            )

    def _scalar(self, event: Any) -> None:
        tag = event.tag
        if tag:
            self._check_tag(event, _SCALAR_TAGS)
        span = _span(event)
        stack = self.stack
        if stack and stack[-1].is_map and stack[-1].key is None:
            self.nodes += 1
            self.expanded += 1
            self._set_key(stack[-1], event.value, span)
            return
        raw: str = event.value
        value: Any
        if tag == _STD + "str" or (not tag and event.style):
            value = raw
        else:
            value = resolve_plain(raw)
            if tag and tag != "!":
                value = _coerce(tag, raw, value, span)
        self.nodes += 1
        self.expanded += 1
        self._place(value, span, 1, event.anchor)

    def _open_mapping(self, event: Any) -> None:
        self._open(event, {}, _MAP_TAGS)

    def _open_sequence(self, event: Any) -> None:
        self._open(event, [], _SEQ_TAGS)

    def _open(self, event: Any, value: Any, tags: frozenset[str]) -> None:
        if event.tag:
            self._check_tag(event, tags)
        span = _span(event)
        stack = self.stack
        if stack and stack[-1].is_map and stack[-1].key is None:
            raise _Refused(
                "yaml-syntax",
                "a mapping key must be plain text, not a list or a mapping",
                Span(*span),
            )
        if len(stack) >= MAX_DEPTH:
            raise _Refused("nesting-too-deep", TOO_DEEP, Span(*span))
        self.nodes += 1
        self.expanded += 1
        if event.anchor:
            self.open_anchors.add(event.anchor)
        stack.append(_Frame(self._child_path(), value, event.anchor, span))

    def _close(self, event: Any) -> None:
        frame = self.stack.pop()
        if self.stack:
            self.stack[-1].size += frame.size
        self.values[frame.path] = frame.start
        self._attach(frame.value)
        if frame.anchor:
            self.open_anchors.discard(frame.anchor)
            self.anchors[frame.anchor] = (frame.value, frame.size)

    def _alias(self, event: Any) -> None:
        span = _span(event)
        name = event.anchor
        if name in self.open_anchors:
            raise _Refused("alias-bomb", f"the alias '*{name}' refers to itself", Span(*span))
        if name not in self.anchors:
            raise _Refused(
                "yaml-syntax",
                f"the alias '*{name}' refers to no anchor '&{name}' above it",
                Span(*span),
            )
        stack = self.stack
        if stack and stack[-1].is_map and stack[-1].key is None:
            raise _Refused("yaml-syntax", "an alias cannot be used as a mapping key", Span(*span))
        value, size = self.anchors[name]
        self._count(span, size)
        self._place(value, span, size, None)

    # -- placing values

    def _set_key(self, frame: _Frame, key: str, span: RawSpan) -> None:
        if key in frame.key_spans:
            first = frame.key_spans[key]
            raise _Refused(
                "duplicate-key",
                f"the key '{key}' appears twice in the same mapping (first on line "
                f"{first[0]}); YAML would silently keep only the last one: remove or "
                "rename one of them",
                Span(*span),
            )
        frame.key_spans[key] = span
        frame.key = key
        self.keys[(*frame.path, key)] = span

    def _child_path(self) -> ModelPath:
        if not self.stack:
            return ()
        frame = self.stack[-1]
        if frame.is_map:
            return (*frame.path, frame.key)  # type: ignore[arg-type]
        return (*frame.path, len(frame.value))

    def _place(self, value: Any, span: RawSpan, size: int, anchor: str | None) -> None:
        self.values[self._child_path()] = span
        if self.stack:
            self.stack[-1].size += size
        self._attach(value)
        if anchor:
            self.anchors[anchor] = (value, size)

    def _attach(self, value: Any) -> None:
        if not self.stack:
            self.root = value
            return
        frame = self.stack[-1]
        if frame.is_map:
            frame.value[frame.key] = value
            frame.key = None
        else:
            frame.value.append(value)


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
