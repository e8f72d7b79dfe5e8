"""Demo data (being written now)."""
