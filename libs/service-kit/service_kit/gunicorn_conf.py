"""Gunicorn settings shared by every service; pass this file by path so the master stays small."""

import os

from prometheus_client import multiprocess

bind = f"{os.environ.get('BIND_HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("DREAD_WORKERS", "1"))
worker_class = "gthread"
threads = int(os.environ.get("DREAD_THREADS", "8"))
timeout = 30
graceful_timeout = 10
keepalive = 5
accesslog = None  # the app logs each request as JSON with its request id
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "warning")
forwarded_allow_ips = "127.0.0.1"


def child_exit(server, worker):
    """Drop a dead worker's live gauges from the multiprocess metrics."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.mark_process_dead(worker.pid)
