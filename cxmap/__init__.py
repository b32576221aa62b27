"""cxmap: customer journey maps as code.

The library API, importable without the command line::

    from cxmap import load_map
    journey = load_map("maps/shoes.cxmap.yaml")   # raises MapInvalidError with findings
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["CxmapError", "MapInvalidError", "load_map"]

if TYPE_CHECKING:
    from cxmap.errors import CxmapError, MapInvalidError
    from cxmap.validate import load_map

_LAZY = {
    "load_map": "cxmap.validate",
    "CxmapError": "cxmap.errors",
    "MapInvalidError": "cxmap.errors",
}


def __getattr__(name: str) -> Any:
    """Import the public API lazily, so ``import cxmap`` stays instant."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'cxmap' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
