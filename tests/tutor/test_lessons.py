"""The lessons folder read again while attempts are under way: every answer keeps its meaning."""

from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import pytest

from bot.content import Lesson, LessonLibrary, Question, load_library, to_toml
from bot.content.loader import read_folder
from bot.errors import UserError
from bot.report.analysis import Score
from bot.storage import SQLiteDatabase
from bot.tutor import Step, Tutor, Who, messages
from bot.tutor.teaching import RulesText
from tests.clock import ManualClock
from tests.tutor.conftest import ALICE, BOB, CHANNEL, GUILD, TEACHER, finish, open_quiz, right_slot

CHEN = Who(GUILD, 7, "Chen")


@pytest.fixture
async def tutor(tmp_path: Path, lessons_folder: Path, clock: ManualClock) -> AsyncIterator[Tutor]:
    """A Tutor serving a folder of its own, which tests change and read again."""
    db = await SQLiteDatabase.open(tmp_path / "tutor.sqlite3")
    library, _ = load_library(lessons_folder)
    tutor = Tutor(library, db, clock, lessons_folder)
    await tutor.start()
    yield tutor
    await db.close()


async def answer_some(tutor: Tutor, step: Step, who: Who, count: int) -> Step:
    for _ in range(count):
        assert step.question is not None
        step = await tutor.sessions.answer(
            GUILD, step.attempt_id, who.user_id, step.question.position, right_slot(step)
        )
    return step


def edited(lesson: Lesson) -> Lesson:
    """Reworded, reordered, one question removed and one added: what a teacher's edit can do at once."""
    first, _, *rest = lesson.questions
    return replace(
        lesson,
        title="Fine-tuning, again",
        questions=(
            *reversed(rest),
            replace(first, prompt=first.prompt + " (think!)", key=first.key),  # same key: same report row
            Question("Is a base AI fine-tuned?", ("Yes", "No"), 0, "It can be."),
        ),
    )


async def test_an_edit_with_attempts_under_way(tutor: Tutor, lessons_folder: Path, fine_tuning: Lesson):
    quiz = await open_quiz(tutor)
    alice = await answer_some(tutor, await tutor.sessions.start(ALICE, quiz), ALICE, 5)
    new = edited(fine_tuning)
    (lessons_folder / "fine-tuning.toml").write_text(to_toml(new), "utf-8")

    reloaded = await tutor.lessons.reload()
    assert (reloaded.changed, reloaded.added, reloaded.gone, reloaded.problems) == (
        ("fine-tuning",),
        (),
        (),
        (),
    )

    end = await finish(tutor, alice, ALICE)
    assert (end.summary.score, end.summary.total) == (15, 15)  # judged on the questions Alice was asked
    resumed = await tutor.sessions.start(ALICE, quiz)
    assert resumed.lesson == fine_tuning
    bob = await tutor.sessions.start(BOB, quiz)
    assert bob.lesson == new
    await finish(tutor, bob, BOB, right=False)

    report = await tutor.reports.build(await tutor.teaching.quiz_by_id(GUILD, quiz))
    assert report.title == new.title
    rows = {s.name: s for s in report.students}
    assert (rows["Alice"].counted, rows["Bob"].counted) == (Score(15, 15), Score(0, 15))
    # The row of the reworded question (same key, options and answer) holds Alice's answer to the old one.
    reworded = [q.key for q in new.questions].index(fine_tuning.questions[0].identity.split(":")[0])
    assert rows["Alice"].answers[reworded] is not None
    assert rows["Alice"].answers[-1] is None  # the added question: Alice was never asked it
    assert rows["Bob"].answers[-1] is not None


async def test_a_renamed_file_serves_the_same_lesson(tutor: Tutor, lessons_folder: Path, fine_tuning: Lesson):
    quiz = await open_quiz(tutor)
    step = await answer_some(tutor, await tutor.sessions.start(ALICE, quiz), ALICE, 2)
    (lessons_folder / "fine-tuning.toml").rename(lessons_folder / "ai-lessons-week-3.toml")
    reloaded = await tutor.lessons.reload()
    assert (reloaded.changed, reloaded.added, reloaded.gone, reloaded.served) == ((), (), (), 1)
    assert (await finish(tutor, step, ALICE)).summary.score == 15
    assert (await tutor.sessions.start(BOB, quiz)).lesson == fine_tuning


async def test_a_deleted_file_keeps_its_quiz_closable_and_reportable(tutor: Tutor, lessons_folder: Path):
    quiz = await open_quiz(tutor)
    alice = await answer_some(tutor, await tutor.sessions.start(ALICE, quiz), ALICE, 3)
    done = await finish(tutor, await tutor.sessions.start(CHEN, quiz), CHEN)
    (lessons_folder / "fine-tuning.toml").unlink()
    reloaded = await tutor.lessons.reload()
    assert (reloaded.gone, reloaded.served) == (("fine-tuning",), 0)

    # Under way: goes on, on its own version. Not begun: a clear word. Finished: the result as it was.
    assert (await tutor.sessions.start(ALICE, quiz)).note == messages.welcome_back(3, 15)
    assert (await finish(tutor, alice, ALICE)).summary.score == 15
    with pytest.raises(UserError) as caught:
        await tutor.sessions.start(BOB, quiz)
    assert caught.value.text == messages.LESSON_GONE
    assert (await tutor.sessions.start(CHEN, quiz)).summary == done.summary
    # Teachers can no longer open it, but can still find, close and report its quiz.
    with pytest.raises(UserError, match="no lesson called"):
        await tutor.teaching.open_quiz(TEACHER, "fine-tuning", CHANNEL, RulesText())
    found = await tutor.teaching.find_quiz(GUILD, CHANNEL, "fine-tuning", open_only=True)
    closed = await tutor.teaching.close_quiz(found)
    assert closed.title == "Fine-tuning teaches a base AI to behave a special way."
    report = await tutor.reports.build(found)
    assert sorted(s.name for s in report.students) == ["Alice", "Chen"]
    assert len(report.questions) == 15


async def test_a_broken_file_keeps_its_last_good_version(
    tutor: Tutor, lessons_folder: Path, fine_tuning: Lesson
):
    quiz = await open_quiz(tutor)
    (lessons_folder / "fine-tuning.toml").write_text('id = "fine-tuning"\ntitle = ', "utf-8")
    (lessons_folder / "volcanoes.toml").write_text(to_toml(replace(fine_tuning, id="volcanoes")), "utf-8")
    reloaded = await tutor.lessons.reload()
    assert (reloaded.kept, reloaded.added, reloaded.gone) == (("fine-tuning",), ("volcanoes",), ())
    (problem,) = reloaded.problems
    assert problem.file == "fine-tuning.toml"
    assert "is not valid TOML" in str(problem)
    assert (await tutor.sessions.start(BOB, quiz)).lesson == fine_tuning
    assert set(await tutor.lessons.served(GUILD)) == {"fine-tuning", "volcanoes"}

    # Fixed: served again as read. Broken a second time: the same last good version stays.
    (lessons_folder / "fine-tuning.toml").write_text(to_toml(edited(fine_tuning)), "utf-8")
    assert (await tutor.lessons.reload()).changed == ("fine-tuning",)
    (lessons_folder / "fine-tuning.toml").write_text("not a lesson", "utf-8")
    assert (await tutor.lessons.reload()).kept == ("fine-tuning",)
    assert (await tutor.lessons.lesson(GUILD, "fine-tuning")) == edited(fine_tuning)


async def test_reading_the_folder_names_each_lessons_file(lessons_folder: Path, fine_tuning: Lesson):
    (lessons_folder / "zz-copy.toml").write_text(to_toml(fine_tuning), "utf-8")
    read = read_folder(lessons_folder)
    assert read.files == {"fine-tuning": "fine-tuning.toml"}
    (problem,) = read.problems
    assert str(problem) == "zz-copy.toml: id: 'fine-tuning' is already used by fine-tuning.toml"
    assert read.broken == {"zz-copy.toml"}
    assert [str(p) for p in read_folder(lessons_folder / "nowhere").problems] == [
        f"{lessons_folder / 'nowhere'}: is not a folder of lessons"
    ]


async def test_a_tutor_without_a_folder_says_it_cannot_reload(tmp_path: Path, fine_tuning: Lesson):
    db = await SQLiteDatabase.open(tmp_path / "t.sqlite3")
    try:
        tutor = Tutor(LessonLibrary({fine_tuning.id: fine_tuning}), db)
        await tutor.start()
        with pytest.raises(UserError, match="no lessons folder"):
            await tutor.lessons.reload()
    finally:
        await db.close()
