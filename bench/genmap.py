"""Generate large, valid journey maps for the benchmarks (deterministic)."""

from __future__ import annotations

from pathlib import Path

STAGES = [
    "awareness",
    "consideration",
    "purchase",
    "onboarding",
    "usage",
    "service",
    "retention",
    "advocacy",
]


def generate_map(touchpoints: int, *, phases: int = 8, channels: int = 6) -> str:
    """A valid map with ``touchpoints`` touchpoints spread evenly over ``phases`` phases."""
    out = [
        "cxmap: 1",
        f"id: generated-{touchpoints}",
        f"title: Generated journey with {touchpoints} touchpoints",
        "owner: bench",
        "reviewed: 2026-10-01",
        "review_every_days: 120",
        "start: Needs something",
        "end: Tells a friend",
        "personas:",
        "  - {id: p1, name: Persona one, goals: [Get it done]}",
        "segments: [new, returning]",
        "phases:",
    ]
    out += [
        f"  - {{id: ph{i}, name: Phase {i}, stage: {STAGES[i % len(STAGES)]}}}"
        for i in range(phases)
    ]
    out.append("channels:")
    out += [
        f"  - {{id: ch{i}, name: Channel {i}, type: {'online' if i % 2 else 'offline'}, "
        "purpose: service}"
        for i in range(channels)
    ]
    out.append("touchpoints:")
    per_phase = max(1, -(-touchpoints // phases))
    for i in range(touchpoints):
        out += [
            f"  - id: tp{i}",
            f"    name: Touchpoint number {i}",
            f"    phase: ph{min(i // per_phase, phases - 1)}",
            f"    channel: ch{i % channels}",
            "    moment: before",
            "    personas: [p1]",
            "    activities: [Reads, Compares]",
            "    needs: [Clear advice]",
            f"    emotion: {i % 5 - 2}",
            "    owner: team",
            f"    targets: {{csat: 4.0, nps: {i % 50}}}",
            f"    questions: {{Q{i}: csat, Q{i}_nps: nps}}",
        ]
        if i + 1 < touchpoints:
            out.append(f"    next: [tp{i + 1}]")
    return "\n".join(out) + "\n"


def write_map(folder: Path, touchpoints: int) -> Path:
    """Write a generated map into ``folder`` and return its path."""
    path = folder / f"generated-{touchpoints}.cxmap.yaml"
    path.write_text(generate_map(touchpoints), encoding="utf-8")
    return path
