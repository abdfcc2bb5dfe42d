"""`python -m bot review-report`: the teacher's spaced-review report from the database, without Discord."""

from __future__ import annotations

import argparse
import asyncio
import math
from pathlib import Path
from typing import TYPE_CHECKING

from bot.config import Settings

if TYPE_CHECKING:
    from bot.tutor.review_report import ReviewReport


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    report = commands.add_parser(
        "review-report", help="write the spaced-review report (students, questions, coverage, calibration)"
    )
    report.add_argument("--guild", type=int, required=True, help="the server's id")
    report.add_argument("--channel", type=int, help="only this class channel's students")
    report.add_argument("--csv", help="CSV file to write: one table after another, each with its header")


def cmd_review_report(settings: Settings, args: argparse.Namespace) -> int:
    from bot.tutor.review_report import csv_text  # noqa: PLC0415 - keeps the other commands fast to start

    found = asyncio.run(_build(settings, args.guild, args.channel))
    coverage, calibration = found.coverage, found.calibration
    print(
        f"{len(found.students)} students with review items, {len(found.questions)} questions asked at review"
    )
    if coverage.missed:
        print(f"coverage: {coverage.covered} of {coverage.missed} missed items ({coverage.share:.0%})")
    if calibration.count and not math.isnan(calibration.rmse):
        print(f"calibration error (RMSE over bins): {calibration.rmse:.3f} over {calibration.count} answers")
    if args.csv:
        Path(args.csv).write_text(csv_text(found), encoding="utf-8")
        print(f"wrote {args.csv}")
    return 0


async def _build(settings: Settings, guild_id: int, channel_id: int | None) -> ReviewReport:
    from bot.cli import started_tutor  # noqa: PLC0415 - bot.cli imports this module
    from bot.review.scheduler import local_day  # noqa: PLC0415 - keeps the other commands fast to start
    from bot.tutor.review_report import build  # noqa: PLC0415

    async with started_tutor(settings) as tutor:
        zone = (await tutor.review.feed.rules(guild_id)).zone
        today = local_day(tutor.clock.now(), zone)
        return await build(tutor.lessons, tutor.db, guild_id, channel_id, today=today, zone=zone)
