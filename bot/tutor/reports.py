"""A class report for one quiz: gathered from the database, then built by the pure report package."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.content.model import Kind, Question
from bot.i18n import ENGLISH, Language, Text, text
from bot.quiz import judging
from bot.quiz.when import describe, parse_zone
from bot.report import (
    AnswerData,
    AttemptData,
    ClassReport,
    Gradebook,
    Person,
    QuestionInfo,
    ReportInput,
    build_report,
    chart_alt_text,
    chart_png,
    gradebook_csv,
    questions_csv,
    report_xlsx,
    students_csv,
)
from bot.report.gradebook import moodle_left_out
from bot.storage import QuizRecord, Storage
from bot.storage.records import Accommodation, AttemptWithAnswers
from bot.tutor.lessons import Lessons


@dataclass(frozen=True, slots=True)
class ReportFiles:
    students_csv: bytes
    questions_csv: bytes
    xlsx: bytes
    chart_png: bytes | None  # None: too few finished students to chart; chart_alt says so
    chart_alt: str
    gradebook: Gradebook | None = None
    gradebook_csv: bytes | None = None
    left_out: int = 0  # students the gradebook file could not carry (Moodle: no school id or email)

    def attachments(self) -> list[tuple[str, bytes]]:
        """Each file with the name it is sent or written under, the chart last."""
        found = [
            ("students.csv", self.students_csv),
            ("questions.csv", self.questions_csv),
            ("report.xlsx", self.xlsx),
        ]
        if self.gradebook is not None and self.gradebook_csv is not None:
            found.append((f"{self.gradebook.value}.csv", self.gradebook_csv))
        if self.chart_png is not None:
            found.append(("chart.png", self.chart_png))
        return found


class Reports:
    def __init__(self, lessons: Lessons, db: Storage) -> None:
        self._lessons = lessons
        self._db = db

    async def build(
        self,
        quiz: QuizRecord,
        roster: Mapping[int, str] | None = None,
        zone: ZoneInfo | None = None,
        *,
        needs_help_below: float | None = None,
    ) -> ClassReport:
        """The report of one quiz; `roster` is the class role's members by id with their names, if known.

        `zone` is the server's time zone, read from its settings unless the caller has them already.
        `needs_help_below` is the counted score in % under which a student is listed as needing help, as
        the server keeps it unless given. How the school knows each student (/roster import) is read here.
        """
        lesson = await self._lessons.of_quiz(quiz)
        if lesson is None:
            raise LookupError(f"quiz {quiz.id} has no lesson content to report on")
        attempts = await self._db.attempts(quiz.id)
        extra = await self._db.accommodations(quiz.id)
        ids = {a.record.user_id for a in attempts} | set(roster or ()) | set(extra)
        names = {**(roster or {}), **await self._db.names(quiz.guild_id, ids)}
        teachers = {a.record.user_id for a in attempts if a.record.by_teacher}
        if zone is None or needs_help_below is None:
            settings = await self._db.settings(quiz.guild_id)
            zone = zone or parse_zone(settings.timezone)
            needs_help_below = needs_help_below or settings.needs_help_below
        school_ids = await self._db.school_ids(quiz.guild_id, ids)
        people = tuple(
            Person(
                user_id,
                names.get(user_id, f"Student {user_id}"),
                user_id in teachers,
                None if user_id not in extra else _note(extra[user_id], zone),
            )
            for user_id in sorted(ids)
        )
        questions = tuple(
            QuestionInfo(q.identity, n, q.prompt, q.options, q.answer, q.kind, _rights(q), q.bank)
            for n, q in enumerate(lesson.questions, start=1)
        )
        data = [await self._attempt(a) for a in attempts]
        return build_report(
            ReportInput(
                title=lesson.title,
                questions=questions,
                grading=quiz.rules.grading,
                people=people,
                attempts=tuple(data),
                roster=None if roster is None else frozenset(roster),
                school_ids=dict(school_ids),
                needs_help_below=needs_help_below,
                asked=lesson.asked if lesson.banks else None,
            )
        )

    async def _attempt(self, attempt: AttemptWithAnswers) -> AttemptData:
        record = attempt.record
        # Each answer is read on the version its attempt was taken on, whatever the file says now.
        lesson = await self._lessons.version(record.version_id, record.lesson_id)
        answers = []
        for answer in attempt.answers:
            if lesson is None or answer.question_index >= len(lesson.questions):
                continue
            question = lesson.questions[answer.question_index]
            picked: tuple[str, ...] = ()
            if question.kind is Kind.CHOOSE_ALL:
                picked = tuple(question.options[i] for i in judging.indexes_of(answer.option_index))
            shown = judging.shown(question, answer.option_index, answer.text)
            given = AnswerData(
                question.identity, shown, answer.correct, answer.answered_at, picked, answer.part
            )
            answers.append(given)
        return AttemptData(
            record.user_id,
            record.number,
            record.started_at,
            record.finished_at,
            record.question_count,
            tuple(answers),
        )

    @staticmethod
    async def files(
        report: ClassReport, lang: Language = ENGLISH, gradebook: Gradebook | None = None
    ) -> ReportFiles:
        """Every file in `lang`, and `gradebook`'s import file if asked for.

        The chart and the workbook take a few hundred milliseconds for a big class: they are made
        off the event loop.
        """
        png, xlsx = await asyncio.to_thread(lambda: (chart_png(report, lang), report_xlsx(report, lang)))
        return ReportFiles(
            students_csv(report, lang),
            questions_csv(report, lang),
            xlsx,
            png,
            chart_alt_text(report, lang),
            gradebook,
            None if gradebook is None else gradebook_csv(report, gradebook),
            len(moodle_left_out(report)) if gradebook is Gradebook.MOODLE else 0,
        )


def _rights(question: Question) -> tuple[str, ...]:
    return tuple(question.options[i] for i in question.right)


def _note(given: Accommodation, zone: ZoneInfo) -> Text:
    parts = []
    if given.extra_attempts:
        parts.append(text("report.extra.tries", count=given.extra_attempts))
    if given.until is not None:
        parts.append(text("report.extra.until", when=describe(given.until, zone)))
    if len(parts) == 2:
        return text("report.extra.both", first=parts[0], second=parts[1])
    return text("report.extra.one", given=parts[0]) if parts else text("report.extra.none")
