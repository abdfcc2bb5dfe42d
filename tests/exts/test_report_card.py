"""The teacher's report card: names not ids, every state, worst questions first, within Discord's limits."""

from dataclasses import replace
from typing import Any

import discord
import pytest

from bot.exts.report_card import SHOWN, report_embeds
from bot.i18n import language
from bot.report.analysis import ClassReport, State, build_report
from bot.report.attention import attention
from bot.report.model import AnswerData, AttemptData, Person, QuestionInfo, ReportInput
from tests.fake_discord import limits as discord_limits
from tests.report.sample import CAL, EVE, TIA, at, big_class, small_class


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


def test_the_small_class_card_opens_with_the_three_lists():
    found = report_embeds(build_report(small_class()))
    assert problems(found) == {}
    head, questions = found
    assert head.description == (
        "**5 students**: 3 finished (1 retaking) · 1 in progress · 1 not started\n"
        "Average counted score: 81%\n\n"
        "**Not started (1)**\nEve\n\n"
        "**Didn't finish (1)**\n**Cal**: 1/3 answered · _reads with a helper_\n\n"
        "**Needs help: under 60% (0)**\nnobody"
    )
    fields = {f.name: f.value for f in head.fields}
    assert fields["Teachers' tries (not counted)"] == "Ms Tia: 0/3"
    # Q1 and Q3 are both 67% right, so lesson order breaks the tie; Q2 (all right) comes last.
    assert questions.title == "Questions to look at"
    assert questions.description is not None
    assert [line.split(" · ")[0] for line in questions.description.split("\n") if line.startswith("**Q")] == [
        "**Q1**",
        "**Q3**",
        "**Q2**",
    ]
    assert "**Q1** · 67% right (2/3)\nWhat is 2 + 2?\nMost chosen wrong: “5” (33%)" in questions.description
    # The rules are one help line; the README explains each figure.
    assert questions.footer.text == (
        "Counted: each student's best finished attempt (the earlier one if two tie); ⚑ marks a question "
        "whose discrimination is below 0.2. Every student and question is in the files; "
        "the README explains each figure."
    )


def test_needs_help_lists_the_lowest_counted_scores_under_the_reports_threshold():
    found = report_embeds(build_report(replace(small_class(), needs_help_below=80)))
    assert found[0].description is not None
    assert found[0].description.endswith(
        "**Needs help: under 80% (2)**\n**Ann**: 2/3 (67%) · retaking\n**Ben**: 3/4 (75%)"
    )


def test_a_spanish_card_says_the_lists_in_spanish():
    head, questions = report_embeds(build_report(small_class()), language("es-ES"))
    assert head.description is not None
    assert "**Sin empezar (1)**\nEve" in head.description
    assert "**Sin terminar (1)**\n**Cal**: 1/3 contestadas" in head.description
    assert "**Necesitan ayuda: menos del 60 % (0)**\nnadie" in head.description
    assert questions.title == "Preguntas que conviene revisar"


def test_names_are_escaped_and_never_mentions_or_ids():
    # Cal is on the "Didn't finish" list, Eve on "Not started": both show by name.
    data = renamed(
        small_class(), {CAL: "**Ann** <@123456789012345678> @everyone_x_", EVE: "`Tia`", TIA: "`Tia`"}
    )
    text = text_of(report_embeds(build_report(data)))
    assert "\\*\\*Ann\\*\\*" in text
    assert "<@123456789012345678>" not in text  # a zero-width space keeps it from being a mention
    assert "@everyone" not in text
    assert "\\`Tia\\`" in text
    for user_id in range(1, 10):
        assert f"<@{user_id}>" not in text


def test_the_questions_to_look_at_are_the_flagged_then_the_hardest():
    report = build_report(big_class(60))
    picked = attention(report).questions
    assert picked[0].flagged
    (_, questions) = report_embeds(report)
    assert questions.description is not None
    lines = [line for line in questions.description.split("\n") if line.startswith(("**Q", "⚑"))]
    shown = [int(line.split("**Q")[1].split("**")[0]) for line in lines]
    assert shown == [q.number for q in picked]
    assert 3 <= len(shown) <= 5
    assert all(line.startswith("⚑ ") is q.flagged for line, q in zip(lines, picked, strict=True))
    assert questions.description.endswith(
        f"The other {15 - len(shown)} questions are in questions.csv and report.xlsx."
    )


@pytest.mark.parametrize("students", [1, 30, 1000])
def test_the_card_fits_discord_for_any_class_size(students):
    report = build_report(big_class(students))
    found = report_embeds(report)
    assert problems(found) == {}
    assert len(found) <= discord_limits.EMBEDS
    if students == 1000:
        head = found[0].description or ""
        lists = attention(report)
        for count in (len(lists.not_started), len(lists.unfinished), len(lists.needs_help)):
            assert f"+{count - SHOWN} more (all in the files)" in head


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
    assert "Not started" not in (found[0].description or "")
    assert "Nobody has finished yet" in (found[1].description or "")


def _typed_class() -> ReportInput:
    """Three students on one typed question and one choose-all question with partial credit."""
    questions = (
        QuestionInfo("t", 1, "What gas do plants give off?", ("oxygen",), "oxygen", kind="typed"),
        QuestionInfo(
            "m",
            2,
            "Tick the planets",
            ("Mars", "Moon", "Venus"),
            "Mars, Venus",
            "choose-all",
            ("Mars", "Venus"),
        ),
    )

    def tried(user: int, typed: str, part: int | None) -> AttemptData:
        answers = (
            AnswerData("t", typed, typed == "oxygen", at(1)),
            AnswerData("m", "Mars", False, at(2), picked=("Mars",), part=part),
        )
        return AttemptData(user, 1, at(0), at(3), 2, answers)

    people = tuple(Person(u, n, is_teacher=False) for u, n in ((1, "Ann"), (2, "Ben"), (3, "Cal")))
    attempts = (tried(1, "carbon dioxide", 500), tried(2, "Carbon  dioxide", 500), tried(3, "oxygen", 500))
    return ReportInput("Plants", questions, small_class().grading, people, attempts, frozenset({1, 2, 3}))


def test_a_typed_questions_most_common_wrong_answer_is_named_as_an_answer_not_a_choice():
    _, questions = report_embeds(build_report(_typed_class()))
    assert "Most common wrong answer: “carbon dioxide” (67%)" in (questions.description or "")


def test_a_part_mark_is_written_as_the_readers_language_writes_decimals():
    found = report_embeds(build_report(replace(_typed_class(), needs_help_below=80)), language("es"))
    head = found[0].description or ""
    assert "**Ann**: 0,5/2 (25 %)" in head
    assert "0.5/2" not in head
