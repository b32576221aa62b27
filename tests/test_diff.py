"""``cxmap.diff.diff_journeys``: the semantic changes, written out by hand."""

from __future__ import annotations

from cxmap.diff import Change, Kind, MapDiff, Op, diff_journeys
from cxmap.load import parse_text
from cxmap.model import Journey
from cxmap.validate import validate_document
from tests.helpers import ROOT

BASE = """\
cxmap: 1
id: gym
title: Joining a gym
segments: [new, returning]
personas:
  - {id: starter, name: Starter}
phases:
  - {id: explore, name: Explore, stage: awareness}
  - {id: join, name: Join, stage: purchase}
channels:
  - {id: web, name: Website, type: online, purpose: awareness}
  - {id: desk, name: Front desk, type: offline, purpose: sales}
touchpoints:
  - id: browse
    name: Browses the website
    phase: explore
    channel: web
    targets: {csat: 4.0}
    questions: {Q1: csat}
  - id: tour
    name: Gets a tour
    phase: explore
    channel: desk
    emotion: 1
  - id: sign
    name: Signs the contract
    phase: join
    channel: desk
actions:
  - {id: faster-tour, touchpoint: tour, description: Book tours online, status: idea}
"""


def journey(text: str) -> Journey:
    """A valid journey from map text (the test fails on any finding)."""
    validation = validate_document(parse_text(text, "map.yaml"))
    assert validation.findings == []
    assert validation.journey is not None
    return validation.journey


def edit(*replacements: tuple[str, str]) -> Journey:
    """BASE with each (old, new) text replaced exactly once."""
    text = BASE
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return journey(text)


def test_identical_maps_have_no_changes() -> None:
    result = diff_journeys(journey(BASE), journey(BASE))
    assert result == MapDiff("gym", "gym", [])
    assert not result.changed


def test_example_map_against_itself() -> None:
    text = (ROOT / "examples" / "hotel-stay.cxmap.yaml").read_text(encoding="utf-8")
    assert not diff_journeys(journey(text), journey(text)).changed


def test_touchpoint_renamed_with_the_same_id() -> None:
    new = edit(("name: Gets a tour", "name: Gets a guided tour"))
    assert diff_journeys(journey(BASE), new).changes == [
        Change(Kind.TOUCHPOINT, "tour", Op.RENAMED, "name", "Gets a tour", "Gets a guided tour")
    ]


def test_touchpoint_moved_to_another_phase() -> None:
    new = edit(("name: Gets a tour\n    phase: explore", "name: Gets a tour\n    phase: join"))
    assert diff_journeys(journey(BASE), new).changes == [
        Change(Kind.TOUCHPOINT, "tour", Op.MOVED, "phase", "explore", "join")
    ]


def test_targets_and_questions_key_by_key() -> None:
    new = edit(
        ("targets: {csat: 4.0}", "targets: {csat: 4.4, ces: 6}"),
        ("questions: {Q1: csat}", "questions: {Q1: ces, Q2: csat}"),
    )
    assert diff_journeys(journey(BASE), new).changes == [
        Change(Kind.TOUCHPOINT, "browse", Op.ADDED, "targets.ces", None, 6.0),
        Change(Kind.TOUCHPOINT, "browse", Op.CHANGED, "targets.csat", 4.0, 4.4),
        Change(Kind.TOUCHPOINT, "browse", Op.CHANGED, "questions.Q1", "csat", "ces"),
        Change(Kind.TOUCHPOINT, "browse", Op.ADDED, "questions.Q2", None, "csat"),
    ]


def test_target_and_question_removed() -> None:
    new = edit(("    targets: {csat: 4.0}\n    questions: {Q1: csat}\n", ""))
    assert diff_journeys(journey(BASE), new).changes == [
        Change(Kind.TOUCHPOINT, "browse", Op.REMOVED, "targets.csat", 4.0, None),
        Change(Kind.TOUCHPOINT, "browse", Op.REMOVED, "questions.Q1", "csat", None),
    ]


def test_added_touchpoint_changes_the_file_order_flow() -> None:
    # without any `next`, touchpoints flow in file order: browse -> tour -> sign
    new = edit(
        (
            "  - id: sign\n",
            "  - id: pay\n    name: Pays the fee\n    phase: join\n    channel: desk\n"
            "  - id: sign\n",
        )
    )
    assert diff_journeys(journey(BASE), new).changes == [
        Change(Kind.TOUCHPOINT, "pay", Op.ADDED, None, None, "Pays the fee"),
        Change(Kind.FLOW, "tour -> pay", Op.ADDED, None, None, ["tour", "pay"]),
        Change(Kind.FLOW, "pay -> sign", Op.ADDED, None, None, ["pay", "sign"]),
        Change(Kind.FLOW, "tour -> sign", Op.REMOVED, None, ["tour", "sign"], None),
    ]


def test_removed_touchpoint_and_its_action() -> None:
    new = edit(
        (
            "  - id: tour\n    name: Gets a tour\n    phase: explore\n    channel: desk\n"
            "    emotion: 1\n",
            "",
        ),
        (
            "actions:\n  - {id: faster-tour, touchpoint: tour, description: Book tours online, "
            "status: idea}\n",
            "actions: []\n",
        ),
    )
    old = journey(BASE)
    assert diff_journeys(old, new).changes == [
        Change(Kind.TOUCHPOINT, "tour", Op.REMOVED, None, "Gets a tour", None),
        Change(Kind.FLOW, "browse -> sign", Op.ADDED, None, None, ["browse", "sign"]),
        Change(Kind.FLOW, "browse -> tour", Op.REMOVED, None, ["browse", "tour"], None),
        Change(Kind.FLOW, "tour -> sign", Op.REMOVED, None, ["tour", "sign"], None),
        Change(Kind.ACTION, "faster-tour", Op.REMOVED, None, "Book tours online", None),
    ]


def test_explicit_next_replaces_file_order() -> None:
    new = edit(("    questions: {Q1: csat}\n", "    questions: {Q1: csat}\n    next: [sign]\n"))
    assert diff_journeys(journey(BASE), new).changes == [
        Change(Kind.FLOW, "browse -> sign", Op.ADDED, None, None, ["browse", "sign"]),
        Change(Kind.FLOW, "browse -> tour", Op.REMOVED, None, ["browse", "tour"], None),
        Change(Kind.FLOW, "tour -> sign", Op.REMOVED, None, ["tour", "sign"], None),
    ]


def test_phases_channels_personas_segments_and_map_fields() -> None:
    new = edit(
        ("title: Joining a gym", "title: Joining a fitness club"),
        ("segments: [new, returning]", "segments: [new, churned]"),
        ("  - {id: starter, name: Starter}\n", "  - {id: starter, name: Beginner}\n"),
        (
            "  - {id: explore, name: Explore, stage: awareness}\n",
            "  - {id: explore, name: Explore, stage: consideration}\n",
        ),
        ("purpose: sales}", "purpose: sales-support}\n  - {id: app, name: App, type: online}"),
    )
    assert diff_journeys(journey(BASE), new).changes == [
        Change(Kind.MAP, "", Op.CHANGED, "title", "Joining a gym", "Joining a fitness club"),
        Change(Kind.PERSONA, "starter", Op.RENAMED, "name", "Starter", "Beginner"),
        Change(Kind.SEGMENT, "churned", Op.ADDED),
        Change(Kind.SEGMENT, "returning", Op.REMOVED),
        Change(Kind.PHASE, "explore", Op.CHANGED, "stage", "awareness", "consideration"),
        Change(Kind.CHANNEL, "desk", Op.CHANGED, "purpose", "sales", "sales-support"),
        Change(Kind.CHANNEL, "app", Op.ADDED, None, None, "App"),
    ]


def test_phases_reordered() -> None:
    new = edit(
        (
            "  - {id: explore, name: Explore, stage: awareness}\n"
            "  - {id: join, name: Join, stage: purchase}\n",
            "  - {id: join, name: Join, stage: purchase}\n"
            "  - {id: explore, name: Explore, stage: awareness}\n",
        )
    )
    assert diff_journeys(journey(BASE), new).changes == [
        Change(Kind.PHASE, "", Op.REORDERED, None, ["explore", "join"], ["join", "explore"])
    ]


def test_action_status_and_owner() -> None:
    new = edit(("status: idea}", "status: doing, owner: club-ops}"))
    assert diff_journeys(journey(BASE), new).changes == [
        Change(Kind.ACTION, "faster-tour", Op.CHANGED, "owner", None, "club-ops"),
        Change(Kind.ACTION, "faster-tour", Op.CHANGED, "status", "idea", "doing"),
    ]


def test_a_new_map_is_all_additions() -> None:
    result = diff_journeys(None, journey(BASE))
    assert (result.old_id, result.new_id) == (None, "gym")
    assert result.counts() == {
        "persona": 1,
        "segment": 2,
        "phase": 2,
        "channel": 2,
        "touchpoint": 3,
        "flow": 2,
        "action": 1,
    }
    assert {c.op for c in result.changes} == {Op.ADDED}


def test_a_deleted_map_is_all_removals() -> None:
    result = diff_journeys(journey(BASE), None)
    assert len(result.changes) == 13
    assert {c.op for c in result.changes} == {Op.REMOVED}
