"""Diagrams of a journey: Graphviz (journey, channels, emotion views) and Mermaid.

Importing this package is cheap: ``build_graph`` (which writes DOT text itself, see
``cxmap.render.dot``) and ``build_mermaid`` are loaded on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cxmap.render.options import Detail, RankDir, View
from cxmap.render.style import ThemeName

if TYPE_CHECKING:
    from cxmap.render.graph import build_graph
    from cxmap.render.mermaid import build_mermaid

__all__ = ["Detail", "RankDir", "ThemeName", "View", "build_graph", "build_mermaid"]


def __getattr__(name: str) -> Any:
    """Load ``build_graph`` and ``build_mermaid`` lazily."""
    if name == "build_graph":
        from cxmap.render.graph import build_graph

        return build_graph
    if name == "build_mermaid":
        from cxmap.render.mermaid import build_mermaid

        return build_mermaid
    raise AttributeError(f"module 'cxmap.render' has no attribute '{name}'")
