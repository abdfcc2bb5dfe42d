"""One student's attempt at a lesson's quiz, as pure data: order, judging, feedback, summary.

No Discord and no I/O. An attempt is identified by its stored `seed`, so the shuffled order of
questions and options is the same after a restart. Positions and slots are what a student sees
(the n-th question, the k-th button); question and option indexes are the lesson file's own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from bot.content.model import Kind, Lesson, Question
from bot.quiz import judging
from bot.quiz.recent import Recent
from bot.quiz.rules import ShuffleMode

# Shuffles kept for the attempts clicked most recently: a click then costs no hashing. About 0.6 KiB
# each; enough for a few thousand students answering at once.
SHUFFLES_KEPT = 4096


def _permutation(seed: int, salt: str, size: int) -> tuple[int, ...]:
    return judging.shuffled(f"{seed}:{salt}", size)


# Options are 2 to 5 per question, so there are at most a few hundred distinct option orders: each is
# kept once and shared by every shuffle.
_OPTION_ORDERS: dict[tuple[int, ...], tuple[int, ...]] = {}


def _option_order(seed: int, index: int, question: Question) -> tuple[int, ...]:
    order = judging.shown_order(question, _permutation(seed, f"options:{index}", len(question.options)))
    return _OPTION_ORDERS.setdefault(order, order)


def drawn(lesson: Lesson, seed: int) -> tuple[int, ...]:
    """The questions an attempt asks, in lesson order: every question outside a bank, and from each
    bank the `draw` its seed picks. Without banks, all of them."""
    if not lesson.banks:
        return tuple(range(len(lesson.questions)))
    picked: set[int] = set()
    for bank in lesson.banks:
        members = [i for i, q in enumerate(lesson.questions) if q.bank == bank.name]
        picked.update(members[i] for i in _permutation(seed, f"bank:{bank.name}", len(members))[: bank.draw])
    return tuple(i for i, q in enumerate(lesson.questions) if not q.bank or i in picked)


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
    kind: Kind = Kind.CHOICE

    @property
    def number(self) -> int:
        return self.position + 1


@dataclass(frozen=True, slots=True)
class Ticked:
    """The options ticked on a choose-all question, by the slots they are shown at."""

    slots: frozenset[int]


@dataclass(frozen=True, slots=True)
class Placed:
    """The options of a put-in-order question as the student put them, by their shown slots, first first."""

    slots: tuple[int, ...]


# What a student gives: a button's slot, a set ticked, an order, or a typed text.
Given = int | Ticked | Placed | str


@dataclass(frozen=True, slots=True)
class Choice:
    """A judged answer, ready to be recorded."""

    position: int
    question_index: int
    option_index: int  # the answer's value: see bot/quiz/judging.py for each kind
    correct: bool
    text: str | None = None  # a typed answer, as typed
    credit: float | None = None  # the share of the mark earned; None: 1 if correct, else 0


@dataclass(frozen=True, slots=True)
class Feedback:
    correct: bool
    chosen: str
    answer: str
    explanation: str
    typed: bool = False  # `chosen` is what the student wrote, not an option they picked


@dataclass(frozen=True, slots=True)
class Missed:
    number: int  # the student's own number for it: its place in the order they were asked
    lesson_number: int  # its number in the lesson, as the teacher's report numbers it
    prompt: str
    chosen: str
    answer: str


@dataclass(frozen=True, slots=True)
class Summary:
    score: float  # whole unless a part mark counts (partial credit): see judging.points
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
        asked = drawn(lesson, seed)
        if mode is ShuffleMode.QUESTIONS:
            order = tuple(asked[i] for i in _permutation(seed, "questions", len(asked)))
        else:
            order = tuple(asked)
        return cls(
            order,
            tuple(_option_order(seed, i, q) for i, q in enumerate(lesson.questions)),
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
    """A lesson, an attempt's seed and the answers recorded so far (question index -> the answer's value,
    and for typed answers question index -> the text typed).

    `mode` is its quiz's: what the seed shuffles (quizzes from before the choice shuffled questions too).
    """

    lesson: Lesson
    seed: int
    answers: Mapping[int, int] = field(default_factory=dict)
    # Derived from lesson and seed once, then handed on by with_choice rather than hashed again.
    shuffle: Shuffle | None = field(default=None, repr=False, compare=False)
    mode: ShuffleMode = ShuffleMode.QUESTIONS
    texts: Mapping[int, str] = field(default_factory=dict)

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
        return len(self.order)

    @property
    def answered(self) -> int:
        return sum(1 for q in self.order if q in self.answers)

    @property
    def finished(self) -> bool:
        return self.answered >= self.total

    def current(self) -> QuestionView | None:
        """The first unanswered question in this attempt's order, or None when all are answered."""
        shuffle = self._shuffle
        for position, index in enumerate(shuffle.questions):
            if index not in self.answers:
                question = self.lesson.questions[index]
                shown = () if question.kind is Kind.TYPED else shuffle.options[index]
                options = tuple(question.options[i] for i in shown)
                total = len(shuffle.questions)
                return QuestionView(position, total, question.prompt, options, question.image, question.kind)
        return None

    def judge(self, position: int, slot: int) -> Choice:
        """Judge the button at `slot` for the question at `position`; raise ChoiceError if it can't be."""
        self._is_next(position)
        return self.choice_at(position, slot)

    def judge_given(self, position: int, given: Given) -> Choice:
        """`judge` for an answer of any kind."""
        self._is_next(position)
        return self.given_at(position, given)

    def _is_next(self, position: int) -> None:
        """Raise ChoiceError unless `position` is the question being asked (AlreadyAnswered if answered)."""
        if not 0 <= position < self.total:
            raise ChoiceError(f"there is no question {position + 1}")
        if self.order[position] in self.answers:
            raise AlreadyAnswered(f"question {position + 1} is answered already")
        current = self.current()
        if current is None or current.position != position:
            raise ChoiceError(f"question {position + 1} is not the one being asked")

    def given_at(self, position: int, given: Given) -> Choice:
        """`choice_at` for an answer of any kind: what it means, whatever was answered before."""
        if isinstance(given, Ticked):
            return self.choose_all_at(position, sorted(given.slots))
        if isinstance(given, Placed):
            return self.order_at(position, given.slots)
        if isinstance(given, str):
            return self.typed_at(position, given)
        return self.choice_at(position, given)

    def choice_at(self, position: int, slot: int) -> Choice:
        """What the button at `slot` of the question at `position` means, whatever was answered before.

        For judging a click before its attempt's answers are read; whether it may be taken is for
        the one statement that records it (only the next position, one answer per question).
        """
        # Every click on an option takes this path: kept to a few look-ups and one comparison.
        order = self._shuffle.questions
        if not 0 <= position < len(order):
            raise ChoiceError(f"there is no question {position + 1}")
        index = order[position]
        question = self.lesson.questions[index]
        if question.kind is not Kind.CHOICE and question.kind is not Kind.TRUE_FALSE:
            raise ChoiceError(f"question {position + 1} is not answered that way")
        options = self._shuffle.options[index]
        if not 0 <= slot < len(options):
            raise ChoiceError(f"question {position + 1} has no option {slot + 1}")
        option = options[slot]
        return Choice(position, index, option, option == question.answer_index)

    def choose_all_at(self, position: int, slots: Iterable[int]) -> Choice:
        """The options ticked at `slots` (none at all is an answer too) of a choose-all question."""
        index, options = self._asked(position, Kind.CHOOSE_ALL)
        chosen = [options[self._slot(position, options, slot)] for slot in slots]
        return self._judged(position, index, judging.mask_of(chosen))

    def order_at(self, position: int, slots: Sequence[int]) -> Choice:
        """The options put in order, as the slots they are shown at, first to last; all of them, once."""
        index, options = self._asked(position, Kind.ORDER)
        if sorted(slots) != list(range(len(options))):
            raise ChoiceError(f"question {position + 1} needs each of its {len(options)} options once")
        return self._judged(position, index, judging.rank_of([options[slot] for slot in slots]))

    def typed_at(self, position: int, text: str) -> Choice:
        """A typed answer, judged here and kept as typed."""
        index, _ = self._asked(position, Kind.TYPED)
        question = self.lesson.questions[index]
        matched = judging.typed_match(question, text, ignore_accents=self.lesson.ignore_accents)
        return self._judged(position, index, matched or 0, text)

    def _asked(self, position: int, *kinds: Kind) -> tuple[int, tuple[int, ...]]:
        """The question index at `position` and its option order; ChoiceError if its kind is not `kinds`."""
        if not 0 <= position < self.total:
            raise ChoiceError(f"there is no question {position + 1}")
        index = self.order[position]
        if self.lesson.questions[index].kind not in kinds:
            raise ChoiceError(f"question {position + 1} is not answered that way")
        return index, self.option_order(index)

    @staticmethod
    def _slot(position: int, options: tuple[int, ...], slot: int) -> int:
        if not 0 <= slot < len(options):
            raise ChoiceError(f"question {position + 1} has no option {slot + 1}")
        return slot

    def _judged(self, position: int, index: int, value: int, text: str | None = None) -> Choice:
        question = self.lesson.questions[index]
        if question.kind is Kind.CHOICE:  # most answers: one comparison
            return Choice(position, index, value, value == question.answer_index)
        earned = judging.credit(self.lesson, question, value, text)
        return Choice(position, index, value, earned == 1.0, text, earned)

    def with_choice(self, choice: Choice) -> Attempt:
        answers = {**self.answers, choice.question_index: choice.option_index}
        texts = {**self.texts, choice.question_index: choice.text} if choice.text is not None else self.texts
        return Attempt(self.lesson, self.seed, answers, self.shuffle, self.mode, texts)

    def feedback(self, choice: Choice) -> Feedback:
        question = self.lesson.questions[choice.question_index]
        if question.kind is Kind.CHOICE:
            chosen = question.options[choice.option_index]
        else:
            chosen = judging.shown(question, choice.option_index, choice.text)
        typed = question.kind is Kind.TYPED
        return Feedback(choice.correct, chosen, question.answer, question.explanation, typed)

    def answered_feedback(self, position: int) -> Feedback | None:
        """The feedback of the answer already given at `position`, to show again after a repeated click."""
        if not 0 <= position < self.total:
            return None
        index = self.order[position]
        chosen = self.answers.get(index)
        if chosen is None:
            return None
        return self.feedback(self._judged(position, index, chosen, self.texts.get(index)))

    def summary(self) -> Summary:
        """Score so far and each missed question with the right answer, in the order asked.

        With partial credit, an answer partly right adds its part to the score and is among the missed."""
        missed: list[Missed] = []
        score = answered = 0
        parts: list[int | None] = []
        for position, index in enumerate(self.order):
            chosen = self.answers.get(index)
            if chosen is None:
                continue
            answered += 1
            question: Question = self.lesson.questions[index]
            if question.kind is Kind.CHOICE:  # most answers: no judging beyond one comparison
                right = chosen == question.answer_index
            else:
                choice = self._judged(position, index, chosen, self.texts.get(index))
                right = choice.correct
                parts.append(judging.part_of(choice.credit or 0.0))
            if right:
                score += 1
            else:
                shown = judging.shown(question, chosen, self.texts.get(index))
                missed.append(Missed(position + 1, index + 1, question.prompt, shown, question.answer))
        return Summary(judging.points(score, parts), self.total, tuple(missed), answered)
