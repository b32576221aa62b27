"""Typer options shared by ``cxmap render`` and ``cxmap report``: persona and language."""

from __future__ import annotations

from typing import Annotated

import typer

from cxmap.render.options import LangName

PersonaOpt = Annotated[
    str | None,
    typer.Option(
        "--persona",
        help="Show one persona's journey: the touchpoints it passes, with its emotion.",
        metavar="ID",
        show_default=False,
    ),
]
LangOpt = Annotated[
    LangName | None,
    typer.Option(
        "--lang",
        help="Language of the words cxmap writes (legend, headings, status names); "
        "default: the map's lang, else en.",
        show_default=False,
    ),
]
