"""Two processes' worth of storage on one database (two pools, or two connections to one SQLite file).

Clicks that arrive at once, from both, neither double nor lose anything, and raise nothing.
"""

import asyncio
import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.quiz.rules import QuizRules
from bot.storage import PostgresDatabase, SQLiteDatabase, Storage
from tests.postgres import new_database, server_url
from tests.storage.conftest import ENGINES
from tests.storage.test_database import CHANNEL, HOUR, NOW, STUDENT, open_quiz, start

CLICKS = 40


@pytest.fixture(params=ENGINES)
async def both(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[tuple[Storage, Storage]]:
    """Two storages on one database, as two bot processes would have."""
    first: Storage
    second: Storage
    if request.param == "sqlite":
        path = tmp_path / "tutor.sqlite3"
        first = await SQLiteDatabase.open(path)
        second = await SQLiteDatabase.open(path)
        yield first, second
    else:
        async with new_database(server_url(os.environ)) as url:
            first = await PostgresDatabase.open(url)
            second = await PostgresDatabase.open(url)
            yield first, second
    await first.close()
    await second.close()


async def test_forty_start_clicks_from_two_processes_make_one_attempt(both: tuple[Storage, Storage]):
    quiz = await open_quiz(both[0])
    made = await asyncio.gather(*(start(both[n % 2], quiz, seed=n) for n in range(CLICKS)))
    assert sum(m is not None for m in made) == 1
    assert len(await both[1].attempts(quiz.id, STUDENT)) == 1


async def test_forty_identical_answer_clicks_from_two_processes_record_one_answer(
    both: tuple[Storage, Storage],
):
    quiz = await open_quiz(both[0])
    attempt = await start(both[0], quiz, count=3)
    assert attempt is not None
    for position, question in enumerate([2, 0, 1]):
        taken = await asyncio.gather(
            *(
                both[n % 2].record_answer(attempt.id, position, question, 1, correct=True, now=NOW)
                for n in range(CLICKS)
            )
        )
        assert taken.count(True) == 1
    (back,) = await both[1].attempts(quiz.id, STUDENT)
    assert [a.question_index for a in back.answers] == [2, 0, 1]
    assert back.record.finished_at == NOW  # finished by its last answer, once
    second = await start(both[1], quiz)
    assert second is not None
    assert second.number == 2


async def test_both_processes_closing_deadlines_at_once_close_each_quiz_once(both: tuple[Storage, Storage]):
    quizzes = [
        await open_quiz(both[0], QuizRules(closes_at=NOW + HOUR), channel=CHANNEL + n) for n in range(20)
    ]
    runs = await asyncio.gather(*(both[n % 2].close_overdue(NOW + HOUR) for n in range(10)))
    closed = [quiz_id for run in runs for quiz_id, _ in run]
    assert sorted(closed) == sorted(q.id for q in quizzes)


async def test_end_pressed_in_two_processes_at_once_ends_the_live_class_once(both: tuple[Storage, Storage]):
    for round_ in range(5):  # each a fresh class: a race lost once in a few runs still shows
        live = await both[0].start_live(
            1,
            CHANNEL + round_,
            "fine-tuning",
            9,
            version_id=None,
            question_count=2,
            teams=0,
            anonymous=False,
            now=NOW,
        )
        assert live is not None
        for user in range(100, 106):
            assert await both[user % 2].live_answer(
                live.id, 0, user, 1, question_index=0, correct=True, by_teacher=False, now=NOW
            )
        ended = await asyncio.gather(
            both[0].end_live(live.id, NOW + HOUR), both[1].end_live(live.id, NOW + HOUR)
        )
        assert sum(e is not None for e in ended) == 1
        attempts = await both[1].attempts(live.quiz_id)
        assert sorted(a.record.user_id for a in attempts) == list(range(100, 106))  # one each


async def test_two_teachers_publishing_in_two_processes_cannot_both_pass_the_cap(
    both: tuple[Storage, Storage],
):
    for guild in range(1, 9):  # several servers: a race lost once in a few runs still shows
        first = await both[0].lesson_version(f"volcanoes-{guild}", f"hash-a-{guild}", "{}", NOW)
        second = await both[1].lesson_version(f"rivers-{guild}", f"hash-b-{guild}", "{}", NOW)
        published = await asyncio.gather(
            both[0].publish_lesson(guild, f"volcanoes-{guild}", first, 9, NOW, cap=1),
            both[1].publish_lesson(guild, f"rivers-{guild}", second, 8, NOW, cap=1),
        )
        assert sorted(published) == [False, True]
        assert len(await both[0].server_lessons(guild)) == 1
