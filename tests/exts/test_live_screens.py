"""A live class's screens at their longest for the bundled lessons, in every language: within Discord's
limits, and within the budgets a phone (the student's screens) and a projector (the card) can show."""

from datetime import UTC, datetime

import discord
import pytest

from bot.content import Lesson, load_lesson
from bot.content.model import Kind
from bot.exts import live_embeds
from bot.exts.live_buttons import render_choice
from bot.i18n import LANGUAGES, Language
from bot.live import Share, Typed, shares_of
from bot.quiz.engine import Given, Placed, Ticked
from bot.storage.records import LiveRecord
from bot.tutor.live import Choice, LiveView, Result, Revealed
from bot.tutor.live_views import asked_at
from tests.conftest import LESSONS
from tests.fake_discord import Shown
from tests.fake_discord.limits import problems
from tests.screens import over_budget, phone_lines, seen

ALL = pytest.mark.parametrize("lang", LANGUAGES.values(), ids=list(LANGUAGES))
LESSONS_WITH_EVERY_KIND = [
    load_lesson(LESSONS / f"{name}.toml") for name in ("plants-make-food", "fine-tuning")
]
CLASS = 30
NOW = datetime(2026, 12, 4, 9, tzinfo=UTC)


def _session(lesson: Lesson, position: int, phase: str) -> LiveRecord:
    count = len(lesson.questions)
    return LiveRecord(1, 2, 3, 4, count, position, phase, 10, False, 5, NOW, None)


def _views(lesson: Lesson) -> list[LiveView]:
    """Each question open, then revealed to a class of 30 in 10 teams, the panel's typed answers at their
    longest (the box takes 100 characters)."""
    everything = tuple(range(len(lesson.questions)))
    found = []
    for position, question in enumerate(lesson.questions):
        answers = [(n % max(1, len(question.options)), n % 3 == 0) for n in range(CLASS)]
        options, right = shares_of(question, answers)
        teams = [Share(3, 3) for _ in range(10)]  # a full bar each: the longest line
        typed = (
            tuple(Typed("W" * 100, 6 - n, n == 0) for n in range(5)) if question.kind is Kind.TYPED else ()
        )
        open_ = LiveView(_session(lesson, position, "open"), lesson, everything, 12, CLASS, (), typed=typed)
        revealed = Revealed(options, right, teams)
        done = _session(lesson, position, "revealed")
        found += [open_, LiveView(done, lesson, everything, CLASS, CLASS, (), revealed, typed=typed)]
    return found


def _shown(embed: discord.Embed, view: discord.ui.View | None = None) -> Shown:
    components = view.to_components() if view is not None else []
    return Shown(0, "", [dict(embed.to_dict())], components, ephemeral=True)


def _check(what: str, shown: Shown) -> None:
    data = {"embeds": shown.embeds, "components": shown.components}
    assert not problems(data), (what, problems(data), seen(shown))


def _longest(screens: list[Shown]) -> Shown:
    return max(screens, key=lambda s: (phone_lines(seen(s)), len(seen(s))))


@ALL
@pytest.mark.parametrize("lesson", LESSONS_WITH_EVERY_KIND, ids=lambda lesson: lesson.id)
def test_the_card_and_the_panel_stay_within_discords_limits_and_their_budgets(lesson: Lesson, lang: Language):
    names = [f"Student with a long name {n:02d}" for n in range(CLASS)]
    cards, panels = [], []
    for view in _views(lesson):
        cards.append(_shown(live_embeds.card(view, lang)))
        panels.append(_shown(live_embeds.panel(view, names, lang)))
        _check("card", cards[-1])
        _check("panel", panels[-1])
    assert over_budget("live card", _longest(cards)) is None
    assert over_budget("live panel", _longest(panels)) is None


@ALL
@pytest.mark.parametrize("lesson", LESSONS_WITH_EVERY_KIND, ids=lambda lesson: lesson.id)
def test_a_students_screen_and_result_stay_within_their_budgets(lesson: Lesson, lang: Language):
    everything = tuple(range(len(lesson.questions)))
    screens, results = [], []
    for position, question in enumerate(lesson.questions):
        asked = asked_at(lesson, everything, 1, position)
        slots = tuple(range(len(asked.order)))
        # The longest answer each kind can save: every option ticked, every item placed, the box full.
        given: dict[Kind, Given] = {
            Kind.CHOOSE_ALL: Ticked(frozenset(slots)),
            Kind.ORDER: Placed(slots[::-1]),
            Kind.TYPED: "W" * 100,
        }
        judged = asked.judge(given.get(question.kind, len(slots) - 1))
        mine = Choice(1, position, asked, judged.value, judged.text, 10, len(everything))
        screens.append(_shown(*render_choice(mine, lang)))
        results.append(_shown(live_embeds.result(Result(position, asked, judged), lang)))
        _check("screen", screens[-1])
        _check("result", results[-1])
    assert over_budget("live screen", _longest(screens)) is None
    assert over_budget("live result", _longest(results)) is None
