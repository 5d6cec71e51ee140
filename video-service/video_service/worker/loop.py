"""The worker loop: claim queued videos, transcode them, publish the outputs.

Any number of workers can run: a job is claimed with a conditional update and held with a
lease that a heartbeat thread renews (writing the progress too). A worker that dies loses
its lease, and the job becomes due again; after `max_attempts` claims the video is failed.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import socket
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import service_kit as kit
from botocore.exceptions import BotoCoreError, ClientError
from service_kit import ServiceUnavailable, clients, clock
from service_kit.logs import configure_logging

from ..config import Settings
from ..media import MediaStore, source_key, video_prefix
from ..store import VideoStore
from ..sweep import sweep_deleted_courses
from . import storyboard
from .metrics import JobMetrics
from .probe import NotAVideo
from .store_jobs import JobQueue
from .transcode import Aborted, transcode

logger = logging.getLogger(__name__)
SWEEP_EVERY_S = 5.0  # how soon a deleted course's videos and objects go


class Heartbeat(threading.Thread):
    """Renews the lease (and records progress) until stopped; notices a lost lease."""

    def __init__(self, worker: Worker, video_id: str):
        super().__init__(daemon=True, name=f"lease-{video_id}")
        self.worker, self.video_id = worker, video_id
        self.percent: int | None = None
        self.lost = threading.Event()
        self.done = threading.Event()

    def run(self):
        interval = min(2.0, self.worker.settings.lease_s / 3)
        while not self.done.wait(interval):
            try:
                held = self.worker.renew(self.video_id, self.percent)
            except (BotoCoreError, ClientError) as error:
                logger.warning("lease renewal of %s failed: %s", self.video_id, error)
                continue
            if not held:
                logger.warning("lost the job %s (deleted or taken over)", self.video_id)
                self.lost.set()
                return


class Worker:
    """Takes due jobs one at a time and runs them to ready or failed."""

    def __init__(
        self,
        *,
        settings: Settings,
        queue: JobQueue,
        media: MediaStore,
        owner=None,
        metrics: JobMetrics | None = None,
    ):
        self.settings, self.queue, self.media = settings, queue, media
        self.metrics = metrics or JobMetrics(queue)
        self.owner = owner or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self.stopping = threading.Event()

    def lease_until(self) -> str:
        """The expiry of a lease taken or renewed now."""
        return clock.timestamp(time.time() + self.settings.lease_s)

    def renew(self, video_id: str, percent: int | None) -> bool:
        """Extend our lease on a job."""
        return self.queue.renew(
            video_id=video_id, owner=self.owner, lease_until=self.lease_until(), percent=percent
        )

    def run_once(self) -> bool:
        """Claim and process one due job; False when none was due."""
        for job in self.queue.due(now=clock.timestamp()):
            item = self.queue.claim(
                video_id=job["id"],
                seen=job["gsi2sk"],
                owner=self.owner,
                lease_until=self.lease_until(),
            )
            if item is not None:
                self.process(item)
                return True
        return False

    def sweep(self) -> int:
        """Remove the videos of deleted courses (see sweep.py); how many courses were swept."""
        return sweep_deleted_courses(
            course_url=self.settings.service_urls["course"],
            store=VideoStore(tables={"videos": self.queue.table}),
            media=self.media,
        )

    def run_forever(self) -> None:
        """Poll for jobs until asked to stop; sweep deleted courses every SWEEP_EVERY_S."""
        logger.info("video worker %s polling every %ss", self.owner, self.settings.poll_interval_s)
        next_sweep = 0.0
        while not self.stopping.is_set():
            if time.monotonic() >= next_sweep:
                next_sweep = time.monotonic() + SWEEP_EVERY_S
                try:
                    self.sweep()
                except (BotoCoreError, ClientError, ServiceUnavailable) as error:
                    logger.warning("sweeping deleted courses failed (retried): %s", error)
            try:
                worked = self.run_once()
            except (BotoCoreError, ClientError) as error:
                logger.warning("job queue unavailable: %s", error)
                worked = False
            if not worked:
                self.stopping.wait(self.settings.poll_interval_s)

    def process(self, item: dict) -> None:
        """Transcode one claimed video; always leaves it ready, failed or queued again."""
        video_id, attempts = item["id"], int(item.get("attempts", 1))
        if attempts > self.settings.max_attempts:
            reason = item.get("last_error") or "the worker stopped while transcoding it"
            self._fail(video_id, f"Transcoding failed after {attempts - 1} attempts: {reason}")
            self.metrics.failed.labels("exhausted").inc()
            return
        logger.info("transcoding %s (attempt %s)", video_id, attempts)
        self.metrics.started.inc()
        started, outcome = time.monotonic(), "lost"
        heartbeat = Heartbeat(self, video_id)
        heartbeat.start()
        work = tempfile.mkdtemp(prefix=f"dread-video-{video_id}-", dir=self.settings.work_dir)
        try:
            if self._run(item, work, heartbeat):
                outcome = "succeeded"
                self.metrics.succeeded.inc()
        except NotAVideo as error:
            self._fail(video_id, str(error))
            outcome = "failed"
            self.metrics.failed.labels("invalid").inc()
        except Aborted:
            if not heartbeat.lost.is_set():  # shutting down: hand the job back at once
                outcome = "retried"
                self.metrics.retried.labels("shutdown").inc()
                self.queue.retry_later(
                    video_id=video_id,
                    owner=self.owner,
                    available_at=clock.timestamp(),
                    error="the worker was stopped",
                    refund=True,
                )
        except Exception as error:  # any failure must end in a retry or in failed
            logger.exception("transcoding %s failed", video_id)
            message = str(error) or type(error).__name__
            if attempts >= self.settings.max_attempts:
                self._fail(video_id, f"Transcoding failed after {attempts} attempts: {message}")
                outcome = "failed"
                self.metrics.failed.labels("exhausted").inc()
            else:
                outcome = "retried"
                self.metrics.retried.labels("error").inc()
                self.queue.retry_later(
                    video_id=video_id,
                    owner=self.owner,
                    error=message,
                    available_at=clock.timestamp(
                        time.time() + self.settings.retry_delay_s * attempts
                    ),
                )
        finally:
            heartbeat.done.set()
            shutil.rmtree(work, ignore_errors=True)
            self.metrics.duration.labels(outcome).observe(time.monotonic() - started)

    def _run(self, item: dict, work: str, heartbeat: Heartbeat) -> bool:
        """Download, transcode, upload and publish; False when the job went away meanwhile."""
        video_id = item["id"]
        source = os.path.join(work, "source")
        try:
            self.media.download_file(
                key=source_key(video_id), path=source, etag=item.get("source_etag")
            )
        except ClientError as error:
            code = error.response["Error"]["Code"]
            if code in ("404", "NoSuchKey"):
                raise NotAVideo("The uploaded file is missing; upload the video again.") from error
            if code in ("412", "PreconditionFailed"):
                raise NotAVideo(
                    "The uploaded file was replaced after the upload was completed; "
                    "upload the video again."
                ) from error
            raise
        out = os.path.join(work, "out")
        os.makedirs(out)

        def progress(percent: int) -> None:
            heartbeat.percent = percent

        result = transcode(
            source,
            out,
            preset=self.settings.ffmpeg_preset,
            on_progress=progress,
            should_stop=lambda: heartbeat.lost.is_set() or self.stopping.is_set(),
        )
        prefix = video_prefix(video_id)
        with ThreadPoolExecutor(max_workers=8) as pool:
            uploads = [
                pool.submit(
                    self.media.upload_file,
                    path=os.path.join(out, name),
                    key=prefix + name,
                    content_type=kind,
                )
                for name, kind in result.files
            ]
            for upload in uploads:
                upload.result()
        finished = self.queue.finish(
            video_id=video_id,
            owner=self.owner,
            now=clock.timestamp(),
            result={
                "duration_s": result.duration_s,
                "has_audio": result.has_audio,
                "renditions": result.renditions,
                "mp4_key": prefix + "video.mp4",
                "thumbnail_key": prefix + result.thumbnail if result.thumbnail else None,
                "storyboard": (
                    storyboard.stored(result.storyboard, prefix) if result.storyboard else None
                ),
            },
        )
        if finished is None:
            logger.warning("video %s went away while transcoding; removing outputs", video_id)
            if (
                self.queue.table.get_item(Key={"pk": f"VIDEO#{video_id}", "sk": "VIDEO"}).get(
                    "Item"
                )
                is None
            ):
                self.media.delete_prefix(prefix=prefix)
            return False
        logger.info(
            "video %s ready (%.1f s, %s renditions)",
            video_id,
            result.duration_s,
            len(result.renditions),
        )
        clients.report_course_video(  # the course's video_count and total_duration_s
            item["course_id"], video_id, duration_s=result.duration_s,
            course_url=self.settings.service_urls["course"],
        )  # fmt: skip
        return True

    def _fail(self, video_id: str, message: str) -> None:
        logger.warning("video %s failed: %s", video_id, message)
        self.queue.fail(
            video_id=video_id, owner=self.owner, error=message[:1000], now=clock.timestamp()
        )


def build_worker(settings: Settings | None = None) -> Worker:
    """A worker on the stores `settings` name."""
    settings = settings or Settings.from_env()
    table = kit.dynamodb_resource(settings).Table(settings.table_name("videos"))
    media = MediaStore(server=kit.s3_client(settings), public=None, bucket=settings.bucket)
    return Worker(settings=settings, queue=JobQueue(table=table), media=media)


def main() -> int:
    """Command-line entry point: run until SIGTERM/SIGINT."""
    settings = Settings.from_env()
    configure_logging("video-worker", settings.log_level)
    worker = build_worker(settings)
    worker.metrics.serve_until_bound(settings.worker_metrics_port, settings.worker_metrics_addr)

    def _stop(_signum, _frame):
        worker.stopping.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    worker.run_forever()
    return 0
