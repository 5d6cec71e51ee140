"""Golden renders of the NGINX template: a change to the config shows up as a reviewed diff.

The container layouts' goldens are the committed ci-cd/nginx/nginx.{compose,aws}.conf
(test_iac.py); this one pins the local layout. Regenerate after an intended change with
`DREAD_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/unit/test_nginx_template.py`.
"""

import os
from dataclasses import replace
from pathlib import Path

from devstack import nginx
from devstack.config import SERVICES, StackConfig

GOLDEN = Path(__file__).with_name("golden") / "nginx.local.conf"


def fixed_local_layout() -> nginx.Layout:
    """The local layout with fixed ports and paths (not this checkout's)."""
    config = StackConfig(
        home=Path("/srv/dread"),
        http_host="127.0.0.1",
        http_port=8080,
        dynamodb_port=8000,
        s3_port=9000,
        s3_gate_port=9001,
        service_ports={name: port for name, (_pkg, _area, port) in SERVICES.items()},
        bucket="dread-media",
        table_prefix="dread",
        workers=1,
        restart_delay_s=2,
        seed=True,
        bench_app=False,
    )
    layout = nginx.local_layout(config)
    return replace(layout, frontend="/repo/frontend", node_modules="/repo/node_modules")


def test_local_render_matches_the_golden_file():
    rendered = nginx.render(fixed_local_layout())
    if os.environ.get("DREAD_UPDATE_GOLDEN") == "1":
        GOLDEN.write_text(rendered)
    assert rendered == GOLDEN.read_text(), "intended? regenerate (see this module's docstring)"
