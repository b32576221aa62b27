"""One self-contained HTML report of a map: diagram, emotion curve, touchpoints and gaps, lint.

Pure: it takes the journey, the already rendered SVG diagrams, the gap table
and the lint findings, and returns the HTML text. Nothing in the page loads
from the network (inline CSS and SVG, no scripts, no fonts, no images by URL),
all user text is escaped with ``html.escape``, and the page holds nothing
time- or version-dependent, so the same inputs give the same bytes.
"""

from __future__ import annotations

import html
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cxmap.findings import Finding, Severity
from cxmap.model import Aggregate, Journey, Lang, Metric, Touchpoint
from cxmap.render.words import Words

if TYPE_CHECKING:
    from cxmap.gaps import GapResult, GapTable
    from cxmap.survey.comments import Comments


@dataclass(frozen=True)
class ReportInput:
    """Everything the report shows, computed beforehand by the caller.

    ``diagram_svg`` None: Graphviz is missing, and the page says so where the
    diagram would be. ``canvas_svg`` is the journey-map canvas (no Graphviz
    needed). ``suppress_below``: a touchpoint with fewer comments than this
    shows none of them (small groups can be recognised by their words).
    """

    journey: Journey
    source: str
    diagram_svg: str | None
    findings: Sequence[Finding] = ()
    gaps: GapTable | None = None
    surveys: Sequence[str] = field(default_factory=tuple)
    canvas_svg: str | None = None
    lang: Lang = Lang.EN
    persona: str | None = None
    comments: Comments | None = None
    suppress_below: int | None = None


def esc(value: object) -> str:
    """User text made safe for HTML text and attribute values."""
    return html.escape(str(value), quote=True)


# ---------------------------------------------------------------- inline SVG

_PROLOG = re.compile(r"\A(?:\s*<\?xml[^>]*\?>|\s*<!DOCTYPE[^>]*>|\s*<!--.*?-->)*\s*", re.DOTALL)
_ID_ATTR = re.compile(r'\bid="([^"]*)"')
_ID_REF = re.compile(r'(url\(#|href="#)([^")]*)')


def inline_svg(svg: str, prefix: str, label: str) -> str:
    """An SVG document as an element inside HTML.

    Drops the XML prolog and doctype, prefixes every id (two diagrams from
    ``dot`` both use ``graph0``, ``node1``...), drops the fixed size so CSS can
    scale it, and labels it for screen readers.
    """
    body = _PROLOG.sub("", svg, count=1)
    body = _ID_ATTR.sub(lambda m: f'id="{prefix}-{m.group(1)}"', body)
    body = _ID_REF.sub(lambda m: f"{m.group(1)}{prefix}-{m.group(2)}", body)
    return body.replace("<svg", f'<svg role="img" aria-label="{esc(label)}"', 1).strip()


# ---------------------------------------------------------------- emotion curve

_STEP = 64
_LEFT = 120
_TOP = 50
_ROW = 42


def emotion_curve(journey: Journey, words: Words | None = None) -> str:
    """The emotion of each touchpoint, in map order, as a small inline SVG line chart.

    One numbered point per touchpoint with an emotion (the number is its row in
    the touchpoint table), joined in map order; phases are shaded bands.
    """
    from cxmap.render.graph import EMOTION_LEVELS

    words = words or Words(Lang.EN)
    label = f"{words('report.emotion-label')} {journey.title}"
    count = len(journey.touchpoints)
    width = _LEFT + _STEP * max(count, 1) + 20
    height = _TOP + _ROW * 4 + 30

    def x(index: int) -> int:
        return _LEFT + _STEP * index + _STEP // 2

    def y(emotion: int) -> int:
        return _TOP + _ROW * (2 - emotion)

    out = [
        f'<svg class="curve" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        'role="img" '
        f'aria-label="{esc(label)}" '
        'xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif" font-size="12">'
    ]
    phase_of = [tp.phase for tp in journey.touchpoints]
    labels: list[str] = []  # drawn after every band, so no band covers a long name
    for band, phase in enumerate(journey.phases):
        indexes = [i for i, p in enumerate(phase_of) if p == phase.id]
        if not indexes:
            continue
        left, right = _LEFT + _STEP * indexes[0], _LEFT + _STEP * (indexes[-1] + 1)
        shade = "#f1f4f8" if band % 2 == 0 else "#ffffff"
        # names alternate between two lines, so a name may run into its neighbours' bands
        fits = max(4, (right - left) * 2 // 7)
        name = phase.name if len(phase.name) <= fits else phase.name[: fits - 1] + "…"
        out.append(
            f'<rect x="{left}" y="{_TOP - 42}" width="{right - left}" height="{_ROW * 4 + 56}" '
            f'fill="{shade}"/>'
        )
        labels.append(
            f'<text x="{(left + right) // 2}" y="{_TOP - 28 + 14 * (band % 2)}" '
            f'text-anchor="middle" font-weight="600" fill="#1f2328"><title>{esc(phase.name)}'
            f"</title>{esc(name)}</text>"
        )
    out += labels
    for level in EMOTION_LEVELS:
        out.append(
            f'<line x1="{_LEFT}" y1="{y(level)}" x2="{width - 20}" y2="{y(level)}" '
            f'stroke="#d1d9e0" stroke-dasharray="{"none" if level == 0 else "3 3"}"/>'
            f'<text x="{_LEFT - 8}" y="{y(level) + 4}" text-anchor="end" fill="#59636e">'
            f"{_signed_int(level)} {esc(words(f'emotion.{level}'))}</text>"
        )
    points = [(i, tp) for i, tp in enumerate(journey.touchpoints) if tp.feeling() is not None]
    if len(points) > 1:
        path = " ".join(f"{x(i)},{y(tp.feeling() or 0)}" for i, tp in points)
        out.append(f'<polyline points="{path}" fill="none" stroke="#0b5cad" stroke-width="2.5"/>')
    for i, tp in points:
        emotion = tp.feeling() or 0
        fill = "#b42318" if emotion < 0 else "#067647" if emotion > 0 else "#59636e"
        out.append(
            f"<g><title>{i + 1}. {esc(tp.name)} ({_signed_int(emotion)})</title>"
            f'<circle cx="{x(i)}" cy="{y(emotion)}" r="12" fill="{fill}" stroke="#fff" '
            f'stroke-width="2"/><text x="{x(i)}" y="{y(emotion) + 4}" text-anchor="middle" '
            f'fill="#fff" font-weight="700">{i + 1}</text></g>'
        )
    out.append("</svg>")
    return '<figure class="curve">' + "".join(out) + "</figure>"


# ---------------------------------------------------------------- numbers and words


def _number(value: float, metric: Metric | None) -> str:
    aggregate = metric.aggregate if metric is not None else Aggregate.MEAN
    if aggregate is Aggregate.MEAN:
        return f"{value:.2f}"
    suffix = "%" if aggregate is Aggregate.TOP2BOX else ""
    return f"{value:.1f}{suffix}"


def _signed(value: float) -> str:
    return f"{value:+.2f}".replace("-", "−")


def _signed_int(value: int) -> str:
    """-1, 0, +1: a sign on every number but zero."""
    return f"{value:+d}" if value else "0"


def _emotion(value: int | None, words: Words) -> str:
    if value is None:
        return f'<span class="muted">{esc(words("emotion.none"))}</span>'
    width = (value + 2) * 25
    return (
        f'<span class="emo emo{value:+d}">{_signed_int(value)}</span> '
        f"{esc(words(f'emotion.{value}'))}"
        f'<span class="bar" aria-hidden="true"><span style="width:{width}%"></span></span>'
    )


# ---------------------------------------------------------------- the page


def build_report(data: ReportInput) -> str:
    """The report as one HTML document (a string).

    It opens with what to fix first, then the journey-map canvas, the
    figures, the diagrams and tables, and the lint summary.
    """
    journey = data.journey
    words = Words(data.lang)
    title = f"{journey.title} · {words('report.title')}"
    if data.diagram_svg is not None:
        diagram = (
            '<figure class="diagram">'
            + inline_svg(
                data.diagram_svg, "journey", f"{words('report.diagram-label')} {journey.title}"
            )
            + "</figure>"
        )
    else:
        diagram = f'<p class="missing" role="note">{esc(words("report.diagram-missing"))}</p>'
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{esc(data.lang.value)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">",
        f"<title>{esc(title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        _header(data, words),
        _section("fix-first", words("report.fix-first"), _fix_first(data, words)),
        _canvas(data, words),
        _summary(data, words),
        _section("diagram", words("report.diagram"), diagram),
        _section(
            "emotion",
            words("report.emotion"),
            f'<p class="note">{esc(words("report.emotion-note"))}</p>'
            + emotion_curve(journey, words),
        ),
        _section("touchpoints", words("report.touchpoints"), _touchpoint_table(data)),
        _verbatims(data, words),
        _gap_section(data, words),
        _section("lint", words("report.lint"), _lint(data, words)),
        f"<footer>{esc(words('report.footer-made'))} <code>"
        + esc(data.source)
        + f"</code>. {esc(words('report.footer-gap'))}</footer>",
        "</body>",
        "</html>",
    ]
    return "\n".join(p for p in parts if p) + "\n"


def _canvas(data: ReportInput, words: Words) -> str:
    if data.canvas_svg is None:
        return ""
    label = f"Journey map canvas of {data.journey.title}"
    return _section(
        "canvas",
        words("report.canvas"),
        '<figure class="canvas">' + inline_svg(data.canvas_svg, "canvas", label) + "</figure>",
    )


def _fix_first(data: ReportInput, words: Words) -> str:
    from cxmap.render.canvas import trend_arrow, trend_status
    from cxmap.report.fixfirst import fix_first

    if data.gaps is None:
        return f'<p class="note">{esc(words("report.fix-first-no-survey"))}</p>'
    priorities = fix_first(data.journey, data.gaps)
    if not priorities:
        return f'<p class="note">{esc(words("report.fix-first-none"))}</p>'
    phases = {p.id: p.name for p in data.journey.phases}
    items = []
    for rank, item in enumerate(priorities, 1):
        tp, r = item.touchpoint, item.result
        metric = data.journey.metric(r.metric)
        name = metric.name if metric is not None else r.metric
        figures = (
            f"{esc(name)} {esc(_number(r.experience, metric)) if r.experience is not None else '–'}"
            f" / {words('target')} {esc(f'{r.target:g}') if r.target is not None else '–'}"
        )
        ci = (
            f' <span class="muted">({esc(words("report.measured-ci"))} '
            f"{esc(_number(r.ci_low, metric))} – "
            f"{esc(_number(r.ci_high, metric))}; n {r.n})</span>"
            if r.ci_low is not None and r.ci_high is not None
            else ""
        )
        trend = trend_arrow(r)
        trend_text = f"{esc(trend)} {esc(words(f'trend.{trend_status(trend)}'))}" if trend else "–"
        if item.actions:
            acts = "".join(
                f'<li>{esc(a.description)} <span class="pill">'
                f"{esc(words(f'action.{a.status.value}') if a.status else '–')}</span>"
                + (f' <span class="muted">{esc(a.owner)}</span>' if a.owner else "")
                + "</li>"
                for a in item.actions
            )
            action = f'<ul class="actions">{acts}</ul>'
        else:
            action = f'<span class="no-action">{esc(words("action.none"))}</span>'
        quote = _first_verbatim(data, tp.id)
        items.append(
            f'<li class="priority" id="fix-{esc(tp.id)}"><div class="rank">{rank}</div>'
            f'<div class="what"><h3>{esc(tp.name)} <span class="muted">'
            f"{esc(phases.get(tp.phase, tp.phase))}</span></h3>"
            f'<dl class="facts">'
            f"<dt>{esc(words('report.gap'))}</dt><dd>{figures} · "
            f'<strong class="s-below">{esc(_signed(r.gap or 0.0))}</strong>{ci}</dd>'
            f"<dt>{esc(words('report.trend'))}</dt><dd>{trend_text}</dd>"
            f"<dt>{esc(words('owner'))}</dt><dd>{esc(tp.owner) if tp.owner else '–'}</dd>"
            f"<dt>{esc(words('report.action'))}</dt><dd>{action}</dd>"
            "</dl>" + (f"<blockquote>{quote}</blockquote>" if quote else "") + "</div></li>"
        )
    note = f'<p class="note">{esc(words("report.fix-first-note"))}</p>'
    return note + '<ol class="fix-first">' + "".join(items) + "</ol>"


def _shown_comments(data: ReportInput, touchpoint: str) -> list[str] | None:
    """The escaped verbatims of a touchpoint, [] for none, None when suppressed."""
    if data.comments is None:
        return []
    count = data.comments.counts.get(touchpoint, 0)
    if data.suppress_below is not None and 0 < count < data.suppress_below:
        return None
    return [
        esc(v.text)
        + (f' <span class="muted">({esc(f"{v.score:g}")})</span>' if v.score is not None else "")
        for v in data.comments.lowest.get(touchpoint, [])
    ]


def _first_verbatim(data: ReportInput, touchpoint: str) -> str:
    shown = _shown_comments(data, touchpoint)
    return f"“{shown[0]}”" if shown else ""


def _verbatims(data: ReportInput, words: Words) -> str:
    if data.comments is None or not data.comments.counts:
        return ""
    rows = []
    for number, tp in enumerate(data.journey.touchpoints, 1):
        count = data.comments.counts.get(tp.id, 0)
        if not count:
            continue
        shown = _shown_comments(data, tp.id)
        counted = words("report.comment") if count == 1 else words("report.comments")
        counted = counted.format(count=count)
        if shown is None:
            hidden = words("report.comments-hidden").format(limit=data.suppress_below)
            body = f'<p class="muted">{esc(counted)}, {esc(hidden)}</p>'
        else:
            body = "".join(f"<blockquote>“{q}”</blockquote>" for q in shown)
        rows.append(
            f'<div class="verbatims" id="say-{esc(tp.id)}"><h3>{number}. {esc(tp.name)} '
            f'<span class="muted">{esc(counted)}, {esc(words("report.comments-lowest"))}'
            f"</span></h3>{body}</div>"
        )
    return _section("verbatims", words("report.verbatims"), "".join(rows))


def _section(anchor: str, heading: str, body: str) -> str:
    return f'<section id="{anchor}"><h2>{esc(heading)}</h2>\n{body}\n</section>'


def _header(data: ReportInput, words: Words) -> str:
    j = data.journey
    facts: list[tuple[str, str]] = [(words("fact.map"), f"<code>{esc(j.id)}</code>")]
    if j.owner:
        facts.append((words("owner"), esc(j.owner)))
    if j.reviewed:
        days = j.review_every_days
        every = f", {words('fact.every').format(days=days)}" if days else ""
        facts.append((words("fact.reviewed"), f"{esc(j.reviewed.isoformat())}{esc(every)}"))
    if j.start or j.end:
        start = j.start or words("fact.start-none")
        end = j.end or words("fact.end-none")
        facts.append((words("fact.journey"), f"{esc(start)} → {esc(end)}"))
    if data.persona is not None:
        names = {p.id: p.name for p in j.personas}
        name = f"<strong>{esc(names.get(data.persona, data.persona))}</strong>"
        facts.append((words("fact.persona"), name))
    elif j.personas:
        facts.append((words("fact.personas"), ", ".join(esc(p.name) for p in j.personas)))
    if j.segments:
        facts.append((words("fact.segments"), ", ".join(esc(s) for s in j.segments)))
    if data.surveys:
        surveys = ", ".join(f"<code>{esc(s)}</code>" for s in data.surveys)
        facts.append((words("fact.surveys"), surveys))
    rows = "".join(f"<dt>{esc(k)}</dt><dd>{v}</dd>" for k, v in facts)
    description = f"<p>{esc(j.description)}</p>" if j.description else ""
    return f'<header><h1>{esc(j.title)}</h1>{description}<dl class="facts">{rows}</dl></header>'


def _summary(data: ReportInput, words: Words) -> str:
    j = data.journey
    types = Counter(c.type.value for c in j.channels)
    channels = ", ".join(f"{n} {words(t)}" for t, n in sorted(types.items()))
    severities = Counter(f.severity for f in data.findings)
    lint = ", ".join(
        f"{severities[s]} {words(f'sev.{s.value}' + ('s' if severities[s] != 1 else ''))}"
        for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)
        if severities[s]
    )
    cards = [
        (
            words("card.touchpoints"),
            str(len(j.touchpoints)),
            words("card.phases").format(count=len(j.phases)),
        ),
        (words("card.channels"), str(len(j.channels)), channels or words("card.none")),
        (words("card.lint"), str(len(data.findings)), lint or words("card.no-findings")),
    ]
    if data.gaps is not None:
        status = Counter(r.status.value for r in data.gaps.results if r.segment is None)
        cards.append(
            (
                words("status.below"),
                str(status["below"]),
                words("card.above-inconclusive").format(
                    above=status["above"], inconclusive=status["inconclusive"]
                ),
            )
        )
    body = "".join(
        f'<div class="card"><span class="big">{esc(v)}</span> {esc(k)}'
        f'<span class="small">{esc(s)}</span></div>'
        for k, v, s in cards
    )
    label = esc(words("report.summary"))
    return f'<section id="summary" class="cards" aria-label="{label}">{body}</section>'


def _overall(gaps: GapTable | None) -> dict[str, dict[str, GapResult]]:
    out: dict[str, dict[str, GapResult]] = defaultdict(dict)
    if gaps is not None:
        for r in gaps.results:
            if r.segment is None:
                out[r.touchpoint][r.metric] = r
    return out


def _touchpoint_table(data: ReportInput) -> str:
    j = data.journey
    words = Words(data.lang)
    phases = {p.id: p.name for p in j.phases}
    channels = {c.id: c for c in j.channels}
    actions: dict[str, list[str]] = defaultdict(list)
    for a in j.actions:
        status = words(f"action.{a.status.value}") if a.status else None
        detail = ", ".join(esc(x) for x in (status, a.owner) if x)
        actions[a.touchpoint].append(
            f"{esc(a.description)}" + (f' <span class="muted">({detail})</span>' if detail else "")
        )
    overall = _overall(data.gaps)
    rows = []
    for number, tp in enumerate(j.touchpoints, 1):
        channel = channels.get(tp.channel)
        measures = overall.get(tp.id, {})
        channel_cell = (
            f'{esc(channel.name)} <span class="muted">{esc(words(channel.type.value))}</span>'
            if channel
            else esc(tp.channel)
        )
        rows.append(
            f'<tr id="tp-{esc(tp.id)}"><td class="num">{number}</td>'
            f"<td>{esc(phases.get(tp.phase, tp.phase))}</td>"
            f"<td><strong>{esc(tp.name)}</strong><br><code>{esc(tp.id)}</code>"
            + (
                f'<br><span class="muted">{esc(words("owner"))}: {esc(tp.owner)}</span>'
                if tp.owner
                else ""
            )
            + f"</td><td>{channel_cell}</td>"
            f"<td>{_emotion(tp.feeling(), words)}</td>"
            f"<td>{_metrics_cell(tp, measures, j, data.gaps is not None, data.lang)}</td>"
            f"<td>{_list(tp.pain_points, 'pain')}{_list(tp.opportunities, 'idea')}</td>"
            f"<td>{_list_html(actions.get(tp.id, []))}</td></tr>"
        )
    names = ("#", "phase", "touchpoint", "channel", "emotion", "measures", "pains", "actions")
    head = (
        "<thead><tr>"
        + "".join(f"<th>{esc(words(f'col.{n}') if n != '#' else n)}</th>" for n in names)
        + "</tr></thead>"
    )
    return f'<table id="touchpoint-table">{head}<tbody>{"".join(rows)}</tbody></table>'


def _list(items: Sequence[str], kind: str) -> str:
    return _list_html([esc(i) for i in items], kind)


def _list_html(items: Sequence[str], kind: str = "") -> str:
    if not items:
        return ""
    cls = f' class="{kind}"' if kind else ""
    return f"<ul{cls}>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"


def _metrics_cell(
    tp: Touchpoint,
    results: dict[str, GapResult],
    journey: Journey,
    measured: bool,
    lang: Lang = Lang.EN,
) -> str:
    from cxmap.formats.gaps import SYMBOLS
    from cxmap.gaps import direction_up

    words = Words(lang)
    metric_ids = list(dict.fromkeys([*tp.targets, *sorted(results)]))
    if not metric_ids:
        return f'<span class="muted">{esc(words("status.no-target"))}</span>'
    lines = []
    for metric_id in metric_ids:
        metric = journey.metric(metric_id)
        name = metric.name if metric is not None else metric_id
        target = tp.targets.get(metric_id)
        text = f"<strong>{esc(name)}</strong>"
        if target is not None:
            sense = "≥" if metric is None or direction_up(metric) else "≤"
            text += f" {esc(words('target'))} {sense} {esc(f'{target:g}')}"
        result = results.get(metric_id)
        if result is not None:
            status = result.status.value
            if result.experience is not None:
                measured_word = esc(words("report.measured"))
                text += f" · {measured_word} {esc(_number(result.experience, metric))}"
            text += f' <span class="muted">(n {result.n})</span>'
            if result.gap is not None:
                text += f" · {esc(words('report.gap'))} {esc(_signed(result.gap))}"
            text += (
                f' <span class="status s-{esc(status)}">{esc(SYMBOLS[result.status])} '
                f"{esc(words(f'status.{status}'))}</span>"
            )
        elif measured:
            text += f' <span class="muted">· {esc(words("report.not-in-survey"))}</span>'
        lines.append(f"<li>{text}</li>")
    return '<ul class="metrics">' + "".join(lines) + "</ul>"


def _gap_section(data: ReportInput, words: Words) -> str:
    if data.gaps is None:
        text = esc(words("report.gaps-no-survey")).format(
            command="<code>cxmap report MAP --survey FILE.csv</code>"
        )
        return _section("gaps", words("report.gaps-heading"), f'<p class="note">{text}</p>')
    from cxmap.formats.gaps import SYMBOLS, worst_first

    j = data.journey
    names = {tp.id: tp.name for tp in j.touchpoints}
    rows = []
    for r in worst_first(data.gaps):
        metric = j.metric(r.metric)
        ci = (
            f"{_number(r.ci_low, metric)} – {_number(r.ci_high, metric)}"
            if r.ci_low is not None and r.ci_high is not None
            else "–"
        )
        cells = [
            esc(names.get(r.touchpoint, r.touchpoint)),
            esc(metric.name if metric else r.metric),
            esc(r.segment or words("segment.all")),
            str(r.n),
            esc(_number(r.experience, metric)) if r.experience is not None else "–",
            esc(f"{r.target:g}") if r.target is not None else "–",
            esc(_signed(r.gap)) if r.gap is not None else "–",
            esc(ci),
            f'<span class="status s-{esc(r.status.value)}">{esc(SYMBOLS[r.status])} '
            f"{esc(words(f'status.{r.status.value}'))}</span>",
        ]
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    columns = ("touchpoint", "metric", "segment", "n", "experience", "target", "gap")
    head = "".join(
        f"<th>{esc(words(f'col.{c}') if c != 'n' else c)}</th>"
        for c in (*columns, "interval", "status")
    )
    read = words("report.rows-read").format(
        read=data.gaps.rows_read, skipped=data.gaps.rows_skipped
    )
    body = (
        f'<p class="note">{esc(read)}</p>'
        f'<table id="gap-table"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
    if data.gaps.unmapped:
        body += (
            f'<p class="note">{esc(words("report.unmapped"))} '
            + ", ".join(f"<code>{esc(u)}</code>" for u in data.gaps.unmapped)
            + "</p>"
        )
    if data.gaps.warnings:
        body += (
            f"<details><summary>{esc(words('report.survey-warnings'))}</summary>"
            + _list(data.gaps.warnings, "")
            + "</details>"
        )
    return _section("gaps", words("report.gaps"), body)


def _lint(data: ReportInput, words: Words) -> str:
    if not data.findings:
        return f'<p class="note">{esc(words("report.lint-none"))}</p>'
    rows = "".join(
        f'<tr><td class="num">{f.span.line}:{f.span.column}</td><td><code>{esc(f.code)}</code></td>'
        f'<td><span class="sev sev-{esc(f.severity.value)}">{esc(f.severity.value)}</span></td>'
        f'<td>{esc(f.message)} <span class="muted">{esc(f.name)}</span></td></tr>'
        for f in data.findings
    )
    head = "".join(
        f"<th>{esc(words(f'col.{c}'))}</th>" for c in ("line", "code", "severity", "finding")
    )
    return f'<table id="lint-table"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'


_CSS = """
:root { color-scheme: light; --ink: #1f2328; --muted: #59636e; --line: #d1d9e0;
  --soft: #f6f8fa; --accent: #0b5cad; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
  sans-serif; color: var(--ink); background: #fff; margin: 0 auto; padding: 24px 32px 48px;
  max-width: 1400px; }
h1 { font-size: 28px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 32px 0 8px; padding-bottom: 4px; border-bottom: 2px solid
  var(--line); }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.9em; }
.muted, .note, footer { color: var(--muted); }
.small { display: block; font-size: 13px; color: var(--muted); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 12px 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 16px 0; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 16px; min-width: 170px;
  background: var(--soft); }
.big { font-size: 26px; font-weight: 700; }
figure.diagram { margin: 0; padding: 8px; border: 1px solid var(--line); border-radius: 8px;
  overflow-x: auto; background: #fff; }
figure.diagram svg { display: block; margin: 0 auto; max-width: 100%; height: auto; }
figure.curve { margin: 0; overflow-x: auto; }
svg.curve { display: block; max-width: 100%; height: auto; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { border-bottom: 1px solid var(--line); padding: 6px 8px; text-align: left;
  vertical-align: top; }
th { background: var(--soft); position: sticky; top: 0; }
td.num { color: var(--muted); white-space: nowrap; }
tbody tr:nth-child(even) { background: #fbfcfd; }
ul { margin: 0; padding-left: 18px; }
ul.metrics { list-style: none; padding: 0; }
ul.metrics li + li { margin-top: 4px; }
ul.pain li::marker { content: "✗ "; color: #b42318; }
ul.idea li::marker { content: "✓ "; color: #067647; }
.status { white-space: nowrap; font-weight: 600; padding: 0 4px; border-radius: 4px; }
.s-above { color: #0b5cad; background: #e8f1fb; }
.s-below { color: #b42318; background: #fdecea; }
.s-on-target { color: #1d6b3a; background: #e7f5ec; }
.s-inconclusive { color: #7a5b00; background: #fff6d6; }
.s-too-few, .s-suppressed, .s-no-data, .s-no-target {
  color: var(--muted); background: var(--soft);
}
.sev { font-weight: 600; }
.sev-error { color: #b42318; }
.sev-warning { color: #7a5b00; }
.sev-info { color: var(--muted); }
.emo { font-weight: 700; display: inline-block; min-width: 2ch; }
.emo-2, .emo-1 { color: #b42318; }
.emo\\+1, .emo\\+2 { color: #067647; }
.bar { display: block; width: 80px; height: 6px; background: var(--soft); border: 1px solid
  var(--line); border-radius: 3px; margin-top: 3px; }
.bar span { display: block; height: 100%; background: var(--accent); border-radius: 3px; }
details { margin-top: 8px; }
ol.fix-first { list-style: none; padding: 0; margin: 0; display: grid; gap: 12px; }
li.priority { display: flex; gap: 14px; border: 1px solid var(--line); border-left: 6px solid
  #b42318; border-radius: 8px; padding: 10px 14px; background: #fff; break-inside: avoid; }
li.priority .rank { font-size: 26px; font-weight: 700; color: #b42318; min-width: 1.4em; }
li.priority h3 { margin: 0 0 4px; font-size: 17px; }
li.priority dl.facts { margin: 4px 0; }
ul.actions { list-style: none; padding: 0; }
.pill { font-size: 12px; font-weight: 600; border: 1px solid var(--line); border-radius: 10px;
  padding: 0 6px; background: var(--soft); white-space: nowrap; }
.no-action { color: #b42318; font-weight: 600; }
blockquote { margin: 6px 0 0; padding: 4px 10px; border-left: 3px solid var(--line);
  color: var(--ink); font-style: italic; }
.verbatims h3 { font-size: 15px; margin: 12px 0 4px; }
figure.canvas { margin: 0; overflow-x: auto; border: 1px solid var(--line); border-radius: 8px; }
figure.canvas svg { display: block; max-width: none; height: auto; }
p.missing { border: 1px dashed #b42318; border-radius: 8px; padding: 12px 16px;
  color: #7a1a12; background: #fdf3f2; }
footer { margin-top: 40px; font-size: 13px; border-top: 1px solid var(--line); padding-top: 8px; }
@media print {
  @page { size: A4 portrait; margin: 12mm; }
  body { font-size: 9pt; padding: 0; max-width: none; }
  table { font-size: 8pt; }
  h2 { break-after: avoid; margin-top: 16pt; }
  section { break-inside: auto; }
  section { break-before: page; }
  section#fix-first, section#summary { break-before: auto; }
  table { table-layout: fixed; }
  /* break a word only when it cannot fit its column at all (anywhere split
     "inconclusive" and "Consideration" in the middle) */
  th, td { overflow-wrap: break-word; hyphens: auto; padding: 4px 5px; }
  .status, .pill, td.num { white-space: normal; }
  /* fixed layout gives every column the same width unless told: the # column took an eighth
     of the page, and the figures' column wrapped after every word */
  #touchpoint-table th:nth-child(1) { width: 5%; }
  #touchpoint-table th:nth-child(2) { width: 10%; }
  #touchpoint-table th:nth-child(3) { width: 17%; }
  #touchpoint-table th:nth-child(4) { width: 11%; }
  #touchpoint-table th:nth-child(5) { width: 10%; }
  #touchpoint-table th:nth-child(6) { width: 21%; }
  #touchpoint-table th:nth-child(7) { width: 13%; }
  #touchpoint-table th:nth-child(8) { width: 13%; }
  #gap-table th:nth-child(1) { width: 17%; }
  #gap-table th:nth-child(2) { width: 11%; }
  #gap-table th:nth-child(3) { width: 11%; }
  #gap-table th:nth-child(4) { width: 7%; }
  #gap-table th:nth-child(5) { width: 11%; }
  #gap-table th:nth-child(6) { width: 8%; }
  #gap-table th:nth-child(7) { width: 8%; }
  #gap-table th:nth-child(8) { width: 12%; }
  #gap-table th:nth-child(9) { width: 15%; }
  #lint-table th:nth-child(1) { width: 8%; }
  #lint-table th:nth-child(2) { width: 9%; }
  #lint-table th:nth-child(3) { width: 11%; }
  figure.canvas { border: none; overflow: visible; }
  figure.canvas svg { width: 100%; max-width: 100%; height: auto; }
  figure.diagram { border: none; overflow: visible; break-inside: avoid; }
  /* with its heading on the same page: 273 mm of page less the heading and padding */
  figure.diagram svg { width: auto; max-width: 100%; max-height: 235mm; height: auto; }
  svg.curve { min-width: 0; break-inside: avoid; }
  th { position: static; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  tbody tr:nth-child(even), .card, th { background: none; }
  .status, .card { border: 1px solid #999; }
  .bar { print-color-adjust: exact; -webkit-print-color-adjust: exact; max-width: 100%; }
}
"""
