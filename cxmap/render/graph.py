"""Journey -> DOT (:class:`cxmap.render.dot.Digraph`): the journey, channels and emotion views.

Node ids are generated (``tp1``, ``tp2``, ``p1_empty``, ``note3``...), never
taken from user text: ``a:b`` would be read as node ``a``, port ``b``. All
user text reaches DOT only inside HTML-like labels, escaped by
:func:`cxmap.render.escape.html_text`; no URL, href or tooltip is ever built
from it. The output holds nothing time- or version-dependent, and everything
comes out in map order, so the same journey always gives the same DOT.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING

from cxmap.model import Aggregate, Channel, ChannelType, Journey, Lang, Touchpoint
from cxmap.render.dot import Digraph
from cxmap.render.escape import html_text
from cxmap.render.options import Detail, RankDir, View
from cxmap.render.style import (
    LEGEND_STATUSES,
    STATUS_STYLES,
    THEMES,
    Theme,
    ThemeName,
    readable,
    worst_status,
)
from cxmap.render.words import Words

if TYPE_CHECKING:
    from cxmap.gaps import GapResult, GapTable


EMOTION_WORDS = {
    2: "very positive",
    1: "positive",
    0: "neutral",
    -1: "negative",
    -2: "very negative",
}
EMOTION_LEVELS = (2, 1, 0, -1, -2)
_TABLE = '<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="2">'
_LEFT = '<BR ALIGN="LEFT"/>'


@dataclass(frozen=True)
class _Ctx:
    """What every view needs: the journey, the theme, and the overlay by touchpoint."""

    journey: Journey
    theme: Theme
    detail: Detail
    gaps: dict[str, list[GapResult]]
    overlay: bool
    channels: dict[str, Channel]
    words: Words
    view: View = View.JOURNEY

    def status(self, touchpoint_id: str) -> str | None:
        """The worst gap status of a touchpoint, or None without measurements."""
        return worst_status([str(r.status) for r in self.gaps.get(touchpoint_id, [])])

    def fill(self, touchpoint_id: str) -> str:
        """The fill colour of a touchpoint: its worst gap status, else the theme's."""
        status = self.status(touchpoint_id)
        return self.theme.status_fill(status) if status else self.theme.node_fill


def build_graph(
    journey: Journey,
    *,
    view: View = View.JOURNEY,
    detail: Detail = Detail.NORMAL,
    theme: ThemeName = ThemeName.DEFAULT,
    rankdir: RankDir | None = RankDir.LR,
    gaps: GapTable | None = None,
    lang: Lang = Lang.EN,
) -> Digraph:
    """Build the diagram of a journey; with ``gaps``, colour touchpoints by their gap status.

    Only overall results (``segment`` None) of ``gaps`` are shown. The channels
    and emotion views are always laid out left to right (``rankdir`` applies to
    the journey view; None picks it, see :func:`auto_rankdir`). The emotion view
    holds every node's position: lay it out with ``neato -n2``. The canvas is
    not a graph (see ``cxmap.render.canvas``).
    """
    if View(view) is View.CANVAS:
        raise ValueError("the canvas is drawn by cxmap.render.canvas.build_canvas")
    if rankdir is None:
        rankdir = auto_rankdir(journey)

    look = THEMES[ThemeName(theme)]
    by_touchpoint: dict[str, list[GapResult]] = defaultdict(list)
    if gaps is not None:
        for result in gaps.results:
            if result.segment is None:
                by_touchpoint[result.touchpoint].append(result)
    channels = {c.id: c for c in journey.channels}
    ctx = _Ctx(
        journey,
        look,
        Detail(detail),
        dict(by_touchpoint),
        gaps is not None,
        channels,
        Words(Lang(lang)),
        View(view),
    )
    graph = Digraph(
        name="cxmap",
        graph_attr={
            "rankdir": _view_rankdir(View(view), RankDir(rankdir)),
            "newrank": "true",
            "fontname": look.font,
            "fontsize": "14",
            "fontcolor": look.text,
            "labelloc": "t",
            "label": f"<<B>{html_text(journey.title)}</B>>",
            "bgcolor": "white",
            "nodesep": "0.3",
            "ranksep": "0.4",
        },
        node_attr={
            "shape": "box",
            "style": "rounded,filled",
            "fontname": look.font,
            "fontsize": look.font_size,
            "fontcolor": look.text,
            "color": look.line,
            "penwidth": look.pen,
            "fillcolor": look.node_fill,
            "margin": "0.08,0.04",
        },
        edge_attr={"color": look.line, "penwidth": look.pen, "arrowsize": "0.7"},
    )
    views = {View.JOURNEY: _journey_view, View.CHANNELS: _channels_view}
    views.get(View(view), _emotion_view)(graph, ctx)
    offline = any(c.type is ChannelType.OFFLINE for c in journey.channels)
    if ctx.view is not View.EMOTION and (  # the emotion view places its own
        ctx.overlay or (ctx.view is View.JOURNEY and offline)
    ):
        _legend(graph, ctx, across=ctx.view is View.CHANNELS)
        if ctx.view is View.CHANNELS:  # one rank down: under the grid
            graph.edge("grid", "legend", style="invis")
    return graph


def _view_rankdir(view: View, rankdir: RankDir) -> str:
    """The journey view goes the asked way; the channels view top to bottom (its legend
    under the grid, as wide as the page allows, not beside it); the emotion view is pinned."""
    if view is View.JOURNEY:
        return str(rankdir)
    return "TB" if view is View.CHANNELS else "LR"


# ---------------------------------------------------------------- journey view

#: Up to this many touchpoints a left-to-right strip stays readable; beyond it,
#: the strip grows far wider than high (17 touchpoints gave 7179 x 317 px).
LR_MAX_TOUCHPOINTS = 3
#: Beyond this many, no direction makes one readable picture, and dot lays a
#: left-to-right graph out in about half the time (3,000 touchpoints: 1.5 s
#: against 2.7 s top to bottom).
TB_MAX_TOUCHPOINTS = 200


def auto_rankdir(journey: Journey) -> RankDir:
    """The journey view's direction when none is asked for.

    Top to bottom from four touchpoints on: then the picture is taller than
    wide and, shown 1600 px wide, its text keeps its size (see
    tests/test_render_readable.py). Left to right for a short journey, and for
    a huge one (more than 200 touchpoints), where it is the faster layout.
    """
    count = len(journey.touchpoints)
    if LR_MAX_TOUCHPOINTS < count <= TB_MAX_TOUCHPOINTS:
        return RankDir.TB
    return RankDir.LR


def _journey_view(graph: Digraph, ctx: _Ctx) -> None:
    journey = ctx.journey
    ids = {tp.id: f"tp{i}" for i, tp in enumerate(journey.touchpoints, 1)}
    phase_of = {tp.id: tp.phase for tp in journey.touchpoints}
    flow = [(a, b) for a, b in journey.flow() if a in ids and b in ids]

    graph.node("start", _terminal(ctx.words("start"), journey.start), **_terminal_style(ctx.theme))
    anchors: list[tuple[str, str]] = []  # (first node, last node) of each phase, in order
    members: dict[str, list[Touchpoint]] = defaultdict(list)
    for tp in journey.touchpoints:
        members[tp.phase].append(tp)
    for p, phase in enumerate(journey.phases, 1):
        with graph.subgraph(name=f"cluster_p{p}") as cluster:
            cluster.attr(
                label=f"<<B>{html_text(phase.name)}</B>>",
                style="rounded,filled",
                fillcolor=ctx.theme.cluster_fill,
                color=ctx.theme.cluster_line,
                penwidth=ctx.theme.pen,
                fontsize="12",
            )
            tps = members.get(phase.id, [])
            if not tps:
                empty = f"p{p}_empty"
                none = ctx.words("no-touchpoints")
                cluster.node(empty, f"<<I>{none}</I>>", shape="plaintext", style="")
                anchors.append((empty, empty))
                continue
            for tp in tps:
                _touchpoint_node(cluster, ids[tp.id], tp, ctx)
            anchors.append((ids[tps[0].id], ids[tps[-1].id]))
    # touchpoints whose phase is unknown (only in maps that did not validate)
    known = {ph.id for ph in journey.phases}
    for tp in journey.touchpoints:
        if tp.phase not in known:
            _touchpoint_node(graph, ids[tp.id], tp, ctx)
    graph.node("end", _terminal(ctx.words("end"), journey.end), **_terminal_style(ctx.theme))

    incoming = {b for _, b in flow}
    outgoing = {a for a, _ in flow}
    order = [tp.id for tp in journey.touchpoints]
    entries = [t for t in order if t not in incoming] or order[:1]
    exits = [t for t in order if t not in outgoing] or order[-1:]
    for tp_id in entries:
        graph.edge("start", ids[tp_id])
    for a, b in flow:
        graph.edge(ids[a], ids[b])
    for tp_id in exits:
        graph.edge(ids[tp_id], "end")
    if not order:
        graph.edge("start", "end")

    # Keep phases in map order where no flow edge already leads from one to the next.
    linked = {(phase_of[a], phase_of[b]) for a, b in flow}
    phase_ids = [ph.id for ph in journey.phases]
    for i in range(len(anchors) - 1):
        if (phase_ids[i], phase_ids[i + 1]) not in linked:
            graph.edge(anchors[i][1], anchors[i + 1][0], style="invis")

    if ctx.detail is not Detail.MINIMAL:
        _annotations(graph, ids, ctx)


def _terminal(word: str, text: str | None) -> str:
    detail = f"<BR/>{html_text(text)}" if text else ""
    return f"<<B>{word}</B>{detail}>"


def _terminal_style(theme: Theme) -> dict[str, str]:
    return {"shape": "box", "style": "rounded,filled,bold", "fillcolor": theme.start_fill}


def _touchpoint_node(graph: Digraph, node_id: str, tp: Touchpoint, ctx: _Ctx) -> None:
    channel = ctx.channels.get(tp.channel)
    rows = [f"<TR><TD><B>{html_text(tp.name)}</B></TD></TR>"]
    facts = []
    if ctx.detail is not Detail.MINIMAL:
        if channel is not None:
            rows.append(f"<TR><TD>{html_text(channel.name)} ({channel.type.value})</TD></TR>")
        if tp.moment is not None:
            facts.append(ctx.words(f"moment.{tp.moment.value}"))
    fill = ctx.fill(tp.id) if ctx.overlay else ctx.theme.node_fill
    feelings = tp.feelings()
    if not feelings and tp.emotion is not None:  # every detail level shows the feeling
        facts.append(_emotion_text(tp.feeling() or 0, ctx, fill))
    if facts:
        rows.append(f"<TR><TD>{' · '.join(facts)}</TD></TR>")
    if feelings:  # one emotion per persona, one line each (on one line the card grew wide)
        names = {p.id: p.name for p in ctx.journey.personas}
        rows.extend(
            f"<TR><TD>{html_text(names.get(p, p))}: {_emotion_text(v, ctx, fill)}</TD></TR>"
            for p, v in feelings.items()
        )
    rows.extend(_gap_rows(tp.id, ctx))
    attrs: dict[str, str] = {}
    if channel is not None and channel.type is ChannelType.OFFLINE:
        attrs["style"] = "filled,dashed"
    if ctx.overlay:
        attrs["fillcolor"] = ctx.fill(tp.id)
    graph.node(node_id, f"<{_TABLE}{''.join(rows)}</TABLE>>", **attrs)


def _emotion_text(emotion: int, ctx: _Ctx, fill: str) -> str:
    theme = ctx.theme
    colour = theme.positive if emotion > 0 else theme.negative if emotion < 0 else theme.text
    colour = readable(colour, fill, theme.text)  # never orange text on an orange fill
    word = ctx.words("lane.emotion").lower()
    return f'<FONT COLOR="{colour}">{word} {emotion_word(emotion, ctx.words)}</FONT>'


def emotion_word(emotion: int, words: Words | None = None) -> str:
    """An emotion as number and word, e.g. ``+1 positive``, ``0 neutral``."""
    number = f"{emotion:+d}" if emotion else "0"
    word = words(f"emotion.{emotion}") if words is not None else EMOTION_WORDS[emotion]
    return f"{number} {word}"


def _gap_rows(touchpoint_id: str, ctx: _Ctx) -> list[str]:
    rows = []
    for result in ctx.gaps.get(touchpoint_id, []):
        status = str(result.status)
        fill = ctx.theme.status_fill(status)
        rows.append(
            f'<TR><TD BGCOLOR="{fill}" BORDER="1">'
            f"{html_text(gap_text(result, ctx.journey, ctx.words))}"
            "</TD></TR>"
        )
    return rows


def gap_text(result: GapResult, journey: Journey, words: Words | None = None) -> str:
    """One measured metric as shown on a touchpoint, e.g. ``▼ CSAT 3.62 / 4.2``."""
    metric = journey.metric(result.metric)
    name = metric.name if metric is not None else result.metric
    aggregate = metric.aggregate if metric is not None else Aggregate.MEAN
    experience = "–" if result.experience is None else _number(result.experience, aggregate)
    target = "–" if result.target is None else f"{result.target:g}"
    status = str(result.status)
    text = f"{STATUS_STYLES[status].symbol} {name} {experience} / {target}"
    if status in ("too-few", "no-data"):
        text += f" (n={result.n})"
    elif status == "no-target":
        text += f" ({(words or Words(Lang.EN))('no-target-suffix')})"
    return text


def _number(value: float, aggregate: Aggregate) -> str:
    return f"{value:.2f}" if aggregate is Aggregate.MEAN else f"{value:.1f}"


def _annotations(graph: Digraph, ids: dict[str, str], ctx: _Ctx) -> None:
    """Pain points and actions (and with full detail more) as notes beside touchpoints."""
    words = ctx.words
    actions: dict[str, list[str]] = defaultdict(list)
    for action in ctx.journey.actions:
        text = f"{words('note.action')}: {action.description}"
        if ctx.detail is Detail.FULL:
            extra = [
                str(x)
                for x in (
                    action.status.value if action.status else None,
                    action.owner,
                    action.due.isoformat() if action.due else None,
                )
                if x
            ]
            if extra:
                text += f" ({', '.join(extra)})"
        actions[action.touchpoint].append(text)
    for tp in ctx.journey.touchpoints:
        lines = [f"{words('note.pain')}: {p}" for p in tp.pain_points] + actions.get(tp.id, [])
        if ctx.detail is Detail.FULL:
            lines = (
                [f"{words('note.does')}: {a}" for a in tp.activities]
                + [f"{words('note.needs')}: {n}" for n in tp.needs]
                + lines
                + [f"{words('note.idea')}: {o}" for o in tp.opportunities]
                + ([f"{words('note.owner')}: {tp.owner}"] if tp.owner else [])
            )
        if not lines or tp.id not in ids:
            continue
        note = f"note{ids[tp.id][2:]}"
        label = "".join(f"{html_text(line)}{_LEFT}" for line in lines)
        graph.node(note, f"<{label}>", shape="note", style="filled", fillcolor=ctx.theme.note_fill)
        graph.edge(ids[tp.id], note, style="dashed", arrowhead="none")


# ---------------------------------------------------------------- channels view


def _channels_view(graph: Digraph, ctx: _Ctx) -> None:
    """A swimlane grid: channels as rows, phases as columns, touchpoints in the cells."""
    journey = ctx.journey
    theme = ctx.theme
    cells: dict[tuple[str, str], list[tuple[int, Touchpoint]]] = defaultdict(list)
    for number, tp in enumerate(journey.touchpoints, 1):
        cells[(tp.channel, tp.phase)].append((number, tp))
    head = "".join(
        f'<TD BGCOLOR="{theme.cluster_fill}"><B>{html_text(ph.name)}</B></TD>'
        for ph in journey.phases
    )
    corner = f"{ctx.words('channel')} / {ctx.words('phase')}"
    rows = [f'<TR><TD BGCOLOR="{theme.cluster_fill}"><I>{corner}</I></TD>{head}</TR>']
    for channel in journey.channels:
        row = [
            f'<TD BGCOLOR="{theme.cluster_fill}" ALIGN="LEFT" BALIGN="LEFT">'
            f"<B>{html_text(channel.name)}</B>"
            f"<BR/>{ctx.words(channel.type.value)}</TD>"
        ]
        for phase in journey.phases:
            row.append(_grid_cell(cells.get((channel.id, phase.id), []), ctx))
        rows.append(f"<TR>{''.join(row)}</TR>")
    table = (
        f'<TABLE BORDER="1" CELLBORDER="1" CELLSPACING="0" CELLPADDING="6" '
        f'COLOR="{theme.cluster_line}">{"".join(rows)}</TABLE>'
    )
    graph.node("grid", f"<{table}>", shape="plaintext", style="")
    _title_with_ends(graph, ctx)


def _grid_cell(entries: Sequence[tuple[int, Touchpoint]], ctx: _Ctx) -> str:
    if not entries:
        return "<TD> </TD>"
    inner = "".join(
        f'<TR><TD BGCOLOR="{ctx.fill(tp.id)}" BORDER="1" ALIGN="LEFT" BALIGN="LEFT">'
        f"{_wrapped(f'{number}. {tp.name}')}{_status_suffix(tp.id, ctx)}</TD></TR>"
        for number, tp in entries
    )
    return f'<TD VALIGN="TOP"><TABLE BORDER="0" CELLSPACING="3">{inner}</TABLE></TD>'


def _wrapped(text: str, width: int = 28) -> str:
    """Text escaped and broken into lines of about ``width`` characters: a long touchpoint
    name on one line made each phase column of the grid as wide as its longest name."""
    import textwrap

    return "<BR/>".join(html_text(line) for line in textwrap.wrap(text, width) or [""])


def _status_suffix(touchpoint_id: str, ctx: _Ctx) -> str:
    results = ctx.gaps.get(touchpoint_id, [])
    if not results:
        return ""
    texts = "".join(f"<BR/>{html_text(gap_text(r, ctx.journey, ctx.words))}" for r in results)
    return f'<FONT POINT-SIZE="9">{texts}</FONT>'


def _title_with_ends(graph: Digraph, ctx: _Ctx) -> None:
    """Views without start and end nodes name them under the title, in a smaller, muted line
    (as large as the title, the line outgrew the title and, on a small map, the grid)."""
    journey = ctx.journey
    parts = []
    if journey.start:
        parts.append(f"{ctx.words('start')}: {html_text(journey.start)}")
    if journey.end:
        parts.append(f"{ctx.words('end')}: {html_text(journey.end)}")
    if parts:
        ends = (
            f'<FONT POINT-SIZE="{ctx.theme.font_size}" COLOR="{ctx.theme.muted}">'
            f"{' → '.join(parts)}</FONT>"
        )
        graph.attr(label=f"<<B>{html_text(journey.title)}</B><BR/>{ends}>")


# ---------------------------------------------------------------- emotion view

#: The emotion view's grid, in points: one column per touchpoint, one row per level.
_COLUMN = 150
_ROW = 64
_NAME_CHARS = 24


def _emotion_view(graph: Digraph, ctx: _Ctx) -> None:
    """The experience line: one column per touchpoint, one row per emotion level.

    Every node carries its position (``pos``, in points, ``!`` = pinned): lay
    it out with ``neato -n2``, which draws without searching (dot's search
    took 72 s for 3,000 touchpoints). The curve joins the touchpoints in map
    order, dashed across touchpoints whose emotion is not mapped.
    """
    journey = ctx.journey
    theme = ctx.theme
    tps = journey.touchpoints
    levels: list[tuple[str, str]] = [
        (f"e{i}", emotion_word(lvl, ctx.words)) for i, lvl in enumerate(EMOTION_LEVELS)
    ]
    if any(tp.feeling() is None for tp in tps):
        levels.append(("eu", ctx.words("emotion.none")))
    row_y = {row: -_ROW * (i + 1) for i, (row, _) in enumerate(levels)}
    level_row = {lvl: f"e{i}" for i, lvl in enumerate(EMOTION_LEVELS)}
    phase_names = {ph.id: ph.name for ph in journey.phases}
    _title_with_ends(graph, ctx)
    graph.attr(splines="line", notranslate="true")

    def pos(x: float, y: float) -> str:
        return f"{x:g},{y:g}!"

    for row, text in levels:
        graph.node(
            f"{row}_0", f"<{html_text(text)}>", shape="plaintext", style="", pos=pos(0, row_y[row])
        )
    # a phase's name over the middle of its run of touchpoints (over the first one, a long
    # phase's name stood far from most of its touchpoints)
    runs: list[list[int]] = []
    for k, tp in enumerate(tps, 1):
        if runs and tps[runs[-1][0] - 1].phase == tp.phase:
            runs[-1][1] = k
        else:
            runs.append([k, k])
    for first, last in runs:
        text = html_text(phase_names.get(tps[first - 1].phase, tps[first - 1].phase))
        middle = _COLUMN * (first + last) / 2
        graph.node(
            f"phase_{first}", f"<<B>{text}</B>>", shape="plaintext", style="", pos=pos(middle, 0)
        )
    for k, tp in enumerate(tps, 1):
        x = _COLUMN * k
        level = tp.feeling()
        row = level_row[level] if level is not None else "eu"
        fill = ctx.fill(tp.id) if ctx.overlay else theme.node_fill
        name = _wrapped(f"{k}. {tp.name}", _NAME_CHARS)
        graph.node(
            f"tp{k}",
            f"<{name}{_status_suffix(tp.id, ctx)}>",
            fillcolor=fill,
            pos=pos(x, row_y[row]),
        )
    # the curve
    mapped = [k for k, tp in enumerate(tps, 1) if tp.feeling() is not None]
    for k1, k2 in pairwise(mapped):
        attrs = {"penwidth": "2.5", "color": theme.positive}
        if k2 != k1 + 1:
            attrs["style"] = "dashed"
        graph.edge(f"tp{k1}", f"tp{k2}", **attrs)
    # statuses, the dashed curve, or the lowest of several personas' emotions, to explain
    if ctx.overlay or len(mapped) < len(tps) or _several_personas(journey):
        _legend(graph, ctx, pos(0, min(row_y.values()) - 1.6 * _ROW))


def _several_personas(journey: Journey) -> bool:
    """Whether a touchpoint feels different per persona (the emotion view draws the lowest)."""
    return any(tp.feelings() for tp in journey.touchpoints)


# ---------------------------------------------------------------- legend


#: Legend entries a row when the legend lies across (under the channels grid).
_ACROSS = 3


def _legend(
    graph: Digraph, ctx: _Ctx, position: str | None = None, *, across: bool = False
) -> None:
    """What the colours, symbols and line styles mean: every encoding the view shows.

    One entry a row, or with ``across`` all in one row (under a wide grid).
    """
    words = ctx.words
    entries = [
        (f'BGCOLOR="{ctx.theme.status_fill(s)}" BORDER="1"', STATUS_STYLES[s].symbol, f"status.{s}")
        for s in (LEGEND_STATUSES if ctx.overlay else ())
    ]
    shown = {str(r.status) for results in ctx.gaps.values() for r in results}
    if ctx.overlay and "suppressed" in shown:
        fill = ctx.theme.status_fill("suppressed")
        entries.append(
            (
                f'BGCOLOR="{fill}" BORDER="1"',
                STATUS_STYLES["suppressed"].symbol,
                "status.suppressed",
            )
        )
    if "no-target" in shown:
        entries.append(('BORDER="1"', STATUS_STYLES["no-target"].symbol, "legend.no-target"))
    cells = [
        f'<TD {look}>{symbol}</TD><TD ALIGN="LEFT">{words(key)}</TD>'
        for look, symbol, key in entries
    ] + _line_cells(ctx)
    heading = words("legend.gap") if ctx.overlay else words("legend")
    if across:  # three entries a row: as wide as a small grid, two rows for the statuses
        rows = [cells[i : i + _ACROSS] for i in range(0, len(cells), _ACROSS)]
        span = 2 * min(len(cells), _ACROSS)
        body = f'<TR><TD COLSPAN="{span}" ALIGN="LEFT"><B>{heading}</B></TD></TR>' + "".join(
            f"<TR>{''.join(row)}</TR>" for row in rows
        )
    else:
        body = f'<TR><TD COLSPAN="2"><B>{heading}</B></TD></TR>' + "".join(
            f"<TR>{cell}</TR>" for cell in cells
        )
    table = (
        f'<TABLE BORDER="1" CELLBORDER="0" CELLSPACING="2" CELLPADDING="3" '
        f'COLOR="{ctx.theme.line}">{body}</TABLE>'
    )
    if position is not None:
        graph.node("legend", f"<{table}>", shape="plaintext", style="", pos=position)
        return
    with graph.subgraph(name="legend_rank") as sub:
        sub.attr(rank="sink")
        sub.node("legend", f"<{table}>", shape="plaintext", style="")


def _line_cells(ctx: _Ctx) -> list[str]:
    """Legend entries for the line styles: borders (online solid, offline dashed) in the
    journey view, the dashed curve across unmapped touchpoints in the emotion view."""
    if ctx.view is View.EMOTION:
        cells = []
        if any(tp.feeling() is None for tp in ctx.journey.touchpoints):
            cells.append(
                f'<TD BORDER="1" STYLE="DASHED">  </TD><TD ALIGN="LEFT">'
                f"{ctx.words('legend.dashed-curve')}</TD>"
            )
        if _several_personas(ctx.journey):
            cells.append(f'<TD>↓</TD><TD ALIGN="LEFT">{ctx.words("legend.lowest")}</TD>')
        return cells
    if ctx.view is not View.JOURNEY:
        return []
    kinds = {c.type for c in ctx.journey.channels}
    if ChannelType.OFFLINE not in kinds:
        return []
    words = ctx.words
    return [
        f'<TD BORDER="1" STYLE="ROUNDED">  </TD><TD ALIGN="LEFT">'
        f"{words('legend.card-online')}</TD>",
        f'<TD BORDER="1" STYLE="DASHED">  </TD><TD ALIGN="LEFT">'
        f"{words('legend.card-offline')}</TD>",
    ]
