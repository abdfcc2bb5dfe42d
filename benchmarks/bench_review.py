"""Spaced review of a simulated class: coverage, the daily cap, calibration and the held-back check.

Run: .venv/bin/python benchmarks/bench_review.py [--students 200] [--seed 1]

Simulated students take a 15-question quiz on day 0 (a Monday) and do their review each school day for
30 days, through bot.review's plan and scheduler; time moves by passing dates, nothing sleeps. The 30 days
cross the spring summer-time change in the server's zone (Europe/London).

The students' true memory (known to the simulation, never to the bot):
- Each student has an ability and each question an ease, drawn once from log-normal laws (seeded);
  their product, with a little noise per pair, multiplies the student's true stability of that question.
- Forgetting follows FSRS's own power curve: true recall after t days is (1 + f·t/S)^(-0.1542), with S
  the true stability, which grows or falls with each real recall or failure by FSRS's default rules.
- On day 0 a student knows a question with a chance that rises with that product (about 60 % on average).
- A question has 4 options: a student who does not recall it still answers right 25 % of the time
  (a guess strengthens nothing), and every answer is followed by feedback.
`--curve exponential` swaps the true curve for an exponential one (the same 90 % after S days, faster
forgetting after), which the scheduler does not assume; `--spread` and `--attendance` vary the class.
So the bot's predictions meet a class that is not the average Anki user, with a guessing floor: that is
the calibration error the teacher would see on real classes too.
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import sys
import time as clock
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TypeVar
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.review import plan, stats  # noqa: E402
from bot.review.plan import Item  # noqa: E402
from bot.review.scheduler import Memory, Scheduler  # noqa: E402

T = TypeVar("T")
ZONE = ZoneInfo("Europe/London")
DAY_0 = date(2026, 3, 2)  # a Monday; clocks go forward on 29 March
QUIZ_AT = time(10, 0)
QUESTIONS = 15
DAYS = 30
GUESS = 0.25  # one of 4 options
DECAY = 0.1542
FACTOR = 0.9 ** (-1 / DECAY) - 1
KNOWN_AT_QUIZ = 0.5  # times the student-question multiplier: the chance of knowing it on day 0
SEED_SALT = "measure"  # the class's seed for "measure the effect"


@dataclass
class Truth:
    """What the simulation knows: the student's real memory of one question."""

    multiplier: float
    memory: Memory  # FSRS's rules driven by real recalls; its stability is scaled by `multiplier`
    curve: str = "power"

    def recall(self, now: datetime) -> float:
        elapsed = (now.astimezone(ZONE).date() - self.memory.last_review.astimezone(ZONE).date()).days
        stability = self.memory.stability * self.multiplier
        if self.curve == "exponential":  # the same 90 % after `stability` days, but a faster fall after
            return float(0.9 ** (elapsed / stability))
        return float((1 + FACTOR * elapsed / stability) ** -DECAY)

    def chance_right(self, now: datetime) -> float:
        return GUESS + (1 - GUESS) * self.recall(now)


@dataclass
class Student:
    user_id: int
    items: dict[str, Item]
    truth: dict[str, Truth]


class Timer:
    """CPU time spent inside `with timer:` blocks, and how many there were."""

    def __init__(self) -> None:
        self.seconds, self.calls, self._start = 0.0, 0, 0.0

    def __enter__(self) -> None:
        self._start = clock.process_time()

    def __exit__(self, *_exc: object) -> None:
        self.seconds += clock.process_time() - self._start
        self.calls += 1

    def per_call_us(self) -> float:
        return self.seconds / self.calls * 1e6 if self.calls else math.nan


def at(day: date, moment: time) -> datetime:
    return datetime.combine(day, moment, tzinfo=ZONE)


@dataclass
class Simulation:
    rng: random.Random
    attendance: float  # the chance a student does their review on a given school day
    curve: str
    scheduler: Scheduler = field(default_factory=lambda: Scheduler(ZONE))
    rules: plan.Settings = field(default_factory=lambda: plan.settings(ZONE))
    check_on: date = DAY_0 + timedelta(days=DAYS)
    quiz: list[stats.Answer] = field(default_factory=list)
    answers: list[stats.Answer] = field(default_factory=list)
    true_chance: list[float] = field(default_factory=list)  # the simulated chance of each answer
    review_timer: Timer = field(default_factory=Timer)
    plan_timer: Timer = field(default_factory=Timer)
    students: list[Student] = field(default_factory=list)

    def students_items(self) -> list[Item]:
        return [item for student in self.students for item in student.items.values()]

    def take_quiz(self, user_id: int, ease: Sequence[float], spread: float) -> Student:
        ability = self.rng.lognormvariate(0, spread)
        now = at(DAY_0, QUIZ_AT)
        student = Student(user_id, {}, {})
        for index, question_ease in enumerate(ease):
            key = f"q{index + 1:02}"
            multiplier = ability * question_ease * self.rng.lognormvariate(0, 0.2)
            knows = self.rng.random() < min(0.95, KNOWN_AT_QUIZ * multiplier)
            right = knows or self.rng.random() < GUESS
            student.truth[key] = Truth(multiplier, self.scheduler.first(knows, now), self.curve)
            arm = plan.arm(SEED_SALT, user_id, key, missed=not right)
            student.items[key] = Item(key, self.scheduler.first(right, now), arm)
            self.quiz.append(stats.Answer(user_id, key, now, right, stats.Kind.QUIZ, arm=arm))
        return student

    def review_day(self, student: Student, now: datetime) -> None:
        today = now.astimezone(ZONE).date()
        with self.plan_timer:
            todays = plan.todays_items(student.items.values(), today, self.rules, check_on=self.check_on)
        for item in todays:
            truth = student.truth[item.key]
            recalled = self.rng.random() < truth.recall(now)
            right = recalled or self.rng.random() < GUESS
            check = plan.waits_for_check(item, today, self.check_on)
            kind = stats.Kind.CHECK if check else stats.Kind.REVIEW
            predicted = self.scheduler.recall_probability(item.memory, now)
            self.true_chance.append(truth.chance_right(now))
            self.answers.append(
                stats.Answer(student.user_id, item.key, now, right, kind, predicted, item.arm)
            )
            with self.review_timer:
                memory = self.scheduler.review(item.memory, right, now)
            student.items[item.key] = replace(item, memory=memory, checked=item.checked or check)
            truth.memory = self.scheduler.review(truth.memory, recalled, now)
            now += timedelta(seconds=20)


def simulate(options: argparse.Namespace) -> Simulation:
    rng = random.Random(options.seed)
    sim = Simulation(rng, options.attendance, options.curve)
    spread, attendance = options.spread, options.attendance
    ease = [rng.lognormvariate(0, spread) for _ in range(QUESTIONS)]
    students = sim.students = [sim.take_quiz(1000 + n, ease, spread) for n in range(options.students)]
    for offset in range(1, DAYS + 1):
        today = DAY_0 + timedelta(days=offset)
        if not plan.is_review_day(today, sim.rules):
            continue
        for student in students:
            # Each student reviews at their own moment of the day, between 08:00 and 20:00; the check
            # day is kept by all, as a teacher would run it in class.
            if today == sim.check_on or rng.random() < attendance:
                sim.review_day(student, at(today, time(8)) + timedelta(minutes=rng.randrange(12 * 60)))
    return sim


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def report(sim: Simulation, students_count: int) -> None:
    last_day = sim.check_on
    missed = sum(not a.correct for a in sim.quiz)
    print(
        f"{students_count} students x {QUESTIONS} questions, "
        f"{missed} missed on day 0 ({missed / len(sim.quiz):.0%})"
    )
    print(f"reviews over {DAYS} days: {len(sim.answers)}")

    cover = stats.coverage(sim.quiz + sim.answers, last_day, ZONE)
    print(f"coverage (missed, asked again on 2+ days within 14): {cover.share:.1%} of {cover.missed}")
    print(f"  target >= 95 %: {verdict(cover.share >= 0.95)}")
    per_day = Counter((a.user_id, a.at.astimezone(ZONE).date()) for a in sim.answers)
    most = max(per_day.values(), default=0)
    print(f"max items per student per day: {most} (cap {sim.rules.cap}: {verdict(most <= sim.rules.cap)})")

    table = stats.calibration(sim.answers)
    print(f"calibration over {table.count} reviews: RMSE over bins {table.rmse:.3f}")
    print(f"  target <= 0.10 after >= 1,000 reviews: {verdict(table.count >= 1000 and table.rmse <= 0.10)}")
    true_chances: dict[float, list[float]] = {}
    for answer, chance in zip(sim.answers, sim.true_chance, strict=True):
        low = min(int((answer.predicted or 0.0) * 10), 9) / 10
        true_chances.setdefault(low, []).append(chance)
    print(f"  {'predicted':<10}{'answers':>8}{'mean':>8}{'observed':>10}{'simulated chance':>18}")
    for row in table.bins:
        chance = statistics.fmean(true_chances[row.low])
        print(
            f"  {row.low:.1f}-{row.high:.1f}{row.count:>10}{row.predicted:>8.3f}"
            f"{row.observed:>10.3f}{chance:>18.3f}"
        )

    effect = stats.effect(sim.answers)
    print(
        f"day {DAYS} check: held back {effect.held_back.share:.1%} right of {effect.held_back.asked}; "
        f"reviewed (control) {effect.control.share:.1%} right of {effect.control.asked}"
    )
    memories = [item.memory for item in sim.students_items()]
    print(
        f"mastered at day {DAYS} (recalled after 7+ days): {plan.mastered_count(memories)} of {len(memories)}"
    )
    review, daily = sim.review_timer, sim.plan_timer
    print(f"CPU per review (scheduler): {review.per_call_us():.1f} us over {review.calls}")
    print(
        f"CPU per daily plan (one student, {QUESTIONS} items): "
        f"{daily.per_call_us():.1f} us over {daily.calls}"
    )


def arguments(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--spread", type=float, default=0.4, help="sigma of the log-normal ability and ease (default 0.4)"
    )
    parser.add_argument(
        "--attendance", type=float, default=1.0, help="chance a student reviews on a school day (default 1)"
    )
    parser.add_argument(
        "--curve",
        choices=("power", "exponential"),
        default="power",
        help="the students' true forgetting curve: FSRS's own (default), or one FSRS does not assume",
    )
    return parser.parse_args(argv)


def main(options: argparse.Namespace) -> None:
    sim = simulate(options)
    report(sim, options.students)


if __name__ == "__main__":
    main(arguments())
