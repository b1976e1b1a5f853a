"""Patients."""
