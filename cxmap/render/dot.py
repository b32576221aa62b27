"""DOT text written directly: the small part of the ``graphviz`` package's builder cxmap uses.

The ``graphviz`` package spent about 60% of ``build_graph``'s time quoting and
assembling statements (each call goes through argument-checking wrappers), and
importing it costs a few milliseconds more on every ``cxmap render``. This
writer produces the same text, byte for byte, as ``graphviz.Digraph`` would for
the same calls: the same quoting rules (:func:`quote`, checked against
``graphviz.quoting.quote`` in tests/test_render_dot.py), attributes sorted by
name after a positional label, subgraph lines indented by one more tab.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import graphviz  # type: ignore[import-untyped]

# The rules of graphviz.quoting.quote (https://www.graphviz.org/doc/info/lang.html).
_HTML = re.compile(r"<.*>$", re.DOTALL).match
_ID = re.compile(r"([a-zA-Z_][a-zA-Z0-9_]*|-?(\.[0-9]+|[0-9]+(\.[0-9]*)?))$").match
_KEYWORDS = frozenset({"node", "edge", "graph", "digraph", "subgraph", "strict"})
_UNESCAPED_QUOTE = re.compile(r"(?P<escaped_backslashes>(?:\\{2})*)\\?(?P<literal_quote>\")")


def quote(text: str) -> str:
    """A DOT identifier or value: HTML-like labels and plain ids as they are, else quoted."""
    if (text.startswith("<") and text.endswith(">")) or _HTML(text):
        return text
    if _ID(text) and text.lower() not in _KEYWORDS:
        return text
    escaped = _UNESCAPED_QUOTE.sub(r"\g<escaped_backslashes>\\\g<literal_quote>", text)
    return f'"{escaped}"'


def _a_list(label: str | None, attrs: dict[str, str]) -> str:
    items = [f"label={quote(label)}"] if label is not None else []
    items += [f"{quote(k)}={quote(v)}" for k, v in sorted(attrs.items()) if v is not None]
    return " ".join(items)


def _attr_list(label: str | None, attrs: dict[str, str]) -> str:
    content = _a_list(label, attrs)
    return f" [{content}]" if content else ""


class Digraph:
    """A directed graph's DOT text, built by statements in order (``graphviz.Digraph``'s API)."""

    def __init__(
        self,
        name: str | None = None,
        *,
        graph_attr: dict[str, str] | None = None,
        node_attr: dict[str, str] | None = None,
        edge_attr: dict[str, str] | None = None,
    ) -> None:
        self.name = name
        self.graph_attr = dict(graph_attr or {})
        self.node_attr = dict(node_attr or {})
        self.edge_attr = dict(edge_attr or {})
        self.body: list[str] = []

    def node(self, name: str, label: str | None = None, **attrs: str) -> None:
        """A node statement."""
        self.body.append(f"\t{quote(name)}{_attr_list(label, attrs)}\n")

    def edge(self, tail: str, head: str, **attrs: str) -> None:
        """An edge statement (node ids only: cxmap's ids never hold a port)."""
        self.body.append(f"\t{quote(tail)} -> {quote(head)}{_attr_list(None, attrs)}\n")

    def attr(self, **attrs: str) -> None:
        """A graph attribute statement (``name=value ...``) at this point of the body."""
        if attrs:
            self.body.append(f"\t{_a_list(None, attrs)}\n")

    @contextmanager
    def subgraph(self, name: str) -> Iterator[Digraph]:
        """A subgraph, added to this graph when the ``with`` block ends."""
        sub = Digraph(name)
        yield sub
        self.body += [f"\t{line}" for line in sub.lines(subgraph=True)]

    def lines(self, *, subgraph: bool = False) -> Iterator[str]:
        """The DOT text line by line, each ending in a newline."""
        name = f"{quote(self.name)} " if self.name else ""
        if subgraph:
            yield f"subgraph {name}{{\n" if name else "{\n"
        else:
            yield f"digraph {name}{{\n"
        for kind, attrs in (
            ("graph", self.graph_attr),
            ("node", self.node_attr),
            ("edge", self.edge_attr),
        ):
            if attrs:
                yield f"\t{kind}{_attr_list(None, attrs)}\n"
        yield from self.body
        yield "}\n"

    @property
    def source(self) -> str:
        """The DOT text."""
        return "".join(self.lines())

    def __str__(self) -> str:
        return self.source

    def to_graphviz(self) -> graphviz.Source:
        """The same DOT as a ``graphviz.Source`` (``render``, ``pipe``, notebook display)."""
        import graphviz

        return graphviz.Source(self.source)
