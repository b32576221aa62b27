"""The journey-map canvas: phases as columns, lanes as rows, written directly as SVG.

Why SVG written here rather than Graphviz: the canvas is a grid whose every
position is known before anything is drawn, so a layout engine has nothing to
find. Writing the SVG directly takes milliseconds for thousands of
touchpoints (``neato -n2`` on the same grid of HTML-like labels took seconds,
mostly measuring text it is then told not to move), draws the emotion curve as
a smooth path with one line per persona, needs no Graphviz at all (so the
report keeps its canvas on a laptop without ``dot``), and gives the same bytes
on every machine. PNG and PDF are made from this SVG (``cxmap.output``).

Layout: every touchpoint has a slot (a sub-column) inside its phase's column,
in map order, so the emotion curve runs left to right with one point per
touchpoint. Text is wrapped to the slot by an estimate of its width and cut
after a few lines with the full text in a tooltip (``<title>``). All user text
is escaped; ids and classes are generated, never taken from user text.
"""

from __future__ import annotations

import html
import textwrap
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import pairwise
from typing import TYPE_CHECKING

from cxmap.model import ActionStatus, Aggregate, ChannelType, Journey, Lang, Touchpoint
from cxmap.render.escape import one_line
from cxmap.render.style import BLUE, LEGEND_STATUSES, STATUS_STYLES, THEMES, Theme, ThemeName
from cxmap.render.words import Words

if TYPE_CHECKING:
    from cxmap.gaps import GapResult, GapTable


class Lane(StrEnum):
    """The rows of the canvas, in their default order."""

    TOUCHPOINTS = "touchpoints"
    DOING = "doing"
    NEEDS = "needs"
    EMOTION = "emotion"
    PAIN = "pain"
    IDEAS = "ideas"
    ACTIONS = "actions"
    EXPERIENCE = "experience"


DEFAULT_LANES: tuple[Lane, ...] = tuple(Lane)

FONT = "Helvetica, Arial, 'Liberation Sans', sans-serif"
PAD = 24
LABEL_W = 150
SLOT_W = 180
HEADER_H = 52
FS = 12  # body text, px: 12 px in a 1600 px wide picture of a small map
LINE = 16
CELL_PAD = 8
MAX_LINES = 7  # lines of one cell before "+ n more"
ACTION_LINES = 5  # lines of one action's description (3 cut most real actions short)
LEVEL_H = 26  # the emotion lane: 26 px between levels
EMOTION_TOP = 34  # room for the lane's name above the +2 line
#: Persona lines: colour (Okabe-Ito, readable on white), dash pattern, marker.
PERSONA_LOOKS = (
    (BLUE, "", "circle"),
    ("#B42318", "7 4", "square"),
    ("#00785A", "2 4", "diamond"),
    ("#9C4A7D", "9 3 2 3", "triangle"),
)
_PAIN = "#B42318"
_IDEA = "#00785A"


def _esc(text: str) -> str:
    return html.escape(one_line(text), quote=True)


#: How a lane's name is wrapped: width, size, bold (for ``_wrap``).
_LABEL_FONT = (LABEL_W - 2 * CELL_PAD, FS + 1, True)


def _wrap(text: str, width: float, size: float = FS, bold: bool = False) -> list[str]:
    """Lines of ``text`` that fit ``width`` px (an estimate: 0.56 em a letter, 0.6 bold)."""
    per = max(4, int(width / (size * (0.6 if bold else 0.56))))
    return textwrap.wrap(one_line(text), per, break_on_hyphens=False) or [""]


@dataclass
class _Cell:
    """What one slot of one lane holds, as lines of SVG (relative to the cell's top left)."""

    parts: list[str] = field(default_factory=list)
    height: float = 0


@dataclass(frozen=True)
class CanvasOptions:
    """How to draw a canvas."""

    lanes: Sequence[Lane] = DEFAULT_LANES
    theme: ThemeName = ThemeName.DEFAULT
    lang: Lang = Lang.EN
    subtitle: str | None = None


def build_canvas(
    journey: Journey, gaps: GapTable | None = None, options: CanvasOptions = CanvasOptions()
) -> str:
    """The canvas of ``journey`` as an SVG document (text); with ``gaps``, the experience lane.

    Only overall gap results (``segment`` None) are shown.
    """
    return _Canvas(journey, gaps, options).svg()


class _Canvas:
    def __init__(self, journey: Journey, gaps: GapTable | None, options: CanvasOptions) -> None:
        self.j = journey
        self.theme: Theme = THEMES[ThemeName(options.theme)]
        self.words = Words(Lang(options.lang))
        self.lanes = list(dict.fromkeys(Lane(lane) for lane in options.lanes))
        self.subtitle = options.subtitle
        self.measured = gaps is not None
        self.results: dict[str, list[GapResult]] = defaultdict(list)
        if gaps is not None:
            for r in gaps.results:
                if r.segment is None and not r.suppressed:  # a suppressed row shows nothing
                    self.results[r.touchpoint].append(r)
        self.channels = {c.id: c for c in journey.channels}
        self.actions = defaultdict(list)
        for action in journey.actions:
            self.actions[action.touchpoint].append(action)
        # slots: (phase index, touchpoint number or None for an empty phase)
        members: dict[str, list[tuple[int, Touchpoint]]] = defaultdict(list)
        for number, tp in enumerate(journey.touchpoints, 1):
            members[tp.phase].append((number, tp))
        self.slots: list[tuple[int, int | None, Touchpoint | None]] = []
        for p, phase in enumerate(journey.phases, 1):
            entries = members.get(phase.id, [])
            if not entries:
                self.slots.append((p, None, None))
            self.slots.extend((p, number, tp) for number, tp in entries)
        self.personas = self._persona_lines()
        self.bridged = False  # a line crosses touchpoints it has no point on
        self.width = PAD * 2 + LABEL_W + SLOT_W * max(len(self.slots), 1)

    # ------------------------------------------------------------ geometry

    def slot_x(self, index: int) -> float:
        return PAD + LABEL_W + SLOT_W * index

    def _persona_lines(self) -> list[str | None]:
        """One emotion line per persona when emotion differs per persona, else one line."""
        used = {p for tp in self.j.touchpoints for p in tp.feelings()}
        if not used:
            return [None]
        ordered: list[str | None] = [p.id for p in self.j.personas if p.id in used]
        return ordered + sorted(used - {p.id for p in self.j.personas})

    # ------------------------------------------------------------ the picture

    def svg(self) -> str:
        out: list[str] = []
        y: float = PAD
        title = _wrap(self.j.title, self.width - 2 * PAD, 20, bold=True)[0]
        out.append(
            f'<text x="{PAD}" y="{y + 18}" font-size="20" font-weight="bold" '
            f'class="title">{_esc(title)}</text>'
        )
        y += 26
        sub = [s for s in (self.subtitle, self._ends()) if s]
        if sub:
            out.append(
                f'<text x="{PAD}" y="{y + 14}" font-size="{FS + 1}" fill="{self.theme.muted}">'
                f"{_esc(' · '.join(sub))}</text>"
            )
            y += 20
        y += 10
        top = y
        lanes = [(lane, self._lane_cells(lane)) for lane in self.lanes]
        heights = [self._lane_height(lane, cells) for lane, cells in lanes]
        bottom = top + HEADER_H + sum(heights)
        out.extend(self._bands(top, bottom))
        out.extend(self._phase_headers(top))
        y = top + HEADER_H
        for (lane, cells), height in zip(lanes, heights, strict=True):
            out.extend(self._lane(lane, cells, y, height))
            y += height
        out.append(
            f'<rect x="{PAD}" y="{top}" width="{self.width - 2 * PAD}" height="{bottom - top}" '
            f'fill="none" stroke="{self.theme.line}" stroke-width="1"/>'
        )
        legend, legend_h = self._legend(bottom + 16)
        out.extend(legend)
        height = bottom + 16 + legend_h + PAD
        head = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{self.width}" height="{height:g}" '
            f'viewBox="0 0 {self.width} {height:g}" font-family="{FONT}" font-size="{FS}" '
            f'fill="{self.theme.text}" class="cxmap-canvas" lang="{self.words.lang.value}">\n'
            f"<title>{_esc(self.j.title)}</title>\n"
            f'<rect width="100%" height="100%" fill="#FFFFFF"/>\n'
        )
        return head + "\n".join(out) + "\n</svg>\n"

    def _ends(self) -> str:
        parts = []
        if self.j.start:
            parts.append(f"{self.words('start')}: {self.j.start}")
        if self.j.end:
            parts.append(f"{self.words('end')}: {self.j.end}")
        return " → ".join(parts)

    def _bands(self, top: float, bottom: float) -> list[str]:
        out = []
        for p in range(1, len(self.j.phases) + 1):
            indexes = [i for i, s in enumerate(self.slots) if s[0] == p]
            x0 = self.slot_x(indexes[0])
            fill = self.theme.band_fill if p % 2 == 0 else "#FFFFFF"
            out.append(
                f'<rect x="{x0}" y="{top}" width="{SLOT_W * len(indexes)}" '
                f'height="{bottom - top}" fill="{fill}"/>'
            )
            if p > 1:
                out.append(
                    f'<line x1="{x0}" y1="{top}" x2="{x0}" y2="{bottom}" '
                    f'stroke="{self.theme.cluster_line}" stroke-width="1"/>'
                )
        return out

    def _phase_headers(self, top: float) -> list[str]:
        theme = self.theme
        out = [
            f'<rect x="{PAD}" y="{top}" width="{self.width - 2 * PAD}" height="{HEADER_H}" '
            f'fill="{theme.header_fill}"/>'
        ]
        for p, phase in enumerate(self.j.phases, 1):
            indexes = [i for i, s in enumerate(self.slots) if s[0] == p]
            x0 = self.slot_x(indexes[0])
            width = SLOT_W * len(indexes)
            name = _wrap(phase.name, width - 2 * CELL_PAD, 14, bold=True)
            stage = self.words(f"stage.{phase.stage.value}") if phase.stage else ""
            out.append(
                f'<g class="phase" data-phase="{p}" data-x0="{x0}" data-x1="{x0 + width}">'
                f"<title>{_esc(phase.name)}</title>"
                f'<text x="{x0 + CELL_PAD}" y="{top + 22}" font-size="14" font-weight="bold" '
                f'fill="{theme.header_text}" class="phase-name">{_esc(_clip(name, 1)[0])}</text>'
                f'<text x="{x0 + CELL_PAD}" y="{top + 40}" font-size="11" '
                f'fill="{theme.header_text}" letter-spacing="0.5">{_esc(stage.upper())}</text></g>'
            )
            if p > 1:
                out.append(
                    f'<line x1="{x0}" y1="{top}" x2="{x0}" y2="{top + HEADER_H}" '
                    f'stroke="{theme.header_text}" stroke-width="1"/>'
                )
        return out

    # ------------------------------------------------------------ lanes

    def _lane_height(self, lane: Lane, cells: list[_Cell]) -> float:
        if lane is Lane.EMOTION:
            extra = LINE if any(tp and tp.feeling() is None for _, _, tp in self.slots) else 0
            return EMOTION_TOP + 16 + LEVEL_H * 4 + extra
        # at least as tall as its name ("Experience vs target" is two lines; without a
        # survey its one-line lane cut the second off)
        label = min(3, len(_wrap(self.words(f"lane.{lane.value}"), *_LABEL_FONT)))
        named = 2 * CELL_PAD + 17 + (label - 1) * LINE
        return max([36.0, named, *(c.height + 2 * CELL_PAD for c in cells)])

    def _lane(self, lane: Lane, cells: list[_Cell], y: float, height: float) -> list[str]:
        theme = self.theme
        words = self.words
        name = words(f"lane.{lane.value}")
        out = [
            f'<g class="lane" data-lane="{lane.value}">',
            f'<line x1="{PAD}" y1="{y}" x2="{self.width - PAD}" y2="{y}" '
            f'stroke="{theme.cluster_line}" stroke-width="1"/>',
            f'<rect x="{PAD}" y="{y}" width="{LABEL_W}" height="{height}" '
            f'fill="{theme.cluster_fill}"/>',
        ]
        for k, line in enumerate(_wrap(name, *_LABEL_FONT)[:3]):
            out.append(
                f'<text x="{PAD + CELL_PAD}" y="{y + CELL_PAD + 13 + k * LINE}" '
                f'font-size="{FS + 1}" font-weight="bold">{_esc(line)}</text>'
            )
        if lane is Lane.EMOTION:
            out.extend(self._emotion(y))
        elif lane is Lane.EXPERIENCE and not self.measured:
            out.append(
                f'<text x="{self.slot_x(0) + CELL_PAD}" y="{y + CELL_PAD + 13}" '
                f'fill="{theme.muted}" font-style="italic">{_esc(words("no-survey"))}</text>'
            )
        for index, cell in enumerate(cells):
            if cell.parts:
                out.append(
                    f'<g transform="translate({self.slot_x(index) + CELL_PAD},{y + CELL_PAD})">'
                    + "".join(cell.parts)
                    + "</g>"
                )
        out.append("</g>")
        return out

    def _lane_cells(self, lane: Lane) -> list[_Cell]:
        if lane is Lane.EMOTION:
            return []
        make = {
            Lane.TOUCHPOINTS: self._card,
            Lane.DOING: lambda n, tp: self._items(tp.activities, "•", None),
            Lane.NEEDS: lambda n, tp: self._items(tp.needs, "•", None),
            Lane.PAIN: lambda n, tp: self._items(tp.pain_points, "×", _PAIN),
            Lane.IDEAS: lambda n, tp: self._items(tp.opportunities, "+", _IDEA),
            Lane.ACTIONS: self._action_cell,
            Lane.EXPERIENCE: self._experience_cell,
        }[lane]
        cells = []
        for _, number, tp in self.slots:
            if tp is None or number is None:
                cells.append(self._empty(lane))
            else:
                cells.append(make(number, tp))
        return cells

    def _empty(self, lane: Lane) -> _Cell:
        if lane is not Lane.TOUCHPOINTS:
            return _Cell()
        text = f'<text y="13" font-style="italic" fill="{self.theme.muted}">'
        return _Cell([text + f"{_esc(self.words('no-touchpoints'))}</text>"], LINE)

    def _card(self, number: int, tp: Touchpoint) -> _Cell:
        theme = self.theme
        inner = SLOT_W - 2 * CELL_PAD
        name = _clip(_wrap(f"{number}. {tp.name}", inner - 12, FS, bold=True), 4)
        channel = self.channels.get(tp.channel)
        kind = channel.type if channel is not None else None
        chan_text = channel.name if channel is not None else tp.channel
        chan = _clip(_wrap(chan_text, inner - 12, FS - 1), 2)
        kind_word = self.words(kind.value) if kind is not None else ""
        height = 8 + LINE * len(name) + 14 * (len(chan) + 1) + 4
        dash = ' stroke-dasharray="5 3"' if kind is ChannelType.OFFLINE else ""
        parts = [
            f'<g class="touchpoint" data-tp="{number}" data-channel-type="'
            f'{kind.value if kind else ""}"><title>{_esc(tp.name)}</title>'
            f'<rect width="{inner}" height="{height}" rx="5" fill="#FFFFFF" '
            f'stroke="{theme.line}" stroke-width="1.5"{dash}/>'
        ]
        y = 8
        for line in name:
            y += LINE
            parts.append(f'<text x="6" y="{y - 4}" font-weight="bold">{_esc(line)}</text>')
        for line in chan:
            y += 14
            parts.append(
                f'<text x="6" y="{y - 3}" font-size="{FS - 1}" fill="{theme.muted}">'
                f"{_esc(line)}</text>"
            )
        y += 14
        parts.append(
            f'<text x="6" y="{y - 3}" font-size="{FS - 1}" fill="{theme.muted}" '
            f'font-style="italic">{_esc(kind_word)}</text></g>'
        )
        return _Cell(parts, height)

    def _items(self, items: Sequence[str], bullet: str, colour: str | None) -> _Cell:
        inner = SLOT_W - 2 * CELL_PAD
        lines: list[tuple[str, str]] = []  # (bullet or "", text)
        for item in items:
            for k, line in enumerate(_wrap(item, inner - 14)):
                lines.append((bullet if k == 0 else "", line))
        shown, hidden = lines[:MAX_LINES], len(lines) - MAX_LINES
        parts = []
        y = 0
        mark = f' fill="{colour}"' if colour else ""
        for k, (b, line) in enumerate(shown):
            y = 13 + k * LINE
            if b:
                parts.append(f'<text y="{y}"{mark} font-weight="bold">{b}</text>')
            parts.append(f'<text x="14" y="{y}">{_esc(line)}</text>')
        if hidden > 0:
            y += LINE
            parts.append(
                f'<text x="14" y="{y}" fill="{self.theme.muted}" font-style="italic">'
                f"+ {hidden} {_esc(self.words('more'))}</text>"
            )
        if parts:
            full = " · ".join(items)
            parts.insert(0, f"<title>{_esc(full)}</title>")
        return _Cell(parts, y + 4 if parts else 0)

    def _action_cell(self, number: int, tp: Touchpoint) -> _Cell:
        inner = SLOT_W - 2 * CELL_PAD
        parts: list[str] = []
        y = 0.0
        for action in self.actions.get(tp.id, []):
            if y > LINE * MAX_LINES:
                break
            parts.append(f'<g class="action"><title>{_esc(action.description)}</title>')
            parts.append(f'<text y="{y + LINE - 3}" font-weight="bold">→</text>')
            for line in _clip(_wrap(action.description, inner - 14), ACTION_LINES):
                y += LINE
                parts.append(f'<text x="14" y="{y - 3}">{_esc(line)}</text>')
            status = action.status or None
            facts = [f for f in (action.owner, self._action_status(status)) if f]
            if facts:
                y += 14
                parts.append(
                    f'<text x="14" y="{y - 3}" font-size="{FS - 1}" fill="{self.theme.muted}">'
                    f"{_esc(' · '.join(facts))}</text>"
                )
            parts.append("</g>")
            y += 6
        return _Cell(parts, y)

    def _action_status(self, status: ActionStatus | None) -> str:
        return self.words(f"action.{status.value}") if status is not None else ""

    def _experience_cell(self, number: int, tp: Touchpoint) -> _Cell:
        if not self.measured:
            return _Cell()
        results = sorted(self.results.get(tp.id, []), key=lambda r: r.metric)
        inner = SLOT_W - 2 * CELL_PAD
        parts: list[str] = []
        y = 0
        if not results:
            text = self.words("not-measured") if tp.targets else ""
            if text:
                parts.append(
                    f'<text y="13" fill="{self.theme.muted}" font-style="italic">'
                    f"{_esc(text)}</text>"
                )
                y = LINE
            return _Cell(parts, y)
        for r in results:
            status = str(r.status)
            fill = self.theme.status_fill(status)
            name, figures = _measure_text(r, self.j)
            trend = trend_arrow(r)  # the one place a trend is shown (see trend_arrow)
            if trend:
                figures += f" {trend}"
            sub = self.words(f"status.{status}") + f" · n={r.n}"
            head = f"{symbol(status)} {name}"
            parts.append(
                f'<g class="measure" data-status="{status}"><title>{_esc(head)} {figures}</title>'
                f'<rect y="{y}" width="{inner}" height="50" rx="4" fill="{fill}" '
                f'stroke="{self.theme.line}" stroke-width="0.8"/>'
                f'<text x="6" y="{y + 15}" font-weight="bold">'
                f"{_esc(_clip(_wrap(head, inner - 12, FS, bold=True), 1)[0])}</text>"
                f'<text x="6" y="{y + 30}">{_esc(figures)}</text>'
                f'<text x="6" y="{y + 44}" font-size="{FS - 1}">{_esc(sub)}</text></g>'
            )
            y += 54
        return _Cell(parts, y)

    # ------------------------------------------------------------ the emotion curve

    def level_y(self, top: float, level: float) -> float:
        return top + EMOTION_TOP + LEVEL_H * (2 - level)

    def _emotion(self, top: float) -> list[str]:
        theme = self.theme
        words = self.words
        out = []
        x0, x1 = PAD + LABEL_W, self.width - PAD
        for level in (2, 1, 0, -1, -2):
            y = self.level_y(top, level)
            dash = "" if level == 0 else ' stroke-dasharray="2 3"'
            out.append(
                f'<line x1="{x0}" y1="{y}" x2="{x1}" y2="{y}" stroke="{theme.cluster_line}" '
                f'stroke-width="1"{dash}/>'
                f'<text x="{x0 - 6}" y="{y + 4}" text-anchor="end" font-size="{FS - 1}" '
                f'fill="{theme.muted}" class="level">{_signed(level)} '
                f"{_esc(words(f'emotion.{level}'))}</text>"
            )
        centres = [self.slot_x(i) + SLOT_W / 2 for i in range(len(self.slots))]
        for k, persona in enumerate(self.personas):
            colour, dash, marker = PERSONA_LOOKS[k % len(PERSONA_LOOKS)]
            if persona is None:
                colour = theme.positive
            points = []
            for i, (_, number, tp) in enumerate(self.slots):
                if tp is None:
                    continue
                points.append((centres[i], number, _level(tp, persona)))
            out.extend(self._line(top, points, persona, colour, dash, marker, k))
        unmapped_y = self.level_y(top, -2) + 24
        for i, (_, number, tp) in enumerate(self.slots):
            if tp is not None and tp.feeling() is None and not tp.feelings():
                out.append(
                    f'<text x="{centres[i]}" y="{unmapped_y}" text-anchor="middle" '
                    f'font-size="{FS - 1}" fill="{theme.muted}" font-style="italic" '
                    f'class="unmapped" data-tp="{number}">{_esc(words("emotion.none"))}</text>'
                )
        return out

    def _line(
        self,
        top: float,
        points: list[tuple[float, int | None, int | None]],
        persona: str | None,
        colour: str,
        dash: str,
        marker: str,
        k: int,
    ) -> list[str]:
        runs: list[list[tuple[float, float, int]]] = [[]]
        for x, number, level in points:
            if level is None:
                if runs[-1]:
                    runs.append([])
                continue
            runs[-1].append((x, self.level_y(top, level) + (k - 0) * 0, number or 0))
        runs = [r for r in runs if r]
        who = f' data-persona="{_esc(persona)}"' if persona else ""
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        out = [f'<g class="emotion-line"{who}>']
        low, high = self.level_y(top, 2), self.level_y(top, -2)
        for a, b in pairwise(runs):
            self.bridged = True
            out.append(
                f'<line x1="{a[-1][0]}" y1="{a[-1][1]}" x2="{b[0][0]}" y2="{b[0][1]}" '
                f'stroke="{colour}" stroke-width="1.5" stroke-dasharray="1 4" class="bridge"/>'
            )
        for run in runs:
            out.append(
                f'<path d="{_smooth([(x, y) for x, y, _ in run], low, high)}" fill="none" '
                f'stroke="{colour}" stroke-width="3" stroke-linecap="round"{dash_attr}/>'
            )
        for x, y, number in [p for run in runs for p in run]:
            out.append(_marker(marker, x, y, colour, number))
        out.append("</g>")
        return out

    # ------------------------------------------------------------ legend

    def _legend(self, top: float) -> tuple[list[str], float]:
        theme = self.theme
        words = self.words
        items: list[tuple[str, str]] = []  # (swatch svg at 0,0 .. 28x14, text)
        items.append(
            (
                f'<rect width="26" height="14" rx="3" fill="#FFFFFF" stroke="{theme.line}" '
                'stroke-width="1.5"/>',
                words("legend.card-online"),
            )
        )
        items.append(
            (
                f'<rect width="26" height="14" rx="3" fill="#FFFFFF" stroke="{theme.line}" '
                'stroke-width="1.5" stroke-dasharray="5 3"/>',
                words("legend.card-offline"),
            )
        )
        names = {p.id: p.name for p in self.j.personas}
        for k, persona in enumerate(self.personas):
            colour, dash, marker = PERSONA_LOOKS[k % len(PERSONA_LOOKS)]
            if persona is None:
                colour, dash = theme.positive, ""
                text = words("legend.emotion")
            else:
                text = f"{words('legend.persona')} {names.get(persona, persona)}"
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            items.append(
                (
                    f'<line x1="0" y1="7" x2="26" y2="7" stroke="{colour}" stroke-width="3"'
                    f"{dash_attr}/>" + _marker(marker, 13, 7, colour, None),
                    text,
                )
            )
        if self.bridged:
            items.append(
                (
                    f'<line x1="0" y1="7" x2="26" y2="7" stroke="{theme.positive}" '
                    'stroke-width="1.5" stroke-dasharray="1 4"/>',
                    words("legend.bridge"),
                )
            )
        if self.measured:
            shown = [str(r.status) for rs in self.results.values() for r in rs]
            statuses = [*LEGEND_STATUSES, "no-target"]
            for status in statuses:
                if status == "no-target" and status not in shown:
                    continue
                word = (
                    words("legend.no-target")
                    if status == "no-target"
                    else words(f"status.{status}")
                )
                items.append(
                    (
                        f'<rect width="26" height="14" rx="3" fill="{theme.status_fill(status)}" '
                        f'stroke="{theme.line}" stroke-width="0.8"/>'
                        f'<text x="13" y="11" text-anchor="middle" font-size="11" '
                        f'font-weight="bold">{symbol(status)}</text>',
                        word,
                    )
                )
            trends = sorted(
                {t for rs in self.results.values() for r in rs if (t := trend_arrow(r))}
            )
            for arrow in trends:
                items.append(
                    (
                        f'<text x="13" y="12" text-anchor="middle" font-weight="bold">'
                        f"{arrow}</text>",
                        words(f"trend.{trend_status(arrow)}"),
                    )
                )
        out = [
            f'<g class="legend"><text x="{PAD}" y="{top + 12}" font-weight="bold">'
            f"{_esc(words('legend'))}</text>"
        ]
        x: float = PAD
        y: float = top + 22
        for swatch, text in items:
            width = 36 + len(text) * FS * 0.56 + 24
            if x + width > self.width - PAD and x > PAD:
                x, y = PAD, y + 22
            out.append(
                f'<g transform="translate({x:g},{y:g})">{swatch}'
                f'<text x="34" y="11" font-size="{FS - 1}">{_esc(text)}</text></g>'
            )
            x += width
        out.append("</g>")
        return out, y + 22 - top


# ---------------------------------------------------------------- pieces


#: Symbols the common sans fonts lack (cairo, which draws PNG and PDF, has no
#: font fallback), drawn as a look-alike they have.
_GLYPHS = str.maketrans({"∅": "Ø"})


def symbol(status: str) -> str:
    """The symbol of a gap status as the canvas draws it."""
    return STATUS_STYLES[status].symbol.translate(_GLYPHS)


def _clip(lines: list[str], limit: int) -> list[str]:
    if len(lines) <= limit:
        return lines
    return [*lines[: limit - 1], lines[limit - 1].rstrip()[:-1] + "…"]


def _level(tp: Touchpoint, persona: str | None) -> int | None:
    """Where ``tp`` sits on ``persona``'s line: None when the persona does not pass it."""
    if persona is None:
        return tp.feeling()
    if tp.personas and persona not in tp.personas:
        return None
    return tp.feeling(persona) if tp.feelings() else tp.feeling()


def _signed(level: int) -> str:
    return f"+{level}" if level > 0 else ("−" + str(-level) if level < 0 else "0")


def _smooth(points: list[tuple[float, float]], low: float, high: float) -> str:
    """A smooth path through ``points`` (Catmull-Rom as cubic Béziers), kept in [low, high]."""
    x, y = points[0]
    d = [f"M{x:g},{y:g}"]
    if len(points) == 1:
        return d[0] + " h0.01"
    for i in range(len(points) - 1):
        p0 = points[i - 1] if i > 0 else points[i]
        p1, p2 = points[i], points[i + 1]
        p3 = points[i + 2] if i + 2 < len(points) else p2
        c1 = (p1[0] + (p2[0] - p0[0]) / 6, _clamp(p1[1] + (p2[1] - p0[1]) / 6, low, high))
        c2 = (p2[0] - (p3[0] - p1[0]) / 6, _clamp(p2[1] - (p3[1] - p1[1]) / 6, low, high))
        d.append(f"C{c1[0]:.1f},{c1[1]:.1f} {c2[0]:.1f},{c2[1]:.1f} {p2[0]:g},{p2[1]:g}")
    return " ".join(d)


def _clamp(value: float, low: float, high: float) -> float:
    return min(max(value, low), high)


def _marker(shape: str, x: float, y: float, colour: str, number: int | None) -> str:
    data = (
        f' class="emotion-point" data-tp="{number}" data-x="{x:g}" data-y="{y:g}"' if number else ""
    )
    common = f'fill="{colour}" stroke="#FFFFFF" stroke-width="1.5"'
    if shape == "square":
        body = f'<rect x="{x - 5:g}" y="{y - 5:g}" width="10" height="10" {common}/>'
    elif shape == "diamond":
        d = f"M{x:g},{y - 6:g} L{x + 6:g},{y:g} L{x:g},{y + 6:g} L{x - 6:g},{y:g} Z"
        body = f'<path d="{d}" {common}/>'
    elif shape == "triangle":
        d = f"M{x:g},{y - 6:g} L{x + 6:g},{y + 5:g} L{x - 6:g},{y + 5:g} Z"
        body = f'<path d="{d}" {common}/>'
    else:
        body = f'<circle cx="{x:g}" cy="{y:g}" r="5.5" {common}/>'
    return f"<g{data}>{body}</g>" if number else body


def _measure_text(result: GapResult, journey: Journey) -> tuple[str, str]:
    """The metric's name, and its figures ``3.62 / 4.2`` (measured / target)."""
    metric = journey.metric(result.metric)
    name = metric.name if metric is not None else result.metric
    aggregate = metric.aggregate if metric is not None else Aggregate.MEAN
    digits = 2 if aggregate is Aggregate.MEAN else 1
    measured = "–" if result.experience is None else f"{result.experience:.{digits}f}"
    target = "–" if result.target is None else f"{result.target:g}"
    return name, f"{measured} / {target}"


def trend_arrow(result: GapResult) -> str:
    """The trend of a gap since the previous wave, as an arrow ("" when unknown).

    THE ONE PLACE where the trend is read, for the canvas and the report: the
    change between waves (``GapResult.change_status``, from ``--by wave`` or
    ``--compare``) as ``cxmap.gaps.compare.TREND_ARROWS`` draws it.
    """
    if result.change_status is None:
        return ""
    from cxmap.gaps.compare import TREND_ARROWS

    return TREND_ARROWS[result.change_status]


def trend_status(arrow: str) -> str:
    """The change status an arrow stands for (the legend's and the report's word)."""
    from cxmap.gaps.compare import TREND_ARROWS

    return next(status.value for status, a in TREND_ARROWS.items() if a == arrow)
