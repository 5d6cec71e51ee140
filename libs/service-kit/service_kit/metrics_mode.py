"""Which metrics registry a process uses: gunicorn's shared folder, or its own memory.

prometheus_client switches every process that sees `PROMETHEUS_MULTIPROC_DIR` to files in
that folder, and crashes when the folder is not there. The images set the variable for
gunicorn, whose workers must add up; a worker process started from the same image (the
video worker, the auth worker) has no such folder and serves its own registry. The rule:
a process uses the folder only when it exists. `service_kit.serve` (gunicorn's entry point)
creates the `requested` folder and hands it on to gunicorn; the local stack creates the auth
worker's on purpose, so its mail counters show in the auth service's /metrics.
"""

from __future__ import annotations

import os
import sys

VARIABLE = "PROMETHEUS_MULTIPROC_DIR"
requested: str | None = os.environ.get(VARIABLE)  # as the process was started, before `choose`


def choose(environ=os.environ) -> str | None:
    """Keep the multiprocess folder when it exists, else drop the variable; the folder or None."""
    folder = environ.get(VARIABLE)
    if folder and os.path.isdir(folder):
        return folder
    environ.pop(VARIABLE, None)
    environ.pop(VARIABLE.lower(), None)  # the old spelling prometheus_client also reads
    values = sys.modules.get("prometheus_client.values")
    if values is not None:  # imported before us: values created from now on stay in memory
        values.ValueClass = values.get_value_class()
    return None


choose()
