"""The directory: organisations, services, locations, taxonomy, search."""
