"""The stand-in's gateway: the members intent, odd interactions and shards, through real clients."""

import asyncio
import json

import discord
import pytest

from tests.fake_discord import OMIT, FakeDiscord, Person
from tests.fake_discord.gateway import GUILD_MEMBERS, GUILDS
from tests.fake_discord.probe import Probe, ShardedProbe, pointed_at, running, said
from tests.fake_discord.raw import ClosedError, raw_gateway, rest

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
