"""The self-contained HTML report of a map, one room per idea.

- ``page``: the page itself (header, sections, tables, CSS) and its inline SVGs.
"""

from cxmap.report.page import ReportInput, build_report, emotion_curve, esc, inline_svg

__all__ = ["ReportInput", "build_report", "emotion_curve", "esc", "inline_svg"]
