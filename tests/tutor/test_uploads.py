"""A server's own lessons: upload, preview, publish, new versions and removal, on real SQLite."""

from dataclasses import replace
from datetime import timedelta

import pytest

from bot.content import Lesson, LessonLibrary, Question, Section, limits, to_toml
from bot.content.problems import problem
from bot.errors import UserError
from bot.i18n import LANGUAGES, text
from bot.report.analysis import Score
from bot.tutor import Tutor, Who, uploads
from bot.tutor.teaching import RulesText
from bot.tutor.uploads import problems_text, upload_problems
from tests.clock import ManualClock
from tests.tutor.conftest import ALICE, BOB, CHANNEL, GUILD, OTHER_GUILD, TEACHER, finish, right_slot

OTHER_TEACHER = Who(GUILD, 8, "Mr Okafor", is_teacher=True)
ELSEWHERE = Who(OTHER_GUILD, 9, "Ms Tanaka", is_teacher=True)

VOLCANOES = Lesson(
    id="volcanoes",
    title="Why volcanoes erupt",
    minutes=5,
    reviewed=2026,
    sections=(Section("Hot rock", "Deep down, rock melts into magma.", "https://example.org/magma.png"),),
    questions=(
        Question("What is magma?", ("Melted rock", "Cold ice"), 0, "Rock so hot it melts.", "magma"),
        Question("Where is it hot?", ("Deep down", "On top"), 0, key="deep"),
        Question("What comes out?", ("Lava", "Water"), 0, image="https://example.org/lava.png"),
    ),
)


def toml(lesson: Lesson) -> bytes:
    return to_toml(lesson).encode()


async def publish(tutor: Tutor, lesson: Lesson = VOLCANOES, who: Who = TEACHER) -> None:
    preview = await tutor.uploads.upload(who, f"{lesson.id}.toml", toml(lesson))
    await tutor.uploads.publish(who, preview.draft_id)


async def test_upload_preview_publish_then_quiz(tutor: Tutor):
    text = (
        "Id: volcanoes\nWhy volcanoes erupt\n5 min · Reviewed 2026\n\nHot rock\nDeep down, rock melts.\n\n"
        "End-of-lesson check\n\nWhat is magma?\n* Melted rock\nCold ice\n\n"
        "Where is it hot?\n* Deep down\nOn top\n"
    )
    preview = await tutor.uploads.upload(TEACHER, "volcanoes.txt", text.encode())
    assert (preview.filename, preview.lesson.title, preview.replaces) == (
        "volcanoes.txt",
        "Why volcanoes erupt",
        None,
    )
    assert (preview.first.prompt, preview.first.options, preview.first.total) == (
        "What is magma?",
        ("Melted rock", "Cold ice"),
        2,
    )
    assert "volcanoes" not in await tutor.lessons.served(GUILD)  # a preview serves nothing yet

    published = await tutor.uploads.publish(TEACHER, preview.draft_id)
    assert (published.lesson, published.new_version) == (preview.lesson, False)
    assert set(await tutor.lessons.served(GUILD)) == {"fine-tuning", "volcanoes"}
    assert [lesson.id for lesson in await tutor.lessons.search(GUILD, "VOLCANO")] == ["volcanoes"]
    assert await tutor.lessons.search(OTHER_GUILD, "volcano") == []
    with pytest.raises(UserError, match="no lesson called 'volcanoes'"):
        await tutor.teaching.open_quiz(ELSEWHERE, "volcanoes", CHANNEL, RulesText())

    opened = await tutor.teaching.open_quiz(TEACHER, "volcanoes", CHANNEL, RulesText())
    end = await finish(tutor, await tutor.sessions.start(ALICE, opened.quiz.id))
    assert end.summary.score == 2
    report = await tutor.reports.build(opened.quiz)
    assert (report.title, [s.counted for s in report.students]) == ("Why volcanoes erupt", [Score(2, 2)])
    with pytest.raises(UserError, match=str(uploads.DRAFT_GONE)[:20]):
        await tutor.uploads.publish(TEACHER, preview.draft_id)  # published already


async def test_a_server_lesson_survives_a_restart(tutor: Tutor):
    await publish(tutor)
    again = Tutor(tutor.library, tutor.db, tutor.clock)
    await again.start()
    assert await again.lessons.lesson(GUILD, "volcanoes") == VOLCANOES


async def test_a_broken_upload_is_refused_with_each_problem_located(tutor: Tutor):
    text = "Why volcanoes erupt\n5 min\n\nHot rock\nMagma.\n\nEnd-of-lesson check\n\nWhat is magma?\n"
    text += "Melted rock\n"
    with pytest.raises(UserError) as caught:
        await tutor.uploads.upload(TEACHER, "volcanoes.txt", text.encode())
    assert caught.value.message == (
        "I can't use volcanoes.txt yet. Fix these and upload it again:\n```\n"
        "volcanoes.txt: line 9: question 1: answer: no option is marked right; put * before it, "
        "or add an Answers line\n"
        "volcanoes.txt: line 10: question 1: options: has 1; a question needs 2 to 5 options\n```"
    )
    assert await tutor.db.server_lessons(GUILD) == []


@pytest.mark.parametrize("lang", LANGUAGES.values(), ids=list(LANGUAGES))
def test_problems_are_cut_to_one_message(lang):
    problems = [problem("big.toml", f"question {n}: prompt", "missing", n) for n in range(1, 201)]
    message = problems_text(text("uploads.cant_use", file="big.toml", count=200), problems, lang)
    assert len(message) <= limits.MESSAGE_CONTENT
    shown = message.count("big.toml: " + lang("problem.place.line", line=""))
    assert 20 < shown < 200
    assert message.endswith("```\n" + lang("list.more", count=200 - shown))
    assert problems[0].said(lang) + "\n" in message
    one = upload_problems("a.toml", [problem("a.toml", "", "not_toml", error="a ``` in it")])
    assert one == (
        "I can't use a.toml yet. Fix this and upload it again:\n"
        "```\na.toml: is not valid TOML (a ''' in it)\n```"
    )


def test_problems_are_said_in_the_teachers_language():
    problems = [
        problem("volcanoes.txt", "question 3: options: option 2", "option_twice", 12, option="'Lava'"),
        problem("volcanoes.txt", "reviewed", "not_number", 3, low=1900, high=9999),
    ]
    assert str(problems[0]) == "volcanoes.txt: line 12: question 3: options: option 2: 'Lava' appears twice"
    spanish = LANGUAGES["es"]
    assert problems[0].said(spanish) == (
        "volcanoes.txt: línea 12: pregunta 3: opciones: opción 2: 'Lava' aparece dos veces"
    )
    assert upload_problems("volcanoes.txt", problems, spanish) == (
        "Todavía no puedo usar volcanoes.txt. Corrige esto y vuelve a subirlo:\n```\n"
        "volcanoes.txt: línea 12: pregunta 3: opciones: opción 2: 'Lava' aparece dos veces\n"
        "volcanoes.txt: línea 3: revisado: tiene que ser un número entero de 1900 a 9999\n```"
    )


async def test_refusals_say_why(tutor: Tutor, fine_tuning: Lesson):
    with pytest.raises(UserError, match=r"is 257 KB, and a lesson file can be at most 256 KB"):
        await tutor.uploads.upload(TEACHER, "big.toml", b" " * (limits.FILE_BYTES + 1))
    with pytest.raises(UserError, match=r"comes with the bot .*“Fine-tuning teaches"):
        await tutor.uploads.upload(TEACHER, "mine.toml", toml(replace(fine_tuning, title="Mine")))
    await publish(tutor)
    with pytest.raises(UserError, match=r"published here already, just as it is in v\.toml"):
        await tutor.uploads.upload(TEACHER, "v.toml", toml(VOLCANOES))
    with pytest.raises(UserError, match="comes with the bot, so it can't be removed"):
        await tutor.uploads.remove(GUILD, "fine-tuning")
    with pytest.raises(UserError, match="no lesson called 'rivers' to remove"):
        await tutor.uploads.remove(GUILD, "rivers")


async def test_only_the_uploader_publishes_and_a_preview_expires(tutor: Tutor, clock: ManualClock):
    preview = await tutor.uploads.upload(TEACHER, "v.toml", toml(VOLCANOES))
    with pytest.raises(UserError, match=str(uploads.NOT_YOURS)):
        await tutor.uploads.publish(OTHER_TEACHER, preview.draft_id)
    with pytest.raises(UserError, match=str(uploads.DRAFT_GONE)[:20]):
        await tutor.uploads.publish(ELSEWHERE, preview.draft_id)
    assert (await tutor.uploads.cancel(TEACHER, preview.draft_id)) == VOLCANOES
    with pytest.raises(UserError, match=str(uploads.DRAFT_GONE)[:20]):
        await tutor.uploads.publish(TEACHER, preview.draft_id)

    late = await tutor.uploads.upload(TEACHER, "v.toml", toml(VOLCANOES))
    clock.advance(uploads.DRAFT_LIFETIME + timedelta(seconds=1))
    with pytest.raises(UserError, match="more than a day old"):
        await tutor.uploads.publish(TEACHER, late.draft_id)
    assert await tutor.db.server_lessons(GUILD) == []


async def test_a_server_has_at_most_so_many_lessons(tutor: Tutor, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(uploads, "MAX_SERVER_LESSONS", 2)
    for name in ("a", "b"):
        await publish(tutor, replace(VOLCANOES, id=name))
    with pytest.raises(UserError, match="has 2 lessons of its own, the most it can have"):
        await tutor.uploads.upload(TEACHER, "c.toml", toml(replace(VOLCANOES, id="c")))
    # A preview made while there was room is refused at Publish once the server is full.
    await tutor.uploads.remove(GUILD, "b")
    preview = await tutor.uploads.upload(TEACHER, "c.toml", toml(replace(VOLCANOES, id="c")))
    await publish(tutor, replace(VOLCANOES, id="d"))
    with pytest.raises(UserError, match="the most it can have"):
        await tutor.uploads.publish(TEACHER, preview.draft_id)
    # A new version of a lesson the server has takes no room.
    await publish(tutor, replace(VOLCANOES, id="a", title="A, again"))
    assert await tutor.lessons.lesson(GUILD, "a") == replace(VOLCANOES, id="a", title="A, again")


async def test_a_new_version_with_tries_under_way_on_the_old(tutor: Tutor):
    await publish(tutor)
    quiz = (await tutor.teaching.open_quiz(TEACHER, "volcanoes", CHANNEL, RulesText())).quiz
    alice = await tutor.sessions.start(ALICE, quiz.id)
    assert alice.question is not None
    alice = await tutor.sessions.answer(
        GUILD, alice.attempt_id, ALICE.user_id, alice.question.position, right_slot(alice)
    )

    # Reordered, the prompt of "magma" reworded, "deep" given a new right answer, one question added.
    magma, deep, lava = VOLCANOES.questions
    new = replace(
        VOLCANOES,
        questions=(
            lava,
            replace(magma, prompt="What is magma, really?"),
            replace(deep, options=("Deep down", "On top", "In the sky"), answer_index=0),
            Question("Is lava hot?", ("Yes", "No"), 0),
        ),
    )
    preview = await tutor.uploads.upload(OTHER_TEACHER, "volcanoes.toml", toml(new))
    assert preview.replaces == uploads.InUse(open_quizzes=1, unfinished=1)
    published = await tutor.uploads.publish(OTHER_TEACHER, preview.draft_id)
    assert published.new_version

    old = await finish(tutor, alice)
    assert (old.lesson, old.summary.total) == (VOLCANOES, 3)
    bob = await finish(tutor, await tutor.sessions.start(BOB, quiz.id), BOB)
    assert (bob.lesson, bob.summary.total) == (new, 4)

    report = await tutor.reports.build(quiz)
    assert [q.prompt for q in report.questions] == [q.prompt for q in new.questions]
    rows = {s.name: s for s in report.students}
    # Alice's answers sit in the rows of the same questions: "magma" reworded, "lava" moved.
    alice_row = [None if c is None else c.correct for c in rows["Alice"].answers]
    assert alice_row == [True, True, None, None]  # "deep" changed its options: another question now
    assert [c is not None for c in rows["Bob"].answers] == [True] * 4
    assert (rows["Alice"].counted, rows["Bob"].counted) == (Score(3, 3), Score(4, 4))


async def test_removing_hides_a_lesson_from_new_quizzes_only(tutor: Tutor):
    await publish(tutor)
    quiz = (await tutor.teaching.open_quiz(TEACHER, "volcanoes", CHANNEL, RulesText())).quiz
    started = await tutor.sessions.start(ALICE, quiz.id)
    removed = await tutor.uploads.remove(GUILD, "volcanoes")
    assert (removed.lesson, removed.in_use) == (VOLCANOES, uploads.InUse(1, 1))
    assert "volcanoes" not in await tutor.lessons.served(GUILD)
    with pytest.raises(UserError, match="was removed from this server's lessons"):
        await tutor.teaching.open_quiz(TEACHER, "volcanoes", 99, RulesText())
    with pytest.raises(UserError, match="no lesson called 'volcanoes' to remove"):
        await tutor.uploads.remove(GUILD, "volcanoes")

    # The quiz opened before goes on until its teacher closes it; its answers and report stay.
    assert (await finish(tutor, started)).summary.score == 3
    assert (await finish(tutor, await tutor.sessions.start(BOB, quiz.id), BOB)).summary.score == 3
    await tutor.teaching.close_quiz(quiz)
    report = await tutor.reports.build(quiz)
    assert [s.counted for s in report.students] == [Score(3, 3), Score(3, 3)]
    # Uploaded again, it is back.
    await publish(tutor)
    assert await tutor.lessons.lesson(GUILD, "volcanoes") == VOLCANOES


async def test_a_server_lesson_is_kept_when_the_folder_later_gains_its_id(tutor: Tutor, fine_tuning: Lesson):
    mine = replace(VOLCANOES, id="fine-tuning", title="Our own fine-tuning")
    await publish(tutor, replace(VOLCANOES, id="ours"))
    # The host adds a folder lesson with the id this server used: the server keeps its own under that id.
    await tutor.db.publish_lesson(
        GUILD, "fine-tuning", await tutor.lessons.record(mine), 4, tutor.clock.now(), cap=50
    )
    assert await tutor.lessons.lesson(GUILD, "fine-tuning") == mine
    assert await tutor.lessons.lesson(OTHER_GUILD, "fine-tuning") == fine_tuning
    await publish(tutor, replace(mine, title="Our own, v2"))  # and goes on making versions of it
    assert (await tutor.lessons.lesson(GUILD, "fine-tuning")).title == "Our own, v2"


async def test_a_removed_server_lesson_gives_way_to_a_folder_lesson_of_its_id(tutor: Tutor):
    await publish(tutor)
    await tutor.uploads.remove(GUILD, "volcanoes")
    folders = replace(VOLCANOES, title="Volcanoes, the folder's")
    await tutor.lessons.register(LessonLibrary({**tutor.library, folders.id: folders}))
    # The teacher who names it and the students who start its quiz get the same lesson: the folder's.
    assert await tutor.lessons.lesson(GUILD, "volcanoes") == folders
    opened = await tutor.teaching.open_quiz(TEACHER, "volcanoes", CHANNEL, RulesText())
    assert opened.lesson == folders
    assert (await tutor.sessions.start(BOB, opened.quiz.id)).lesson == folders
