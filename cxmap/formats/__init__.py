"""Turning results (findings, gap tables, diagrams) into text for people and machines."""
