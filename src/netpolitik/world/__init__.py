"""The real-data world: countries with their attributes and initial levers, organisation
memberships and strategic rivalries, built from public data (see ``docs/data.md``)."""

from netpolitik.world.columns import COLUMNS, LEVERS, Column
from netpolitik.world.loader import World, load_world

__all__ = ["COLUMNS", "LEVERS", "Column", "World", "load_world"]
