"""What changed between two versions of a map, and whether each change is real."""
