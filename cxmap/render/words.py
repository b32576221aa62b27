"""The words cxmap itself writes in diagrams and reports, in English and Dutch.

Terminal messages stay English; this table is for what lands in a picture or
a page: lane names, legend, headings, status names, "start" and "end". A
test checks that every language has every key.
"""

from __future__ import annotations

from cxmap.model import Journey, Lang

EN: dict[str, str] = {
    # canvas lanes
    "lane.touchpoints": "Touchpoints",
    "lane.doing": "Doing",
    "lane.needs": "Thinking and needs",
    "lane.emotion": "Emotion",
    "lane.pain": "Pain points",
    "lane.ideas": "Opportunities",
    "lane.actions": "Actions",
    "lane.experience": "Experience vs target",
    # channels
    "online": "online",
    "offline": "offline",
    # emotion
    "emotion.2": "very positive",
    "emotion.1": "positive",
    "emotion.0": "neutral",
    "emotion.-1": "negative",
    "emotion.-2": "very negative",
    "emotion.none": "not mapped",
    # gap statuses
    "status.above": "above target",
    "status.below": "below target",
    "status.on-target": "on target (within the margin)",
    "status.inconclusive": "inconclusive",
    "status.too-few": "too few answers",
    "status.suppressed": "suppressed (too few respondents to show)",
    "status.no-data": "no data",
    "status.no-target": "no target",
    # trend between waves
    "trend.improved": "improved since the previous wave",
    "trend.declined": "declined since the previous wave",
    "trend.no-change": "no change since the previous wave",
    "trend.inconclusive": "change since the previous wave unclear",
    # action statuses
    "action.idea": "idea",
    "action.planned": "planned",
    "action.doing": "doing",
    "action.done": "done",
    "action.dropped": "dropped",
    "action.none": "no action yet",
    # ends and words
    "start": "Start",
    "end": "End",
    "owner": "owner",
    "channel": "channel",
    "phase": "phase",
    "target": "target",
    "no-touchpoints": "no touchpoints",
    "no-survey": "no survey given",
    "not-measured": "not measured",
    "more": "more",
    # legend
    "legend": "Legend",
    "legend.gap": "Gap against target",
    "legend.card-online": "online channel (solid border)",
    "legend.card-offline": "offline channel (dashed border)",
    "legend.persona": "emotion of persona",
    "legend.emotion": "emotion, −2 very negative to +2 very positive",
    "legend.trend": "trend since the previous wave",
    "legend.no-target": "measured, but no target set",
    "legend.bridge": "dotted: no emotion (or not this persona) in between",
    "legend.dashed-curve": "dashed curve: a touchpoint in between has no emotion",
    # report
    "report.title": "customer journey report",
    "report.fix-first": "Fix first",
    "report.fix-first-note": "The touchpoints with the largest significant gaps below "
    "target, largest gap (as a share of the metric's scale) first.",
    "report.fix-first-none": "No touchpoint is significantly below its target.",
    "report.fix-first-no-survey": "No survey given: run cxmap report MAP --survey FILE.csv "
    "to find what to fix first.",
    "report.canvas": "Journey map",
    "report.diagram": "Journey diagram",
    "report.diagram-missing": "The journey diagram is left out: Graphviz's dot program is "
    "not installed. Install the graphviz package to include it.",
    "report.emotion": "Emotion curve",
    "report.touchpoints": "Touchpoints, targets and gaps",
    "report.gaps": "Gaps, worst first",
    "report.lint": "Lint summary",
    "report.verbatims": "In the customer's words",
    "report.gap": "gap",
    "report.trend": "trend",
    "report.action": "action",
    "report.persona": "Persona",
    "col.phase": "Phase",
    "col.touchpoint": "Touchpoint",
    "col.channel": "Channel",
    "col.emotion": "Emotion",
    "col.measures": "Targets and measured experience",
    "col.pains": "Pain points and ideas",
    "col.actions": "Actions",
    "col.metric": "Metric",
    "col.segment": "Segment",
    "col.experience": "Experience",
    "col.target": "Target",
    "col.gap": "Gap",
    "col.interval": "95% interval",
    "col.status": "Status",
}

NL: dict[str, str] = {
    "lane.touchpoints": "Contactmomenten",
    "lane.doing": "Doen",
    "lane.needs": "Denken en behoeften",
    "lane.emotion": "Emotie",
    "lane.pain": "Pijnpunten",
    "lane.ideas": "Kansen",
    "lane.actions": "Acties",
    "lane.experience": "Beleving vs doel",
    "online": "online",
    "offline": "offline",
    "emotion.2": "zeer positief",
    "emotion.1": "positief",
    "emotion.0": "neutraal",
    "emotion.-1": "negatief",
    "emotion.-2": "zeer negatief",
    "emotion.none": "niet ingevuld",
    "status.above": "boven doel",
    "status.below": "onder doel",
    "status.on-target": "op doel (binnen de marge)",
    "status.inconclusive": "onbeslist",
    "status.too-few": "te weinig antwoorden",
    "status.suppressed": "verborgen (te weinig respondenten om te tonen)",
    "status.no-data": "geen gegevens",
    "status.no-target": "geen doel",
    "trend.improved": "verbeterd sinds de vorige meting",
    "trend.declined": "verslechterd sinds de vorige meting",
    "trend.no-change": "gelijk sinds de vorige meting",
    "trend.inconclusive": "verandering sinds de vorige meting onduidelijk",
    "action.idea": "idee",
    "action.planned": "gepland",
    "action.doing": "bezig",
    "action.done": "klaar",
    "action.dropped": "vervallen",
    "action.none": "nog geen actie",
    "start": "Begin",
    "end": "Einde",
    "owner": "eigenaar",
    "channel": "kanaal",
    "phase": "fase",
    "target": "doel",
    "no-touchpoints": "geen contactmomenten",
    "no-survey": "geen enquête opgegeven",
    "not-measured": "niet gemeten",
    "more": "meer",
    "legend": "Legenda",
    "legend.gap": "Verschil met het doel",
    "legend.card-online": "online kanaal (doorgetrokken rand)",
    "legend.card-offline": "offline kanaal (gestreepte rand)",
    "legend.persona": "emotie van persona",
    "legend.emotion": "emotie, −2 zeer negatief tot +2 zeer positief",
    "legend.trend": "trend sinds de vorige meting",
    "legend.no-target": "gemeten, maar zonder doel",
    "legend.bridge": "gestippeld: geen emotie (of niet deze persona) ertussen",
    "legend.dashed-curve": "gestreepte curve: een contactmoment ertussen heeft geen emotie",
    "report.title": "klantreisrapport",
    "report.fix-first": "Eerst aanpakken",
    "report.fix-first-note": "De contactmomenten met de grootste significante achterstand op "
    "het doel, grootste verschil (als deel van de schaal) eerst.",
    "report.fix-first-none": "Geen contactmoment ligt significant onder het doel.",
    "report.fix-first-no-survey": "Geen enquête opgegeven: draai cxmap report MAP --survey "
    "BESTAND.csv om te zien wat eerst aandacht vraagt.",
    "report.canvas": "Klantreis",
    "report.diagram": "Klantreisdiagram",
    "report.diagram-missing": "Het klantreisdiagram ontbreekt: het programma dot van "
    "Graphviz is niet geïnstalleerd. Installeer het pakket graphviz om het op te nemen.",
    "report.emotion": "Emotiecurve",
    "report.touchpoints": "Contactmomenten, doelen en verschillen",
    "report.gaps": "Verschillen, slechtste eerst",
    "report.lint": "Lint-samenvatting",
    "report.verbatims": "In de woorden van de klant",
    "report.gap": "verschil",
    "report.trend": "trend",
    "report.action": "actie",
    "report.persona": "Persona",
    "col.phase": "Phase",
    "col.touchpoint": "Touchpoint",
    "col.channel": "Channel",
    "col.emotion": "Emotion",
    "col.measures": "Targets and measured experience",
    "col.pains": "Pain points and ideas",
    "col.actions": "Actions",
    "col.metric": "Metric",
    "col.segment": "Segment",
    "col.experience": "Experience",
    "col.target": "Target",
    "col.gap": "Gap",
    "col.interval": "95% interval",
    "col.status": "Status",
}

WORDS: dict[Lang, dict[str, str]] = {Lang.EN: EN, Lang.NL: NL}


def pick_lang(journey: Journey, given: str | None) -> Lang:
    """The language to write in: the option, else the map's ``lang:``, else English."""
    if given is not None:
        return Lang(given)
    return journey.lang or Lang.EN


class Words:
    """The words of one language; ``words("status.below")``."""

    def __init__(self, lang: Lang) -> None:
        self.lang = lang
        self._table = WORDS[lang]

    def __call__(self, key: str) -> str:
        """The word for ``key`` (English when a language lacks it)."""
        return self._table.get(key) or EN[key]
