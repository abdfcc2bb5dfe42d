"""How spaced review's teacher replies look: the assignment, the settings and the report. Rendering only."""

from __future__ import annotations

import math

import discord

from bot.content import limits
from bot.exts.embeds import NEUTRAL, clip, join_lines, more_of
from bot.i18n import ENGLISH, Language
from bot.storage.records import ReviewAssignment, ReviewSettings
from bot.tutor.review_report import ReviewReport


def assigned(made: ReviewAssignment, lang: Language = ENGLISH) -> str:
    what = lang("spaced.assigned_lesson", lesson=made.lesson) if made.lesson else lang("spaced.assigned_all")
    lines = [lang("spaced.assigned", channel=f"<#{made.channel_id}>", what=what)]
    if made.ends_on is not None:
        lines.append(lang("spaced.assigned_until", day=made.ends_on.isoformat()))
    if made.exam_on is not None:
        lines.append(lang("spaced.assigned_exam", day=made.exam_on.isoformat()))
    if made.measure and made.check_on is not None:
        lines.append(lang("spaced.assigned_measure", day=made.check_on.isoformat()))
    return "\n".join(lines)


def settings(kept: ReviewSettings, zone: str, lang: Language = ENGLISH) -> str:
    days = ", ".join(lang(f"spaced.weekday.{day}") for day in sorted(kept.weekdays))
    at = f"{kept.at_minute // 60:02d}:{kept.at_minute % 60:02d}"
    return lang("spaced.settings", cap=kept.cap, time=at, zone=zone, days=days)


def _percent(part: float) -> str:
    return "–" if math.isnan(part) else f"{round(part * 100)}"


def report(found: ReviewReport, lang: Language = ENGLISH) -> discord.Embed:
    embed = discord.Embed(title=lang("spaced.report.title"), colour=NEUTRAL)
    if not found.students:
        embed.description = lang("spaced.report.empty")
        return embed
    budget = limits.EMBED_FIELD_VALUE
    more = more_of(lang, "spaced.report.more")
    students = (
        lang("spaced.report.student", name=clip(name, 60), due=row.due, overdue=row.overdue, done=row.done)
        for name, row in found.students
    )
    embed.add_field(
        name=lang("spaced.report.students"), value=join_lines(students, budget, more), inline=False
    )
    if found.questions:
        questions = (
            lang(
                "spaced.report.question",
                prompt=clip(prompt, 80),
                recalled=row.recalled,
                asked=row.asked,
                percent=_percent(row.share),
            )
            for _, prompt, row in found.questions
        )
        embed.add_field(
            name=lang("spaced.report.questions"), value=join_lines(questions, budget, more), inline=False
        )
    coverage = found.coverage
    lines = [
        lang(
            "spaced.report.coverage",
            covered=coverage.covered,
            missed=coverage.missed,
            percent=_percent(coverage.share),
        )
        if coverage.missed
        else lang("spaced.report.coverage_none")
    ]
    calibration = found.calibration
    if calibration.count:
        lines += [
            lang(
                "spaced.report.bin",
                low=round(part.low * 100),
                high=round(part.high * 100),
                predicted=_percent(part.predicted),
                observed=_percent(part.observed),
                count=part.count,
            )
            for part in calibration.bins
        ]
        lines.append(
            lang("spaced.report.calibration_error", rmse=f"{calibration.rmse:.2f}", count=calibration.count)
        )
    else:
        lines.append(lang("spaced.report.calibration_none"))
    if found.effect is not None:
        control, held = found.effect.control, found.effect.held_back
        lines.append(
            lang(
                "spaced.report.effect",
                control=_percent(control.share),
                control_count=control.asked,
                held=_percent(held.share),
                held_count=held.asked,
            )
        )
    embed.add_field(
        name=lang("spaced.report.calibration"), value=clip("\n".join(lines), budget), inline=False
    )
    return embed
