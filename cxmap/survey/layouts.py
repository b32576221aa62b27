"""What each survey tool writes, as data: header rows, meta columns, response types.

One table per kind of knowledge, named after the tool (and version) it comes
from. The readers look things up here; they hold no ``if tool == ...`` chains
beyond choosing the row of a table.
"""

from __future__ import annotations

from enum import StrEnum


class Tool(StrEnum):
    """Which tool (and export version) wrote a survey file."""

    QUALTRICS = "qualtrics"
    QUALTRICS_2016 = "qualtrics-2016"
    QUALTRICS_LEGACY = "qualtrics-legacy"
    SURVEYMONKEY = "surveymonkey"
    SURVEYMONKEY_OLD = "surveymonkey-old"
    GOOGLE_FORMS = "google-forms"
    TYPEFORM = "typeform"
    MICROSOFT_FORMS = "microsoft-forms"
    PLAIN = "plain"
    LONG = "long"

    @property
    def qualtrics(self) -> bool:
        """True for every Qualtrics layout."""
        return self in (Tool.QUALTRICS, Tool.QUALTRICS_2016, Tool.QUALTRICS_LEGACY)

    @property
    def surveymonkey(self) -> bool:
        """True for both SurveyMonkey layouts."""
        return self in (Tool.SURVEYMONKEY, Tool.SURVEYMONKEY_OLD)


def fold(text: str) -> str:
    """The form header cells are compared in: NFC, case-folded, spaces folded."""
    import unicodedata

    text = unicodedata.normalize("NFC", text).replace("\u00a0", " ").replace("\u202f", " ")
    return " ".join(text.split()).casefold()


#: header rows above the data, per layout
HEADER_ROWS: dict[Tool, int] = {
    Tool.QUALTRICS: 3,  # ids, question texts, {"ImportId": "QID1"}
    Tool.QUALTRICS_2016: 3,  # ids, question texts, {'ImportId': 'QID1'}
    Tool.QUALTRICS_LEGACY: 2,  # V1.. tags and Q ids, then ResponseID.. and question texts
    Tool.SURVEYMONKEY: 2,  # question texts, then Response / row labels
    Tool.SURVEYMONKEY_OLD: 2,
    Tool.GOOGLE_FORMS: 1,
    Tool.TYPEFORM: 1,
    Tool.MICROSOFT_FORMS: 1,
    Tool.PLAIN: 1,
    Tool.LONG: 1,
}

#: Google Forms' first column, in the languages of the Forms interface
GOOGLE_TIMESTAMPS = frozenset(
    fold(s)
    for s in (
        "Timestamp",
        "Tijdstempel",
        "Zeitstempel",
        "Horodateur",
        "Marca temporal",
        "Marca de tiempo",
        "Carimbo de data/hora",
        "Informazioni cronologiche",
        "Sygnatura czasowa",
        "Tidsstämpel",
        "Tidsstempel",
        "Aikaleima",
        "Časová značka",
        "Časová pečiatka",
        "Időbélyeg",
        "Marcă temporală",
        "Zaman damgası",
        "Отметка времени",
        "Позначка часу",
        "Χρονική σήμανση",
        "タイムスタンプ",
        "时间戳",
        "時間戳記",
        "타임스탬프",
        "Dấu thời gian",
        "Cap waktu",
        "Stempel waktu",
    )
)

#: Typeform's own columns (any one of them, with '#' first, says Typeform)
TYPEFORM_COLUMNS = frozenset(
    fold(s)
    for s in (
        "Start Date (UTC)",
        "Submit Date (UTC)",
        "Stage Date (UTC)",
        "Network ID",
        "Response Type",
        "Tags",
        "Ending",
    )
)

#: Microsoft Forms' first columns
MICROSOFT_FORMS_START = (fold("ID"), fold("Start time"), fold("Completion time"))

# Columns every export tool adds that are not questions (compared folded).
META_COLUMNS = frozenset(
    fold(s)
    for s in (
        # Qualtrics (current and 2016; the legacy names are the second header row)
        "StartDate",
        "EndDate",
        "Status",
        "Response Type",
        "IPAddress",
        "IP Address",
        "Progress",
        "Duration (in seconds)",
        "Finished",
        "RecordedDate",
        "Recorded Date",
        "ResponseId",
        "Response ID",
        "ResponseID",
        "ResponseSet",
        "Name",
        "EmailAddress",
        "RecipientLastName",
        "RecipientFirstName",
        "RecipientEmail",
        "ExternalReference",
        "ExternalDataReference",
        "LocationLatitude",
        "LocationLongitude",
        "LocationAccuracy",
        "DistributionChannel",
        "UserLanguage",
        # SurveyMonkey, current and old
        "Respondent ID",
        "RespondentID",
        "Collector ID",
        "CollectorID",
        "Start Date",
        "End Date",
        "Email Address",
        "First Name",
        "Last Name",
        "LastName",
        "Custom Data",
        "Custom Data 1",
        # Google Forms
        *GOOGLE_TIMESTAMPS,
        "Email address",
        "E-mailadres",
        "Score",
        # Typeform
        "#",
        *TYPEFORM_COLUMNS,
        # Microsoft Forms
        "ID",
        "Start time",
        "Completion time",
        "Email",
        "Last modified time",
        # long format and common extras
        "respondent",
        "respondent_id",
        "comment",
        "date",
        "channel",
        "segment",
        "wave",
    )
)

#: the column of a long file that holds the respondent's own words (``cxmap.survey.comments``)
COMMENT_COLUMN = "comment"

#: the column holding the response type, and which types are excluded (by reason)
RESPONSE_TYPES: dict[Tool, tuple[tuple[str, ...], dict[str, str | None]]] = {
    # Qualtrics: numeric codes (default export) and choice texts; IP Address,
    # Imported and Offline responses count
    tool: (
        ("Status", "Response Type"),
        {
            "0": None,
            "ip address": None,
            "1": "preview",
            "survey preview": "preview",
            "2": "test",
            "survey test": "test",
            "4": None,
            "imported": None,
            "8": "spam",
            "spam": "spam",
            "9": "spam",
            "preview spam": "spam",
            "12": "spam",
            "imported spam": "spam",
            "16": None,
            "offline": None,
            "17": "preview",
            "offline survey preview": "preview",
        },
    )
    for tool in (Tool.QUALTRICS, Tool.QUALTRICS_2016, Tool.QUALTRICS_LEGACY)
}

#: the column that says whether a response was finished, and its "no" values
FINISHED: dict[Tool, tuple[tuple[str, ...], frozenset[str]]] = {
    **{
        tool: (("Finished",), frozenset({"0", "false"}))
        for tool in (Tool.QUALTRICS, Tool.QUALTRICS_2016, Tool.QUALTRICS_LEGACY)
    },
    Tool.TYPEFORM: (("Response Type",), frozenset({"partial"})),
}

#: the column holding the respondent's id (for repeated respondents and --dedupe)
RESPONDENT_IDS: dict[Tool, tuple[str, ...]] = {
    Tool.QUALTRICS: ("ResponseId",),
    Tool.QUALTRICS_2016: ("ResponseID", "ResponseId"),
    Tool.QUALTRICS_LEGACY: ("ResponseID",),
    Tool.SURVEYMONKEY: ("Respondent ID",),
    Tool.SURVEYMONKEY_OLD: ("RespondentID",),
    Tool.TYPEFORM: ("#", "Response ID"),
    Tool.MICROSOFT_FORMS: ("ID",),
    Tool.PLAIN: ("respondent", "respondent_id", "ResponseId", "Respondent ID"),
    Tool.LONG: ("respondent", "respondent_id"),
}

#: SurveyMonkey's second header row over a single-answer column
SURVEYMONKEY_RESPONSE = frozenset({"response", "open-ended response", "other (please specify)"})
