"""Domain errors raised by services; claims.api.common maps each to one HTTP status, the admin to a message."""


class DomainError(Exception):
    """Base class: `message` is safe to show to the user who caused it."""

    status_code = 400
    code = "error"

    def __init__(self, message: str, *, fields: dict[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields or {}


class InvalidInput(DomainError):
    status_code = 400
    code = "invalid"


class TransitionNotAllowed(DomainError):
    """The claim is not in a state the transition starts from (or lost a race to a concurrent one)."""

    status_code = 409
    code = "transition_not_allowed"


class TransitionForbidden(DomainError):
    status_code = 403
    code = "permission_denied"


class Conflict(DomainError):
    status_code = 409
    code = "conflict"


class NotFound(DomainError):
    status_code = 404
    code = "not_found"


class PayloadTooLarge(DomainError):
    status_code = 413
    code = "payload_too_large"
