"""Conservation."""
