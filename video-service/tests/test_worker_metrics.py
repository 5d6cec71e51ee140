"""The worker's Prometheus metrics: job outcomes, durations and the queue's backlog."""

import socket

import pytest
import requests
from botocore.exceptions import EndpointConnectionError
from prometheus_client.parser import text_string_to_metric_families
from service_kit.clock import timestamp
from video_service.worker.loop import Worker
from video_service.worker.metrics import JobMetrics
from video_service.worker.store_jobs import JobQueue

from .test_worker import queued_video


@pytest.fixture
def queue(app):
    return JobQueue(table=app.extensions["video.store"].table)


@pytest.fixture
def worker(app, settings, queue):
    return Worker(settings=settings, queue=queue, media=app.extensions["video.media"], owner="w1")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def scrape(metrics: JobMetrics) -> dict:
    """Serve the worker's metrics on a free port and read them as Prometheus would."""
    port = free_port()
    assert metrics.serve(port, addr="127.0.0.1")
    response = requests.get(f"http://127.0.0.1:{port}/metrics", timeout=5)
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/")
    samples = {}
    for family in text_string_to_metric_families(response.text):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def test_worker_counts_outcomes_and_times_jobs(client, people, s3, settings, worker, tmp_path):
    from .conftest import make_video

    good = queued_video(client, people, s3, settings, make_video(tmp_path / "ok.mp4"))
    junk = tmp_path / "junk.mp4"
    junk.write_bytes(b"\x00garbage" * 1000)
    queued_video(client, people, s3, settings, junk)
    before = scrape(worker.metrics)
    assert before[("dread_video_queue_backlog", ())] == 2
    assert before[("dread_video_queue_oldest_wait_seconds", ())] >= 0
    assert before[("dread_video_jobs_started_total", ())] == 0
    assert worker.run_once() and worker.run_once()
    after = scrape(worker.metrics)
    assert after[("dread_video_jobs_started_total", ())] == 2
    assert after[("dread_video_jobs_succeeded_total", ())] == 1
    assert after[("dread_video_jobs_failed_total", (("reason", "invalid"),))] == 1
    assert after[("dread_video_jobs_failed_total", (("reason", "exhausted"),))] == 0
    assert after[("dread_video_jobs_retried_total", (("reason", "error"),))] == 0
    assert after[("dread_video_job_duration_seconds_count", (("outcome", "succeeded"),))] == 1
    assert after[("dread_video_job_duration_seconds_count", (("outcome", "failed"),))] == 1
    assert after[("dread_video_job_duration_seconds_sum", (("outcome", "succeeded"),))] > 0
    assert after[("dread_video_queue_backlog", ())] == 0
    assert client.get(f"/api/videos/{good}", headers=people.student).get_json()["video"][
        "status"
    ] == ("ready")


def test_a_failed_attempt_counts_as_retried_then_exhausted(
    client, people, s3, settings, worker, queue, tiny_video, monkeypatch
):
    from video_service.worker import loop

    video_id = queued_video(client, people, s3, settings, tiny_video)

    def broken(*_args, **_kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(loop, "transcode", broken)
    for attempt in range(settings.max_attempts):
        if attempt:  # retry_delay_s is 0 in tests, but the retry is due strictly later
            queue.table.update_item(
                Key={"pk": f"VIDEO#{video_id}", "sk": "VIDEO"},
                UpdateExpression="SET gsi2sk = :past",
                ExpressionAttributeValues={":past": timestamp(0)},
            )
        assert worker.run_once()
    samples = scrape(worker.metrics)
    retried = settings.max_attempts - 1
    assert samples[("dread_video_jobs_retried_total", (("reason", "error"),))] == retried
    assert samples[("dread_video_jobs_failed_total", (("reason", "exhausted"),))] == 1
    assert samples[("dread_video_job_duration_seconds_count", (("outcome", "retried"),))] == (
        retried
    )
    assert samples[("dread_video_queue_oldest_wait_seconds", ())] == 0


def test_backlog_is_left_out_while_the_store_is_down(worker, monkeypatch):
    def down(**_kwargs):
        raise EndpointConnectionError(endpoint_url="http://dynamodb.test")

    monkeypatch.setattr(worker.queue, "backlog", down)
    samples = scrape(worker.metrics)
    assert ("dread_video_jobs_started_total", ()) in samples
    assert not any(name.startswith("dread_video_queue_") for name, _labels in samples)


def test_a_busy_metrics_port_does_not_stop_the_worker(worker):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        assert worker.metrics.serve(taken.getsockname()[1], addr="127.0.0.1") is False
    assert worker.metrics.serve(0) is False  # 0: metrics off


def test_metrics_are_served_once_a_taken_port_frees_up(worker):
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    port = taken.getsockname()[1]
    thread = worker.metrics.serve_until_bound(port, addr="127.0.0.1", retry_s=0.05)
    assert thread is not None and thread.is_alive()
    taken.close()
    thread.join(timeout=5)
    assert not thread.is_alive()
    response = requests.get(f"http://127.0.0.1:{port}/metrics", timeout=5)
    assert "dread_video_jobs_started_total" in response.text
