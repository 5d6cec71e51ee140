"""Gunicorn settings shared by every service; pass this file by path so the master stays small."""

import os

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
# NGINX in front decides on over-long request lines and headers (8 KiB each, problem+json):
# gunicorn's own limits sit at or above NGINX's, so its HTML 400 never reaches a client.
# NGINX lets a line of 8190 bytes pass and lengthens X-Forwarded-For by an address.
limit_request_line = 8190  # gunicorn's maximum
limit_request_field_size = 16 * 1024
limit_request_fields = 32768  # gunicorn's maximum; NGINX bounds the total (4 x 8 KiB)


def child_exit(server, worker):
    """Drop a dead worker's live gauges from the multiprocess metrics."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # imported here, not at the top: each of the seven masters stays ~3 MB smaller
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
