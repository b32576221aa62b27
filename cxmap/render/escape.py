"""Make user text safe for the places a diagram shows it.

Every piece of text that comes from a map (names, pain points, channel names,
the journey's title...) goes through one of these functions before it reaches
DOT or Mermaid. Node ids never contain user text at all (see ``graph.py``).
"""

from __future__ import annotations

import re

from cxmap.escape import clip

#: The most characters of one piece of user text a diagram shows (then an ellipsis).
#: dot refuses a run of label text over 16,384 bytes, and escaping can make one
#: character six (``"`` is ``&quot;``); a label that long is unreadable anyway.
LABEL_LIMIT = 500
# Characters XML 1.0 cannot hold (C0 controls except tab/LF/CR, lone surrogates,
# U+FFFE/U+FFFF): dot's HTML-label parser (expat) would reject the whole graph.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_NEWLINES = re.compile(r"\r\n|\r|\n")
_HTML = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "'": "&#39;",
        "\t": " ",
        # dot expands \N, \G, \E, \L... even inside HTML-like labels (and after
        # entity decoding, so &#92; does not help); a doubled backslash is literal.
        "\\": "\\\\",
        # Graphviz 2.43 rejects an HTML text run made only of ']' ("syntax error in
        # line 1"); the entity renders the same and is always accepted.
        "]": "&#93;",
    }
)
_REPLACEMENT = "\ufffd"


def html_text(text: str) -> str:
    """Escape user text for a DOT HTML-like label: XML entities, newlines as ``<BR/>``.

    Backslashes are doubled, so ``\\N`` shows as typed instead of the node's
    name; characters XML cannot hold become U+FFFD. Text longer than
    ``LABEL_LIMIT`` characters is clipped with an ellipsis.
    """
    clean = _NOT_XML.sub(_REPLACEMENT, clip(text, LABEL_LIMIT))
    lines = _NEWLINES.split(clean)
    return '<BR ALIGN="LEFT"/>'.join(line.translate(_HTML) for line in lines)


def one_line(text: str) -> str:
    """Collapse newlines and runs of white space into single spaces (clipped like labels)."""
    return clip(" ".join(_NOT_XML.sub(_REPLACEMENT, text).split()), LABEL_LIMIT)


_MERMAID = str.maketrans(
    {
        ":": "#58;",
        ";": "#59;",
        ",": "#44;",
        "#": "#35;",
        "%": "#37;",
        "<": "#lt;",
        ">": "#gt;",
        "&": "#amp;",
        '"': "#quot;",
    }
)
_MERMAID_KEYWORDS = frozenset({"journey", "title", "section", "acctitle", "accdescr"})


def mermaid_text(text: str, *, empty: str = "(unnamed)") -> str:
    """Escape user text for one line of a Mermaid ``journey`` block.

    ``:`` separates a task from its score, ``,`` separates actors, ``%%``
    starts a comment and ``#`` starts an entity: all of them, and the markup
    characters ``<`` ``>`` ``&`` ``"``, are written as Mermaid entity codes.
    A line that would start with a keyword (``section``, ``title``...) gets
    its first letter as an entity too, so it stays a task.
    """
    line = one_line(text) or empty
    escaped = line.translate(_MERMAID)
    if line.split()[0].lower().rstrip(":") in _MERMAID_KEYWORDS:
        escaped = f"#{ord(escaped[0])};{escaped[1:]}"
    return escaped
