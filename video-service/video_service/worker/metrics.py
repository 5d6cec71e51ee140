"""The worker's job metrics, served in Prometheus text format on its own port.

The worker is one process (no gunicorn), so it has its own registry and HTTP server
(`VIDEO_WORKER_METRICS_PORT`, 0 = off). Every replica reports its own counters; the backlog
gauges are the shared queue's, read at scrape time, so alert on `max()` of them.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import datetime

from botocore.exceptions import BotoCoreError, ClientError
from prometheus_client import CollectorRegistry, Counter, Histogram, start_http_server
from prometheus_client.core import GaugeMetricFamily
from service_kit import clock

logger = logging.getLogger(__name__)

# Transcodes take seconds (a short clip) to an hour (a long lecture on a small host).
DURATION_BUCKETS = (1, 5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200)


class JobMetrics:
    """Counters and the duration histogram of one worker, plus the queue's backlog."""

    def __init__(self, queue=None, *, registry: CollectorRegistry | None = None):
        self.registry = registry or CollectorRegistry()
        self.started = Counter(
            "dread_video_jobs_started",
            "Transcoding jobs claimed and started by this worker",
            registry=self.registry,
        )
        self.succeeded = Counter(
            "dread_video_jobs_succeeded",
            "Transcoding jobs that ended ready",
            registry=self.registry,
        )
        # reason: invalid (the upload is not a playable video: the uploader's problem) or
        # exhausted (max attempts used up: ours)
        self.failed = Counter(
            "dread_video_jobs_failed",
            "Transcoding jobs that ended failed",
            ["reason"],
            registry=self.registry,
        )
        # reason: error (an attempt failed, retried later) or shutdown (handed back on stop)
        self.retried = Counter(
            "dread_video_jobs_retried",
            "Transcoding attempts handed back to the queue",
            ["reason"],
            registry=self.registry,
        )
        self.duration = Histogram(
            "dread_video_job_duration_seconds",
            "Time from claiming a job to its outcome",
            ["outcome"],
            buckets=DURATION_BUCKETS,
            registry=self.registry,
        )
        for reason in ("invalid", "exhausted"):
            self.failed.labels(reason)
        for reason in ("error", "shutdown"):
            self.retried.labels(reason)
        if queue is not None:
            self.registry.register(_BacklogCollector(queue))

    def serve(self, port: int, addr: str = "127.0.0.1", *, quiet: bool = False) -> bool:
        """Serve /metrics on `port` in a daemon thread; False (logged) when it cannot bind."""
        if not port:
            return False
        try:
            start_http_server(port, addr=addr, registry=self.registry)
        except OSError as error:  # a busy port must not stop transcoding
            if not quiet:
                logger.warning("worker metrics not served on port %s yet: %s", port, error)
            return False
        logger.info("worker metrics on :%s/metrics", port)
        return True

    def serve_until_bound(
        self, port: int, addr: str = "127.0.0.1", *, retry_s: float = 2.0
    ) -> threading.Thread | None:
        """Serve /metrics, retrying in the background while the port is taken (as gunicorn
        does: a port in the ephemeral range can be held for a while by a client socket)."""
        if self.serve(port, addr) or not port:
            return None

        def retry():
            while not self.serve(port, addr, quiet=True):
                time.sleep(retry_s)

        thread = threading.Thread(target=retry, daemon=True, name="metrics-bind")
        thread.start()
        return thread


def _age_s(stamp: str) -> float:
    """Seconds since an ISO timestamp of the queue (gsi2sk), never negative."""
    return max(0.0, time.time() - datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp())


class _BacklogCollector:
    """Reads the queue at scrape time: how many jobs wait, and for how long the oldest."""

    def __init__(self, queue):
        self.queue = queue

    def describe(self):
        # no queue reads at registration time
        return [
            GaugeMetricFamily("dread_video_queue_backlog", "Jobs due and waiting for a worker"),
            GaugeMetricFamily(
                "dread_video_queue_oldest_wait_seconds", "Age of the oldest waiting job"
            ),
        ]

    def collect(self):
        try:
            waiting, oldest = self.queue.backlog(now=clock.timestamp())
        except (BotoCoreError, ClientError) as error:
            # the store is down: leave the gauges out rather than report a false zero
            logger.warning("queue backlog unavailable: %s", error)
            return
        yield GaugeMetricFamily(
            "dread_video_queue_backlog", "Jobs due and waiting for a worker", value=waiting
        )
        yield GaugeMetricFamily(
            "dread_video_queue_oldest_wait_seconds",
            "Age of the oldest waiting job",
            value=_age_s(oldest) if oldest else 0.0,
        )
