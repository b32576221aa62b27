"""Lint: journey-mapping practice as documented rules over the typed model.

``rules`` holds the registry (one function per rule, one list ``RULES``),
``config`` finds and reads the configuration, ``engine`` runs the rules,
applies selection, severity overrides and inline suppressions.
"""
