"""Lien ville-hôpital."""
