"""Files on messages: multipart bodies (`payload_json` + `files[n]`), Discord's rules for them, and a CDN.

discord.py sends every file part as application/octet-stream; Discord names the type itself, so the
stand-in does too (`model.detected_type`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from aiohttp import web

from tests.fake_discord import limits
from tests.fake_discord.messages import SentFile, detected_type
from tests.fake_discord.responses import json_response

MAX_FILES = 10
_CDN_CHUNK = 64 * 1024
_FILE_FIELD = re.compile(r"files\[(\d+)\]")


@dataclass(frozen=True)
class Part:
    """One uploaded file part of a multipart request."""

    index: int
    filename: str
    data: bytes


async def read_body(request: web.Request) -> tuple[Any, list[Part]]:
    """The JSON body (from `payload_json` when multipart) and the file parts, in index order."""
    if not request.can_read_body:
        return None, []
    if not request.content_type.startswith("multipart/"):
        text = await request.text()
        return (json.loads(text) if text else None), []
    form = await request.post()
    raw = form.get("payload_json")
    parts = []
    for name, value in form.items():
        match = _FILE_FIELD.fullmatch(name)
        if match and isinstance(value, web.FileField):
            parts.append(Part(int(match[1]), value.filename, value.file.read()))
    if isinstance(raw, web.FileField):
        raw = raw.file.read()
    body = json.loads(raw) if raw is not None else None
    return body, sorted(parts, key=lambda p: p.index)


class AttachmentError(Exception):
    """Discord's refusal of the files of a message, as the response it sends."""

    def __init__(self, response: web.Response) -> None:
        super().__init__(response.status)
        self.response = response


def resolve(
    data: dict[str, Any],
    parts: list[Part],
    existing: list[SentFile] | None,
    upload_limit: int,
    store: Callable[[str, bytes, str | None], SentFile],
) -> list[SentFile] | None:
    """The files a message has after this request; None when it leaves them as they were.

    `existing` is None for a new message. An `attachments` entry keeps an existing file by its id or
    names a new one by its index n (the part `files[n]`); on an edit without `attachments`, new files
    are added to the old ones, as Discord documents.
    """
    # Discord's limit is per file (it used to be per request); over it, the whole request is refused.
    if any(len(p.data) > upload_limit for p in parts):
        raise AttachmentError(json_response({"code": 40005, "message": "Request entity too large"}, 413))
    listed = data.get("attachments")
    if listed is None and not parts:
        return None
    by_index = {p.index: p for p in parts}
    old = {f.id: f for f in existing or []}
    # Kept files, and new ones as (part, filename, description), stored only once all is accepted.
    plan: list[SentFile | tuple[Part, str, str | None]] = [] if listed is not None else list(old.values())
    problems: dict[str, tuple[str, str]] = {}
    for i, entry in enumerate(listed or []):
        key = int(entry.get("id", -1))
        if key in old:
            plan.append(old[key])
        elif key in by_index:
            part = by_index[key]
            plan.append((part, entry.get("filename") or part.filename, entry.get("description")))
        else:
            problems[f"attachments.{i}"] = ("ATTACHMENT_NOT_FOUND", "Attachment data not found")
    if problems:
        raise AttachmentError(json_response(limits.error_body(problems), 400))
    named = {item[0].index for item in plan if isinstance(item, tuple)}
    plan += [(p, p.filename, None) for p in parts if p.index not in named]
    if len(plan) > MAX_FILES:
        refusal = {
            "code": 30015,
            "message": f"Maximum number of attachments in a message reached ({MAX_FILES}).",
        }
        raise AttachmentError(json_response(refusal, 400))
    return [item if isinstance(item, SentFile) else store(item[1], item[0].data, item[2]) for item in plan]


def new_file(
    file_id: int,
    channel_id: int,
    origin: str,
    filename: str,
    data: bytes,
    description: str | None,
    *,
    ephemeral: bool,
    folder: str = "attachments",
    content_type: str | None = None,
    announced: int | None = None,
) -> SentFile:
    path = f"/{folder}/{channel_id}/{file_id}/{quote(filename)}"
    return SentFile(
        id=file_id,
        filename=filename,
        data=data,
        content_type=content_type or detected_type(filename, data),
        description=description,
        url=f"{origin}{path}",
        proxy_url=f"{origin}/media{path}",
        ephemeral=ephemeral,
        announced=announced,
    )


def cdn_routes(files: dict[int, SentFile], served: dict[int, int]) -> list[web.RouteDef]:
    """GET on a file's url or proxy_url, as discord.py's Attachment.read() does (no token).

    The body goes out in chunks, each counted in `served` once written, so that a test sees how much
    of a file a client read before it hung up.
    """

    async def serve(request: web.Request) -> web.StreamResponse:
        stored = files.get(int(request.match_info["file"]))
        if stored is None or quote(stored.filename) != quote(request.match_info["name"]):
            return web.Response(status=404, text="Not Found")
        response = web.StreamResponse()
        response.content_type = (stored.content_type or "application/octet-stream").split(";")[0]
        response.content_length = len(stored.data)
        await response.prepare(request)
        for start in range(0, len(stored.data), _CDN_CHUNK):
            try:
                await response.write(stored.data[start : start + _CDN_CHUNK])
            except ConnectionError:  # the client hung up
                return response
            served[stored.id] = served.get(stored.id, 0) + min(_CDN_CHUNK, len(stored.data) - start)
        await response.write_eof()
        return response

    patterns = [
        f"{prefix}/{folder}/{{owner}}/{{file:[0-9]+}}/{{name}}"
        for prefix in ("", "/media")
        for folder in ("attachments", "ephemeral-attachments")
    ]
    return [web.get(p, serve) for p in patterns]
