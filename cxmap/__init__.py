"""cxmap: customer journey maps as code.

The library API, importable without the command line::

    from cxmap import load_map, compute_gaps, build_graph, lint_files
    journey = load_map("maps/shoes.cxmap.yaml")   # raises MapInvalidError with findings
    table = compute_gaps(journey, [Path("survey.csv")])
    graph = build_graph(journey, gaps=table)      # DOT: graph.source, graph.to_graphviz()
    results = lint_files([Path("maps/shoes.cxmap.yaml")], Overrides())

(``lint_files`` rather than ``lint``: ``cxmap.lint`` is the package of the rules.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = [
    "CxmapError",
    "GapOptions",
    "MapInvalidError",
    "Overrides",
    "build_graph",
    "build_mermaid",
    "compute_gaps",
    "lint_files",
    "load_map",
    "validate_path",
]

if TYPE_CHECKING:
    from cxmap.errors import CxmapError, MapInvalidError
    from cxmap.gaps import GapOptions, compute_gaps
    from cxmap.lint.engine import Overrides, lint_files
    from cxmap.render.graph import build_graph
    from cxmap.render.mermaid import build_mermaid
    from cxmap.validate import load_map, validate_path

_LAZY = {
    "load_map": "cxmap.validate",
    "validate_path": "cxmap.validate",
    "CxmapError": "cxmap.errors",
    "MapInvalidError": "cxmap.errors",
    "compute_gaps": "cxmap.gaps",
    "GapOptions": "cxmap.gaps",
    "lint_files": "cxmap.lint.engine",
    "Overrides": "cxmap.lint.engine",
    "build_graph": "cxmap.render.graph",
    "build_mermaid": "cxmap.render.mermaid",
}


def __getattr__(name: str) -> Any:
    """Import the public API lazily, so ``import cxmap`` stays instant."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'cxmap' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
