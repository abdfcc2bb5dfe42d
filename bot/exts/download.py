"""Downloading an attachment a person sent, read in chunks and given up as soon as it is too big.

discord.py's Attachment.read() reads the whole body into memory before anyone can look at its size;
the size Discord announces is checked first (bot/tutor/uploads.py `too_big`), but only the bytes
served are the truth, so they are counted too.
"""

from __future__ import annotations

import logging

import aiohttp
import discord

from bot.errors import UserError
from bot.i18n import text

log = logging.getLogger(__name__)

_CHUNK = 64 * 1024
# A lesson file is small; a download that takes longer than this is not worth waiting for.
_TIMEOUT = aiohttp.ClientTimeout(total=30)


async def read_at_most(file: discord.Attachment, most: int, http: discord.http.HTTPClient) -> bytes:
    """The attachment's bytes; UserError if it is over `most` bytes, or cannot be downloaded.

    `http` is the client's, for its proxy settings.
    """
    data = bytearray()
    try:
        async with (
            aiohttp.ClientSession(timeout=_TIMEOUT) as session,
            session.get(file.url, proxy=http.proxy, proxy_auth=http.proxy_auth) as response,
        ):
            response.raise_for_status()
            async for chunk in response.content.iter_chunked(_CHUNK):
                data += chunk
                if len(data) > most:
                    log.warning(
                        "Upload %s announced %d bytes, served more than %d", file.filename, file.size, most
                    )
                    raise UserError(text("uploads.too_big_served", file=file.filename, most=most // 1024))
    except (aiohttp.ClientError, TimeoutError) as exc:
        log.warning("Could not download the upload %s: %s", file.filename, exc)
        raise UserError(text("lesson.download_failed", file=file.filename)) from None
    return bytes(data)
