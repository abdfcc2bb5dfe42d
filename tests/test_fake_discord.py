"""The stand-in itself: it must refuse what Discord refuses, in Discord's shape, or tests lie."""

import csv
import io
from typing import Any
from unittest.mock import ANY

import aiohttp
import pytest

from tests.fake_discord import FakeDiscord, Person, Upload
from tests.fake_discord.probe import PNG, Probe, running, said
from tests.fake_discord.raw import rest
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


# -- classes, servers, roles, locales: what a real discord.py client makes of them ----------------


async def test_channels_are_classes_with_their_own_messages(fake: FakeDiscord):
    alice = Person(fake, fake.add_member("Alice"))
    math = fake.add_channel("math")
    async with running(fake, Probe()) as (probe,):
        art = fake.add_channel("art")  # created while the bot is connected
        await probe.wait_event("channel_create", art)
        assert {math, art, fake.channel_id} <= {c.id for c in probe.get_all_channels()}

        reply = await alice.slash("where", in_channel=art)
        assert said(reply)["channel"] == art
        assert [s.id for s in alice.screen(channel=art)] == [reply.id]
        assert alice.screen(channel=fake.channel_id) == []
        clicked = await alice.click("Click", channel=art)  # a click happens where its message is
        assert said(clicked)["channel"] == art
        assert said(await alice.slash("where"))["channel"] == fake.channel_id


async def test_a_second_server_with_its_own_people_and_one_person_in_both(fake: FakeDiscord):
    other = fake.add_guild("Class 6A")
    alice = fake.add_member("Alice")
    bob = Person(fake, fake.add_member("Bob", guild=other))
    alice_there = Person(fake, fake.join(alice, guild=other))
    async with running(fake, Probe()) as (probe,):
        assert {g.id for g in probe.guilds} == {fake.guild_id, other}
        assert said(await bob.slash("where"))["guild"] == other
        there = await alice_there.slash("where")
        assert (said(there)["guild"], said(there)["user"]) == (other, alice.id)
        assert Person(fake, alice).screen() == []  # what happens in 6A is not on 5B's screen
        third = fake.add_guild("Class 7C")  # the bot is added to a server while running
        await probe.wait_event("guild_join", third)


async def test_roles_reach_the_client_and_ride_on_members(fake: FakeDiscord):
    assistants = fake.add_role("Teaching assistants")
    teacher = Person(fake, fake.add_member("Ms Rivera", teacher=True))
    bob = Person(fake, fake.add_member("Bob"))
    fake.give_role(bob.member, assistants)
    async with running(fake, Probe()) as (probe,):
        guild = probe.get_guild(fake.guild_id)
        assert guild.get_role(assistants).name == "Teaching assistants"
        assert guild.owner_id == teacher.id  # never a student, who would get every permission
        seen = said(await teacher.slash("where"))
        assert seen["teacher"]
        assert seen["manage_guild_by_roles"]
        assert seen["roles"] == [fake.guild().teacher_role]
        seen = said(await bob.slash("where"))
        assert (seen["teacher"], seen["manage_guild_by_roles"], seen["roles"]) == (False, False, [assistants])

        readers = fake.add_role("Readers")
        await probe.wait_event("role_create", readers)
        fake.give_role(bob.member, readers)
        assert said(await bob.slash("where"))["roles"] == sorted([assistants, readers])
        assert not [e for e in probe.events if e[0] == "member_update"]  # no members intent asked


async def test_option_types_arrive_resolved_as_discord_sends_them(fake: FakeDiscord):
    teacher = Person(fake, fake.add_member("Ms Rivera", teacher=True))
    bob = fake.add_member("Bob")
    outsider = fake.add_user("Eve")  # not in the server: Discord allows naming her by id
    role, math = fake.add_role("5B"), fake.add_channel("math")
    upload = Upload("lesson.toml", b'title = "Volcanoes"\n')
    async with running(fake, Probe()):
        seen = said(await teacher.slash("inspect", student=bob, role=role, channel=math, file=upload))
        assert seen == {
            "student": ["Member", bob.id, "Bob"],
            "role": [role, "5B"],
            "channel": ["TextChannel", math, "math"],
            "file": [
                "lesson.toml",
                len(upload.data),
                "application/toml; charset=utf-8",
                'title = "Volcanoes"\n',
            ],
        }
        resolved = fake.gateway.sent("INTERACTION_CREATE")[-1]["data"]["resolved"]
        assert "user" not in resolved["members"][str(bob.id)]  # members come without their user
        seen = said(await teacher.slash("inspect", student=outsider))
        assert seen["student"] == ["User", outsider.id, "Eve"]
        resolved = fake.gateway.sent("INTERACTION_CREATE")[-1]["data"]["resolved"]
        assert (list(resolved["users"]), resolved.get("members")) == ([str(outsider.id)], None)
        with pytest.raises(AssertionError, match="not a value"):
            await teacher.slash("inspect", student="Bob")


async def test_files_the_bot_sends_are_kept_with_discords_attachments_and_served(fake: FakeDiscord):
    alice = Person(fake, fake.add_member("Alice"))
    bob = Person(fake, fake.add_member("Bob"))
    async with running(fake, Probe()):
        report = await alice.slash("files")
        assert report.ephemeral
        assert [(f.filename, f.content_type) for f in report.files] == [
            ("report.csv", "text/csv; charset=utf-8"),
            ("chart.png", "image/png"),
        ]
        rows = list(csv.reader(io.StringIO(report.file("report.csv").text)))
        assert rows == [["name", "score"], ['Zoë "Z" O\'Neil', " 12"], ["Дмитрий", "15"]]
        chart = report.file("chart.png")
        assert (chart.description, chart.attachment()["width"], chart.data) == ("A chart", 1, PNG)
        notes = await bob.wait_for_text("Notes")  # the followup is for everyone
        assert [f.filename for f in notes.files] == ["notes.txt"]
        await alice.wait_until(lambda s: [f.filename for f in s[-2].files] == ["final.csv"], "the edit")
        async with aiohttp.ClientSession() as session, session.get(notes.files[0].url) as response:
            assert (response.status, await response.read()) == (200, b"notes")
    assert fake.rejected() == []


async def send_files(
    fake: FakeDiscord, files: list[tuple[str, bytes]], attachments: Any, message: int | None = None
) -> tuple[int, Any]:
    path = f"/channels/{fake.channel_id}/messages" + ("" if message is None else f"/{message}")
    body = {"content": "x", "attachments": attachments}
    return await rest(fake, "POST" if message is None else "PATCH", path, body, files)


async def test_an_edit_keeps_the_files_it_lists_and_adds_new_ones(fake: FakeDiscord):
    status, sent = await send_files(fake, [("a.csv", b"a"), ("b.csv", b"b")], [{"id": 0}, {"id": 1}])
    assert status == 200
    kept = sent["attachments"][1]
    status, edited = await send_files(fake, [("c.csv", b"c")], [kept, {"id": 0}], message=int(sent["id"]))
    assert [a["filename"] for a in edited["attachments"]] == ["b.csv", "c.csv"]
    assert edited["attachments"][0]["id"] == kept["id"]
    assert [f.data for f in fake.messages[int(sent["id"])].files] == [b"b", b"c"]


async def test_too_many_too_large_or_missing_files_are_refused_as_discord_does(fake: FakeDiscord):
    eleven = [(f"{n}.txt", b"x") for n in range(11)]
    assert await send_files(fake, eleven, [{"id": n} for n in range(11)]) == (
        400,
        {"code": 30015, "message": "Maximum number of attachments in a message reached (10)."},
    )
    too_big = [("big.bin", b"\0" * (fake.guild().upload_limit + 1))]
    assert await send_files(fake, too_big, [{"id": 0}]) == (
        413,
        {"code": 40005, "message": "Request entity too large"},
    )
    status, body = await send_files(fake, [("a.txt", b"a")], [{"id": 0}, {"id": 1}])
    assert (status, body["errors"]["attachments"]["1"]["_errors"][0]["code"]) == (400, "ATTACHMENT_NOT_FOUND")
    assert await send_files(fake, [("a.txt", b"a")], [{"id": 0}]) == (200, ANY)
    assert fake.guild().upload_limit == 10 * 1024 * 1024  # Discord's (and discord.py's) for a server


async def test_locales_of_people_of_servers_and_of_commands(fake: FakeDiscord):
    spanish = fake.add_guild("Clase 5B", locale="es-ES")
    ana = Person(fake, fake.add_member("Ana", guild=spanish), locale="es-ES")
    async with running(fake, Probe()) as (probe,):
        seen = said(await ana.slash("where"))
        assert (seen["locale"], seen["guild_locale"]) == ("es-ES", "es-ES")
        fake.set_locale("fr", guild=spanish)
        await probe.wait_event("guild_update", "fr")
        assert said(await ana.slash("where"))["guild_locale"] == "fr"
    assert fake.synced.localized("where", "es-ES") == ("donde", "Dice dónde y como quién se usó")
    assert fake.synced.localized("inspect student", "es-ES") == ("alumno", "Un alumno")
    assert fake.synced.localized("inspect student", "de") == ("student", "A student")


async def put_commands(fake: FakeDiscord, body: Any) -> tuple[int, Any]:
    return await rest(fake, "PUT", f"/applications/{fake.application_id}/commands", body)


async def test_commands_discord_would_refuse_are_refused(fake: FakeDiscord):
    option = {"type": 3, "name": "lesson", "description": "Which"}
    bad = [
        {"name": "Quiz", "description": "Upper case"},
        {"name": "report", "description": "d" * 101},
        {"name": "post", "description": "p", "name_localizations": {"xx": "poste"}},
        {
            "name": "open",
            "description": "o",
            "options": [option, {**option, "name": "when", "required": True}],
        },
    ]
    status, body = await put_commands(fake, bad)
    assert status == 400
    errors = body["errors"]
    assert set(errors) == {"0", "1", "2", "3"}
    assert errors["0"]["name"]["_errors"][0]["code"] == "APPLICATION_COMMAND_INVALID_NAME"
    assert "description" in errors["1"]
    assert "xx" in errors["2"]["name_localizations"]
    assert "required" in errors["3"]["options"]["1"]
    assert fake.commands == {}
    status, body = await put_commands(fake, [{"name": "quiz", "description": "Quizzes", "options": [option]}])
    assert status == 200
    assert body[0]["id"] == fake.synced.find("quiz")["id"]
    assert fake.synced.find("quiz lesson")["description"] == "Which"
