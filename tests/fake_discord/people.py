"""People in the classroom: they type slash commands, read their screen and click what is on it.

A test speaks only through these, never to the bot's objects.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.fake_discord.messages import SentFile
from tests.fake_discord.model import DEFAULT_LOCALE, User
from tests.fake_discord.server import EPHEMERAL, FakeDiscord, InteractionFailedError, Member, Message
from tests.fake_discord.slash import command_data

RESPONSE_TIMEOUT = 5.0


class NoResponse(AssertionError):  # noqa: N818 - what a person experiences: "This interaction failed"
    """The bot did not answer an interaction in time."""


@dataclass(frozen=True)
class Shown:
    """A message as a person sees it: text, buttons, files, and whether only they can see it."""

    id: int
    content: str
    embeds: list[dict[str, Any]]
    components: list[dict[str, Any]]
    ephemeral: bool
    channel_id: int = 0
    files: list[SentFile] = field(default_factory=list)

    @classmethod
    def of(cls, message: Message) -> Shown:
        return cls(
            message.id,
            message.content,
            [dict(e) for e in message.embeds],
            [dict(c) for c in message.components],
            bool(message.flags & EPHEMERAL),
            message.channel_id,
            list(message.files),
        )

    def file(self, filename: str) -> SentFile:
        """The attached file called `filename`."""
        found = next((f for f in self.files if f.filename == filename), None)
        if found is None:
            raise AssertionError(
                f"no file {filename!r} on the message; it has {[f.filename for f in self.files]}"
            )
        return found

    @property
    def text(self) -> str:
        parts = [self.content]
        for embed in self.embeds:
            parts += [embed.get("title", ""), embed.get("description", "")]
            for embed_field in embed.get("fields", []):
                parts += [embed_field["name"], embed_field["value"]]
            parts.append((embed.get("footer") or {}).get("text", ""))
        return "\n".join(p for p in parts if p)

    @property
    def titles(self) -> list[str]:
        return [e.get("title", "") for e in self.embeds]

    @property
    def buttons(self) -> list[dict[str, Any]]:
        return [child for row in self.components for child in row.get("components", [])]

    @property
    def labels(self) -> list[str]:
        return [b.get("label", "") for b in self.buttons]


class Person:
    """Someone in a server (a Member), or a Discord user in none (a User, who can only DM the bot).

    A person acts in their server's first channel unless told `in_channel=`; clicks happen in the
    clicked message's channel. `locale` is the language of their Discord app.
    """

    def __init__(self, fake: FakeDiscord, member: Member | User, *, locale: str = DEFAULT_LOCALE) -> None:
        self.fake = fake
        self.user = member
        self.locale = locale

    @property
    def member(self) -> Member:
        """This person as a member of their server."""
        assert isinstance(self.user, Member), f"{self.user.name} is in no server"
        return self.user

    @property
    def id(self) -> int:
        return self.user.id

    @property
    def dm(self) -> int:
        """The id of this person's direct-message channel with the bot."""
        return self.fake.dm_channel(self.user).id

    def screen(self, channel: int | None = None) -> list[Shown]:
        """Every message this person can see now in their server and DMs (or in one channel), oldest first."""
        home = self.user.guild_id if isinstance(self.user, Member) else None
        return [Shown.of(m) for m in self.fake.visible_to(self.id, channel) if m.guild_id in (home, None)]

    def last(self, channel: int | None = None) -> Shown:
        return self.screen(channel)[-1]

    async def wait_until(
        self, check: Callable[[list[Shown]], bool], what: str, timeout: float = RESPONSE_TIMEOUT
    ) -> None:
        """Until this person's screen passes `check`, as they would watch it update."""
        try:
            await self.fake.wait_for(lambda: check(self.screen()), timeout)
        except TimeoutError:
            raise NoResponse(f"{self.user.name} never saw {what}") from None

    async def wait_for_text(self, text: str, timeout: float = RESPONSE_TIMEOUT) -> Shown:
        await self.wait_until(lambda screen: any(text in s.text for s in screen), repr(text), timeout)
        return next(s for s in reversed(self.screen()) if text in s.text)

    async def slash(self, command: str, /, *, in_channel: int | None = None, **options: Any) -> Shown:
        """Type `/command sub option:value` (in a channel, or in `self.dm`) and wait for the reply."""
        where = self.fake.channel(in_channel if in_channel is not None else self.fake.home_channel(self.user))
        data = command_data(self.fake, self.user, where, command, options)
        interaction = await self.fake.interact(self.user, 2, data, channel=where.id, locale=self.locale)
        return Shown.of(await self._answer(interaction, f"/{command}"))

    async def autocomplete(
        self, command: str, option: str, typed: str, *, in_channel: int | None = None
    ) -> list[dict[str, Any]]:
        where = self.fake.channel(in_channel if in_channel is not None else self.fake.home_channel(self.user))
        data = command_data(self.fake, self.user, where, command, {option: typed}, focused=option)
        interaction = await self.fake.interact(self.user, 4, data, channel=where.id, locale=self.locale)
        result: list[dict[str, Any]] = await self._answer(interaction, f"autocomplete of /{command}")
        return result

    async def click(self, label: str, on: Shown | None = None, *, channel: int | None = None) -> Shown:
        """Click the newest button labelled `label` on screen (in `channel`, or on message `on`)."""
        candidates = [on] if on is not None else list(reversed(self.screen(channel)))
        for shown in candidates:
            for button in shown.buttons:
                if button.get("label") == label:
                    if button.get("disabled"):
                        raise AssertionError(f"the button {label!r} is disabled")
                    return await self.press(button["custom_id"], shown)
        raise AssertionError(f"{self.user.name} sees no button {label!r}")

    async def press(self, custom_id: str, on: Shown) -> Shown:
        """Send a component interaction for `custom_id` on message `on`, as a client would."""
        source = self.fake.messages[on.id]
        data = {"custom_id": custom_id, "component_type": 2}
        interaction = await self.fake.interact(self.user, 3, data, source, locale=self.locale)
        return Shown.of(await self._answer(interaction, f"click on {custom_id!r}"))

    async def open_modal(self, label: str, on: Shown | None = None) -> tuple[dict[str, Any], Shown]:
        """Click the newest button labelled `label`, which the bot answers with a modal: the modal's
        payload, and the message it was opened from."""
        candidates = [on] if on is not None else list(reversed(self.screen()))
        for shown in candidates:
            button = next((b for b in shown.buttons if b.get("label") == label), None)
            if button is not None:
                source = self.fake.messages[shown.id]
                data = {"custom_id": button["custom_id"], "component_type": 2}
                interaction = await self.fake.interact(self.user, 3, data, source, locale=self.locale)
                modal = await self._answer(interaction, f"click on {label!r}")
                if not isinstance(modal, dict) or interaction.modal is None:
                    raise AssertionError(f"the bot did not answer {label!r} with a modal")
                return modal, shown
        raise AssertionError(f"{self.user.name} sees no button {label!r}")

    async def submit(self, modal: dict[str, Any], on: Shown, *values: str) -> Shown:
        """Fill the modal's text inputs in order and submit it (an interaction of type 5), as a client
        does: the submit carries the message the modal was opened from."""
        rows = [
            {
                "type": 1,
                "components": [{"type": 4, "custom_id": row["components"][0]["custom_id"], "value": v}],
            }
            for row, v in zip(modal["components"], values, strict=True)
        ]
        data = {"custom_id": modal["custom_id"], "components": rows}
        source = self.fake.messages[on.id]
        interaction = await self.fake.interact(self.user, 5, data, source, locale=self.locale)
        return Shown.of(await self._answer(interaction, f"submit of {modal['custom_id']!r}"))

    async def type_answer(self, text: str, label: str = "Type my answer", on: Shown | None = None) -> Shown:
        """Press the button that opens the answer box, type `text` and submit it."""
        modal, shown = await self.open_modal(label, on)
        return await self.submit(modal, shown, text)

    async def _answer(self, interaction: Any, what: str) -> Any:
        try:
            return await asyncio.wait_for(asyncio.shield(interaction.done), RESPONSE_TIMEOUT)
        except TimeoutError:
            raise NoResponse(f"the bot did not answer {self.user.name}'s {what}") from None
        except InteractionFailedError as exc:
            raise NoResponse(f"{self.user.name}'s {what} failed: {exc}") from None
