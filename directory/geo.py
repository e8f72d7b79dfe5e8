"""Postcodes (being written now)."""
