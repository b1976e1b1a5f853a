"""Fichiers."""
