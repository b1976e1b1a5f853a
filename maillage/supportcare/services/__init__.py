"""Writes of the support-care app: atomic, audited. Import from the submodules."""
