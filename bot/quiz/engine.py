"""One student's attempt at a lesson's quiz, as pure data: order, judging, feedback, summary.

No Discord and no I/O. An attempt is identified by its stored `seed`, so the shuffled order of
questions and options is the same after a restart. Positions and slots are what a student sees
(the n-th question, the k-th button); question and option indexes are the lesson file's own.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.content.model import Lesson, Question
from bot.quiz.recent import Recent
from bot.quiz.rules import ShuffleMode

# Shuffles kept for the attempts clicked most recently: a click then costs no hashing. About 0.6 KiB
# each; enough for a few thousand students answering at once.
SHUFFLES_KEPT = 4096


def _permutation(seed: int, salt: str, size: int) -> tuple[int, ...]:
    # A hash per index rather than random.shuffle: the order must not change with the Python version.
    def key(i: int) -> bytes:
        return hashlib.blake2b(f"{seed}:{salt}:{i}".encode(), digest_size=8).digest()

    return tuple(sorted(range(size), key=key))


# Options are 2 to 5 per question, so there are at most a few hundred distinct option orders: each is
# kept once and shared by every shuffle.
_OPTION_ORDERS: dict[tuple[int, ...], tuple[int, ...]] = {}


def _option_order(seed: int, index: int, size: int) -> tuple[int, ...]:
    order = _permutation(seed, f"options:{index}", size)
    return _OPTION_ORDERS.setdefault(order, order)


class ChoiceError(Exception):
    """A click that cannot be an answer to the question being asked."""


class AlreadyAnswered(ChoiceError):  # noqa: N818 - reads as the outcome it is
    """The question at that position has an answer already; nothing changes."""


@dataclass(frozen=True, slots=True)
class QuestionView:
    """The question a student is asked now, with options in their shuffled order."""

    position: int
    total: int
    prompt: str
    options: tuple[str, ...]
    image: str | None = None  # an https URL the student's app loads; the bot never fetches it

    @property
    def number(self) -> int:
        return self.position + 1


@dataclass(frozen=True, slots=True)
class Choice:
    """A judged answer, ready to be recorded."""

    position: int
    question_index: int
    option_index: int
    correct: bool


@dataclass(frozen=True, slots=True)
class Feedback:
    correct: bool
    chosen: str
    answer: str
    explanation: str


@dataclass(frozen=True, slots=True)
class Missed:
    number: int  # the student's own number for it: its place in the order they were asked
    lesson_number: int  # its number in the lesson, as the teacher's report numbers it
    prompt: str
    chosen: str
    answer: str


@dataclass(frozen=True, slots=True)
class Summary:
    score: int
    total: int
    missed: tuple[Missed, ...]
    answered: int  # less than total for an attempt the quiz closed on halfway

    @property
    def finished(self) -> bool:
        return self.answered >= self.total


@dataclass(frozen=True, slots=True)
class Shuffle:
    """The order of questions, and of each question's options, that an attempt's seed gives."""

    questions: tuple[int, ...]
    options: tuple[tuple[int, ...], ...]

    @classmethod
    def of(cls, lesson: Lesson, seed: int, mode: ShuffleMode = ShuffleMode.QUESTIONS) -> Shuffle:
        """The shuffle of this lesson content for this seed, computed once while recently used."""
        return _SHUFFLES.get(lesson, seed, mode)

    @classmethod
    def compute(cls, lesson: Lesson, seed: int, mode: ShuffleMode = ShuffleMode.QUESTIONS) -> Shuffle:
        size = len(lesson.questions)
        questions = _permutation(seed, "questions", size) if mode is ShuffleMode.QUESTIONS else range(size)
        return cls(
            tuple(questions),
            tuple(_option_order(seed, i, len(q.options)) for i, q in enumerate(lesson.questions)),
        )


class ShuffleCache:
    """The most recently used shuffles, at most `size`, by lesson content and seed."""

    def __init__(self, size: int) -> None:
        # Keyed by the lesson object's id, not its value: hashing a lesson walks all its text. Each
        # entry holds its lesson, so the id cannot be reused by another lesson while the entry lives.
        self._entries = Recent[tuple[int, int, ShuffleMode], tuple[Lesson, Shuffle]](size)

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, lesson: Lesson, seed: int, mode: ShuffleMode = ShuffleMode.QUESTIONS) -> Shuffle:
        key = (id(lesson), seed, mode)
        kept = self._entries.get(key)
        if kept is not None and kept[0] is lesson:
            return kept[1]
        shuffle = Shuffle.compute(lesson, seed, mode)
        self._entries.put(key, (lesson, shuffle))
        return shuffle


_SHUFFLES = ShuffleCache(SHUFFLES_KEPT)


@dataclass(frozen=True)
class Attempt:
    """A lesson, an attempt's seed and the answers recorded so far (question index -> option index).

    `mode` is its quiz's: what the seed shuffles (quizzes from before the choice shuffled questions too).
    """

    lesson: Lesson
    seed: int
    answers: Mapping[int, int] = field(default_factory=dict)
    # Derived from lesson and seed once, then handed on by with_choice rather than hashed again.
    shuffle: Shuffle | None = field(default=None, repr=False, compare=False)
    mode: ShuffleMode = ShuffleMode.QUESTIONS

    def __post_init__(self) -> None:
        if self.shuffle is None:
            object.__setattr__(self, "shuffle", Shuffle.of(self.lesson, self.seed, self.mode))

    @property
    def _shuffle(self) -> Shuffle:
        assert self.shuffle is not None  # set in __post_init__
        return self.shuffle

    @property
    def order(self) -> tuple[int, ...]:
        return self._shuffle.questions

    def option_order(self, question_index: int) -> tuple[int, ...]:
        return self._shuffle.options[question_index]

    @property
    def total(self) -> int:
        return len(self.lesson.questions)

    @property
    def answered(self) -> int:
        return sum(1 for q in self.order if q in self.answers)

    @property
    def finished(self) -> bool:
        return self.answered >= self.total

    def current(self) -> QuestionView | None:
        """The first unanswered question in this attempt's order, or None when all are answered."""
        for position, index in enumerate(self.order):
            if index not in self.answers:
                question = self.lesson.questions[index]
                options = tuple(question.options[i] for i in self.option_order(index))
                return QuestionView(position, self.total, question.prompt, options, question.image)
        return None

    def judge(self, position: int, slot: int) -> Choice:
        """Judge the button at `slot` for the question at `position`; raise ChoiceError if it can't be."""
        if not 0 <= position < self.total:
            raise ChoiceError(f"there is no question {position + 1}")
        index = self.order[position]
        if index in self.answers:
            raise AlreadyAnswered(f"question {position + 1} is answered already")
        current = self.current()
        if current is None or current.position != position:
            raise ChoiceError(f"question {position + 1} is not the one being asked")
        return self.choice_at(position, slot)

    def choice_at(self, position: int, slot: int) -> Choice:
        """What the button at `slot` of the question at `position` means, whatever was answered before.

        For judging a click before its attempt's answers are read; whether it may be taken is for
        the one statement that records it (only the next position, one answer per question).
        """
        if not 0 <= position < self.total:
            raise ChoiceError(f"there is no question {position + 1}")
        index = self.order[position]
        options = self.option_order(index)
        if not 0 <= slot < len(options):
            raise ChoiceError(f"question {position + 1} has no option {slot + 1}")
        option = options[slot]
        correct = option == self.lesson.questions[index].answer_index
        return Choice(position, index, option, correct)

    def with_choice(self, choice: Choice) -> Attempt:
        answers = {**self.answers, choice.question_index: choice.option_index}
        return Attempt(self.lesson, self.seed, answers, self.shuffle, self.mode)

    def feedback(self, choice: Choice) -> Feedback:
        question = self.lesson.questions[choice.question_index]
        return Feedback(
            choice.correct,
            question.options[choice.option_index],
            question.answer,
            question.explanation,
        )

    def answered_feedback(self, position: int) -> Feedback | None:
        """The feedback of the answer already given at `position`, to show again after a repeated click."""
        if not 0 <= position < self.total:
            return None
        index = self.order[position]
        chosen = self.answers.get(index)
        if chosen is None:
            return None
        question = self.lesson.questions[index]
        return Feedback(
            chosen == question.answer_index, question.options[chosen], question.answer, question.explanation
        )

    def number_of(self, question_index: int) -> int:
        """The student's number for a lesson question: its place in the order they were asked (from 1)."""
        return self.order.index(question_index) + 1

    def summary(self) -> Summary:
        """Score so far and each missed question with the right answer, in the order asked."""
        missed: list[Missed] = []
        score = answered = 0
        for position, index in enumerate(self.order):
            chosen = self.answers.get(index)
            if chosen is None:
                continue
            answered += 1
            question: Question = self.lesson.questions[index]
            if chosen == question.answer_index:
                score += 1
            else:
                picked = question.options[chosen]
                missed.append(Missed(position + 1, index + 1, question.prompt, picked, question.answer))
        return Summary(score, self.total, tuple(missed), answered)
