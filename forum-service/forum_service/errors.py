"""The forum's domain errors (rendered as problem+json by the kit)."""

import service_kit as kit


class ThreadNotFound(kit.NotFound):
    """No such thread (or one the caller may not know exists)."""


class ReplyNotFound(kit.NotFound):
    """No such reply."""


class FlagsNotFound(kit.NotFound):
    """The post has no flags waiting for moderators."""


class NotAMember(kit.Forbidden):
    """Only enrolled users, the owner and admins use a course's forum."""


class NotAllowed(kit.Forbidden):
    """The caller may not do this to this post."""


class ThreadClosed(kit.Forbidden):
    """The thread is locked (or deleted) and takes no replies."""


class PostDeleted(kit.Conflict):
    """A deleted post cannot be edited."""


class AlreadyFlagged(kit.Conflict):
    """The caller already flagged this post."""


class PostingTooFast(kit.TooManyRequests):
    """Too many posts in this minute."""


class Contended(kit.ServiceUnavailable):
    """The thread is too busy right now; retrying later works."""
