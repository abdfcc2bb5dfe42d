"""Messages, the files on them, and the interactions that people start.

Each object renders itself in the shape Discord sends; discord.py's parsing is the check on every key.
"""

from __future__ import annotations

import asyncio
import mimetypes
from dataclasses import dataclass, field
from typing import Any

from tests.fake_discord.model import LOADING, now_iso


@dataclass(frozen=True)
class Upload:
    """A file a person attaches to a slash command option (type 11)."""

    filename: str
    data: bytes
    content_type: str | None = None
    # The size Discord states in the attachment, when a test makes it lie about the bytes it serves.
    announced: int | None = None


def detected_type(filename: str, data: bytes) -> str | None:
    """The content type Discord reports: it detects it from the name, never trusting the upload."""
    guessed, _ = mimetypes.guess_type(filename)
    if filename.endswith(".toml"):
        guessed = "application/toml"
    if guessed is None:
        return None
    textual = guessed.startswith("text/") or guessed in ("application/json", "application/toml")
    if textual:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return guessed
        return f"{guessed}; charset=utf-8"
    return guessed


def _png_size(data: bytes) -> tuple[int, int] | None:
    if data[:8] != b"\x89PNG\r\n\x1a\n" or len(data) < 24:
        return None
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


@dataclass(frozen=True)
class SentFile:
    """A file as Discord keeps it: sent by the bot, or uploaded by a person; served at `url`."""

    id: int
    filename: str
    data: bytes
    content_type: str | None
    description: str | None
    url: str
    proxy_url: str
    ephemeral: bool = False
    announced: int | None = None  # the size stated, when it is not the size served (Upload.announced)

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def text(self) -> str:
        """The bytes as UTF-8, without the byte-order mark a spreadsheet-friendly CSV starts with."""
        return self.data.decode("utf-8-sig")

    def attachment(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": str(self.id),
            "filename": self.filename,
            "size": self.size if self.announced is None else self.announced,
            "url": self.url,
            "proxy_url": self.proxy_url,
        }
        if self.content_type is not None:
            data["content_type"] = self.content_type
        if self.description is not None:
            data["description"] = self.description
        size = _png_size(self.data)
        if size is not None:
            data["width"], data["height"] = size
        if self.ephemeral:
            data["ephemeral"] = True
        return data


@dataclass
class Message:
    id: int
    channel_id: int
    author: dict[str, Any]
    content: str
    embeds: list[dict[str, Any]]
    components: list[dict[str, Any]]
    flags: int
    visible_to: int | None  # None: everyone in the channel; else the one user of an ephemeral message
    type: int = 0
    edited: str | None = None
    created: str = field(default_factory=now_iso)
    guild_id: int | None = None
    files: list[SentFile] = field(default_factory=list)

    def payload(self) -> dict[str, Any]:
        data = {
            "id": str(self.id),
            "channel_id": str(self.channel_id),
            "author": self.author,
            "content": self.content,
            "timestamp": self.created,
            "edited_timestamp": self.edited,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [f.attachment() for f in self.files],
            "embeds": self.embeds,
            "components": self.components,
            "pinned": False,
            "type": self.type,
            "flags": self.flags,
        }
        if self.guild_id is not None:
            data["guild_id"] = str(self.guild_id)
        return data

    def apply(self, data: dict[str, Any], files: list[SentFile] | None = None) -> None:
        """A PATCH or UPDATE_MESSAGE: keys present replace, keys absent stay; `files` as resolved."""
        if "content" in data:
            self.content = data["content"] or ""
        if "embeds" in data:
            self.embeds = data["embeds"] or []
        if "components" in data:
            self.components = data["components"] or []
        if files is not None:
            self.files = files
        self.flags &= ~LOADING
        self.edited = now_iso()


class InteractionFailedError(Exception):
    pass


@dataclass
class Interaction:
    id: int
    token: str
    user_id: int
    channel_id: int
    created: float
    source: Message | None = None
    original: Message | None = None
    acked: bool = False
    deferred: bool = False
    guild_id: int | None = None
    modal: dict[str, Any] | None = None  # the modal the bot answered with (callback type 9)
    done: asyncio.Future[Any] = field(default_factory=lambda: asyncio.get_running_loop().create_future())

    def resolve(self, result: Any) -> None:
        if not self.done.done():
            self.done.set_result(result)

    def fail(self, why: str) -> None:
        """What the person sees is Discord's "This interaction failed"."""
        if not self.done.done():
            self.done.set_exception(InteractionFailedError(why))
