"""What a live class shows, as data: the card and panel's view, a student's screen, result and score.

A session asks the questions its seed drew (bot/quiz/engine.py `drawn`), once for the whole class:
place p on the card is lesson question `drawn[p]`. Each is asked as bot/quiz/asking.py asks a question on
its own, options in lesson order (lettered from A as the card shows them), an order question's items
scrambled by a salt fixed per session and place, so the card and every student see the same screen.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.content import Lesson, Question
from bot.live import Phase, Share, Step, Typed
from bot.live.session import allowed
from bot.quiz.asking import Asked, Judged
from bot.storage.records import LiveRecord


def asked_at(lesson: Lesson, drawn: tuple[int, ...], session_id: int, position: int) -> Asked:
    """Question `position` of a session as everyone sees it."""
    question = lesson.questions[drawn[position]]
    return Asked.of(lesson, question, f"live:{session_id}:{position}", shuffle=False)


@dataclass(frozen=True, slots=True)
class Revealed:
    """What the class sees once a question is revealed: per option its share (chosen, ticked, or put in
    its right place, by kind; none for a typed answer), the share all right, and each team's share right."""

    options: list[Share]
    right: Share
    teams: list[Share]


@dataclass(frozen=True, slots=True)
class Ended:
    """The class's result per question asked (share right, in the order asked), and each team's."""

    questions: list[Share]
    teams: list[Share]


@dataclass(frozen=True, slots=True)
class LiveView:
    """A live session as its public card and the teacher's panel show it."""

    session: LiveRecord
    lesson: Lesson
    drawn: tuple[int, ...]  # the lesson's questions the session asks, in order
    answered: int  # answers to the question on screen
    taking_part: int  # students who answered anything this session
    answered_by: tuple[str, ...]  # who answered it, by name, for the teacher's panel; none when anonymous
    revealed: Revealed | None = None
    ended: Ended | None = None
    typed: tuple[Typed, ...] = ()  # a typed question's answers most given: for the teacher's panel only

    @property
    def phase(self) -> Phase:
        return Phase(self.session.phase)

    @property
    def asked(self) -> Asked:
        return asked_at(self.lesson, self.drawn, self.session.id, self.session.position)

    @property
    def question(self) -> Question:
        return self.lesson.questions[self.drawn[self.session.position]]

    def question_at(self, position: int) -> Question:
        return self.lesson.questions[self.drawn[position]]

    @property
    def steps(self) -> frozenset[Step]:
        return allowed(self.phase, self.session.position, self.session.question_count)


@dataclass(frozen=True, slots=True)
class Choice:
    """A student's private screen for one question: the question as asked and their answer so far."""

    session_id: int
    position: int
    asked: Asked
    chosen: int | None  # the answer's value (bot/quiz/judging.py): for one tap, the option's index
    text: str | None  # a typed answer, as typed
    team: int | None  # 1..teams, when the session has teams
    total: int  # the questions the session asks

    @property
    def question(self) -> Question:
        return self.asked.question

    @property
    def picked(self) -> tuple[int, ...]:
        """A choose-all or order answer as the slots shown, to draw the student's picks again."""
        return () if self.chosen is None else self.asked.slots_of(self.chosen)


@dataclass(frozen=True, slots=True)
class Result:
    """After a reveal: the question and the student's answer judged (None: they did not answer)."""

    position: int
    asked: Asked
    judged: Judged | None

    @property
    def question(self) -> Question:
        return self.asked.question


@dataclass(frozen=True, slots=True)
class Score:
    right: int
    points: float  # the answers right plus part marks, as a self-paced score counts them
    answered: int
    asked: int
    team: int | None
