"""Teachers add, version, remove and reload lessons through the real client, with quizzes under way."""

import asyncio
import csv
import io
import logging
import os
import signal
from dataclasses import replace
from pathlib import Path

import pytest

from bot.content import Lesson, Question, Section, limits, parse_upload, to_toml
from bot.i18n import ENGLISH
from bot.tutor import messages
from tests.conftest import Classroom
from tests.e2e.helpers import answer, number_on, standing, take_quiz
from tests.fake_discord import Person, Shown, Upload

VOLCANOES_TEXT = """Id: volcanoes
Why volcanoes erupt
5 min · Reviewed 2026

Hot rock
Deep down, rock melts into magma.
Image: https://example.org/magma.png

Going up
Magma is lighter than the rock around it, so it rises.

End-of-lesson check

What is magma?
* Melted rock
Cold ice
Why: Magma is rock so hot it melts.
Key: magma
Image: https://example.org/magma-question.png

Why does magma rise?
* It is lighter than the rock around it
It is pushed by the wind
Key: rise

What comes out of a volcano?
* Lava
Orange juice
Key: lava
"""
VOLCANOES = parse_upload(VOLCANOES_TEXT.encode(), "volcanoes.txt")


@pytest.fixture
def environment_changes(lessons_folder: Path) -> dict[str, str]:
    # Commands synced globally, as a host with several servers has them, so a second server can use them.
    return {"LESSONS_DIR": str(lessons_folder), "DEV_GUILD_ID": ""}


async def add_with_key(
    teacher: Person, filename: str, data: bytes
) -> tuple[Shown, Shown, list[Shown], Shown]:
    """`/lesson add`: the lesson card, its first question, the answer key's pages, then the question
    to publish."""
    card = await teacher.slash("lesson add", file=Upload(filename, data))
    await teacher.wait_until(lambda screen: any(s.labels[-1:] == ["Cancel"] for s in screen), "Publish")
    screen = teacher.screen()
    at = [s.id for s in screen].index(card.id)
    end = next(i for i in range(at, len(screen)) if screen[i].labels[-1:] == ["Cancel"])
    return card, screen[at + 1], screen[at + 2 : end], screen[end]


async def add(teacher: Person, filename: str, data: bytes) -> tuple[Shown, Shown, Shown]:
    """`/lesson add`: the lesson card, its first question, then the question to publish."""
    card, question, _, confirm = await add_with_key(teacher, filename, data)
    return card, question, confirm


async def publish(classroom: Classroom, data: bytes, filename: str = "volcanoes.txt") -> Shown:
    *_, confirm = await add(classroom.teacher, filename, data)
    return await classroom.teacher.click(confirm.labels[0], on=confirm)


async def open_quiz(classroom: Classroom, lesson: str) -> Shown:
    card = await classroom.teacher.slash("quiz start", lesson=lesson)
    await classroom.teacher.wait_for_text("The quiz is now open")
    return card


def rows(shown: Shown, filename: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(shown.file(filename).data.decode("utf-8-sig"))))


async def test_upload_preview_publish_quiz_and_report(classroom: Classroom):
    teacher, alice = classroom.teacher, classroom.alice
    card, question, confirm = await add(teacher, "volcanoes.txt", VOLCANOES_TEXT.encode())
    assert [card.ephemeral, question.ephemeral, confirm.ephemeral] == [True] * 3
    assert card.content == "Here is volcanoes.txt (2 sections, 3 questions) as your class will see it. " + (
        "Nothing is published yet."
    )
    assert card.titles == ["Why volcanoes erupt"]
    assert "Deep down, rock melts into magma." in card.text
    assert card.embeds[0]["image"]["url"] == "https://example.org/magma.png"  # the first section's picture
    assert question.titles == ["Question 1 of 3"]
    assert question.embeds[0]["description"] == "What is magma?"
    assert question.embeds[0]["image"]["url"] == "https://example.org/magma-question.png"
    assert question.labels == ["Melted rock", "Cold ice"]
    assert all(b["disabled"] for b in question.buttons)
    assert confirm.labels == ["Publish", "Cancel"]
    assert "Publish “Why volcanoes erupt” for this server?" in confirm.text
    assert not any(s.id in (card.id, question.id, confirm.id) for s in alice.screen())
    assert await teacher.autocomplete("quiz start", "lesson", "volcano") == []  # nothing published yet

    published = await teacher.click("Publish", on=confirm)
    assert published.id == confirm.id
    assert published.labels == []
    assert published.content.startswith("Published: “Why volcanoes erupt” (`volcanoes`).")
    choices = await teacher.autocomplete("quiz start", "lesson", "volcano")
    assert [c["value"] for c in choices] == ["volcanoes"]
    fake = classroom.fake
    elsewhere = Person(fake, fake.add_member("Ms Tanaka", teacher=True, guild=fake.add_guild("Hill School")))
    assert await elsewhere.autocomplete("quiz start", "lesson", "volcano") == []  # that server's own only
    posted = await teacher.slash("lesson post", lesson="volcanoes")
    assert (posted.ephemeral, posted.titles) == (False, ["Why volcanoes erupt"])

    quiz_card = await open_quiz(classroom, "volcanoes")
    assert "3 questions" in quiz_card.text
    shown = await alice.click("Start quiz")
    shown, _ = await take_quiz(alice, shown, VOLCANOES, wrong={0})
    assert "Your score: 2 out of 3" in shown.text
    report = await teacher.slash("report", lesson="volcanoes")
    assert "Report: Why volcanoes erupt" in report.text
    assert standing(report) == {"Alice": "finished 2/3"}
    (row,) = rows(report, "students.csv")
    assert (row["name"], row["counted score"], row["out of"]) == ("Alice", "2", "3")
    assert classroom.fake.rejected() == []


async def test_cancel_publishes_nothing(classroom: Classroom):
    *_, confirm = await add(classroom.teacher, "volcanoes.txt", VOLCANOES_TEXT.encode())
    cancelled = await classroom.teacher.click("Cancel", on=confirm)
    assert cancelled.content == "Cancelled: “Why volcanoes erupt” was not published."
    assert cancelled.labels == []
    assert await classroom.teacher.autocomplete("quiz start", "lesson", "volcano") == []


async def test_a_teacher_who_lost_the_role_can_neither_publish_nor_cancel(classroom: Classroom):
    teacher, fake = classroom.teacher, classroom.fake
    *_, confirm = await add(teacher, "volcanoes.txt", VOLCANOES_TEXT.encode())
    roles, permissions = list(teacher.member.roles), teacher.member.permissions
    for role in roles:
        fake.take_role(teacher.member, role)
    teacher.member.permissions = classroom.alice.member.permissions  # no Manage Server any more
    for label in ("Publish", "Cancel"):
        refused = await teacher.click(label, on=confirm)
        assert refused.content == ENGLISH("errors.not_teacher")
        assert refused.id != confirm.id  # a private reply: the preview stays as it was
    # Nothing was published, nor the draft dropped: with the role back, the same preview publishes.
    for role in roles:
        fake.give_role(teacher.member, role)
    teacher.member.permissions = permissions
    assert await teacher.autocomplete("quiz start", "lesson", "volcano") == []
    published = await teacher.click("Publish", on=confirm)
    assert published.content.startswith("Published: “Why volcanoes erupt” (`volcanoes`).")


async def test_a_broken_or_too_big_upload_is_refused_with_where_and_why(classroom: Classroom):
    teacher = classroom.teacher
    broken = VOLCANOES_TEXT.replace("Reviewed 2026", "Reviewed 1066").replace("* Lava", "Lava")
    refused = await teacher.slash("lesson add", file=Upload("volcanoes.txt", broken.encode()))
    assert refused.ephemeral
    assert refused.content == (
        "I can't use volcanoes.txt yet. Fix these and upload it again:\n```\n"
        "volcanoes.txt: line 3: reviewed: must be a whole number from 1900 to 9999\n"
        "volcanoes.txt: line 26: question 3: answer: no option is marked right; put * before it, "
        "or add an Answers line\n```"
    )
    big = await teacher.slash("lesson add", file=Upload("big.toml", b"#" * (limits.FILE_BYTES + 1024)))
    assert big.content.startswith("big.toml is 257 KB, and a lesson file can be at most 256 KB.")
    nested = ("x = " + "[" * 900 + "]" * 900).encode()
    deep = await teacher.slash("lesson add", file=Upload("deep.toml", nested))
    assert "deep.toml: line 1: nests brackets or braces more than 32 deep" in deep.content
    bundled = VOLCANOES_TEXT.replace("Id: volcanoes", "Id: fine-tuning").encode()
    taken = await teacher.slash("lesson add", file=Upload("mine.txt", bundled))
    assert "The id 'fine-tuning' belongs to a lesson that comes with the bot" in taken.content
    assert await teacher.autocomplete("quiz start", "lesson", "volcano") == []


async def test_an_upload_served_bigger_than_announced_is_refused_as_soon_as_it_passes_the_limit(
    classroom: Classroom,
):
    fake, teacher = classroom.fake, classroom.teacher
    served = b"#" * (40 * 1024 * 1024)  # 40 MB behind an attachment that says 2 KB
    refused = await teacher.slash("lesson add", file=Upload("big.toml", served, announced=2048))
    assert refused.ephemeral
    assert refused.content.startswith("big.toml is more than 256 KB, and a lesson file can be at most 256 KB")
    (stored,) = [f for f in fake.files.values() if f.filename == "big.toml"]
    # The bot hung up after 256 KB and a chunk; the rest that went out (~4 MB) filled socket buffers.
    assert fake.served[stored.id] < len(served) // 2, fake.served[stored.id]
    fake.fail_next("GET", r"/ephemeral-attachments/", 503)  # Discord's CDN failing: said, not a traceback
    failed = await teacher.slash("lesson add", file=Upload("volcanoes.txt", VOLCANOES_TEXT.encode()))
    assert failed.content == "I couldn't download volcanoes.txt from Discord. Try attaching it again."


async def test_a_new_version_while_tries_are_under_way_on_the_old(classroom: Classroom):
    teacher, alice, bob = classroom.teacher, classroom.alice, classroom.bob
    await publish(classroom, VOLCANOES_TEXT.encode())
    await open_quiz(classroom, "volcanoes")
    alice_quiz = await answer(alice, await alice.click("Start quiz"), VOLCANOES, right=True)

    # Reordered; "magma" and "lava" reworded (same keys); "rise" given another wrong option, which makes
    # it another question; and one question added.
    magma, rise, lava = VOLCANOES.questions
    new = replace(
        VOLCANOES,
        questions=(
            replace(lava, prompt="What comes out of a volcano's top?"),
            replace(magma, prompt="What is magma, really?"),
            replace(rise, options=(rise.options[0], "It is pulled by the moon")),
            Question("Is lava hot?", ("Yes", "No"), 0),
        ),
    )
    *_, confirm = await add(teacher, "volcanoes.toml", to_toml(new).encode())
    assert confirm.labels == ["Publish new version", "Cancel"]
    assert "1 try is under way on the current version; each finishes on the version it started on." in (
        confirm.content
    )
    assert "1 quiz of it is open." in confirm.content
    published = await teacher.click("Publish new version", on=confirm)
    assert published.content.startswith("Its new version is published")

    # Alice goes on from the message she has, on the questions she was being asked.
    alice_quiz, _ = await take_quiz(alice, alice_quiz, VOLCANOES, wrong=set())
    assert "Your score: 3 out of 3" in alice_quiz.text
    bob_quiz = await bob.click("Start quiz")
    assert number_on(bob_quiz) == "Question 1 of 4"
    bob_quiz, _ = await take_quiz(bob, bob_quiz, new, wrong={0})
    assert "Your score: 3 out of 4" in bob_quiz.text

    report = await teacher.slash("report", lesson="volcanoes")
    questions = rows(report, "questions.csv")
    assert [q["prompt"] for q in questions] == [q.prompt for q in new.questions]
    by_name = {r["name"]: r for r in rows(report, "students.csv")}
    alice_row, bob_row = by_name["Alice"], by_name["Bob"]
    assert (alice_row["counted score"], alice_row["out of"]) == ("3", "3")
    assert (bob_row["counted score"], bob_row["out of"]) == ("3", "4")
    # Alice's answers line up by key: "lava" and "magma" keep their rows; "rise" is another question now.
    assert [alice_row[f"Q{n} right (1/0)"] for n in range(1, 5)] == ["1", "1", "", ""]
    assert [alice_row["Q1 chosen"], alice_row["Q2 chosen"]] == ["Lava", "Melted rock"]
    assert all(bob_row[f"Q{n} chosen"] for n in range(1, 5))


async def test_remove_hides_a_server_lesson_from_new_quizzes(classroom: Classroom):
    teacher, alice = classroom.teacher, classroom.alice
    await publish(classroom, VOLCANOES_TEXT.encode())
    await open_quiz(classroom, "volcanoes")
    started = await alice.click("Start quiz")
    assert [c["value"] for c in await teacher.autocomplete("lesson remove", "lesson", "")] == ["volcanoes"]
    removed = await teacher.slash("lesson remove", lesson="volcanoes")
    assert removed.ephemeral
    assert removed.content.startswith("Removed “Why volcanoes erupt”: it can't be picked for new quizzes.")
    assert "Its open quiz goes on until you close them with `/quiz close`." in removed.content
    assert await teacher.autocomplete("quiz start", "lesson", "volcano") == []
    refused = await teacher.slash(
        "quiz start", lesson="volcanoes", in_channel=classroom.fake.add_channel("b")
    )
    assert "was removed from this server's lessons" in refused.content
    shown, _ = await take_quiz(alice, started, VOLCANOES, wrong=set())
    assert "Your score: 3 out of 3" in shown.text
    bundled = await teacher.slash("lesson remove", lesson="fine-tuning")
    assert "comes with the bot, so it can't be removed here" in bundled.content


async def test_a_renamed_then_deleted_file_with_a_quiz_open(
    classroom: Classroom, lessons_folder: Path, fine_tuning: Lesson
):
    teacher, alice, bob = classroom.teacher, classroom.alice, classroom.bob
    await open_quiz(classroom, "fine-tuning")
    alice_quiz, _ = await take_quiz(alice, await alice.click("Start quiz"), fine_tuning, wrong=set(), count=3)

    (lessons_folder / "fine-tuning.toml").rename(lessons_folder / "week-3.toml")
    reloaded = await teacher.slash("lesson reload")
    assert reloaded.ephemeral
    assert (
        reloaded.content
        == "I read the lessons folder again; 1 lesson from it is served now.\nNothing changed."
    )

    (lessons_folder / "week-3.toml").unlink()
    reloaded = await teacher.slash("lesson reload")
    assert "Gone, as their files were deleted or renamed to another id: fine-tuning" in reloaded.content
    assert await teacher.autocomplete("quiz start", "lesson", "fine") == []

    # Alice finishes on the version she started; Bob is told plainly; the teacher closes and reports.
    alice_quiz, _ = await take_quiz(alice, alice_quiz, fine_tuning, wrong=set())
    assert "Your score: 15 out of 15" in alice_quiz.text
    refused = await bob.click("Start quiz")
    assert (refused.ephemeral, refused.content) == (True, str(messages.LESSON_GONE))
    closed = await teacher.slash("quiz close")
    assert "The quiz for “Fine-tuning teaches a base AI to behave a special way.” is closed" in closed.content
    report = await teacher.slash("report")
    assert standing(report)["Alice"] == "finished 15/15"
    assert classroom.fake.rejected() == []


async def test_a_reload_with_a_broken_file_keeps_serving_its_last_good_version(
    classroom: Classroom, lessons_folder: Path, fine_tuning: Lesson
):
    teacher, alice = classroom.teacher, classroom.alice
    await open_quiz(classroom, "fine-tuning")
    alice_quiz = await alice.click("Start quiz")
    (lessons_folder / "fine-tuning.toml").write_text('id = "fine-tuning"\ntitle = \n', "utf-8")
    (lessons_folder / "volcanoes.toml").write_text(to_toml(VOLCANOES), "utf-8")
    reloaded = await teacher.slash("lesson reload")
    assert reloaded.content.startswith(
        "I read the lessons folder again; 2 lessons from it are served now.\nNew: volcanoes\n"
        "Kept as they were, because their files have problems now: fine-tuning\n\n"
        "Fix these files, then run `/lesson reload` again (or ask whoever runs the bot):\n```\n"
        "fine-tuning.toml: is not valid TOML"
    )
    # Nothing was dropped: Alice's quiz goes on, and Bob starts on the last good version.
    alice_quiz = await answer(alice, alice_quiz, fine_tuning, right=True)
    assert number_on(alice_quiz) == "Question 2 of 15"
    assert number_on(await classroom.bob.click("Start quiz")) == "Question 1 of 15"
    assert [c["value"] for c in await teacher.autocomplete("quiz start", "lesson", "")] == [
        "fine-tuning",
        "volcanoes",
    ]


async def test_sighup_reads_the_folder_again(classroom: Classroom, lessons_folder: Path, fine_tuning: Lesson):
    renamed = Lesson(
        fine_tuning.id,
        "Fine-tuning, week 3",
        7,
        2026,
        (Section("Idea", "A base AI, then examples."),),
        (Question("What is fine-tuning?", ("Teaching a base AI a job", "Building an AI"), 0),),
    )
    (lessons_folder / "fine-tuning.toml").write_text(to_toml(renamed), "utf-8")
    done = asyncio.Event()

    class Done(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.getMessage().startswith("Lessons read again"):
                done.set()

    logger = logging.getLogger("bot.tutor.lessons")
    handler, level = Done(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        os.kill(os.getpid(), signal.SIGHUP)
        await asyncio.wait_for(done.wait(), 5)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    choices = await classroom.teacher.autocomplete("quiz start", "lesson", "fine")
    assert [c["name"] for c in choices] == ["Fine-tuning, week 3 (fine-tuning)"]


async def test_only_manage_server_reloads(classroom: Classroom):
    fake = classroom.fake
    role = fake.add_role("Helpers")
    helper = Person(fake, fake.add_member("Mr Okafor"))
    fake.give_role(helper.member, role)
    await classroom.teacher.slash("settings teachers", role=role)
    refused = await helper.slash("lesson reload")
    assert refused.ephemeral
    assert refused.content.startswith("Only someone with the Manage Server permission can read the lessons")
