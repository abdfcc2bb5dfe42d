"""Interactions discord.py would choke on are refused before they reach it: one bad payload must never end
the bot for every student."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

from bot.exts.errors import Arrivals

log = logging.getLogger(__name__)

_SNOWFLAKE = re.compile(r"[0-9]{1,20}")
# Interaction types whose `data` discord.py reads without checking: what each needs, and its type.
_COMPONENT, _MODAL = 3, 5
_NEEDS: dict[int, tuple[tuple[str, type], ...]] = {
    2: (("name", str),),  # slash command
    _COMPONENT: (("custom_id", str), ("component_type", int)),
    4: (("name", str),),  # autocomplete
    _MODAL: (("custom_id", str), ("components", list)),
}


def interaction_problem(payload: object) -> str | None:
    """Why discord.py cannot handle this INTERACTION_CREATE payload safely; None if it can.

    discord.py trusts these fields: a null custom_id raises inside its dispatch, which ends the
    connection and so the bot.
    """
    if not isinstance(payload, dict):
        return "the payload is not an object"
    for key in ("id", "application_id"):
        if not (isinstance(payload.get(key), str | int) and _SNOWFLAKE.fullmatch(str(payload[key]))):
            return f"{key} is not an id"
    if not isinstance(payload.get("token"), str) or not payload["token"]:
        return "token is missing"
    kind = payload.get("type")
    if not isinstance(kind, int) or isinstance(kind, bool) or not 1 <= kind <= 5:
        return f"type {kind!r} is unknown"
    return _data_problem(kind, payload)


def _data_problem(kind: int, payload: dict[str, Any]) -> str | None:
    if kind not in _NEEDS:
        return None
    data = payload.get("data")
    if not isinstance(data, dict):
        return f"type {kind} has no data"
    for key, expected in _NEEDS[kind]:
        value = data.get(key)
        if not isinstance(value, expected) or isinstance(value, bool):
            return f"data.{key} is {type(value).__name__}, not {expected.__name__}"
    if kind in (_COMPONENT, _MODAL) and not 1 <= len(data["custom_id"]) <= 100:
        return "data.custom_id is not 1 to 100 characters"
    return None


def _id_of(payload: object) -> str:
    raw = payload.get("id") if isinstance(payload, dict) else None
    return str(raw)[:24] if isinstance(raw, str | int) else "none"


def guard_interactions(parse: Callable[[Any], None], arrivals: Arrivals) -> Callable[[Any], None]:
    """discord.py's INTERACTION_CREATE parser, refusing what would raise out of it and end the bot."""

    def guarded(payload: Any) -> None:
        problem = interaction_problem(payload)
        if problem is not None:
            log.warning(
                "Refused a malformed interaction (id %s): %s",
                _id_of(payload),
                problem,
                extra={"fault": "malformed-interaction"},
            )
            return
        arrivals.note(int(payload["id"]))
        try:
            parse(payload)
        except Exception:
            # Raised out of the gateway's reader, this would end the bot for every student.
            log.exception(
                "Refused an interaction discord.py could not read (id %s)",
                _id_of(payload),
                extra={"fault": "unreadable-interaction"},
            )

    return guarded
