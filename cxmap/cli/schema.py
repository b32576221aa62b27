"""``cxmap schema``: the JSON Schema of the map format."""

from __future__ import annotations

from cxmap.cli.common import OutputOpt, app, emit, input_errors


@app.command()
def schema(output: OutputOpt = None) -> None:
    """Print the JSON Schema (draft 2020-12) of the map format, for editors and tools."""
    from cxmap.schema import schema_text

    with input_errors():
        emit(schema_text(), output)
