"""The JSON Schema of the map format, generated from the pydantic models."""

from __future__ import annotations

from typing import Any

from cxmap.escape import strict_json
from cxmap.model import Journey

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def build_schema() -> dict[str, Any]:
    """The JSON Schema of a map: generated, then opened up for ``x-`` keys."""
    schema = Journey.model_json_schema()
    for node in [schema, *schema.get("$defs", {}).values()]:
        if node.get("additionalProperties") is False:
            node["patternProperties"] = {"^x-": {}}
    return {"$schema": SCHEMA_DIALECT, **schema}


def schema_text() -> str:
    """The schema as stable, pretty-printed JSON."""
    return strict_json(build_schema(), sort_keys=True) + "\n"
