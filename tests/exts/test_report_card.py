"""The teacher's report card: names not ids, every state, worst questions first, within Discord's limits."""

from dataclasses import replace
from typing import Any

import discord
import pytest

from bot.exts.report_card import report_embeds
from bot.report.analysis import ClassReport, State, build_report
from bot.report.model import Person, QuestionInfo, ReportInput
from tests.fake_discord import limits as discord_limits
from tests.report.sample import ANN, TIA, big_class, small_class


def problems(found: list[discord.Embed]) -> dict[str, Any]:
    return discord_limits.problems({"embeds": [e.to_dict() for e in found]})


def text_of(found: list[discord.Embed]) -> str:
    parts = []
    for embed in found:
        parts += [embed.title or "", embed.description or "", embed.footer.text or ""]
        parts += [f"{f.name}\n{f.value}" for f in embed.fields]
    return "\n".join(parts)


def renamed(data: ReportInput, names: dict[int, str]) -> ReportInput:
    people = tuple(Person(p.user_id, names.get(p.user_id, p.name), p.is_teacher, p.note) for p in data.people)
    return ReportInput(data.title, data.questions, data.grading, people, data.attempts, data.roster)


def test_the_small_class_card_shows_every_state_by_name():
    found = report_embeds(build_report(small_class()))
    assert problems(found) == {}
    head, questions = found
    assert head.description is not None
    assert head.description.startswith(
        "**5 students**: 3 finished (1 retaking) · 1 in progress · 1 not started\nAverage counted score: 81%"
    )
    assert "**Ann**: finished 2/3 · retaking" in head.description
    assert "**Ben**: finished 3/4" in head.description
    assert "**Cal**: in progress (1/3 answered) · _reads with a helper_" in head.description
    assert "Eve" not in head.description
    fields = {f.name: f.value for f in head.fields}
    assert fields["Not started (1)"] == "Eve"
    assert fields["Teachers' tries (not counted)"] == "Ms Tia: finished 0/3"
    # Q1 and Q3 are both 67% right, so lesson order breaks the tie; Q2 (all right) comes last.
    assert questions.description is not None
    assert [line.split(" · ")[0] for line in questions.description.split("\n") if line.startswith("**Q")] == [
        "**Q1**",
        "**Q3**",
        "**Q2**",
    ]
    assert "**Q1** · 67% right (2/3)\nWhat is 2 + 2?\nMost chosen wrong: “5” (33%)" in questions.description
    assert questions.footer.text == build_report(small_class()).footer


def test_names_are_escaped_and_never_mentions_or_ids():
    data = renamed(small_class(), {ANN: "**Ann** <@123456789012345678> @everyone_x_", TIA: "`Tia`"})
    text = text_of(report_embeds(build_report(data)))
    assert "\\*\\*Ann\\*\\*" in text
    assert "<@123456789012345678>" not in text  # a zero-width space keeps it from being a mention
    assert "@everyone" not in text
    assert "\\`Tia\\`" in text
    for user_id in range(1, 10):
        assert f"<@{user_id}>" not in text


def test_flagged_questions_come_first_and_are_marked():
    report = build_report(big_class(60))
    # Flagged first, each group from the lowest share right.
    ordered = sorted(report.questions, key=lambda q: (q.facility, q.number))
    flagged = [q.number for q in ordered if q.flagged]
    assert flagged
    (_, questions) = report_embeds(report)
    assert questions.description is not None
    lines = [line for line in questions.description.split("\n") if line.startswith(("**Q", "⚑"))]
    shown = [int(line.split("**Q")[1].split("**")[0]) for line in lines]
    assert shown[: len(flagged)] == flagged
    assert shown[len(flagged) :] == [q.number for q in ordered if not q.flagged][: len(shown) - len(flagged)]
    assert all(line.startswith("⚑ ") for line in lines[: len(flagged)])
    assert "discrimination -" in questions.description


@pytest.mark.parametrize("students", [1, 30, 1000])
def test_the_card_fits_discord_for_any_class_size(students):
    report = build_report(big_class(students))
    found = report_embeds(report)
    assert problems(found) == {}
    assert len(found) <= discord_limits.EMBEDS
    if students == 1000:
        head = found[0]
        assert head.description is not None
        assert "…and" in head.description
        assert "more students." in head.description
        not_started = next(f for f in head.fields if f.name.startswith("Not started"))
        assert "more." in (not_started.value or "")


def test_the_card_fits_with_the_longest_names_notes_prompts_and_title():
    long = "*_`|~>" * 50  # escaping doubles every character
    people = tuple(Person(n, long, is_teacher=n % 50 == 0, note=long) for n in range(1000))
    big = big_class(1000, questions=30)
    questions = tuple(
        QuestionInfo(q.key, q.number, "p" * 1000, tuple(o * 80 for o in q.options), q.answer * 80)
        for q in big.questions
    )
    attempts = tuple(a for a in big.attempts if a.user_id - 10**17 < 900)
    moved = tuple(replace(a, user_id=a.user_id - 10**17) for a in attempts)
    data = ReportInput("T" * 256, questions, big.grading, people, moved, frozenset(range(1000)))
    report: ClassReport = build_report(data)
    assert report.teachers
    assert report.count(State.NOT_STARTED)
    assert problems(report_embeds(report)) == {}


def test_a_card_for_a_quiz_nobody_has_started():
    data = ReportInput("Empty", small_class().questions, small_class().grading, (), (), None)
    found = report_embeds(build_report(data))
    assert problems(found) == {}
    assert "Nobody has started this quiz yet." in (found[0].description or "")
    assert "Nobody has finished yet" in (found[1].description or "")
