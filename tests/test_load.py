"""The loader: positions from the compact tree, and the refusals of issue 13.

Expected positions come from an independent method: PyYAML's own node tree
(``yaml.compose``), walked path by path.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.genmap import generate_map
from cxmap import load
from cxmap.findings import Span
from cxmap.load import discover_maps, parse_text
from cxmap.validate import validate_document
from tests.helpers import EXAMPLES, cli


def composed_spans(text: str) -> dict[tuple[Any, ...], tuple[Span, Span | None, bool]]:
    """Path -> (value span, key span, whether a container) from PyYAML's node tree."""
    out: dict[tuple[Any, ...], tuple[Span, Span | None, bool]] = {}

    def span(node: Any) -> Span:
        start, end = node.start_mark, node.end_mark
        return Span(start.line + 1, start.column + 1, end.line + 1, end.column + 1)

    def walk(node: Any, path: tuple[Any, ...], key: Span | None) -> None:
        out[path] = (span(node), key, not isinstance(node, yaml.ScalarNode))
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                walk(v, (*path, k.value), span(k))
        elif isinstance(node, yaml.SequenceNode):
            for i, v in enumerate(node.value):
                walk(v, (*path, i), None)

    walk(yaml.compose(text, Loader=yaml.SafeLoader), (), None)
    return out


def check_positions(text: str) -> None:
    """Every key's and value's span as PyYAML gives it; a container's from its start
    (the loader records the span of the opening event, PyYAML the whole block)."""
    doc = parse_text(text, "m.yaml")
    assert doc.ok, doc.findings
    for path, (value, key, container) in composed_spans(text).items():
        got = doc.source.locate(path)
        if container:
            assert (got.line, got.column) == (value.line, value.column), path
        else:
            assert got == value, path
        if key is not None:
            assert doc.source.locate(path, key=True) == key, path


def test_positions_of_every_key_and_value_match_pyyaml() -> None:
    check_positions(generate_map(50))
    for example in sorted(EXAMPLES.glob("*.cxmap.yaml")):
        check_positions(example.read_text(encoding="utf-8"))


def test_a_missing_path_falls_back_to_its_nearest_ancestor() -> None:
    doc = parse_text("a:\n  b: [x, {c: 1}]\nd: 2\n", "m.yaml")
    assert doc.source.locate(("a", "b", 1, "zz")) == doc.source.locate(("a", "b", 1))
    assert doc.source.locate(("a", "b", 9)).line == 2
    assert doc.source.locate(("a", "nope"), key=True) == Span(1, 1, 1, 2)  # the key 'a'
    assert doc.source.locate(("d",), key=True) == Span(3, 1, 3, 2)
    assert doc.source.locate(("a", "b", "not-an-index")).line == 2


def test_a_large_mapping_is_looked_up_by_key() -> None:
    text = "m:\n" + "".join(f"  k{i}: {i}\n" for i in range(500))
    doc = parse_text(text, "m.yaml")
    for i in (0, 17, 499):
        assert doc.source.locate(("m", f"k{i}")).line == i + 2
        assert doc.source.locate(("m", f"k{i}"), key=True) == Span(i + 2, 3, i + 2, 4 + len(str(i)))


YAMLISH = st.recursive(
    st.one_of(st.integers(-5, 10**6), st.text("ab c-:#'\"", max_size=6), st.none()),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.text("abcxyz", min_size=1, max_size=4), inner, max_size=4),
    ),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None)
@given(YAMLISH, st.booleans())
def test_positions_match_pyyaml_for_any_shape(data: Any, flow: bool) -> None:
    text = yaml.safe_dump({"root": data}, default_flow_style=flow, allow_unicode=True)
    check_positions(text)


def test_duplicate_key_names_the_first_line() -> None:
    doc = parse_text("a:\n  x: 1\n  y: [1, 2]\n  x: 3\n", "m.yaml")
    (finding,) = doc.findings
    assert finding.code == "CX006"
    assert (finding.span.line, finding.span.column) == (4, 3)
    assert "first on line 2" in finding.message


def test_node_count_is_capped_per_document(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(load, "MAX_NODES", 100)
    doc = parse_text("cxmap: 1\nx-data: [" + ", ".join(["0"] * 200) + "]\n", "m.yaml")
    (finding,) = doc.findings
    assert finding.code == "CX003"
    assert "more than 100 keys and values" in finding.message
    assert finding.span.line == 2
    assert parse_text("x-data: [" + ", ".join(["0"] * 90) + "]\n", "m.yaml").ok


def test_many_tiny_values_under_an_x_key_are_refused_fast() -> None:
    text = "cxmap: 1\nx-pad: [" + "0," * 1_100_000 + "0]\n"
    start = time.perf_counter()
    doc = parse_text(text, "m.yaml")
    assert [f.code for f in doc.findings] == ["CX003"]
    assert time.perf_counter() - start < 10  # a hang guard; speed: bench/bench_hostile.py


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("cxmap: 1\n# note\u2028owner: attacker\n", (2, 7)),
        ("cxmap: 1\ntitle: a\u2029b\n", (2, 9)),
        ("cxmap: 1\ntitle: x # c\x85id: y\n", (2, 13)),
        ("cxmap: 1\ntitle: 'a\u2028b'\nowner: x # \u2028y\n", (3, 12)),
        ("cxmap: 1\n'a quoted key\u2028cannot span lines': x\n", (2, 14)),
    ],
)
def test_odd_line_breaks_outside_quotes_are_refused(text: str, where: tuple[int, int]) -> None:
    doc = parse_text(text, "m.yaml")
    (finding,) = doc.findings
    assert finding.code == "CX001"
    assert (finding.span.line, finding.span.column) == where
    assert "ends a comment or a value" in finding.message


def test_odd_line_breaks_inside_quotes_are_text() -> None:
    doc = parse_text("title: \"a\u2028b\"\nname: 'c\u2029d'\n", "m.yaml")
    assert doc.ok, doc.findings
    assert doc.data == {"title": "a\u2028b", "name": "c\u2029d"}


def test_an_integer_of_over_4300_digits_is_a_finding(tmp_path: Path) -> None:
    path = tmp_path / "m.cxmap.yaml"
    path.write_text("cxmap: 1\nx-big: " + "7" * 5000 + "\n", encoding="utf-8")
    run = cli("validate", path)
    assert run.exit_code == 1
    assert ":2:8: the number '77777777777777777777...' has 5,000 digits" in run.stdout
    assert "[CX010]" in run.stdout


def test_a_map_with_a_bom_is_found_by_the_folder_walk(tmp_path: Path) -> None:
    (tmp_path / "shoes.yaml").write_bytes(b"\xef\xbb\xbfcxmap: 1\nid: shoes\n")
    (tmp_path / "ci.yml").write_text("on: push\n")
    assert discover_maps([tmp_path]) == [tmp_path / "shoes.yaml"]


def test_a_folder_of_yaml_without_a_map_says_so(tmp_path: Path) -> None:
    (tmp_path / "shoes.yaml").write_bytes("cxmap: 1\n".encode("utf-16"))
    (tmp_path / "ci.yml").write_text("on: push\n")
    run = cli("validate", tmp_path)
    assert run.exit_code == 2
    assert "no map found among 2 YAML files (e.g. 'ci.yml')" in run.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    assert cli("validate", empty).exit_code == 0  # no YAML at all: nothing to check


def test_every_value_survives_the_shared_strings() -> None:
    text = generate_map(30)
    assert parse_text(text, "m.yaml").data == yaml.load(text, Loader=yaml.SafeLoader) | {
        "reviewed": "2026-10-01"
    }


def test_validation_of_a_parsed_map_is_unchanged() -> None:
    result = validate_document(parse_text(generate_map(20), "m.yaml"))
    assert result.ok, result.findings[:3]


@pytest.mark.parametrize("own", [False, True])
def test_included_items_are_located_in_their_catalogue(tmp_path: Path, own: bool) -> None:
    from cxmap.includes import resolve_includes
    from cxmap.load import load_document

    (tmp_path / ".git").mkdir()
    (tmp_path / "cat.yaml").write_text(
        "personas:\n  - {id: p1, name: One}\n  - {id: p2, name: Two}\n"
    )
    mine = "personas:\n  - {id: own, name: Own}\n" if own else ""
    path = tmp_path / "m.cxmap.yaml"
    path.write_text(f"cxmap: 1\nid: m\ntitle: M\ninclude: [cat.yaml]\n{mine}phases: []\n")
    doc = load_document(path)
    assert resolve_includes(doc, path.resolve()) == []
    first = 1 if own else 0  # the catalogue's items come after the map's own
    catalogue = str(tmp_path / "cat.yaml")
    # hand: '  - {id: p2, name: Two}' is line 3; 'p2' at column 10, the key 'name' at 14
    assert doc.locate(("personas", first + 1, "id")) == (catalogue, Span(3, 10, 3, 12))
    assert doc.locate(("personas", first + 1, "name"), key=True) == (catalogue, Span(3, 14, 3, 18))
    assert doc.locate(("personas", first))[1] == Span(2, 5, 2, 6)
    where = doc.locate(("personas",))
    assert where == ((str(path), Span(6, 3, 6, 3)) if own else (str(path), Span(1, 1, 1, 1)))
