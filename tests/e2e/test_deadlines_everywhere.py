"""Deadlines are the database's, not one process's: two real shard processes on one PostgreSQL.

The process that opened a quiz is killed; the other closes the quiz at its deadline, edits its card in
the server's language (a server it does not serve), and the teacher gets the report privately, once,
also when both processes see the same deadline. Real processes run on the real clock, so the test brings
a deadline near by writing it into the database, as the passing of time would.
"""

import signal
from pathlib import Path

import asyncpg

from tests.e2e.test_process import bot_process
from tests.e2e.test_shards import START, _shard
from tests.fake_discord import FakeDiscord, Person, Shown
from tests.postgres import fresh_postgres_url, postgres_url

__all__ = ["fresh_postgres_url", "postgres_url"]
SOON = 2  # seconds to the deadline the test writes
WITHIN = 20  # a process looks at least every 5 s; on a busy machine, give it more


async def _deadline_in(url: str, quiz_card: int, seconds: int) -> None:
    conn = await asyncpg.connect(url)
    try:
        await conn.execute(
            "UPDATE quizzes SET closes_at = now() + make_interval(secs => $2)"
            " WHERE id = (SELECT quiz_id FROM quiz_cards WHERE message_id = $1)",
            quiz_card,
            seconds,
        )
    finally:
        await conn.close()


def _notes(fake: FakeDiscord, teacher: Person) -> list[Shown]:
    return [Shown.of(m) for m in fake.messages.values() if m.channel_id == teacher.dm and m.files]


async def test_the_other_process_closes_a_quiz_whose_process_died_and_tells_its_teacher_once(
    fake: FakeDiscord, tmp_path: Path, fresh_postgres_url: str
):
    fake.shard_count = 2
    north = fake.add_guild("North School", shard=0)
    south = fake.add_guild("Escuela Sur", shard=1, locale="es-ES")
    norma = Person(fake, fake.add_member("Norma", teacher=True, guild=north))
    sara = Person(fake, fake.add_member("Sara", teacher=True, guild=south), locale="es-ES")
    unused, log = tmp_path / "unused.sqlite3", tmp_path / "bot.log"

    async with (
        bot_process(fake, unused, log, **_shard(fresh_postgres_url, 0)),
        bot_process(fake, unused, log, **_shard(fresh_postgres_url, 1)) as south_process,
    ):
        await fake.wait_connected(timeout=START)
        north_card = await norma.slash("quiz start", lesson="fine-tuning", closes="in 2 hours")
        south_card = await sara.slash("quiz start", lesson="fine-tuning", closes="en 2 horas")

        # Both processes watch North School's deadline: its card is closed, and Norma told once.
        await _deadline_in(fresh_postgres_url, north_card.id, SOON)
        await fake.wait_for(lambda: not Shown.of(fake.messages[north_card.id]).labels, WITHIN)
        await fake.wait_for(lambda: len(_notes(fake, norma)) >= 1, WITHIN)

        south_process.send_signal(signal.SIGKILL)  # the process of Escuela Sur, which opened its quiz
        await south_process.wait()
        await _deadline_in(fresh_postgres_url, south_card.id, SOON)
        await fake.wait_for(lambda: not Shown.of(fake.messages[south_card.id]).labels, WITHIN)
        closed = Shown.of(fake.messages[south_card.id])
        assert "(cerrado)" in closed.text, closed.text  # in the server's language, by North's process
        await fake.wait_for(lambda: len(_notes(fake, sara)) == 1, WITHIN)
        assert "La fecha límite ha cerrado" in _notes(fake, sara)[0].text
        # By now both processes had looked again several times: North's teacher was still told once.
        (note,) = _notes(fake, norma)
        assert "The deadline closed" in note.text, log.read_text()
        assert {f.filename for f in note.files} >= {"students.csv", "report.xlsx"}
