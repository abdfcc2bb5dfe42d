"""Errors whose message is meant for a person: a student or teacher, or whoever hosts the bot."""

from __future__ import annotations

from bot.i18n import Language, Text


class UserError(Exception):
    """Something a Discord user can understand and act on; shown to them privately, never logged.

    Given a Text, the Discord layer says it in the reader's language; `message` is the English.
    """

    def __init__(self, message: str | Text) -> None:
        super().__init__(str(message))
        self.text = message if isinstance(message, Text) else None
        self.message = str(message)

    def said(self, lang: Language) -> str:
        """The message in the reader's language (English when it was given as plain text)."""
        return self.message if self.text is None else lang.render(self.text)


class HostError(Exception):
    """Something the person running the bot must fix; printed as one line, and the process exits."""
