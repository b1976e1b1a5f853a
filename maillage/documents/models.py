"""Documents et site public."""
