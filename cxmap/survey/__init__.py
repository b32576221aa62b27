"""Readers of survey exports: Qualtrics, SurveyMonkey, Google Forms, Excel, long format.

The readers detect encoding, delimiter and layout, and turn a file into
tallies: per touchpoint, metric and group, how often each raw answer text
occurs. Counting raw texts first keeps the hot loop in C (``csv`` and
``collections.Counter``); each distinct text is then parsed once
(``cxmap.survey.answers``), strictly.
"""
