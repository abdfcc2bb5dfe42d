"""One question asked on its own, outside a quiz's attempt: in spaced review, the redemption round and a
live class. Pure: the order its options are shown in, and an answer of any kind judged.

A quiz's attempt shuffles by its seed (bot/quiz/engine.py); here the caller names what fixes the order
(a review step, a live question), so the same screen comes back after a restart. The rules of what each
kind shows are the engine's: true/false keeps its order, a typed question shows none, and an order
question is never shown already in its right order.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.content.model import Kind, Lesson, Question
from bot.quiz import judging
from bot.quiz.engine import ChoiceError, Feedback, Given, Placed, QuestionView, Ticked
from bot.quiz.judging import shown_order, shuffled


@dataclass(frozen=True, slots=True)
class Judged:
    """An answer to one question: its stored value (see bot/quiz/judging.py), text as typed, and credit."""

    value: int
    correct: bool
    credit: float
    text: str | None
    feedback: Feedback


@dataclass(frozen=True, slots=True)
class Asked:
    """A question with its options in the order shown (lesson indexes)."""

    lesson: Lesson
    question: Question
    order: tuple[int, ...]

    @classmethod
    def of(cls, lesson: Lesson, question: Question, salt: str, *, shuffle: bool = True) -> Asked:
        """Asked with options shuffled by `salt`; with `shuffle` off, in lesson order (but an order
        question's items are always shuffled: in lesson order they would show the answer)."""
        size = len(question.options)
        keep = not shuffle and question.kind is not Kind.ORDER
        return cls(lesson, question, shown_order(question, range(size) if keep else shuffled(salt, size)))

    @property
    def options(self) -> tuple[str, ...]:
        """The options as shown, none for a typed question (its options are the accepted answers)."""
        if self.question.kind is Kind.TYPED:
            return ()
        return tuple(self.question.options[i] for i in self.order)

    def view(self, position: int, total: int) -> QuestionView:
        q = self.question
        return QuestionView(position, total, q.prompt, self.options, q.image, q.kind)

    def value_of(self, given: Given) -> tuple[int, str | None]:
        """What `given` (by the slots shown) stores as its value and text; ChoiceError if it can't be."""
        kind, size = self.question.kind, len(self.order)
        if isinstance(given, str):
            if kind is not Kind.TYPED:
                raise ChoiceError("this question is not answered by typing")
            found = judging.typed_match(self.question, given, ignore_accents=self.lesson.ignore_accents)
            return found or 0, given
        if isinstance(given, Ticked):
            if kind is not Kind.CHOOSE_ALL or any(not 0 <= s < size for s in given.slots):
                raise ChoiceError("this question is not answered by ticking those")
            return judging.mask_of(self.order[s] for s in given.slots), None
        if isinstance(given, Placed):
            if kind is not Kind.ORDER or sorted(given.slots) != list(range(size)):
                raise ChoiceError("this question needs each of its options once, in order")
            return judging.rank_of([self.order[s] for s in given.slots]), None
        if kind not in (Kind.CHOICE, Kind.TRUE_FALSE) or not 0 <= given < size:
            raise ChoiceError("this question has no such option")
        return self.order[given], None

    def judge(self, given: Given) -> Judged:
        """`given` judged in the core, whatever its kind; ChoiceError if it is no answer to this question."""
        value, text = self.value_of(given)
        return self.judge_value(value, text)

    def judge_value(self, value: int, text: str | None = None) -> Judged:
        """An answer as stored, judged again (a live answer read back, a review step)."""
        q = self.question
        earned = judging.credit(self.lesson, q, value, text)
        chosen = judging.shown(q, value, text)
        shown = Feedback(earned == 1.0, chosen, q.answer, q.explanation, typed=q.kind is Kind.TYPED)
        return Judged(value, earned == 1.0, earned, text, shown)

    def slots_of(self, value: int) -> tuple[int, ...]:
        """A stored choose-all or order value as the slots shown (to draw a student's picks again)."""
        where = {index: slot for slot, index in enumerate(self.order)}
        if self.question.kind is Kind.CHOOSE_ALL:
            return tuple(sorted(where[i] for i in judging.indexes_of(value) if i in where))
        if self.question.kind is Kind.ORDER:
            try:
                return tuple(where[i] for i in judging.order_of(value, len(self.order)))
            except ValueError:
                return ()
        return ()
