"""Soins de support."""
