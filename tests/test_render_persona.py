"""Emotion per persona: every consumer reads one number or a mapping persona -> number."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import yaml

from cxmap.diff import diff_journeys
from cxmap.lint.engine import Overrides, lint_files
from cxmap.render.graph import build_graph
from cxmap.render.mermaid import build_mermaid
from cxmap.render.persona import for_persona
from cxmap.schema import build_schema
from cxmap.validate import load_map
from tests.helpers import cli

MAP = """\
cxmap: 1
id: two-personas
title: Two personas
personas:
  - {id: novice, name: Novice}
  - {id: expert, name: Expert}
phases: [{id: p, name: P}]
channels: [{id: w, name: Web, type: online}]
touchpoints:
  - {id: a, name: Signs up, phase: p, channel: w, emotion: {novice: -2, expert: 1}}
  - {id: b, name: Reads the manual, phase: p, channel: w, personas: [novice], emotion: 0}
  - {id: c, name: Uses the API, phase: p, channel: w, personas: [expert], emotion: 2}
"""


def write(tmp_path: Path, text: str = MAP) -> Path:
    path = tmp_path / "m.cxmap.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_both_forms_validate_and_the_schema_agrees(tmp_path: Path) -> None:
    journey = load_map(write(tmp_path))
    assert journey.touchpoints[0].feelings() == {"novice": -2, "expert": 1}
    assert journey.touchpoints[0].feeling() == -2  # the lowest: one persona suffers
    assert journey.touchpoints[0].feeling("expert") == 1
    assert journey.touchpoints[1].feeling("expert") == 0  # one number holds for everyone
    jsonschema.validate(yaml.safe_load(MAP), build_schema())


def test_wrong_values_give_one_clear_message_each(tmp_path: Path) -> None:
    text = MAP.replace("{novice: -2, expert: 1}", "{novice: -3, stranger: 1}")
    run = cli("validate", write(tmp_path, text))
    assert run.exit_code == 1
    out = run.stdout + run.stderr
    assert "'emotion' of persona 'novice' is -3" in out
    assert out.count("touchpoint 'a'") == 1
    run = cli("validate", write(tmp_path, MAP.replace("-2, expert", "-2, stranger")))
    assert "refers to persona 'stranger', which does not exist" in run.stdout + run.stderr


def test_lint_sees_the_persona_who_feels_negative(tmp_path: Path) -> None:
    (linted,) = lint_files([write(tmp_path)], Overrides())
    negative = [f for f in linted.findings if f.code in ("CX403", "CX405")]
    # 'a' feels -2 for the novice (and +1 for the expert): no action, no pain point
    assert {f.code for f in negative} == {"CX403", "CX405"}
    assert all("touchpoint 'a' feels negative (emotion -2)" in f.message for f in negative)


def test_mermaid_one_task_per_persona(tmp_path: Path) -> None:
    text = build_mermaid(load_map(write(tmp_path)))
    assert "      Signs up: 1: Web, Novice" in text
    assert "      Signs up: 4: Web, Expert" in text
    assert "      Reads the manual: 3: Web" in text


def test_diff_sees_a_number_become_a_mapping(tmp_path: Path) -> None:
    old = load_map(write(tmp_path, MAP.replace("{novice: -2, expert: 1}", "-1")))
    new = load_map(write(tmp_path))
    changes = [c for c in diff_journeys(old, new).changes if c.field == "emotion"]
    assert len(changes) == 1
    assert changes[0].old == -1 and changes[0].new == {"novice": -2, "expert": 1}


def test_persona_journey_keeps_its_touchpoints_and_feelings(tmp_path: Path) -> None:
    journey = load_map(write(tmp_path))
    expert = for_persona(journey, "expert")
    assert [(tp.id, tp.emotion) for tp in expert.touchpoints] == [("a", 1), ("c", 2)]
    novice = for_persona(journey, "novice")
    assert [(tp.id, tp.emotion) for tp in novice.touchpoints] == [("a", -2), ("b", 0)]


def test_render_persona_on_every_view(tmp_path: Path) -> None:
    path = write(tmp_path)
    run = cli("render", path, "--persona", "expert")
    assert run.exit_code == 0, run.stderr
    assert "Uses the API" in run.stdout and "Reads the manual" not in run.stdout
    assert "emotion +1 positive" in run.stdout
    # without --persona, the journey view names each persona's emotion
    source = build_graph(load_map(path)).source
    assert "Novice" in source and "Expert" in source
    run = cli("render", path, "--view", "emotion", "--persona", "novice")
    assert run.exit_code == 0 and "Uses the API" not in run.stdout
    mermaid = cli("render", path, "--persona", "novice", "-f", "mermaid").stdout
    assert "Signs up: 1: Web" in mermaid and "Expert" not in mermaid
    assert json.loads(cli("schema").stdout)["$defs"]["Touchpoint"]["properties"]["emotion"]


def test_words_in_every_language_and_lang_from_the_map(tmp_path: Path) -> None:
    from cxmap.model import Lang
    from cxmap.render.options import LangName
    from cxmap.render.words import WORDS

    assert [x.value for x in LangName] == [x.value for x in Lang]
    keys = set(WORDS[Lang.EN])
    assert all(set(table) == keys for table in WORDS.values())
    path = write(tmp_path, MAP + "lang: nl\n")
    dutch = cli("render", path).stdout
    assert "<B>Begin</B>" in dutch and "<B>Start</B>" not in dutch
    assert "emotie -2 zeer negatief" in dutch
    english = cli("render", path, "--lang", "en").stdout
    assert "<B>Start</B>" in english
    run = cli("render", path, "--lang", "fr")
    assert run.exit_code == 2  # terminal messages stay English
    assert "Invalid value" in run.stderr or "is not one of" in run.stderr
