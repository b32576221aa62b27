"""Check a read document against the format: pydantic for shapes, then references.

Every problem becomes a ``Finding`` located through the document's side
table of positions, with a message a marketer can act on.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from cxmap import compiled as _compiled
from cxmap.errors import MapInvalidError
from cxmap.findings import Finding, ModelPath, Severity, sort_findings
from cxmap.load import Document, load_document
from cxmap.model import Action, Channel, Journey, Metric, Persona, Phase, Touchpoint
from cxmap.references import check_references

# the models defer building their validators: take them ready-made when they match
_compiled.install()

if TYPE_CHECKING:
    from cxmap.includes import Reader

VALIDATE_CODES = {
    "invalid-value": "CX010",
    "unknown-key": "CX011",
    "missing-key": "CX012",
    "unknown-reference": "CX013",
    "duplicate-id": "CX014",
    "target-out-of-range": "CX015",
    "unsupported-version": "CX016",
    "invalid-metric": "CX019",
}

_KIND = {
    "personas": "persona",
    "phases": "phase",
    "channels": "channel",
    "metrics": "metric",
    "touchpoints": "touchpoint",
    "actions": "action",
}


@dataclass
class Validation:
    """The outcome of validating one document."""

    document: Document
    journey: Journey | None
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the map is valid."""
        return self.journey is not None and not self.findings


def validation_finding(
    name: str, message: str, document: Document, path: ModelPath, *, on_key: bool = False
) -> Finding:
    """A validation problem at a model path, located in the document."""
    file, span = document.locate(path, key=on_key)
    return Finding(VALIDATE_CODES[name], name, Severity.ERROR, message, file, span, path)


def validate_document(document: Document) -> Validation:
    """Validate a read document: shapes and types, then cross-references."""
    if not document.ok:
        return Validation(document, None, list(document.findings))
    try:
        journey = Journey.model_validate(document.data)
    except ValidationError as exc:
        findings = [_translate(err, document) for err in exc.errors(include_url=False)]
        findings += _references_of_valid_items(document, findings)
        return Validation(document, None, sort_findings(findings))
    problems = check_references(journey)
    findings = [
        validation_finding(p.name, p.message, document, p.path, on_key=p.on_key) for p in problems
    ]
    if findings:
        return Validation(document, None, sort_findings(findings))
    return Validation(document, journey)


def validate_path(
    path: str | Path,
    *,
    display: str | None = None,
    include_base: str | Path | None = None,
    allow_include_outside: bool = False,
) -> Validation:
    """Read and validate one map file with its includes (``InputError`` if unreadable).

    ``include_base`` is where the map really lies when ``path`` is a copy of it
    (git's diff driver passes temporary copies): its includes resolve from there.
    Includes must lie inside the map's repository unless ``allow_include_outside``.
    """
    document = load_document(path, display=display)
    base = Path(include_base or path).resolve()
    return validate_with_includes(document, base, allow_outside=allow_include_outside)


def validate_revision(rev: str, path: str, *, display: str | None = None) -> Validation:
    """Validate the map at git ``REV:PATH``, its includes read as of that revision too."""
    from pathlib import PurePosixPath

    from cxmap.gitread import BlobTooLargeError, GitReader, read_git_blob, repository_path
    from cxmap.load import SourceMap, load_finding, parse_bytes

    root = repository_path(rev, path)
    name = display or f"{rev}:{path}"
    try:
        document = parse_bytes(read_git_blob(rev, root), name)
    except BlobTooLargeError as exc:
        finding = load_finding("file-too-large", str(exc).split(": ", 1)[-1], name)
        return Validation(Document(name, "", None, SourceMap(), [finding]), None, [finding])
    return validate_with_includes(document, PurePosixPath(root), GitReader(rev))


def validate_with_includes(
    document: Document, path: PurePath, reader: Reader | None = None, *, allow_outside: bool = False
) -> Validation:
    """Resolve a read document's includes (from ``reader``, at ``path``), then validate it."""
    from cxmap.includes import resolve_includes

    include_findings = resolve_includes(document, path, reader, allow_outside=allow_outside)
    if include_findings:
        return Validation(document, None, sort_findings(include_findings))
    return validate_document(document)


def load_map(path: str | Path, *, allow_include_outside: bool = False) -> Journey:
    """Read and validate a map; return the typed journey or raise ``MapInvalidError``."""
    result = validate_path(path, allow_include_outside=allow_include_outside)
    if result.journey is None:
        raise MapInvalidError(result.findings)
    return result.journey


# ---------------------------------------------------------------- partial maps

_ITEM_MODELS: dict[str, type[BaseModel]] = {
    "personas": Persona,
    "phases": Phase,
    "channels": Channel,
    "metrics": Metric,
    "touchpoints": Touchpoint,
    "actions": Action,
}


def _references_of_valid_items(document: Document, shape: list[Finding]) -> list[Finding]:
    """Reference problems among the items that are well-formed, while others are not.

    So one run reports a dangling phase even when another touchpoint has a typo.
    Items that failed keep their ids known, so nothing is reported twice.
    """
    data = document.data
    if not isinstance(data, dict):
        return []
    lists: dict[str, list[Any]] = {}
    positions: dict[str, list[int]] = {}
    known: dict[str, set[str]] = {}
    for key, model in _ITEM_MODELS.items():
        raw = data.get(key)
        lists[key], positions[key], known[key] = [], [], set()
        for index, item in enumerate(raw if isinstance(raw, list) else []):
            try:
                lists[key].append(model.model_validate(item))
                positions[key].append(index)
            except ValidationError:
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    known[key].add(item["id"])
    raw_segments = data.get("segments")
    partial = Journey.model_construct(
        cxmap=1,  # the three scalars are never read by the reference checks
        id="partial",
        title="partial",
        segments=[s for s in raw_segments if isinstance(s, str)]
        if isinstance(raw_segments, list)
        else [],
        personas=lists["personas"],
        phases=lists["phases"],
        channels=lists["channels"],
        metrics=lists["metrics"],
        touchpoints=lists["touchpoints"],
        actions=lists["actions"],
    )
    taken = {f.path for f in shape}
    found = []
    for problem in check_references(partial, known):
        path = problem.path
        if len(path) >= 2 and path[0] in positions and isinstance(path[1], int):
            path = (path[0], positions[str(path[0])][path[1]], *path[2:])
        if path not in taken:
            found.append(
                validation_finding(
                    problem.name, problem.message, document, path, on_key=problem.on_key
                )
            )
    return found


# ---------------------------------------------------------------- messages


def _translate(err: Any, document: Document) -> Finding:
    loc: ModelPath = tuple(err["loc"])
    kind: str = err["type"]
    if kind == "extra_forbidden":
        return validation_finding(
            "unknown-key", _unknown_key(loc, document.data), document, loc, on_key=True
        )
    if kind == "missing":
        where = _where(loc[:-1], document.data)
        message = f"{where} is missing the required key '{loc[-1]}'; add it"
        return validation_finding("missing-key", message, document, loc[:-1], on_key=True)
    if loc == ("cxmap",) and kind == "value_error":
        return validation_finding("unsupported-version", _plain(err["msg"]), document, loc)
    return validation_finding("invalid-value", _invalid(err, loc, document.data), document, loc)


def _where(loc: ModelPath, data: Any) -> str:
    """'touchpoint 'try-on'' for ("touchpoints", 3), 'the map' for ()."""
    node = data
    label = "the map"
    for index, part in enumerate(loc):
        if isinstance(node, dict):
            node = node.get(part) if isinstance(part, str) else None
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            node = None
        if isinstance(part, int) and index > 0 and loc[index - 1] in _KIND:
            kind = _KIND[str(loc[index - 1])]
            ident = node.get("id") if isinstance(node, dict) else None
            label = f"{kind} '{ident}'" if isinstance(ident, str) else f"{kind} #{part + 1}"
        elif isinstance(part, str) and not (index == 0 and part in _KIND):
            label = f"{label}, '{part}'" if label != "the map" else f"'{part}'"
    return label


def _field(loc: ModelPath) -> str:
    names = [p for p in loc if isinstance(p, str) and p != "[key]"]
    return names[-1] if names else "value"


def _owner(loc: ModelPath, data: Any) -> str:
    """The object a field belongs to: ('touchpoints', 3, 'emotion') -> touchpoint 'x'."""
    for cut in range(len(loc), 0, -1):
        if isinstance(loc[cut - 1], int) and cut >= 2 and loc[cut - 2] in _KIND:
            return _where(loc[:cut], data)
    return "the map"


def _unknown_key(loc: ModelPath, data: Any) -> str:
    key = str(loc[-1])
    allowed = sorted(_fields_at(loc[:-1]))
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'? " if close else ""
    return (
        f"{_owner(loc, data)} has an unknown key '{key}'; {hint}allowed keys: "
        f"{', '.join(allowed)} (start your own keys with 'x-')"
    )


def _fields_at(loc: ModelPath) -> Iterable[str]:
    model: type[BaseModel] = Journey
    for part in loc:
        if isinstance(part, int):
            continue
        info = model.model_fields.get(part)
        inner = _model_in(info.annotation) if info else None
        if inner is None:
            return ()
        model = inner
    return model.model_fields.keys()


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


_TYPE_WORDS = {
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "finite_number": "a finite number",
    "string_type": "text",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list (items on lines starting with '- ', or [a, b])",
    "tuple_type": "a list of two numbers, e.g. [0, 60]",
    "dict_type": "a mapping of keys to values",
    "model_type": "a mapping of keys to values",
    "model_attributes_type": "a mapping of keys to values",
    "date_type": "a date like 2026-09-01",
    "date_parsing": "a date like 2026-09-01",
    "date_from_datetime_parsing": "a date like 2026-09-01",
    "date_from_datetime_inexact": "a date like 2026-09-01",
}


def _invalid(err: Any, loc: ModelPath, data: Any) -> str:
    kind: str = err["type"]
    ctx: dict[str, Any] = err.get("ctx") or {}
    value = err.get("input")
    name = _field(loc)
    owner = _owner(loc, data)
    prefix = f"{owner}: '{name}'" if owner != "the map" else f"'{name}'"
    if not loc:
        return (
            "the file must hold a map: keys such as 'cxmap: 1', 'id', 'title' and "
            "'phases' at the top level"
        )
    if kind == "string_pattern_mismatch":
        suggestion = "-".join(
            "".join(c if c.isalnum() else " " for c in str(value).lower()).split()
        )
        example = f" (e.g. '{suggestion}')" if suggestion else ""
        return (
            f"{prefix} is {_shown(value)}, which is not a valid id: use lowercase letters, "
            f"digits and '-'{example}"
        )
    if kind == "enum":
        return f"{prefix} is {_shown(value)}; use one of: {ctx.get('expected', '')}"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        if name == "emotion":
            return (
                f"{prefix} is {_shown(value)}; use a whole number from -2 (very negative) "
                "to 2 (very positive)"
            )
        bound = {
            "greater_than_equal": "at least",
            "less_than_equal": "at most",
            "greater_than": "above",
            "less_than": "below",
        }[kind]
        limit = next(iter(ctx.values()), "")
        return f"{prefix} is {_shown(value)}; it must be {bound} {limit}"
    if kind == "too_short":
        return f"{prefix} is empty; it needs at least one item"
    if kind == "string_too_short":
        return f"{prefix} is empty; write something here"
    if kind in ("too_long",) and name == "scale":
        return f"{prefix} must be a list of two numbers, e.g. [0, 60]"
    if kind == "finite_number":
        return f"{prefix} is too large to be a number (it reads as infinity); write a finite one"
    if kind in _TYPE_WORDS:
        article = _TYPE_WORDS[kind]
        if loc and loc[-1] == "[key]":
            return f"{owner}: the key {_shown(value)} in '{name}' should be text"
        return f"{prefix} should be {article}, not {_shown(value)}"
    if kind == "value_error":
        return f"{owner}: {_plain(err['msg'])}" if owner != "the map" else _plain(err["msg"])
    message = str(err["msg"])
    return f"{prefix}: {message[:1].lower()}{message[1:]}"


def _plain(message: str) -> str:
    return message.removeprefix("Value error, ")
