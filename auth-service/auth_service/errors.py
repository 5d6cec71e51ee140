"""Domain errors of the auth service (each renders as problem+json)."""

from service_kit import BadRequest, Conflict, Forbidden, NotFound, TooManyRequests, Unauthorized


class EmailTaken(Conflict):
    """The email is already registered (compared case-insensitively)."""

    def __init__(self):
        super().__init__(
            "An account with this email already exists.", errors={"email": "Already registered."}
        )


class UserNotFound(NotFound):
    """No user with that id."""

    def __init__(self):
        super().__init__("No such user.")


class InvalidCredentials(Unauthorized):
    """One message whether the email is unknown or the password wrong."""

    def __init__(self):
        super().__init__("The email or password is incorrect.")


class RefreshRefused(Unauthorized):
    """The refresh cookie is missing, unknown, expired, spent or revoked."""

    def __init__(self, detail: str = "Sign in again: the session has ended."):
        super().__init__(detail)


class TooManyFailures(TooManyRequests):
    """The account or the client is backing off after repeated failed passwords."""

    def __init__(self, retry_after: int):
        super().__init__(
            f"Too many failed sign-in attempts; try again in {retry_after} s.",
            retry_after=retry_after,
        )


class AccountSuspended(Forbidden):
    """An administrator suspended the account: no sign-in, no refresh."""

    def __init__(self):
        super().__init__(
            "This account is suspended by an administrator; contact them to have it restored."
        )


class ResetTokenRefused(BadRequest):
    """A used, expired or forged reset token (one message for all three)."""

    def __init__(self):
        super().__init__(
            "This reset link is not valid (used, expired or mistyped): ask for a new one.",
            errors={"token": "Not a valid reset token."},
        )
