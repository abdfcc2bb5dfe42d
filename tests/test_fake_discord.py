"""The stand-in itself: it must refuse what Discord refuses, in Discord's shape, or tests lie."""

import asyncio
import csv
import io
import json
from typing import Any
from unittest.mock import ANY

import aiohttp
import discord
import pytest

from tests.fake_discord import OMIT, FakeDiscord, Person, Upload
from tests.fake_discord.gateway import GUILD_MEMBERS, GUILDS
from tests.fake_discord.probe import PNG, Probe, ShardedProbe, pointed_at, running, said
from tests.fake_discord.raw import ClosedError, raw_gateway, rest
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


# -- the Server Members intent --------------------------------------------------------------------


async def test_the_members_intent_must_be_switched_on_in_the_portal(fake: FakeDiscord):
    assert not fake.members_intent  # as for a new app
    with pointed_at(fake), pytest.raises(discord.PrivilegedIntentsRequired):
        await asyncio.wait_for(Probe(members=True).start(fake.token), 10)
    async with raw_gateway(fake, intents=None) as raw:
        await raw.send(2, {"token": fake.token, "intents": GUILDS | GUILD_MEMBERS, "properties": {}})
        with pytest.raises(ClosedError) as closed:
            await raw.next()
        assert (closed.value.code, closed.value.reason) == (4014, "Disallowed intent(s).")


@pytest.mark.parametrize("size", [40, 1000])
async def test_with_the_members_intent_a_class_is_chunked_and_changes_arrive(fake: FakeDiscord, size: int):
    fake.members_intent = True
    students = fake.add_role("5B students")
    for n in range(size):
        member = fake.add_member(f"Student {n}")
        if n % 4:
            fake.give_role(member, students)
    async with running(fake, Probe(members=True)) as (probe,):
        assert probe.application_flags.gateway_guild_members_limited
        guild = probe.get_guild(fake.guild_id)
        assert guild.chunked  # discord.py asked for the list (op 8) when it saw member_count
        assert len(guild.members) == size + 1  # and the bot
        assert len(await guild.chunk()) == size + 1
        assert len(guild.get_role(students).members) == size - (size + 3) // 4

        newcomer = fake.add_member("Newcomer")
        fake.give_role(newcomer, students)
        fake.leave(newcomer)
        await probe.wait_event("member_remove", newcomer.id)
        assert [e for e in probe.events if e[0].startswith("member_")] == [
            ("member_join", newcomer.id),
            ("member_update", (newcomer.id, sorted([fake.guild_id, students]))),
            ("member_remove", newcomer.id),
        ]


async def test_member_events_and_lists_follow_the_intents_asked_for(fake: FakeDiscord):
    fake.members_intent = True
    fake.add_member("Alice")
    async with (
        raw_gateway(fake, intents=GUILDS) as plain,
        raw_gateway(fake, intents=GUILDS | GUILD_MEMBERS) as full,
    ):
        for client in (plain, full):
            created = await client.until("GUILD_CREATE")
            # Without the presence intent Discord lists only the bot, whatever the member count.
            assert ([m["user"]["id"] for m in created["members"]], created["member_count"]) == (
                [str(fake.bot.id)],
                2,
            )
        bob = fake.add_member("Bob")
        fake.add_channel("after")
        await plain.until("CHANNEL_CREATE")
        assert plain.events("GUILD_MEMBER_ADD") == []
        assert (await full.until("GUILD_MEMBER_ADD"))["user"]["id"] == str(bob.id)

        await plain.send(8, {"guild_id": str(fake.guild_id), "query": "", "limit": 0, "nonce": "all"})
        await full.send(8, {"guild_id": str(fake.guild_id), "query": "", "limit": 0, "nonce": "all"})
        chunk = await full.until("GUILD_MEMBERS_CHUNK")
        assert (len(chunk["members"]), chunk["chunk_count"], chunk["nonce"]) == (3, 1, "all")
        await plain.send(8, {"guild_id": str(fake.guild_id), "query": "bo", "limit": 10, "nonce": "bo"})
        chunk = await plain.until("GUILD_MEMBERS_CHUNK")  # a prefix needs no intent; the whole list did
        assert ([m["user"]["id"] for m in chunk["members"]], chunk["nonce"]) == ([str(bob.id)], "bo")


# -- odd interactions: no member, a DM, malformed data ---------------------------------------------


async def test_a_server_interaction_without_a_member_and_one_from_a_dm(fake: FakeDiscord):
    alice = Person(fake, fake.add_member("Alice"))
    dana = Person(fake, fake.add_user("Dana"))  # in no server: she can only DM the bot
    async with running(fake, Probe()):
        card = await alice.slash("where")
        forged = await fake.interact(
            alice.member,
            3,
            {"custom_id": "probe:click", "component_type": 2},
            fake.messages[card.id],
            as_member=False,
        )
        sent = fake.gateway.sent("INTERACTION_CREATE")[-1]
        assert ("member" in sent, sent["user"]["id"]) == (False, str(alice.id))
        seen = json.loads((await asyncio.wait_for(forged.done, 5)).content)
        assert (seen["user_type"], seen["guild"]) == ("NoneType", fake.guild_id)  # discord.py: user MISSING

        reply = await dana.slash("where")
        seen = said(reply)
        assert (seen["guild"], seen["user_type"], seen["channel"]) == (None, "User", dana.dm)
        assert fake.gateway.sent("INTERACTION_CREATE")[-1]["context"] == 1
        status, channel = await rest(fake, "POST", "/users/@me/channels", {"recipient_id": str(dana.id)})
        assert (status, int(channel["id"]), channel["type"]) == (200, dana.dm, 1)
        assert (await rest(fake, "POST", f"/channels/{dana.dm}/messages", {"content": "Hello"}))[0] == 200
        assert [s.text for s in dana.screen()] == [reply.text, "Hello"]
        assert not {s.id for s in dana.screen()} & {s.id for s in alice.screen()}


async def test_malformed_component_payloads_go_out_exactly_as_given(fake: FakeDiscord):
    alice = fake.add_member("Alice")
    async with raw_gateway(fake) as raw:
        await fake.interact(alice, 3, {"custom_id": None, "component_type": 2})
        assert (await raw.until("INTERACTION_CREATE"))["data"] == {"custom_id": None, "component_type": 2}
        await fake.interact(alice, 3, {}, changes={"data": OMIT, "version": 2})
        sent = await raw.until("INTERACTION_CREATE")
        assert ("data" in sent, sent["version"], sent["member"]["user"]["id"]) == (False, 2, str(alice.id))


# -- shards ----------------------------------------------------------------------------------------


async def test_each_servers_events_go_to_the_shard_discord_would_pick(fake: FakeDiscord):
    fake.shard_count = 2
    first, second = fake.add_guild("Shard 0", shard=0), fake.add_guild("Shard 1", shard=1)
    assert (fake.shard_of(first), fake.shard_of(second)) == (0, 1)
    ann, ben = fake.add_member("Ann", guild=first), fake.add_member("Ben", guild=second)
    _, advice = await rest(fake, "GET", "/gateway/bot")
    assert advice["shards"] == 2
    assert advice["url"] == fake.gateway_url
    assert advice["session_start_limit"]["max_concurrency"] == 1

    async with raw_gateway(fake, shard=[0, 2]) as zero:
        assert not fake.connected
        async with raw_gateway(fake, shard=[1, 2]) as one:
            await fake.wait_connected(timeout=5)
            ready = [c.events("READY")[0] for c in (zero, one)]
            assert [r["shard"] for r in ready] == [[0, 2], [1, 2]]
            homes = [{int(g["id"]) for g in r["guilds"]} for r in ready]
            assert first in homes[0]
            assert second in homes[1]
            assert not homes[0] & homes[1]
            assert homes[0] | homes[1] == set(fake.guilds)

            await fake.interact(ben, 2, {"name": "where", "type": 1})
            assert (await one.until("INTERACTION_CREATE"))["guild_id"] == str(second)
            await fake.interact(fake.add_user("Dana"), 2, {"name": "where", "type": 1})
            assert "guild_id" not in await zero.until("INTERACTION_CREATE")  # DMs go to shard 0
            assert len(one.events("INTERACTION_CREATE")) == 1

            await fake.drop_connection(shard=1)
            assert not fake.connected
            assert fake.gateway.routable(first)
            await fake.interact(ann, 2, {"name": "where", "type": 1})
            assert (await zero.until("INTERACTION_CREATE"))["guild_id"] == str(first)

    async with raw_gateway(fake, intents=None) as wrong:
        await wrong.send(2, {"token": fake.token, "intents": GUILDS, "shard": [2, 2], "properties": {}})
        with pytest.raises(ClosedError, match="4010"):
            await wrong.next()


async def test_two_processes_worth_of_sharded_clients_each_answer_their_servers(fake: FakeDiscord):
    fake.shard_count = 2
    first, second = fake.add_guild("Shard 0", shard=0), fake.add_guild("Shard 1", shard=1)
    ann = Person(fake, fake.add_member("Ann", guild=first))
    ben = Person(fake, fake.add_member("Ben", guild=second))
    zero, one = ShardedProbe(shard_ids=[0], shard_count=2), ShardedProbe(shard_ids=[1], shard_count=2)
    async with running(fake, zero, one):
        assert {g.id for g in zero.guilds} == {g for g in fake.guilds if fake.shard_of(g) == 0}
        assert {g.id for g in one.guilds} == {g for g in fake.guilds if fake.shard_of(g) == 1}
        assert said(await ann.slash("where"))["shard"] == 0
        assert said(await ben.slash("where"))["shard"] == 1
        await fake.send_reconnect(shard=1)
        await fake.wait_for(lambda: fake.resumes == 1)
        assert said(await ben.click("Click"))["shard"] == 1
    assert fake.identifies == 2


async def test_a_client_that_asks_for_the_shard_count_opens_every_shard(fake: FakeDiscord):
    fake.shard_count = 2
    async with running(fake, ShardedProbe()) as (client,):
        assert (client.shard_count, sorted(client.shards)) == (2, [0, 1])
    assert any(r.path.endswith("/gateway/bot") for r in fake.requests)
