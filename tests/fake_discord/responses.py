"""Responses in Discord's shape."""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    # Exactly "application/json": discord.py compares the header with ==, so no charset may follow.
    return web.Response(
        body=json.dumps(data).encode(),
        status=status,
        headers={"Content-Type": "application/json", **(headers or {})},
    )


def discord_error(status: int, code: int, message: str) -> web.Response:
    return json_response({"code": code, "message": message}, status)


BODY = web.RequestKey[Any]("body", object)
PARTS = web.RequestKey[list[Any]]("parts", list)


def rate_limited(retry_after: float, bucket: str = "fakebucket", limit: int = 5) -> web.Response:
    """Discord's 429: the seconds to wait in the body and in the headers discord.py reads."""
    after = f"{retry_after:.3f}"
    return json_response(
        {"message": "You are being rate limited.", "retry_after": retry_after, "global": False},
        429,
        {
            "X-RateLimit-Limit": str(limit),
            "X-RateLimit-Remaining": "0",
            "X-RateLimit-Reset-After": after,
            "X-RateLimit-Bucket": bucket,
            "X-RateLimit-Scope": "user",
            "Retry-After": after,
            # Discord's API answers through its edge, which adds Via; discord.py's clients treat a
            # 429 without Via as a ban and do not retry.
            "Via": "1.1 google",
        },
    )
