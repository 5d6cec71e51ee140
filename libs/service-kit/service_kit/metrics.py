"""Prometheus metrics that add up across gunicorn workers (multiprocess mode)."""

from __future__ import annotations

import os
import time

from flask import Flask, Response, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)

REQUESTS = Counter(
    "dread_http_requests_total", "HTTP requests handled", ["service", "method", "route", "status"]
)
LATENCY = Histogram(
    "dread_http_request_duration_seconds",
    "HTTP request latency",
    ["service", "method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
)


def _registry() -> CollectorRegistry:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return registry
    from prometheus_client import REGISTRY

    return REGISTRY


def init_metrics(app: Flask, service: str) -> None:
    """Count and time every request; expose /metrics on the service's own port."""

    @app.before_request
    def _start_timer():
        g.metrics_started = time.perf_counter()

    @app.after_request
    def _observe(response):
        started = g.get("metrics_started")
        route = request.url_rule.rule if request.url_rule else "<unmatched>"
        if started is not None and route != "/metrics":
            LATENCY.labels(service, request.method, route).observe(time.perf_counter() - started)
            REQUESTS.labels(service, request.method, route, str(response.status_code)).inc()
        return response

    @app.get("/metrics")
    def metrics():
        """Prometheus text exposition for this service (all workers)."""
        return Response(generate_latest(_registry()), mimetype=CONTENT_TYPE_LATEST)
