"""A stand-in for Discord on loopback that the real discord.py client connects to.

See shared/notes/discord-offline.md for the facts it is built on.
"""

from tests.fake_discord.people import NoResponse, Person, Shown
from tests.fake_discord.server import FakeDiscord

__all__ = ["FakeDiscord", "NoResponse", "Person", "Shown"]
