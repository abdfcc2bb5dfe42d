"""The teacher's review report: per student due, done and overdue; per question the share recalled;
coverage; the scheduler's calibration; and, when measured, reviewed against held-back accuracy.

The figures are bot/review/stats.py's; this module reads what they need and names students and questions.
The CSV holds every row (the Discord message shows the first ones): one section per table, each with its
own header, separated by a blank line, as a spreadsheet opens it.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, tzinfo

from bot.review import stats
from bot.review.plan import Arm, Item
from bot.storage import Storage
from bot.storage.records import ReviewAnswer, ReviewItem
from bot.tutor.lessons import Lessons
from bot.tutor.review_feed import QUIZZES_READ

FILENAME = "review-report.csv"


@dataclass(frozen=True, slots=True)
class ReviewReport:
    students: list[tuple[str, stats.StudentRow]]
    questions: list[tuple[str, str, stats.QuestionRow]]  # lesson, prompt, row (keyed "lesson/key")
    coverage: stats.Coverage
    calibration: stats.Calibration
    effect: stats.Effect | None


def _answers(items: list[ReviewItem], logged: list[ReviewAnswer]) -> list[stats.Answer]:
    """The quiz's first answers (from the items) and every answer since, as the figures read them."""
    first = [
        stats.Answer(
            i.user_id,
            f"{i.lesson}/{i.question_key}",
            i.first_at,
            i.first_correct,
            stats.Kind.QUIZ,
            arm=Arm(i.arm),
        )
        for i in items
    ]
    later = [
        stats.Answer(
            a.user_id,
            f"{a.lesson}/{a.question_key}",
            a.answered_at,
            a.correct,
            stats.Kind(a.kind),
            a.predicted,
            Arm(a.arm),
        )
        for a in logged
    ]
    return first + later


async def build(
    lessons: Lessons, db: Storage, guild_id: int, channel_id: int | None, *, today: date, zone: tzinfo
) -> ReviewReport:
    items = await db.review_items(guild_id)
    logged = await db.review_answers(guild_id)
    if channel_id is not None:
        students: set[int] = set()
        for quiz in await db.quizzes(guild_id, channel_id, limit=QUIZZES_READ):
            students |= {a.record.user_id for a in await db.attempts(quiz.id)}
        items = [i for i in items if i.user_id in students]
        logged = [a for a in logged if a.user_id in students]
    by_user: dict[int, list[Item]] = {}
    for item in items:
        by_user.setdefault(item.user_id, []).append(
            Item(item.question_key, item.memory, Arm(item.arm), item.checked)
        )
    answers = _answers(items, logged)
    names = await db.names(guild_id, list(by_user))
    rows = stats.students(by_user, answers, today)
    questions = await lessons.questions_by_key(guild_id, (item.lesson for item in items))
    prompts: dict[str, tuple[str, str]] = {}
    for item in items:
        found = questions.get((item.lesson, item.question_key))
        prompt = item.question_key if found is None else found[1].prompt
        prompts[f"{item.lesson}/{item.question_key}"] = (item.lesson, prompt)
    measured = any(a.measure for a in await db.review_assignments(guild_id))
    return ReviewReport(
        students=[(names.get(row.user_id, str(row.user_id)), row) for row in rows],
        questions=[(*prompts.get(row.key, ("", row.key)), row) for row in stats.questions(answers)],
        coverage=stats.coverage(answers, today, zone),
        calibration=stats.calibration(answers),
        effect=stats.effect(answers) if measured else None,
    )


def _share(part: int, whole: int) -> str:
    return "" if not whole else f"{part / whole:.3f}"


def csv_text(report: ReviewReport) -> str:
    out = io.StringIO()
    write = csv.writer(out, lineterminator="\n").writerow
    write(["student", "due_today", "overdue", "done_at_review"])
    for name, student in report.students:
        write([name, student.due, student.overdue, student.done])
    write([])
    write(["lesson", "question", "asked_at_review", "recalled", "share_recalled"])
    for lesson, prompt, question in report.questions:
        write([lesson, prompt, question.asked, question.recalled, _share(question.recalled, question.asked)])
    write([])
    write(["missed_items_counted", "covered", "coverage"])
    coverage = report.coverage
    write([coverage.missed, coverage.covered, _share(coverage.covered, coverage.missed)])
    write([])
    write(["predicted_from", "predicted_to", "answers", "mean_predicted", "observed"])
    for part in report.calibration.bins:
        write(
            [
                f"{part.low:.1f}",
                f"{part.high:.1f}",
                part.count,
                f"{part.predicted:.3f}",
                f"{part.observed:.3f}",
            ]
        )
    write(
        [
            "rmse",
            "",
            report.calibration.count,
            "",
            "" if not report.calibration.count else f"{report.calibration.rmse:.3f}",
        ]
    )
    if report.effect is not None:
        write([])
        write(["arm", "asked_at_check", "right", "share_right"])
        for arm in (report.effect.control, report.effect.held_back):
            write([arm.key, arm.asked, arm.recalled, _share(arm.recalled, arm.asked)])
    return out.getvalue()
