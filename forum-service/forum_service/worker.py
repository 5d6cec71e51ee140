"""The forum's background process: `python -m forum_service.worker`.

Several times a second it advances due fan-out events (notifications within seconds of a
post, a bounded chunk of followers per event per pass) and, once per digest interval, sends
the email digests. Leases let several run at once.
"""

from __future__ import annotations

import logging
import sys

from service_kit.logs import configure_logging
from service_kit.passes import run_passes, stop_on_signals

from . import create_app, deps
from .config import Settings
from .digest import Digest
from .fanout import Fanout

logger = logging.getLogger(__name__)

BUSY_POLL_S = 0.0  # more work is waiting (a large course in progress): go on at once
IDLE_POLL_S = 0.25  # a post waits half of this on average before its fan-out starts


def run(app, *, stop=lambda: False) -> None:
    """Poll until `stop()` inside the app's context (settings, clients, service tokens)."""
    with app.app_context():
        fanout = Fanout(
            events=deps.events(), follows=deps.follows(), notifications=deps.notifications()
        )
        digest = Digest(
            events=deps.events(), notifications=deps.notifications(), settings=deps.settings()
        )
        logger.info(
            "forum worker: fan-out and a digest every %ss", deps.settings().digest_interval_s
        )
        passes = (("fan-out", fanout.run_due), ("digest", digest.run_if_due))
        run_passes(
            "forum", passes, stop=stop, idle_s=IDLE_POLL_S, busy_s=BUSY_POLL_S, logger=logger
        )


def main() -> int:
    """Entry point of the worker process."""
    settings = Settings.from_env()
    configure_logging("forum-worker", settings.log_level)
    run(create_app(settings), stop=stop_on_signals())
    return 0


if __name__ == "__main__":
    sys.exit(main())
