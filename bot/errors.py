"""Errors whose message is meant for a person: a student or teacher, or whoever hosts the bot."""


class UserError(Exception):
    """Something a Discord user can understand and act on; shown to them privately, never logged."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class HostError(Exception):
    """Something the person running the bot must fix; printed as one line, and the process exits."""
