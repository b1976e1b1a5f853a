"""Views of the support-care app, one module per area."""
