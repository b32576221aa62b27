"""Map templates for ``cxmap init``: package data, one YAML file per template.

Each template is a complete, valid map that follows journey-mapping practice,
with the editor's ``$schema`` modeline on its first line.
"""

from __future__ import annotations

import datetime as dt
import re
from importlib import resources

from cxmap.errors import UsageError

#: Template name -> what it maps (shown by ``cxmap init --help``).
TEMPLATES: dict[str, str] = {
    "retail": "buying running shoes: online search, store advice, first run",
    "hotel": "a city-break hotel stay: booking, check-in, stay, review",
    "saas": "adopting a B2B app: trial, subscription, onboarding, renewal",
}
DEFAULT_TEMPLATE = "retail"
#: The modeline every template starts with; editors read the schema it names.
SCHEMA_MODELINE = "# yaml-language-server: $schema=cxmap.schema.json"

_TOP_LEVEL_ID = re.compile(r"^id: .*$", re.MULTILINE)
_TOP_LEVEL_REVIEWED = re.compile(r"^reviewed: .*$", re.MULTILINE)
_MAP_SUFFIXES = (".cxmap.yaml", ".cxmap.yml", ".yaml", ".yml")


def read_template(name: str) -> str:
    """The text of the template called ``name`` (one of ``TEMPLATES``)."""
    if name not in TEMPLATES:
        known = ", ".join(f"'{n}'" for n in TEMPLATES)
        raise UsageError(f"there is no template '{name}'; use one of {known}")
    return resources.files(__name__).joinpath(f"{name}.yaml").read_text(encoding="utf-8")


def template_map_id(text: str) -> str:
    """The top-level ``id`` of a template's text."""
    found = _TOP_LEVEL_ID.search(text)
    if found is None:  # pragma: no cover - every shipped template has an id
        raise UsageError("the template has no top-level 'id'")
    return found.group(0).removeprefix("id: ").strip()


def id_from_filename(filename: str) -> str | None:
    """The map id a file name suggests (``gym-visit.cxmap.yaml`` -> ``gym-visit``), if valid."""
    from cxmap.model import ID_PATTERN  # not at the top: every command's --help imports this

    lowered = filename.lower()
    for suffix in _MAP_SUFFIXES:
        if lowered.endswith(suffix):
            stem = lowered[: -len(suffix)]
            return stem if re.fullmatch(ID_PATTERN, stem) else None
    return None


def render_template(text: str, *, map_id: str | None, today: dt.date) -> str:
    """A template's text for a new map: its id set to ``map_id``, reviewed ``today``.

    A new map counts as reviewed on the day it is created, so it does not start
    out overdue for review.
    """
    if map_id is not None:
        text = _TOP_LEVEL_ID.sub(f"id: {map_id}", text, count=1)
    return _TOP_LEVEL_REVIEWED.sub(f"reviewed: {today.isoformat()}", text, count=1)
