"""Domain errors of the profile service (each renders as problem+json)."""

from service_kit import NotFound


class ProfileNotFound(NotFound):
    """No profile (and no account) for that user."""

    def __init__(self):
        super().__init__("No such profile.")
