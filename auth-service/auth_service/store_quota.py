"""QuotaStore: fixed-window request counters (password-reset requests per email, per client).

One item per subject and window in the throttle table (`<scope>#<subject>#<window>`),
expiring by TTL shortly after its window ends; counting is one atomic ADD.
"""

from __future__ import annotations

from service_kit import clock

RESET_EMAIL = "RESET_EMAIL"
RESET_CLIENT = "RESET_CLIENT"


class QuotaStore:
    """Counts requests per (scope, subject) in windows of `window_s` seconds."""

    def __init__(self, *, table, window_s: int = 3600):
        self.table = table
        self.window_s = window_s

    def take(self, scope: str, subject: str, *, limit: int) -> int:
        """Count one request; return 0 when within `limit`, else seconds until the window ends."""
        now = clock.epoch()
        window = int(now // self.window_s)
        window_end = (window + 1) * self.window_s
        count = self.table.update_item(
            Key={"pk": f"{scope}#{subject}#{window}"},
            UpdateExpression="ADD requests :one SET expires_at = :exp",
            ExpressionAttributeValues={":one": 1, ":exp": window_end + 60},
            ReturnValues="UPDATED_NEW",
        )["Attributes"]["requests"]
        return 0 if int(count) <= limit else max(1, int(window_end - now))
