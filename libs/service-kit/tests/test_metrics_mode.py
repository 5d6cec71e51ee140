"""The kit picks the metrics registry: gunicorn's folder where it exists, else the process's own."""

import os
import subprocess
import sys

from service_kit import metrics_mode, serve

# a worker process started from a service image: the image names gunicorn's folder
PROBE = """
import os, service_kit
from prometheus_client import Counter, values
Counter("dread_probe_total", "probe").inc()
print(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))
print(values.ValueClass.__name__)
"""


def _probe(folder):
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(folder)}
    result = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_a_worker_without_the_folder_keeps_its_metrics_in_memory(tmp_path):
    variable, value_class = _probe(tmp_path / "never-created")
    assert variable == "None"
    assert value_class == "MutexValue"  # prometheus_client's in-memory value
    assert not (tmp_path / "never-created").exists()


def test_a_process_whose_folder_exists_shares_it(tmp_path):
    variable, value_class = _probe(tmp_path)
    assert variable == str(tmp_path)
    assert value_class != "MutexValue"  # counted in the folder, for the multiprocess collector
    assert list(tmp_path.glob("counter_*.db"))


def test_serve_creates_the_requested_folder_and_hands_it_to_gunicorn(tmp_path, monkeypatch):
    folder = tmp_path / "dread-metrics"
    monkeypatch.setattr(metrics_mode, "requested", str(folder))
    # set, then delete: monkeypatch then removes what serve.main sets, so the folder does not
    # leak into later tests' /metrics (a delenv of an absent variable restores nothing)
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", "unset")
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR")
    monkeypatch.delenv("DREAD_BOOTSTRAP_TABLES", raising=False)
    execs = []
    monkeypatch.setattr(serve.os, "execvp", lambda *args: execs.append(args))
    assert serve.main(["auth_service"]) == 0
    assert folder.is_dir()
    assert os.environ["PROMETHEUS_MULTIPROC_DIR"] == str(folder)
    assert execs and execs[0][0] == "gunicorn"
