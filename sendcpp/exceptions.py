"""One error vocabulary for the domain. Services raise these with a message a user can read;
the HTML views show it as a form error and the API maps it to a 400/409 response once."""


class DomainError(Exception):
    """A rule of the service stopped this change. ``message`` is shown to the user as it is."""

    status_code = 400

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class TransitionNotAllowed(DomainError):
    """The case (or plan, review...) is not at a stage where this move can happen."""

    status_code = 409


class StaleEdit(DomainError):
    """Someone else saved this record since it was opened: the save was refused."""

    status_code = 409


class DuplicateSubmission(DomainError):
    """The same thing was already submitted."""

    status_code = 409


class InvalidUpload(DomainError):
    """An uploaded file was refused (type, size or content)."""
