"""`jmap export --format FORMAT MAP`: the map in another tool's format."""

from journeymap.commands.common import fail


def export() -> None:
    """Export a map to another format (being built: Mermaid first)."""
    fail("export is not available yet")
