"""People in the classroom: they type slash commands, read their screen and click what is on it.

A test speaks only through these, never to the bot's objects.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.fake_discord.server import EPHEMERAL, FakeDiscord, InteractionFailedError, Member, Message

RESPONSE_TIMEOUT = 5.0


class NoResponse(AssertionError):  # noqa: N818 - what a person experiences: "This interaction failed"
    """The bot did not answer an interaction in time."""


@dataclass(frozen=True)
class Shown:
    """A message as a person sees it: text, buttons, and whether only they can see it."""

    id: int
    content: str
    embeds: list[dict[str, Any]]
    components: list[dict[str, Any]]
    ephemeral: bool

    @classmethod
    def of(cls, message: Message) -> Shown:
        return cls(
            message.id,
            message.content,
            [dict(e) for e in message.embeds],
            [dict(c) for c in message.components],
            bool(message.flags & EPHEMERAL),
        )

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
    def __init__(self, fake: FakeDiscord, member: Member) -> None:
        self.fake = fake
        self.member = member

    @property
    def id(self) -> int:
        return self.member.id

    def screen(self) -> list[Shown]:
        """Every message this person can see now, oldest first."""
        return [Shown.of(m) for m in self.fake.visible_to(self.id)]

    def last(self) -> Shown:
        return self.screen()[-1]

    async def wait_until(
        self, check: Callable[[list[Shown]], bool], what: str, timeout: float = RESPONSE_TIMEOUT
    ) -> None:
        """Until this person's screen passes `check`, as they would watch it update."""
        try:
            await self.fake.wait_for(lambda: check(self.screen()), timeout)
        except TimeoutError:
            raise NoResponse(f"{self.member.name} never saw {what}") from None

    async def wait_for_text(self, text: str, timeout: float = RESPONSE_TIMEOUT) -> Shown:
        await self.wait_until(lambda screen: any(text in s.text for s in screen), repr(text), timeout)
        return next(s for s in reversed(self.screen()) if text in s.text)

    async def slash(self, command: str, **options: Any) -> Shown:
        """Type `/command sub option:value` and wait for the bot's reply."""
        data = self._command_data(command, options)
        interaction = await self.fake.interact(self.member, 2, data)
        return Shown.of(await self._answer(interaction, f"/{command}"))

    async def autocomplete(self, command: str, option: str, typed: str) -> list[dict[str, Any]]:
        data = self._command_data(command, {option: typed}, focused=option)
        interaction = await self.fake.interact(self.member, 4, data)
        result: list[dict[str, Any]] = await self._answer(interaction, f"autocomplete of /{command}")
        return result

    async def click(self, label: str, on: Shown | None = None) -> Shown:
        """Click the newest button labelled `label` on screen (or on message `on`)."""
        candidates = [on] if on is not None else list(reversed(self.screen()))
        for shown in candidates:
            for button in shown.buttons:
                if button.get("label") == label:
                    if button.get("disabled"):
                        raise AssertionError(f"the button {label!r} is disabled")
                    return await self.press(button["custom_id"], shown)
        raise AssertionError(f"{self.member.name} sees no button {label!r}")

    async def press(self, custom_id: str, on: Shown) -> Shown:
        """Send a component interaction for `custom_id` on message `on`, as a client would."""
        source = self.fake.messages[on.id]
        data = {"custom_id": custom_id, "component_type": 2}
        interaction = await self.fake.interact(self.member, 3, data, source)
        return Shown.of(await self._answer(interaction, f"click on {custom_id!r}"))

    async def _answer(self, interaction: Any, what: str) -> Any:
        try:
            return await asyncio.wait_for(asyncio.shield(interaction.done), RESPONSE_TIMEOUT)
        except TimeoutError:
            raise NoResponse(f"the bot did not answer {self.member.name}'s {what}") from None
        except InteractionFailedError as exc:
            raise NoResponse(f"{self.member.name}'s {what} failed: {exc}") from None

    def _command_data(
        self, command: str, options: dict[str, Any], focused: str | None = None
    ) -> dict[str, Any]:
        name, *rest = command.split()
        registered = self.fake.commands.get(name)
        if registered is None:
            raise AssertionError(f"no command /{name} was registered")
        schema = registered.get("options", [])
        values: list[dict[str, Any]] = []
        if rest:
            sub = next((o for o in schema if o["name"] == rest[0] and o["type"] == 1), None)
            if sub is None:
                raise AssertionError(f"/{name} has no subcommand {rest[0]}")
            values = [
                {
                    "type": 1,
                    "name": rest[0],
                    "options": self._options(sub.get("options", []), options, focused),
                }
            ]
        else:
            values = self._options(schema, options, focused)
        data: dict[str, Any] = {"id": registered["id"], "name": name, "type": 1, "options": values}
        if self.fake.command_scope.get(name):
            data["guild_id"] = str(self.fake.command_scope[name])
        return data

    @staticmethod
    def _options(
        schema: list[dict[str, Any]], given: dict[str, Any], focused: str | None
    ) -> list[dict[str, Any]]:
        out = []
        for key, value in given.items():
            spec = next((o for o in schema if o["name"] == key), None)
            if spec is None:
                raise AssertionError(f"the command has no option {key!r}")
            option = {"type": spec["type"], "name": key, "value": value}
            if key == focused:
                option["focused"] = True
            out.append(option)
        return out
