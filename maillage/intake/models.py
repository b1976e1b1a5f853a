"""Guichet unique."""
