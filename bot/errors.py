"""The one error type whose message is meant for the person who clicked or typed."""


class UserError(Exception):
    """Something the user can understand and act on; shown to them privately, never logged as a fault."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
