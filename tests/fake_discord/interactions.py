"""Interactions: the INTERACTION_CREATE payload a person's action makes, and the bot's answers to it.

Answers: the callback (types 4-9; 9 a modal, which the person then submits as an interaction of
type 5), followups, and the @original or a followup edited or deleted.
"""

from __future__ import annotations

import secrets
import time
from typing import TYPE_CHECKING, Any

from aiohttp import web

from tests.fake_discord import limits
from tests.fake_discord.files import AttachmentError, Part, resolve
from tests.fake_discord.messages import Interaction, Message, SentFile
from tests.fake_discord.model import (
    BOT_PERMISSIONS,
    DEFAULT_LOCALE,
    DM_UPLOAD_LIMIT,
    EPHEMERAL,
    LOADING,
    Channel,
    Member,
    User,
)
from tests.fake_discord.responses import BODY, PARTS, discord_error, json_response

if TYPE_CHECKING:
    from tests.fake_discord.server import FakeDiscord

DEADLINE = 3.0
GUILD_INSTALL = "0"
CONTEXT_GUILD, CONTEXT_BOT_DM = 0, 1


class _Omit:
    def __repr__(self) -> str:
        return "OMIT"


OMIT: Any = _Omit()
"""In `interact(changes=...)`: remove this key from the payload (a forged or odd interaction)."""


def interaction_payload(
    fake: FakeDiscord,
    interaction: Interaction,
    user: User | Member,
    kind: int,
    data: dict[str, Any] | None,
    channel: Channel,
    *,
    as_member: bool,
    locale: str,
    guild_locale: str | None,
) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "id": str(interaction.id),
        "application_id": str(fake.application_id),
        "type": kind,
        "data": data,
        "channel_id": str(channel.id),
        "channel": channel.payload(),
        "token": interaction.token,
        "version": 1,
        "app_permissions": str(BOT_PERMISSIONS),
        "locale": locale,
        "entitlements": [],
        "attachment_size_limit": DM_UPLOAD_LIMIT,
    }
    if channel.guild_id is None:
        # A direct message with the bot: no server, the user at top level, context BOT_DM.
        payload.update(
            user=user.user(),
            context=CONTEXT_BOT_DM,
            authorizing_integration_owners={GUILD_INSTALL: "0"},
        )
        return payload
    guild = fake.guilds[channel.guild_id]
    payload.update(
        guild_id=str(guild.id),
        guild={"id": str(guild.id), "locale": guild.preferred_locale, "features": []},
        guild_locale=guild_locale or guild.preferred_locale,
        context=CONTEXT_GUILD,
        authorizing_integration_owners={GUILD_INSTALL: str(guild.id)},
        attachment_size_limit=guild.upload_limit,
    )
    if as_member:
        if not isinstance(user, Member) or user.guild_id != guild.id:
            raise AssertionError(
                f"{user.name} is not a member of server {guild.id}; as_member=False forges it"
            )
        payload["member"] = user.member(fake.permissions_in(user))
    else:
        payload["user"] = user.user()
    return payload


async def create(
    fake: FakeDiscord,
    user: User | Member,
    kind: int,
    data: dict[str, Any] | None,
    source: Message | None = None,
    *,
    channel: int | None = None,
    as_member: bool = True,
    locale: str = DEFAULT_LOCALE,
    guild_locale: str | None = None,
    changes: dict[str, Any] | None = None,
) -> Interaction:
    """Dispatch INTERACTION_CREATE as Discord would for this user, and track its responses.

    It happens in `channel`, else the channel of `source` (the message clicked), else the user's
    server's first channel (a DM channel for a `User` who is in no server). `guild_locale`
    defaults to the server's preferred_locale. For hardening tests: `data` goes out as given
    (`{"custom_id": None}` included); `as_member=False` sends `user` instead of `member` in a
    server, which Discord never does; `changes` sets top-level keys, and `OMIT` removes one
    (`changes={"data": OMIT}`). Some such payloads make discord.py itself raise in its gateway
    loop, which ends `Client.start()`: that is discord.py's behaviour, not the stand-in's.
    """
    if channel is None:
        channel = source.channel_id if source is not None else fake.home_channel(user)
    place = fake.channel(channel)
    await fake.wait_routable(place.guild_id)
    interaction = Interaction(
        id=fake.snowflake(),
        token=secrets.token_urlsafe(24),
        user_id=user.id,
        channel_id=place.id,
        created=time.monotonic() - fake.backdate_next,
        source=source,
        guild_id=place.guild_id,
    )
    payload = interaction_payload(
        fake,
        interaction,
        user,
        kind,
        data,
        place,
        as_member=as_member,
        locale=locale,
        guild_locale=guild_locale,
    )
    if source is not None:
        payload["message"] = source.payload()
    for key, value in (changes or {}).items():
        if value is OMIT:
            payload.pop(key, None)
        else:
            payload[key] = value
    fake.backdate_next = 0.0
    fake.interactions[interaction.id] = interaction
    fake.gateway.emit(place.guild_id, "INTERACTION_CREATE", payload)
    return interaction


class Answers:
    """The routes by which a bot answers interactions."""

    def __init__(self, fake: FakeDiscord) -> None:
        self.fake = fake

    def routes(self, api: str) -> list[web.RouteDef]:
        hook = api + "/webhooks/{app}/{token}"
        return [
            web.post(api + "/interactions/{id}/{token}/callback", self.callback),
            web.post(hook, self.followup),
            web.get(hook + "/messages/{message}", self.message),
            web.patch(hook + "/messages/{message}", self.message),
            web.delete(hook + "/messages/{message}", self.message),
        ]

    def _files(
        self,
        interaction: Interaction,
        data: dict[str, Any],
        parts: list[Part],
        existing: list[SentFile] | None,
        ephemeral: bool,
    ) -> list[SentFile] | None:
        guild = self.fake.guilds.get(interaction.guild_id or 0)
        limit = guild.upload_limit if guild is not None else DM_UPLOAD_LIMIT
        return resolve(
            data,
            parts,
            existing,
            limit,
            lambda name, raw, about: self.fake.store_file(
                interaction.channel_id, name, raw, about, ephemeral
            ),
        )

    def _new_message(
        self,
        interaction: Interaction,
        data: dict[str, Any],
        ephemeral: bool,
        kind: int,
        files: list[SentFile] | None,
    ) -> Message:
        return self.fake.new_message(
            data, interaction.channel_id, interaction.user_id if ephemeral else None, kind, files or []
        )

    async def callback(self, request: web.Request) -> web.Response:
        interaction = self.fake.interactions.get(int(request.match_info["id"]))
        if interaction is None or interaction.token != request.match_info["token"]:
            return discord_error(404, 10062, "Unknown interaction")
        if time.monotonic() - interaction.created > DEADLINE:
            interaction.fail("the bot answered after Discord's 3 s deadline")
            return discord_error(404, 10062, "Unknown interaction")
        if interaction.acked:
            return discord_error(400, 40060, "Interaction has already been acknowledged.")
        body = request[BODY]
        kind, data = body["type"], body.get("data") or {}
        if kind in (4, 7):
            found = limits.problems(data)
            if found:
                return json_response(limits.error_body(found), 400)
        if kind == 8:
            found = limits.choice_problems(data.get("choices") or [])
            if found:
                return json_response(limits.error_body(found), 400)
        if kind == 9:
            found = limits.modal_problems(data)
            if found:
                return json_response(limits.error_body(found), 400)
        ephemeral = bool(int(data.get("flags") or 0) & EPHEMERAL)
        try:
            files = self._files(
                interaction,
                data,
                request[PARTS],
                interaction.source.files if kind == 7 and interaction.source else None,
                ephemeral,
            )
        except AttachmentError as refused:
            return refused.response
        interaction.acked = True
        message: Message | None = None
        if kind == 4:
            message = self._new_message(interaction, data, ephemeral, 20, files)
            interaction.original = message
            interaction.resolve(message)
        elif kind == 5:
            loading = {"flags": LOADING | (EPHEMERAL if ephemeral else 0)}
            message = self._new_message(interaction, loading, ephemeral, 20, None)
            interaction.original = message
            interaction.deferred = True
        elif kind == 6:
            interaction.original = interaction.source
            interaction.deferred = True
        elif kind == 7:
            assert interaction.source is not None
            message = interaction.source
            message.apply(data, files)
            interaction.original = message
            interaction.resolve(message)
        elif kind == 8:
            interaction.resolve(data.get("choices") or [])
        elif kind == 9:
            interaction.modal = data
            interaction.resolve(data)
        else:
            interaction.acked = False
            return discord_error(400, 50035, f"Unsupported callback type {kind}")
        reply: dict[str, Any] = {
            "interaction": {
                "id": str(interaction.id),
                "type": 2 if interaction.source is None else 3,
                "response_message_id": str(message.id) if message else None,
                "response_message_loading": kind == 5,
                "response_message_ephemeral": ephemeral,
            }
        }
        reply["resource"] = {"type": kind, "message": message.payload()} if message else {"type": kind}
        return json_response(reply)

    def _by_token(self, request: web.Request) -> Interaction | None:
        token = request.match_info["token"]
        return next((i for i in self.fake.interactions.values() if i.token == token), None)

    async def followup(self, request: web.Request) -> web.Response:
        interaction = self._by_token(request)
        if interaction is None or not interaction.acked:
            return discord_error(404, 10015, "Unknown Webhook")
        data = request[BODY] or {}
        found = limits.problems(data)
        if found:
            return json_response(limits.error_body(found), 400)
        original = interaction.original
        # As Discord does: the first followup after a deferred reply replaces its "thinking…" message,
        # ephemeral or not as the deferral was.
        replaces = interaction.deferred and original is not None and bool(original.flags & LOADING)
        ephemeral = bool(int(data.get("flags") or 0) & EPHEMERAL)
        if replaces:
            assert original is not None
            ephemeral = original.visible_to is not None
        try:
            files = self._files(interaction, data, request[PARTS], None, ephemeral)
        except AttachmentError as refused:
            return refused.response
        if replaces:
            assert original is not None
            original.apply({"content": None, "embeds": [], "components": [], **data}, files)
            interaction.resolve(original)
            return json_response(original.payload())
        message = self._new_message(interaction, data, ephemeral, 0, files)
        return json_response(message.payload())

    async def message(self, request: web.Request) -> web.Response:
        interaction = self._by_token(request)
        key = request.match_info["message"]
        if interaction is None:
            return discord_error(404, 10015, "Unknown Webhook")
        message = interaction.original if key == "@original" else self.fake.messages.get(int(key))
        if message is None:
            return discord_error(404, 10008, "Unknown Message")
        if request.method == "DELETE":
            del self.fake.messages[message.id]
            return web.Response(status=204)
        if request.method == "PATCH":
            data = request[BODY] or {}
            found = limits.problems(data)
            if found:
                return json_response(limits.error_body(found), 400)
            try:
                files = self._files(
                    interaction, data, request[PARTS], message.files, message.visible_to is not None
                )
            except AttachmentError as refused:
                return refused.response
            message.apply(data, files)
            if key == "@original" and interaction.deferred:
                interaction.resolve(message)
        return json_response(message.payload())
