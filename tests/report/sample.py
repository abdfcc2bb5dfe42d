"""A small class to check every figure by hand, and a big one for size and speed."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from bot.report.model import AnswerData, AttemptData, Grading, Person, QuestionInfo, ReportInput

T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)

QUESTIONS = (
    QuestionInfo("a", 1, "What is 2 + 2?", ("3", "4", "5"), "4"),
    QuestionInfo("b", 2, "Which colour is a clear sky?", ("red", "blue"), "blue"),
    QuestionInfo("c", 3, "Which letter comes last?", ("x", "y", "z"), "z"),
)
# "old" was a question in an earlier version of the lesson, removed since.
RIGHT = {"a": "4", "b": "blue", "c": "z", "old": "yes"}


def at(minute: int) -> datetime:
    return T0 + timedelta(minutes=minute)


def attempt(
    user: int, number: int, chosen: dict[str, str], start: int, finished: int | None, total: int = 3
) -> AttemptData:
    """Answers one a minute after `start`, in the order given."""
    answers = tuple(
        AnswerData(key, text, text == RIGHT[key], at(start + 1 + i))
        for i, (key, text) in enumerate(chosen.items())
    )
    return AttemptData(user, number, at(start), None if finished is None else at(finished), total, answers)


ANN, BEN, CAL, DEE, EVE, TIA = 1, 2, 3, 4, 5, 9


def small_class(grading: Grading = Grading.BEST) -> ReportInput:
    """Retakes, unfinished attempts, a teacher, a roster non-starter and an answer to a removed question."""
    attempts = (
        attempt(ANN, 1, {"a": "4", "b": "red", "c": "x"}, 0, 5),  # 1/3
        attempt(ANN, 2, {"a": "4", "b": "blue", "c": "y"}, 15, 20),  # 2/3
        attempt(ANN, 3, {"a": "3"}, 30, None),  # a retake, begun
        attempt(BEN, 1, {"a": "5", "b": "blue", "c": "z", "old": "yes"}, 6, 10, total=4),  # 3/4
        attempt(CAL, 1, {"a": "4"}, 2, None),  # still on the first try
        attempt(DEE, 1, {"a": "4", "b": "blue", "c": "z"}, 11, 15),  # 3/3
        attempt(DEE, 2, {"a": "4", "b": "red", "c": "y"}, 21, 25),  # 1/3
        attempt(TIA, 1, {"a": "3", "b": "red", "c": "x"}, 1, 4),  # the teacher trying it: 0/3
    )
    people = (
        Person(ANN, "Ann", is_teacher=False),
        Person(BEN, "Ben", is_teacher=False),
        Person(CAL, "Cal", is_teacher=False, note="reads with a helper"),
        Person(DEE, "Dee", is_teacher=False),
        Person(EVE, "Eve", is_teacher=False, note="extra time"),
        Person(TIA, "Ms Tia", is_teacher=True),
    )
    return ReportInput(
        "Sums and colours", QUESTIONS, grading, people, attempts, frozenset({ANN, BEN, CAL, DEE, EVE})
    )


def big_class(students: int, questions: int = 15, seed: int = 7) -> ReportInput:
    """Students of mixed strength; most finish, some retake, some never start; Q5, Q10... mislead."""
    rng = random.Random(seed)
    infos = tuple(
        QuestionInfo(
            f"q{n}", n, f"Question {n}: " + "which of these is right? " * 3, ("A", "B", "C", "D"), "A"
        )
        for n in range(1, questions + 1)
    )
    people: list[Person] = []
    attempts: list[AttemptData] = []
    roster = set()
    for user in range(10**17, 10**17 + students):
        name = f"Student {user - 10**17} " + rng.choice(["Zoë", "李雷", 'O\'Brien, "Jo"', "Ana María"])
        people.append(Person(user, name, is_teacher=False, note="extra time" if user % 17 == 0 else None))
        roster.add(user)
        strength = rng.random()
        tries = rng.choice([0, 1, 1, 1, 2, 3])
        for number in range(1, tries + 1):
            done = number < tries or rng.random() < 0.8
            answered = infos if done else infos[: rng.randrange(len(infos))]
            start = 60 * number
            answers = []
            for i, q in enumerate(answered):
                # Every fifth question misleads: the stronger the student, the likelier the slip.
                right = rng.random() < (1 - strength if q.number % 5 == 0 else strength)
                chosen = "A" if right else rng.choice("BCD")
                answers.append(AnswerData(q.key, chosen, right, at(start + i + 1)))
            finished = at(start + len(answered) + 1) if done else None
            attempts.append(AttemptData(user, number, at(start), finished, questions, tuple(answers)))
    return ReportInput("A big class", infos, Grading.BEST, tuple(people), tuple(attempts), frozenset(roster))
