"""Discord's own checks on what a bot sends, answered in Discord's error shape (code 50035)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

CONTENT = 2000
EMBEDS = 10
EMBED_TOTAL = 6000
TITLE = 256
DESCRIPTION = 4096
FIELDS = 25
FIELD_NAME = 256
FIELD_VALUE = 1024
FOOTER = 2048
AUTHOR = 256
ROWS = 5
PER_ROW = 5
LABEL = 80
CUSTOM_ID = 100
CHOICES = 25
CHOICE_NAME = 100
MODAL_TITLE = 45
INPUT_LABEL = 45
INPUT_LENGTH = 4000
TEXT_INPUT = 4


def problems(data: dict[str, Any]) -> dict[str, str]:
    """Field path -> what Discord would say; empty when the message is acceptable."""
    found: dict[str, str] = {}
    content = data.get("content") or ""
    if len(content) > CONTENT:
        found["content"] = f"Must be {CONTENT} or fewer in length."
    embeds = data.get("embeds") or []
    if len(embeds) > EMBEDS:
        found["embeds"] = f"Must be {EMBEDS} or fewer in length."
    total = 0
    for i, embed in enumerate(embeds):
        for key, limit in (("title", TITLE), ("description", DESCRIPTION)):
            text = embed.get(key) or ""
            total += len(text)
            if len(text) > limit:
                found[f"embeds.{i}.{key}"] = f"Must be {limit} or fewer in length."
        fields = embed.get("fields") or []
        if len(fields) > FIELDS:
            found[f"embeds.{i}.fields"] = f"Must be {FIELDS} or fewer in length."
        for j, field in enumerate(fields):
            name, value = field.get("name") or "", field.get("value") or ""
            total += len(name) + len(value)
            if not name or len(name) > FIELD_NAME:
                found[f"embeds.{i}.fields.{j}.name"] = f"Must be between 1 and {FIELD_NAME} in length."
            if not value or len(value) > FIELD_VALUE:
                found[f"embeds.{i}.fields.{j}.value"] = f"Must be between 1 and {FIELD_VALUE} in length."
        footer = (embed.get("footer") or {}).get("text") or ""
        author = (embed.get("author") or {}).get("name") or ""
        total += len(footer) + len(author)
        if len(footer) > FOOTER:
            found[f"embeds.{i}.footer.text"] = f"Must be {FOOTER} or fewer in length."
        if len(author) > AUTHOR:
            found[f"embeds.{i}.author.name"] = f"Must be {AUTHOR} or fewer in length."
    if total > EMBED_TOTAL:
        found["embeds"] = f"Embed size exceeds maximum size of {EMBED_TOTAL}"
    rows = data.get("components") or []
    if len(rows) > ROWS:
        found["components"] = f"Must be {ROWS} or fewer in length."
    seen: set[str] = set()
    for i, row in enumerate(rows):
        children = row.get("components") or []
        if row.get("type") != 1:
            found[f"components.{i}.type"] = "Top-level components must be action rows."
        if not 1 <= len(children) <= PER_ROW:
            found[f"components.{i}.components"] = f"Must be between 1 and {PER_ROW} in length."
        for j, child in enumerate(children):
            where = f"components.{i}.components.{j}"
            label = child.get("label") or ""
            if len(label) > LABEL:
                found[f"{where}.label"] = f"Must be {LABEL} or fewer in length."
            if not label and not child.get("emoji"):
                found[where] = "A button needs a label or an emoji."
            custom_id = child.get("custom_id")
            if custom_id is not None:
                if not 1 <= len(custom_id) <= CUSTOM_ID:
                    found[f"{where}.custom_id"] = f"Must be between 1 and {CUSTOM_ID} in length."
                if custom_id in seen:
                    found[f"{where}.custom_id"] = "Component custom id cannot be duplicated"
                seen.add(custom_id)
    return found


def modal_problems(data: dict[str, Any]) -> dict[str, str]:
    """What Discord would say of a modal (callback type 9): a title, a custom_id, 1-5 rows of one input."""
    found: dict[str, str] = {}
    if not 1 <= len(data.get("title") or "") <= MODAL_TITLE:
        found["title"] = f"Must be between 1 and {MODAL_TITLE} in length."
    if not 1 <= len(data.get("custom_id") or "") <= CUSTOM_ID:
        found["custom_id"] = f"Must be between 1 and {CUSTOM_ID} in length."
    rows = data.get("components") or []
    if not 1 <= len(rows) <= ROWS:
        found["components"] = f"Must be between 1 and {ROWS} in length."
    for i, row in enumerate(rows):
        children = row.get("components") or []
        if row.get("type") != 1 or len(children) != 1 or children[0].get("type") != TEXT_INPUT:
            found[f"components.{i}"] = "A modal's row holds one text input."
            continue
        text_input = children[0]
        if not 1 <= len(text_input.get("label") or "") <= INPUT_LABEL:
            found[f"components.{i}.components.0.label"] = f"Must be between 1 and {INPUT_LABEL} in length."
        if not 1 <= int(text_input.get("max_length") or INPUT_LENGTH) <= INPUT_LENGTH:
            found[f"components.{i}.components.0.max_length"] = f"Must be between 1 and {INPUT_LENGTH}."
    return found


def choice_problems(choices: list[dict[str, Any]]) -> dict[str, str]:
    found: dict[str, str] = {}
    if len(choices) > CHOICES:
        found["choices"] = f"Must be {CHOICES} or fewer in length."
    for i, choice in enumerate(choices):
        if not 1 <= len(choice.get("name", "")) <= CHOICE_NAME:
            found[f"choices.{i}.name"] = f"Must be between 1 and {CHOICE_NAME} in length."
    return found


def error_body(found: Mapping[str, str | tuple[str, str]]) -> dict[str, Any]:
    """Discord's 50035 body; each problem is a message, or (error code, message) when not a length."""
    errors: dict[str, Any] = {}
    for path, problem in found.items():
        code, message = problem if isinstance(problem, tuple) else ("BASE_TYPE_BAD_LENGTH", problem)
        node = errors
        for part in path.split("."):
            node = node.setdefault(part, {})
        node["_errors"] = [{"code": code, "message": message}]
    return {"code": 50035, "message": "Invalid Form Body", "errors": errors}
