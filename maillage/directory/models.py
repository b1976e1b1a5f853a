"""Annuaire."""
