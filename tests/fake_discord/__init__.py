"""A stand-in for Discord on loopback that the real discord.py client connects to.

See shared/notes/discord-offline.md for the facts it is built on. In short, for a test:

- `FakeDiscord()` is one app in one server (`guild_id`, channel `channel_id`); `add_guild(name,
  shard=, locale=)`, `add_channel(name, guild=)`, `add_role(name, guild=, permissions=)`,
  `add_member(name, teacher=, guild=)`, `add_user(name)` (in no server), `join(user, guild=)`,
  `leave(member)`, `give_role`/`take_role`, `set_locale`. Made while a client is connected, each
  reaches it as Discord's gateway event, if its intents ask for it.
- `members_intent`, `presences_intent`, `message_content_intent`: the portal's switches (off);
  IDENTIFY asking for one that is off is closed with 4014. `shard_count`: what GET /gateway/bot
  says and what `connected` / `wait_connected()` wait for; events go to (guild_id >> 22) % count.
- `Person(fake, member, locale=)`: `slash("quiz start", in_channel=, lesson=..., student=Member,
  role=id, channel=id, file=Upload(name, bytes))`, `click`, `press`, `screen(channel=)`, `dm`.
  `Shown.files` are the `SentFile`s on a message (bytes, type, url served here).
- `fake.interact(...)` for odd payloads (`as_member=False`, `changes={"data": OMIT}`);
  `fake.synced.find/localized(path, locale)` for synced commands; `fake.gateway.sent(event)`.
- `probe.py` (a real discord.py bot) and `raw.py` (a bare gateway client) check the stand-in itself.
"""

from tests.fake_discord.interactions import OMIT
from tests.fake_discord.messages import SentFile, Upload
from tests.fake_discord.model import Member, User
from tests.fake_discord.people import NoResponse, Person, Shown
from tests.fake_discord.server import FakeDiscord

__all__ = ["OMIT", "FakeDiscord", "Member", "NoResponse", "Person", "SentFile", "Shown", "Upload", "User"]
