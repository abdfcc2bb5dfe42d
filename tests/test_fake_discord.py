"""The stand-in itself: it must refuse what Discord refuses, in Discord's shape, or tests lie."""

from typing import Any

import aiohttp
import pytest

from tests.fake_discord import FakeDiscord
from tests.fake_discord.server import Interaction


def button(label: str, custom_id: str) -> dict[str, Any]:
    return {"type": 2, "style": 2, "label": label, "custom_id": custom_id}


def row(*buttons: dict[str, Any]) -> dict[str, Any]:
    return {"type": 1, "components": list(buttons)}


async def post(fake: FakeDiscord, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    headers = {"Authorization": f"Bot {fake.token}"}
    async with aiohttp.ClientSession() as session:
        url = f"{fake.api_base}/channels/{fake.channel_id}/messages"
        async with session.post(url, json=body, headers=headers) as response:
            assert response.headers["Content-Type"] == "application/json"
            return response.status, await response.json()


@pytest.mark.parametrize(
    ("body", "path"),
    [
        ({"content": "x" * 2001}, "content"),
        ({"components": [row(button("y" * 81, "a"))]}, "components.0.components.0.label"),
        ({"components": [row(*(button(str(n), str(n)) for n in range(6)))]}, "components.0.components"),
        ({"components": [row(button(str(n), str(n))) for n in range(6)]}, "components"),
        (
            {"components": [row(button("a", "same"), button("b", "same"))]},
            "components.0.components.1.custom_id",
        ),
        ({"embeds": [{"title": "t" * 257}]}, "embeds.0.title"),
        ({"embeds": [{"description": "d" * 4097}]}, "embeds.0.description"),
        ({"embeds": [{"fields": [{"name": "n", "value": "v" * 1025}]}]}, "embeds.0.fields.0.value"),
        ({"embeds": [{"description": "d" * 4000}, {"description": "d" * 2001}]}, "embeds"),
    ],
)
async def test_what_discord_refuses_is_refused_with_its_error_shape(fake: FakeDiscord, body, path):
    status, data = await post(fake, body)
    assert status == 400
    assert data["code"] == 50035
    node = data["errors"]
    for part in path.split("."):
        node = node[part]
    assert node["_errors"]
    assert fake.rejected()[-1].body == body


async def test_an_acceptable_message_is_stored_for_everyone(fake: FakeDiscord):
    student = fake.add_member("Alice")
    status, data = await post(fake, {"content": "hello", "components": [row(button("ok", "a"))]})
    assert status == 200
    assert [m.content for m in fake.visible_to(student.id)] == ["hello"]
    assert data["content"] == "hello"


async def test_wrong_token_is_unauthorized(fake: FakeDiscord):
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"{fake.api_base}/users/@me", headers={"Authorization": "Bot nope"}) as response,
    ):
        assert response.status == 401


async def test_a_late_callback_is_unknown_interaction(fake: FakeDiscord):
    fake.interactions[1] = Interaction(id=1, token="t", user_id=1, channel_id=1, created=0.0)
    url = f"{fake.api_base}/interactions/1/t/callback"
    async with aiohttp.ClientSession() as session, session.post(url, json={"type": 6}) as response:
        assert response.status == 404
        assert (await response.json())["code"] == 10062


async def test_every_request_is_recorded(fake: FakeDiscord):
    await post(fake, {"content": "one"})
    assert [(r.method, r.status) for r in fake.requests] == [("POST", 200)]
