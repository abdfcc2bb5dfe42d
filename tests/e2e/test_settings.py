"""/settings through the real client: a server's time zone, teacher role and roster, as set by a teacher."""

from datetime import UTC, datetime

from tests.conftest import Classroom
from tests.fake_discord import Person


async def shown_settings(teacher: Person) -> list[str]:
    shown = await teacher.slash("settings show")
    assert shown.ephemeral
    return shown.text.splitlines()


async def test_a_teacher_sets_the_zone_and_the_roles_and_sees_them(classroom: Classroom):
    fake, teacher = classroom.fake, classroom.teacher
    zone = await teacher.slash("settings timezone", zone="Europe/Madrid")
    assert zone.ephemeral
    assert zone.text == "Times typed in this server now mean Europe/Madrid time."
    assert await shown_settings(teacher) == [
        "Time zone: Europe/Madrid",
        "Teachers: members with Manage Server",
        "Roster: none set",
        "Needs help: a counted score under 60 %",
    ]
    # A time typed now is Madrid's: 17:00 there on 3 December is 16:00 UTC.
    card = await teacher.slash("quiz start", lesson="fine-tuning", closes="2026-12-03 17:00")
    assert f"<t:{int(datetime(2026, 12, 3, 16, tzinfo=UTC).timestamp())}:F>" in card.text
    # The teacher is told the deadline as read, in the server's zone, and no UTC warning once it is set.
    note = await teacher.wait_for_text("Closes Thursday 3 December 2026, 17:00 (Europe/Madrid).")
    assert note.ephemeral
    assert "UTC" not in note.text

    everyone = await teacher.slash("settings teachers", role=fake.guild_id)  # @everyone's id is the server's
    assert everyone.ephemeral
    assert everyone.text == "@everyone can't be used here: pick a role that only some members have."
    assert (await shown_settings(teacher))[1] == "Teachers: members with Manage Server"  # unchanged

    none = await teacher.slash("settings students")
    assert none.text == "There is no roster now; reports list whoever took the quiz."
    role = fake.add_role("Class 5B")
    roster = await teacher.slash("settings students", role=role)
    assert roster.ephemeral
    # The stand-in's Server Members Intent is off, as a new bot's is: the reply says what to turn on.
    said, help_ = roster.text.split("\n\n")
    assert said == f"The roster is everyone with <@&{role}>: reports list who has not started."
    assert "**Server Members Intent**" in help_
    lines = await shown_settings(teacher)
    assert lines[2] == f"Roster: members with <@&{role}>"
    assert "**Server Members Intent**" in lines[-1]

    await teacher.slash("settings students")  # no role: the roster is cleared
    assert (await shown_settings(teacher))[2:] == [
        "Roster: none set",
        "Needs help: a counted score under 60 %",
    ]


async def test_a_teacher_by_role_cannot_change_the_settings_but_sees_them(classroom: Classroom):
    fake, teacher = classroom.fake, classroom.teacher
    helper = Person(fake, fake.add_member("Mr Tan"))
    ta, roster = fake.add_role("TA"), fake.add_role("Class 5B")
    fake.give_role(helper.member, ta)
    await teacher.slash("settings teachers", role=ta)
    before = await shown_settings(teacher)
    for command, options in (
        ("settings teachers", {}),  # unset the role
        ("settings teachers", {"role": roster}),  # make every student a teacher
        ("settings students", {"role": roster}),
        ("settings timezone", {"zone": "Europe/Madrid"}),
    ):
        refused = await helper.slash(command, **options)
        assert refused.ephemeral
        assert refused.text == (
            "Only someone with the Manage Server permission can change the server's settings: "
            "a teacher role runs classes, not the server."
        )
    assert before == [
        "Time zone: UTC",
        f"Teachers: members with Manage Server, and members with <@&{ta}>",
        "Roster: none set",
        "Needs help: a counted score under 60 %",
    ]
    assert await shown_settings(helper) == before
