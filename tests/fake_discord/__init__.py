"""A stand-in for Discord on loopback that the real discord.py client connects to.

See shared/notes/discord-offline.md for the facts it is built on.
"""

from tests.fake_discord.interactions import OMIT
from tests.fake_discord.messages import SentFile, Upload
from tests.fake_discord.model import Member, User
from tests.fake_discord.people import NoResponse, Person, Shown
from tests.fake_discord.server import FakeDiscord

__all__ = ["OMIT", "FakeDiscord", "Member", "NoResponse", "Person", "SentFile", "Shown", "Upload", "User"]
