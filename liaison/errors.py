"""The error types services raise, with a message a person can read."""


class DomainError(Exception):
    """A rule of the domain refused an action. `conflict` marks a state conflict (HTTP 409)."""

    def __init__(self, message: str, *, conflict: bool = False, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.conflict = conflict
        self.field = field


class NotPermitted(DomainError):
    """The actor may not do this (HTTP 403)."""
