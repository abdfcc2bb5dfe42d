"""What Discord's app sends when a person runs a slash command: options typed, and `resolved` objects.

The app only lets a person send what the synced command allows (required options, choices, bounds,
channel types, the upload limit); asking for anything else is an AssertionError here, since Discord
would never send it. Values: str/int/float/bool; a Member or User (type 6, 9); a role id or Role
(8, 9); a channel id or Channel (7); an Upload (11).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tests.fake_discord.messages import Upload
from tests.fake_discord.model import Channel, Member, Role, User

if TYPE_CHECKING:
    from tests.fake_discord.server import FakeDiscord

SUBCOMMAND, GROUP = 1, 2
STRING, INTEGER, BOOLEAN, USER, CHANNEL, ROLE, MENTIONABLE, NUMBER, ATTACHMENT = 3, 4, 5, 6, 7, 8, 9, 10, 11
CONTEXT_BOT_DM = 1


class _Builder:
    def __init__(
        self, fake: FakeDiscord, actor: User | Member, channel: Channel, focused: str | None
    ) -> None:
        self.fake = fake
        self.actor = actor
        self.channel = channel
        self.focused = focused
        self.resolved: dict[str, dict[str, Any]] = {}

    def options(self, schema: list[dict[str, Any]], given: dict[str, Any]) -> list[dict[str, Any]]:
        out = []
        for key, value in given.items():
            spec = next((o for o in schema if o["name"] == key), None)
            if spec is None:
                raise AssertionError(f"the command has no option {key!r}")
            option: dict[str, Any] = {"type": spec["type"], "name": key}
            if key == self.focused:
                # Autocomplete: what was typed so far, unchecked and unresolved.
                option.update(value=value, focused=True)
            else:
                option["value"] = self._value(spec, value)
            out.append(option)
        if self.focused is None:
            missing = [o["name"] for o in schema if o.get("required") and o["name"] not in given]
            if missing:
                raise AssertionError(f"Discord will not send the command without {', '.join(missing)}")
        return out

    def _value(self, spec: dict[str, Any], value: Any) -> Any:
        kind, name = spec["type"], spec["name"]
        if kind in (STRING, INTEGER, NUMBER, BOOLEAN):
            return self._plain(spec, value)
        if kind == ATTACHMENT:
            assert isinstance(value, Upload), f"{name}: an attachment option takes an Upload"
            return self._attachment(value)
        if isinstance(value, Role) or (kind == ROLE and isinstance(value, int)):
            assert kind in (ROLE, MENTIONABLE), f"{name} takes no role"
            return self._role(value.id if isinstance(value, Role) else value)
        if isinstance(value, User | Member):
            assert kind in (USER, MENTIONABLE), f"{name} takes no user"
            return self._user(value)
        if kind == CHANNEL:
            return self._channel(spec, value.id if isinstance(value, Channel) else int(value))
        raise AssertionError(f"{name}: {value!r} is not a value for option type {kind}")

    @staticmethod
    def _plain(spec: dict[str, Any], value: Any) -> Any:
        kind, name = spec["type"], spec["name"]
        expected: dict[int, tuple[type, ...]] = {STRING: (str,), INTEGER: (int,), NUMBER: (int, float)}
        if isinstance(value, bool) != (kind == BOOLEAN) or not isinstance(value, expected.get(kind, (bool,))):
            raise AssertionError(f"{name}: {value!r} is not a value for option type {kind}")
        choices = [c["value"] for c in spec.get("choices") or []]
        if choices and value not in choices:
            raise AssertionError(f"{name}: {value!r} is not one of the choices {choices}")
        if kind == STRING and not spec.get("min_length", 0) <= len(str(value)) <= spec.get(
            "max_length", 6000
        ):
            raise AssertionError(f"{name}: {value!r} has a length Discord's app refuses")
        low, high = spec.get("min_value"), spec.get("max_value")
        if (low is not None and value < low) or (high is not None and value > high):
            raise AssertionError(f"{name}: {value!r} is out of the range Discord's app allows")
        return value

    def _add(self, table: str, key: int, data: dict[str, Any]) -> str:
        self.resolved.setdefault(table, {})[str(key)] = data
        return str(key)

    def _user(self, who: User | Member) -> str:
        self._add("users", who.id, who.user())
        guild = self.channel.guild_id
        member = self.fake.guilds[guild].members.get(who.id) if guild is not None else None
        if member is not None:
            # As Discord does: the member without its user, and its permissions in this channel.
            self._add("members", who.id, member.partial(self.fake.permissions_in(member)))
        return str(who.id)

    def _role(self, role_id: int) -> str:
        guild = self.channel.guild_id
        if guild is None or role_id not in self.fake.guilds[guild].roles:
            raise AssertionError(f"there is no role {role_id} in this server")
        return self._add("roles", role_id, self.fake.guilds[guild].roles[role_id].payload())

    def _channel(self, spec: dict[str, Any], channel_id: int) -> str:
        target = self.fake.channel(channel_id)
        assert target.guild_id == self.channel.guild_id, "the channel picker shows this server's channels"
        kinds = spec.get("channel_types")
        assert not kinds or target.type in kinds, f"{spec['name']} takes channel types {kinds}"
        permissions = self.fake.permissions_in(self.actor) if isinstance(self.actor, Member) else 0
        return self._add("channels", target.id, target.partial(permissions))

    def _attachment(self, upload: Upload) -> str:
        guild = self.fake.guilds.get(self.channel.guild_id or 0)
        limit = guild.upload_limit if guild is not None else 10 * 1024 * 1024
        stated = len(upload.data) if upload.announced is None else upload.announced
        assert stated <= limit, f"Discord's app refuses files over {limit} bytes"
        stored = self.fake.store_file(
            self.channel.id,
            upload.filename,
            upload.data,
            None,
            True,
            folder="ephemeral-attachments",
            content_type=upload.content_type,
            announced=upload.announced,
        )
        return self._add("attachments", stored.id, stored.attachment())


def command_data(
    fake: FakeDiscord,
    actor: User | Member,
    channel: Channel,
    command: str,
    options: dict[str, Any],
    focused: str | None = None,
) -> dict[str, Any]:
    """The `data` of a slash command (or autocomplete) interaction for `/command sub option:value`."""
    name, *path = command.split()
    visible = fake.synced.visible(channel.guild_id)
    registered = visible.get(name)
    if registered is None:
        raise AssertionError(f"no command /{name} was registered")
    if channel.guild_id is None:
        contexts = registered.get("contexts")
        if registered.get("dm_permission") is False or (
            contexts is not None and CONTEXT_BOT_DM not in contexts
        ):
            raise AssertionError(f"/{name} cannot be used in direct messages")
    builder = _Builder(fake, actor, channel, focused)
    schema: list[dict[str, Any]] = registered.get("options", [])
    wrappers: list[dict[str, Any]] = []
    for part in path:
        node = next((o for o in schema if o["name"] == part and o["type"] in (SUBCOMMAND, GROUP)), None)
        if node is None:
            raise AssertionError(f"/{name} has no subcommand {part}")
        wrappers.append({"type": node["type"], "name": part})
        schema = node.get("options", [])
    values = builder.options(schema, options)
    for wrapper in reversed(wrappers):
        values = [{**wrapper, "options": values}]
    data: dict[str, Any] = {"id": registered["id"], "name": name, "type": 1, "options": values}
    if builder.resolved:
        data["resolved"] = builder.resolved
    if registered.get("guild_id"):
        data["guild_id"] = registered["guild_id"]
    return data
