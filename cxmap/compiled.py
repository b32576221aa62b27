"""Compiled validators of the map model: pydantic's schema work done once, at build time.

Building the core schema of ``Journey`` and ``Catalogue`` costs about 10 ms of
every run. The model classes defer that work (``defer_build``); ``install()``
gives them validators made from the schemas stored in ``cxmap/compiled_schemas.py``,
a module generated into the package (never a cache a user could write to), and
only when it was generated from this very ``model.py`` with this very pydantic
version. Otherwise it does nothing, and pydantic builds the schemas on first use
as usual: the result is the same, only slower. ``tests/test_compiled.py`` checks
that the stored schemas equal the ones pydantic builds from the model.

Regenerate after changing the model: ``python -m cxmap.compiled``.

The stored schemas leave out the ``metadata`` entries (they only feed JSON Schema
generation and hold pydantic's inner closures, which cannot be stored), so only
the validators come from them; ``model_json_schema`` builds the full schema on
first use as before.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

#: the models whose validators are compiled (the ones cxmap validates maps with)
MODELS = ("Journey", "Catalogue")
GENERATED = Path(__file__).with_name("compiled_schemas.py")


def model_hash() -> str:
    """The SHA-256 of the model's source, which the stored schemas must have been made from."""
    try:  # the built-in SHA-256, without loading OpenSSL as hashlib does (~2 ms)
        from _sha256 import sha256  # type: ignore[import-not-found, unused-ignore]
    except ImportError:  # Python 3.12 and later call it _sha2
        try:
            from _sha2 import sha256  # type: ignore[import-not-found, no-redef, unused-ignore]
        except ImportError:
            from hashlib import sha256  # type: ignore[assignment, unused-ignore]
    digest: str = sha256(Path(__file__).with_name("model.py").read_bytes()).hexdigest()
    return digest


#: a reference between a schema's definitions: pydantic names them after ``id()``
_REF = re.compile(r"(.+):(\d+)\Z")


def canonical(schema: Any) -> Any:
    """The schema without ``metadata`` entries, its references renumbered in order.

    Pydantic names a definition after the memory address of its type, which
    changes from run to run; numbered in order of appearance they are the same
    every time, so the stored schemas can be compared with fresh ones.
    """
    numbers: dict[str, str] = {}

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: walk(v) for k, v in node.items() if k != "metadata"}
        if isinstance(node, list):
            return [walk(v) for v in node]
        if isinstance(node, str) and (found := _REF.match(node)):
            return numbers.setdefault(node, f"{found.group(1)}:{len(numbers)}")
        return node

    return walk(schema)


def build() -> dict[str, tuple[Any, Any]]:
    """Model name -> (core schema without metadata, core config), as pydantic builds them now."""
    from pydantic._internal._config import ConfigWrapper

    from cxmap import model

    built = {}
    for name in MODELS:
        cls = getattr(model, name)
        cls.model_rebuild(force=True)
        config = ConfigWrapper(cls.model_config, check=False).core_config(title=cls.__name__)
        built[name] = (canonical(cls.__pydantic_core_schema__), config)
    return built


def stored() -> dict[str, tuple[Any, Any]] | None:
    """The stored schemas, or None when they were made from another model or pydantic."""
    import pydantic

    try:
        from cxmap import compiled_schemas
    except ImportError:
        return None
    try:
        current = model_hash()
    except OSError:  # no source to compare with (a zip or a stripped install)
        return None
    if compiled_schemas.PYDANTIC != pydantic.VERSION or current != compiled_schemas.MODEL_SHA256:
        return None
    # the C halves of pickle and base64: their Python modules cost ~1 ms to import
    from binascii import a2b_base64

    try:
        from _pickle import loads
    except ImportError:  # an interpreter without CPython's accelerator
        from pickle import loads
    schemas: dict[str, tuple[Any, Any]] = loads(a2b_base64(compiled_schemas.SCHEMAS))
    return schemas


_installed = False


def install() -> bool:
    """Give the models validators from the stored schemas, when they match; True if so."""
    global _installed
    if _installed:
        return True
    from pydantic_core import SchemaValidator

    from cxmap import model

    schemas = stored()
    if schemas is None:
        return False
    for name, (schema, config) in schemas.items():
        cls = getattr(model, name)
        if cls.__pydantic_complete__:
            continue  # already built by pydantic (a model used before install)
        cls.__pydantic_validator__ = SchemaValidator(schema, config)
    _installed = True
    return True


def blob() -> str:
    """The schemas as stored: pickled (validators are found again by name), in base64."""
    import base64
    import pickle

    return base64.b64encode(pickle.dumps(build(), protocol=4)).decode("ascii")


def write() -> None:
    """Generate ``cxmap/compiled_schemas.py`` from the model as it is."""
    import pydantic

    blob_text = blob()
    lines = [
        '"""Generated by ``python -m cxmap.compiled`` from cxmap/model.py: do not edit.',
        "",
        "The validators' core schemas, read by cxmap.compiled when the model and the",
        "pydantic version are the ones they were made from.",
        '"""',
        "",
        f'PYDANTIC = "{pydantic.VERSION}"',
        f'MODEL_SHA256 = "{model_hash()}"',
        "SCHEMAS = (",
        *(f'    "{blob_text[i : i + 88]}"' for i in range(0, len(blob_text), 88)),
        ")",
        "",
    ]
    GENERATED.write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    write()
    print(f"wrote {GENERATED}")
