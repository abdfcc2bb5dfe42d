"""A school's list of its students as a CSV file, read into their Discord name (or id) → school id
number and email. No Discord, no I/O.

The first row names the columns; what a school's export calls them varies, so any of the names below
is taken, in any case. One column says who the student is on Discord (`discord`, `username`, `user`,
`discord id`), and at least one of `id number` (`school id`, `student id`, `id`) and `email`.
Comma, semicolon or tab separated (Excel in a comma-decimal locale writes semicolons), UTF-8 with or
without a byte-order mark.
"""

from __future__ import annotations

import csv
import io

from bot.errors import UserError
from bot.i18n import text
from bot.report.model import SchoolId

LIMIT = 256 * 1024
_WHO = ("discord", "username", "user", "discord id", "discord username", "discord name")
_NUMBER = ("id number", "school id", "student id", "idnumber", "id", "student number")
_EMAIL = ("email", "e-mail", "email address", "mail")


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    folded = [cell.strip().casefold() for cell in header]
    return next((folded.index(name) for name in names if name in folded), None)


def read_school_ids(data: bytes) -> dict[str, SchoolId]:
    """Each row's Discord name or id (as written) with its school id number and email; a file that
    cannot be read this way is a UserError saying why."""
    if len(data) > LIMIT:
        raise UserError(text("roster.too_big"))
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UserError(text("roster.not_text")) from None
    try:
        dialect = csv.Sniffer().sniff(content.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = [row for row in csv.reader(io.StringIO(content), dialect) if any(cell.strip() for cell in row)]
    if not rows:
        raise UserError(text("roster.empty"))
    header, *body = rows
    who, number, email = _column(header, _WHO), _column(header, _NUMBER), _column(header, _EMAIL)
    if who is None or (number is None and email is None):
        raise UserError(text("roster.columns"))
    found = {}
    for row in body:
        cells = [*row, *[""] * len(header)]
        name = cells[who].strip().lstrip("@")
        school = SchoolId(
            (cells[number].strip() or None) if number is not None else None,
            (cells[email].strip() or None) if email is not None else None,
        )
        if name and (school.number or school.email):
            found[name] = school
    return found
