"""Lint configuration: where it is found, what it may say, how it combines.

The primary place is a ``.cxmap.toml`` file; ``[tool.cxmap]`` in a
``pyproject.toml`` works too. Both are looked for from the map's folder up to
the root of the file system; in each folder ``.cxmap.toml`` wins, and the
first folder that has either ends the search. Keys::

    select = ["ALL"]               # codes, prefixes (CX3), names or ALL
    ignore = ["CX505"]
    fail-on = "warning"            # error (default), warning or info

    [per-file-ignores]             # glob relative to the config's folder
    "legacy/*.yaml" = ["CX3"]

    [severity]                     # code or name -> error | warning | info
    touchpoint-without-owner = "info"

    [rules.too-many-touchpoints-in-phase]   # per-rule options (code or name)
    max = 20

A mistake in the file raises ``UsageError`` naming ``file:line:col``.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any, NoReturn

from cxmap.errors import UsageError
from cxmap.findings import Severity
from cxmap.lint.rules import RULES, Rule, find_rule, stages_option_ok

CONFIG_NAME = ".cxmap.toml"
PYPROJECT = "pyproject.toml"
_TOP_KEYS = ("select", "ignore", "fail-on", "per-file-ignores", "severity", "rules")
_SEVERITIES = ", ".join(s.value for s in Severity)
_SEVERITY_VALUES = frozenset(s.value for s in Severity)
#: A config file is a few lines; anything bigger (or endless, like /dev/zero) is refused.
MAX_CONFIG_BYTES = 1024 * 1024
#: How long one per-file-ignores glob may be, and how many there may be.
MAX_GLOB_LENGTH = 256
MAX_GLOBS = 500


@dataclass(frozen=True)
class LintConfig:
    """The settings one map is linted with."""

    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    fail_on: Severity = Severity.ERROR
    options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    today: dt.date = field(default_factory=dt.date.today)
    root: Path | None = None
    source: Path | None = None

    def for_file(self, path: Path) -> LintConfig:
        """These settings with the per-file ignores that match ``path`` folded in."""
        if not self.per_file_ignores:
            return self
        rel = _relative(path, self.root)
        extra = [
            sel
            for pattern, selectors in self.per_file_ignores
            if fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(path.name, pattern)
            for sel in selectors
        ]
        return replace(self, ignore=(*self.ignore, *extra)) if extra else self

    @cached_property
    def rules(self) -> tuple[Rule, ...]:
        """The enabled rules, in code order."""
        return tuple(rule for rule in RULES if enabled(rule, self.select, self.ignore))

    def severity_of(self, rule: Rule) -> Severity:
        """The rule's severity after overrides."""
        return self.severity.get(rule.code, rule.severity)

    def options_of(self, rule: Rule) -> dict[str, Any]:
        """The rule's options: defaults, then the configured values."""
        return {**rule.options, **self.options.get(rule.code, {})}


# ---------------------------------------------------------------- selection


def selector_specificity(selector: str, rule: Rule) -> int:
    """How specifically ``selector`` names ``rule``: -1 not at all, 0 ALL, up to 5."""
    if selector.upper() == "ALL":
        return 0
    if selector.lower() == rule.name:
        return len(rule.code)
    code = selector.upper()
    return len(code) if rule.code.startswith(code) else -1


def valid_selector(selector: str) -> bool:
    """True when the selector names at least one rule (or is ALL)."""
    return any(selector_specificity(selector, rule) >= 0 for rule in RULES)


def enabled(rule: Rule, select: Iterable[str], ignore: Iterable[str]) -> bool:
    """Selected, unless an ignore names the rule at least as specifically."""
    chosen = max((selector_specificity(s, rule) for s in select), default=-1)
    dropped = max((selector_specificity(s, rule) for s in ignore), default=-1)
    return chosen >= 0 and chosen > dropped


def check_selectors(selectors: Iterable[str], where: str) -> None:
    """Raise ``UsageError`` for a selector that names no rule."""
    for selector in selectors:
        if not valid_selector(selector):
            raise UsageError(
                f"{where}: '{selector}' names no rule; use a code (CX301), a prefix (CX3), "
                "a rule name or ALL (see 'cxmap rules')"
            )


def split_selectors(values: Iterable[str]) -> tuple[str, ...]:
    """``["CX1,CX2", "CX3"]`` -> ``("CX1", "CX2", "CX3")``."""
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def _relative(path: Path, root: Path | None) -> str:
    if root is None:
        return path.as_posix()
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


# ---------------------------------------------------------------- discovery


def find_config(start: Path) -> Path | None:
    """The config file for a map: ``.cxmap.toml`` or a pyproject.toml with
    ``[tool.cxmap]``, in the map's folder or the nearest folder above it."""
    folder = start.resolve()
    if not folder.is_dir():
        folder = folder.parent
    for candidate in (folder, *folder.parents):
        own = candidate / CONFIG_NAME
        if own.is_file():
            return own
        pyproject = candidate / PYPROJECT
        if pyproject.is_file() and _has_tool_section(pyproject):
            return pyproject
    return None


def _has_tool_section(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            text = handle.read(MAX_CONFIG_BYTES + 1).decode("utf-8", errors="replace")
    except OSError:
        return False
    return re.search(r"^\s*\[\s*tool\.cxmap\s*[\].]", text, re.MULTILINE) is not None


class ConfigCache:
    """Reads each config file once and finds the one for every map."""

    def __init__(self, explicit: Path | None = None) -> None:
        self.explicit = explicit
        self._read: dict[Path | None, LintConfig] = {}
        self._found: dict[Path, Path | None] = {}

    def for_map(self, path: Path) -> LintConfig:
        """The (unresolved) settings of the config that governs ``path``."""
        if self.explicit is not None:
            source: Path | None = self.explicit
        else:
            folder = path.resolve().parent
            if folder not in self._found:
                self._found[folder] = find_config(folder)
            source = self._found[folder]
        if source not in self._read:
            self._read[source] = load_config(source) if source else LintConfig()
        return self._read[source]


# ---------------------------------------------------------------- reading


def load_config(path: Path) -> LintConfig:
    """Read and check a config file (``.cxmap.toml`` or ``pyproject.toml``)."""
    import tomllib  # only when there is a config to read: off the start-up path

    text = _read_config(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(_toml_error(path, str(exc), text)) from exc
    except RecursionError as exc:  # tomllib reads nested arrays and tables recursively
        raise UsageError(
            f"{path}: the config nests arrays or tables too deeply to read; a cxmap config "
            "needs at most three levels"
        ) from exc
    section: tuple[str, ...] = ()
    if path.name == PYPROJECT:
        section = ("tool", "cxmap")
        data = data.get("tool", {}).get("cxmap", {})
    return _Reader(path, text, section).read(data)


def _read_config(path: Path) -> str:
    """The config's text, read only up to the size limit (a device never ends)."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_CONFIG_BYTES + 1)
    except FileNotFoundError as exc:
        raise UsageError(f"{path}: no such config file") from exc
    except OSError as exc:
        raise UsageError(f"{path}: the config file cannot be read ({exc.strerror or exc})") from exc
    if len(raw) > MAX_CONFIG_BYTES:
        raise UsageError(
            f"{path}: the config file is larger than {MAX_CONFIG_BYTES // 1024} KiB; "
            "a cxmap config is a few lines (is it the right file?)"
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UsageError(
            f"{path}: the config file is not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset "
            f"{exc.start}); save it as UTF-8"
        ) from exc


def _toml_error(path: Path, message: str, text: str) -> str:
    found = re.search(r"\(at line (\d+), column (\d+)\)", message)
    if found:
        line, column = int(found.group(1)), int(found.group(2))
    else:  # "(at end of document)"
        found = re.search(r"\(at end of document\)", message)
        line = text.count("\n") + 1
        column = len(text) - (text.rfind("\n") + 1) + 1
    problem = message[: found.start()].strip() if found else message
    return (
        f"{path}:{line}:{column}: the config is not valid TOML: {problem[:1].lower()}{problem[1:]}"
    )


class _Reader:
    """Checks the parsed config and builds a ``LintConfig``; errors carry positions."""

    def __init__(self, path: Path, text: str, section: tuple[str, ...]) -> None:
        self.path = path
        self.lines = text.split("\n")  # TOML ends lines at LF (or CR LF) only
        self.section = section

    def fail(
        self, table: tuple[str, ...], key: str | None, message: str, token: str = ""
    ) -> NoReturn:
        """Raise ``UsageError`` at the position of ``key`` (or ``token``) in ``table``."""
        line, column = self.position((*self.section, *table), key, token)
        raise UsageError(f"{self.path}:{line}:{column}: {message}")

    def position(self, table: tuple[str, ...], key: str | None, token: str) -> tuple[int, int]:
        """Line and column of ``key`` in ``[table]`` (or of ``token`` after it)."""
        current: tuple[str, ...] = ()
        header_line = (1, 1)
        key_at: tuple[int, int] | None = None
        for number, raw in enumerate(self.lines, start=1):
            stripped = raw.strip()
            header = re.match(r"^\[\s*([^\[\]]+?)\s*\]\s*(#.*)?$", stripped)
            if header:
                if key_at is not None:
                    break
                current = tuple(_unquote(p) for p in _split_dotted(header.group(1)))
                if current == table:
                    header_line = (number, raw.index("[") + 1)
                continue
            if current != table:
                continue
            if key_at is None and key is not None:
                match = re.match(r"^\s*(\"[^\"]*\"|'[^']*'|[A-Za-z0-9_.-]+)\s*=", raw)
                if match and _unquote(match.group(1)) == key:
                    key_at = (number, match.start(1) + 1)
                    if not token:
                        return key_at
            if key_at is not None and token:
                for quoted in (f'"{token}"', f"'{token}'", token):
                    col = raw.find(quoted, key_at[1] if number == key_at[0] else 0)
                    if col >= 0:
                        return number, col + 1
        if key_at is None and header_line == (1, 1) and len(table) > len(self.section):
            return self.position(table[:-1], table[-1], "")  # an inline table: its key
        return key_at or header_line

    # -- the keys

    def read(self, data: dict[str, Any]) -> LintConfig:
        for key in data:
            if key not in _TOP_KEYS:
                self.fail(
                    (),
                    key,
                    f"unknown config key '{key}'; allowed keys: {', '.join(_TOP_KEYS)}",
                )
        select = self.selectors(data, "select") if "select" in data else ("ALL",)
        ignore = self.selectors(data, "ignore")
        return LintConfig(
            select=select,
            ignore=ignore,
            per_file_ignores=self.per_file_ignores(data.get("per-file-ignores", {})),
            severity=self.severities(data.get("severity", {})),
            fail_on=self.fail_on(data),
            options=self.options(data.get("rules", {})),
            root=self.path.parent,
            source=self.path,
        )

    def selectors(self, data: Mapping[str, Any], key: str, table: tuple[str, ...] = ()) -> Any:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(table, key, f"'{key}' must be a list of rule codes or names, e.g. [\"CX3\"]")
        for selector in value:
            if not valid_selector(selector):
                self.fail(
                    table,
                    key,
                    f"'{selector}' in '{key}' names no rule; use a code (CX301), a prefix "
                    "(CX3), a rule name or ALL (see 'cxmap rules')",
                    selector,
                )
        return tuple(dict.fromkeys(value))  # each selector once: a long repeated list costs nothing

    def table(self, value: Any, key: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.fail((), key, f"'{key}' must be a table ([{key}])")
        return dict(value)

    def per_file_ignores(self, raw: Any) -> tuple[tuple[str, tuple[str, ...]], ...]:
        table = self.table(raw, "per-file-ignores")
        if len(table) > MAX_GLOBS:
            self.fail((), "per-file-ignores", f"'per-file-ignores' has more than {MAX_GLOBS} globs")
        for pattern in table:
            if len(pattern) > MAX_GLOB_LENGTH:
                self.fail(
                    (),
                    "per-file-ignores",
                    f"a glob in 'per-file-ignores' is longer than {MAX_GLOB_LENGTH} characters",
                )
        return tuple(
            (pattern, self.selectors(table, pattern, ("per-file-ignores",))) for pattern in table
        )

    def rule_named(self, table: tuple[str, ...], key: str) -> Rule:
        rule = find_rule(key)
        if rule is None:
            self.fail(
                table,
                key,
                f"'{key}' is not a rule code or name; see 'cxmap rules' for the list",
            )
        return rule

    def severities(self, raw: Any) -> dict[str, Severity]:
        table = self.table(raw, "severity")
        result: dict[str, Severity] = {}
        for key, value in table.items():
            rule = self.rule_named(("severity",), key)
            if not isinstance(value, str) or value not in _SEVERITY_VALUES:
                self.fail(
                    ("severity",),
                    key,
                    f"severity of '{key}' is {value!r}; use one of: {_SEVERITIES}",
                )
            result[rule.code] = Severity(value)
        return result

    def fail_on(self, data: Mapping[str, Any]) -> Severity:
        value = data.get("fail-on", Severity.ERROR.value)
        if not isinstance(value, str) or value not in _SEVERITY_VALUES:
            self.fail((), "fail-on", f"'fail-on' is {value!r}; use one of: {_SEVERITIES}")
        return Severity(value)

    def options(self, raw: Any) -> dict[str, dict[str, Any]]:
        table = self.table(raw, "rules")
        result: dict[str, dict[str, Any]] = {}
        for key, values in table.items():
            rule = self.rule_named(("rules",), key)
            where = ("rules", key)
            if not isinstance(values, dict):
                self.fail(("rules",), key, f"options of '{key}' must be a table ([rules.{key}])")
            for option, value in values.items():
                self.check_option(rule, where, option, value)
            result[rule.code] = dict(values)
        return result

    def check_option(self, rule: Rule, where: tuple[str, ...], option: str, value: Any) -> None:
        if option not in rule.options:
            allowed = ", ".join(rule.options) or "none"
            self.fail(
                where,
                option,
                f"rule '{rule.name}' has no option '{option}'; its options: {allowed}",
            )
        default = rule.options[option]
        if isinstance(default, int) and (isinstance(value, bool) or not isinstance(value, int)):
            self.fail(where, option, f"option '{option}' of '{rule.name}' must be a whole number")
        if isinstance(default, list) and not stages_option_ok(value):
            self.fail(
                where,
                option,
                f"option '{option}' of '{rule.name}' must be a list of funnel stages, "
                'e.g. ["awareness", "purchase"]',
            )


def _split_dotted(text: str) -> list[str]:
    return [part.strip() for part in re.findall(r'"[^"]*"|\'[^\']*\'|[^.]+', text)]


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1]
    return text
