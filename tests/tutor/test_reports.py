"""The class report as the tutor gathers it."""

from zoneinfo import ZoneInfo

from bot.report.analysis import note_text
from bot.tutor import Tutor
from tests.tutor.conftest import ALICE, GUILD, TEACHER, Counted, open_quiz


async def test_a_zone_and_threshold_given_are_used_and_the_settings_are_not_read_again(tutor: Tutor):
    await tutor.teaching.set_timezone(GUILD, "Europe/London")
    quiz = await tutor.teaching.quiz_by_id(GUILD, await open_quiz(tutor))
    await tutor.teaching.allow(TEACHER, quiz, ALICE.user_id, None, "2099-12-04 17:00")
    counted = Counted(tutor.db)
    tutor.reports._db = counted
    given = await tutor.reports.build(
        quiz, {ALICE.user_id: ALICE.name}, ZoneInfo("Asia/Tokyo"), needs_help_below=60
    )
    assert "settings" not in counted.calls
    assert "Asia/Tokyo" in note_text(given.students[0])
    read = await tutor.reports.build(quiz, {ALICE.user_id: ALICE.name})
    assert "settings" in counted.calls
    assert "Europe/London" in note_text(read.students[0])
