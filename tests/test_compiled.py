"""The compiled validators (cxmap/compiled_schemas.py) are the model's, or are not used."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pydantic
import pytest
import yaml
from pydantic_core import SchemaValidator

from cxmap import compiled, compiled_schemas
from tests.helpers import EXAMPLES, FIXTURES

#: The stored schemas are made with one pydantic version; with another one installed
#: (a newer release on a fresh machine) cxmap builds them as pydantic does and runs a
#: little slower, which is correct, so these checks skip rather than fail there.
other_pydantic = pytest.mark.skipif(
    compiled_schemas.PYDANTIC != pydantic.VERSION,
    reason=f"compiled with pydantic {compiled_schemas.PYDANTIC}, {pydantic.VERSION} is "
    "installed (regenerate with python -m cxmap.compiled)",
)


@other_pydantic
def test_stored_schemas_match_the_model() -> None:
    stored = compiled.stored()
    assert stored is not None, (
        "cxmap/compiled_schemas.py was made from another model.py or pydantic version; "
        "regenerate it: python -m cxmap.compiled"
    )
    assert compiled.blob() == compiled_schemas.SCHEMAS, (
        "the model's schemas changed; regenerate them: python -m cxmap.compiled"
    )


def test_another_model_or_pydantic_is_never_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compiled_schemas, "MODEL_SHA256", "0" * 64)
    assert compiled.stored() is None
    monkeypatch.undo()
    monkeypatch.setattr(compiled_schemas, "PYDANTIC", "0.0.1")
    assert compiled.stored() is None


@other_pydantic
def test_a_run_uses_the_compiled_validators() -> None:
    probe = (
        "import cxmap.validate, cxmap.compiled as c\n"
        "from cxmap.model import Journey\n"
        "print(c._installed, type(Journey.__pydantic_validator__).__name__)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.stdout == "True SchemaValidator\n", done.stderr


MAPS = sorted(EXAMPLES.glob("*.cxmap.yaml")) + sorted((FIXTURES / "maps").rglob("*.yaml"))


@other_pydantic
@pytest.mark.parametrize("path", MAPS, ids=lambda p: p.name)
def test_compiled_and_built_validators_agree(path: Path) -> None:
    stored = compiled.stored()
    assert stored is not None
    schema, config = stored["Journey"]
    built_schema, built_config = compiled.build()["Journey"]
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError:
        pytest.skip("not YAML")

    def outcome(validator: SchemaValidator) -> object:
        try:
            return validator.validate_python(data).model_dump()
        except Exception as exc:  # a ValidationError: compare what it says
            errors = getattr(exc, "errors", None)
            return [(e["type"], e["loc"], e["msg"]) for e in errors()] if errors else repr(exc)

    assert outcome(SchemaValidator(schema, config)) == outcome(
        SchemaValidator(built_schema, built_config)
    )


def test_builtin_metrics_are_what_validation_gives() -> None:
    from cxmap.model import BUILTIN_METRICS, Metric

    for metric in BUILTIN_METRICS.values():
        given = metric.model_dump(include=metric.model_fields_set)
        assert given["scale"] == tuple(float(x) for x in given["scale"])
        validated = Metric.model_validate(given)
        assert validated == metric
        assert validated.model_fields_set == metric.model_fields_set
        assert [type(x) for x in validated.scale] == [type(x) for x in metric.scale] == [float] * 2
