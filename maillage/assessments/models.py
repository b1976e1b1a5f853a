"""Évaluations."""
