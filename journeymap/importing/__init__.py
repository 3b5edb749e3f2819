"""Survey responses in, answer counts written into the map without losing a byte of the rest."""
