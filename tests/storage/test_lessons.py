"""Server lessons and upload drafts, on every engine (the `db` fixture of tests/storage/conftest.py)."""

import asyncio
from datetime import UTC, datetime, timedelta

from bot.quiz.rules import QuizRules
from bot.storage import Storage

GUILD, OTHER_GUILD, TEACHER, OTHER_TEACHER = 10, 11, 30, 31
NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
DAY = timedelta(days=1)


async def version(db: Storage, lesson_id: str, content: str) -> int:
    return await db.lesson_version(lesson_id, f"hash-{lesson_id}-{content}", content, NOW)


async def test_a_published_lesson_belongs_to_its_server(db: Storage):
    first = await version(db, "volcanoes", "one")
    assert await db.publish_lesson(GUILD, "volcanoes", first, TEACHER, NOW, cap=50)
    (lesson,) = await db.server_lessons(GUILD)
    assert (lesson.lesson_id, lesson.version_id, lesson.published_by) == ("volcanoes", first, TEACHER)
    assert (lesson.published_at, lesson.removed_at) == (NOW, None)
    assert await db.server_lessons(OTHER_GUILD) == []
    assert await db.server_lesson(OTHER_GUILD, "volcanoes") is None


async def test_publishing_again_serves_the_new_version(db: Storage):
    first, second = await version(db, "volcanoes", "one"), await version(db, "volcanoes", "two")
    await db.publish_lesson(GUILD, "volcanoes", first, TEACHER, NOW, cap=50)
    assert await db.publish_lesson(GUILD, "volcanoes", second, OTHER_TEACHER, NOW + DAY, cap=50)
    lesson = await db.server_lesson(GUILD, "volcanoes")
    assert lesson is not None
    assert (lesson.version_id, lesson.published_by, lesson.published_at) == (second, OTHER_TEACHER, NOW + DAY)
    assert (await db.version(first)) is not None  # the old version stays for what was pinned to it


async def test_removed_lessons_are_hidden_and_can_come_back(db: Storage):
    first = await version(db, "volcanoes", "one")
    await db.publish_lesson(GUILD, "volcanoes", first, TEACHER, NOW, cap=50)
    assert await db.remove_lesson(GUILD, "volcanoes", NOW + DAY)
    assert not await db.remove_lesson(GUILD, "volcanoes", NOW + DAY)  # removed already
    assert not await db.remove_lesson(GUILD, "rivers", NOW)  # never published
    assert await db.server_lessons(GUILD) == []
    (hidden,) = await db.server_lessons(GUILD, removed=True)
    assert hidden.removed_at == NOW + DAY
    assert await db.publish_lesson(GUILD, "volcanoes", first, TEACHER, NOW + 2 * DAY, cap=50)
    (back,) = await db.server_lessons(GUILD)
    assert back.removed_at is None


async def test_the_cap_counts_the_servers_other_shown_lessons(db: Storage):
    for name in ("a", "b"):
        assert await db.publish_lesson(GUILD, name, await version(db, name, "1"), TEACHER, NOW, cap=2)
    assert not await db.publish_lesson(GUILD, "c", await version(db, "c", "1"), TEACHER, NOW, cap=2)
    assert await db.server_lesson(GUILD, "c") is None
    # A new version of a lesson the server has is no new lesson; another server has its own count.
    assert await db.publish_lesson(GUILD, "a", await version(db, "a", "2"), TEACHER, NOW, cap=2)
    assert await db.publish_lesson(OTHER_GUILD, "c", await version(db, "c", "1"), TEACHER, NOW, cap=2)
    # A removed lesson makes room, and bringing it back needs room again.
    await db.remove_lesson(GUILD, "b", NOW)
    assert await db.publish_lesson(GUILD, "c", await version(db, "c", "1"), TEACHER, NOW, cap=2)
    assert not await db.publish_lesson(GUILD, "b", await version(db, "b", "1"), TEACHER, NOW, cap=2)


async def test_unfinished_attempts_are_counted_per_server_and_lesson(db: Storage):
    quiz, _ = await db.open_quiz(GUILD, "volcanoes", 20, TEACHER, version_id=None, rules=QuizRules(), now=NOW)
    other, _ = await db.open_quiz(
        OTHER_GUILD, "volcanoes", 21, TEACHER, version_id=None, rules=QuizRules(), now=NOW
    )
    for user in (40, 41):
        await db.start_attempt(
            quiz, user, seed=1, question_count=1, version_id=None, by_teacher=False, now=NOW
        )
    await db.start_attempt(other, 40, seed=1, question_count=1, version_id=None, by_teacher=False, now=NOW)
    assert await db.unfinished_attempts(GUILD, "volcanoes") == 2
    (first, _) = [a.record for a in await db.attempts(quiz.id)]
    await db.record_answer(first.id, 0, 0, 0, correct=True, now=NOW)
    assert await db.unfinished_attempts(GUILD, "volcanoes") == 1
    assert await db.unfinished_attempts(GUILD, "rivers") == 0


async def test_drafts_are_kept_until_dropped_or_too_old(db: Storage):
    old = await db.add_draft(GUILD, TEACHER, "old.txt", "{}", NOW)
    new = await db.add_draft(GUILD, TEACHER, "new.toml", '{"x":1}', NOW + DAY)
    draft = await db.draft(new)
    assert draft is not None
    assert (draft.guild_id, draft.user_id, draft.filename, draft.content) == (
        GUILD,
        TEACHER,
        "new.toml",
        '{"x":1}',
    )
    assert draft.created_at == NOW + DAY
    assert await db.drop_drafts_before(NOW + DAY) == 1
    assert await db.draft(old) is None
    assert await db.drop_draft(new)
    assert not await db.drop_draft(new)
    assert await db.draft(new) is None


async def test_two_teachers_publishing_at_once_cannot_both_pass_the_cap(db: Storage):
    first = await version(db, "volcanoes", "one")
    second = await version(db, "rivers", "one")
    published = await asyncio.gather(
        db.publish_lesson(GUILD, "volcanoes", first, TEACHER, NOW, cap=1),
        db.publish_lesson(GUILD, "rivers", second, OTHER_TEACHER, NOW, cap=1),
    )
    assert sorted(published) == [False, True]
    assert len(await db.server_lessons(GUILD)) == 1
