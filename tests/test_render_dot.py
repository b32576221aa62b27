"""cxmap's own DOT writer gives the text the graphviz package would give for the same calls."""

from __future__ import annotations

import warnings

import graphviz  # type: ignore[import-untyped]
import pytest
from graphviz import quoting

from cxmap.render.dot import Digraph, quote

TEXTS = [
    "",
    "a",
    "tp12",
    "_x9",
    "9lives",
    "-1.5",
    ".5",
    "1.",
    "150,-64!",
    "rounded,filled",
    "#FFFFFF",
    "node",
    "Graph",
    "STRICT",
    "<<B>bold</B>>",
    "<not closed",
    "open>",
    "<a>\n",
    'say "hi"',
    'already \\"escaped\\"',
    "back\\\\slash",
    "ends in \\\\",
    "a:b",
    "ünïcödé",
    "line\nbreak",
    "tab\there",
]


@pytest.mark.parametrize("text", TEXTS)
def test_quote_follows_graphviz(text: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # graphviz warns about trailing odd backslashes
        assert quote(text) == quoting.quote(text)


def _build(graph: Digraph | graphviz.Digraph) -> str:
    graph.node("start", "<<B>start</B>>", shape="box", style="rounded,filled")
    with graph.subgraph(name="cluster_p1") as cluster:
        cluster.attr(label="<<B>Phase &amp; one</B>>", fillcolor="#F3F5F7", penwidth="1")
        cluster.node("tp1", 'Plain "label"', pos="150,-64!")
        cluster.node("p1_empty", "<<I>none</I>>", shape="plaintext", style="")
    with graph.subgraph(name="legend_rank") as sub:
        sub.attr(rank="sink")
        sub.node("legend", "<<TABLE><TR><TD>x</TD></TR></TABLE>>")
    graph.edge("start", "tp1")
    graph.edge("tp1", "p1_empty", style="invis", arrowhead="none")
    graph.attr(label="<<B>Title</B>>", splines="line")
    return str(graph.source)


def test_digraph_source_matches_graphviz() -> None:
    attrs = {
        "graph_attr": {"rankdir": "LR", "label": "<<B>T</B>>", "fontname": "Helvetica"},
        "node_attr": {"shape": "box", "margin": "0.08,0.04"},
        "edge_attr": {"arrowsize": "0.7"},
    }
    ours = _build(Digraph(name="cxmap", **attrs))
    theirs = _build(graphviz.Digraph(name="cxmap", **attrs))
    assert ours == theirs
    assert '\t\ttp1 [label="Plain \\"label\\"" pos="150,-64!"]\n' in ours


def test_to_graphviz_carries_the_same_source() -> None:
    graph = Digraph(name="cxmap")
    graph.node("a", "<<B>a</B>>")
    assert graph.to_graphviz().source == graph.source == str(graph)
