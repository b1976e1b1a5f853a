"""Activité."""
