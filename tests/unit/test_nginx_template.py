"""The Jinja2 template renders what the f-string renderer rendered (whitespace aside)."""

from dataclasses import replace
from pathlib import Path

import pytest

from devstack import nginx, nginx_fstring
from devstack.config import SERVICES, StackConfig


def _local(module):
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
    layout = module.local_layout(config)
    return replace(layout, frontend="/repo/frontend", node_modules="/repo/node_modules")


LAYOUTS = {
    "local": _local,
    "compose": lambda module: module.container_layout(with_emulated_bucket=True),
    "aws": lambda module: module.container_layout(with_emulated_bucket=False),
}


def _lines(conf: str) -> list[str]:
    return [line.strip() for line in conf.splitlines() if line.strip()]


@pytest.mark.parametrize("name", LAYOUTS)
def test_template_renders_what_the_fstring_rendered(name):
    old = nginx_fstring.render(LAYOUTS[name](nginx_fstring))
    new = nginx.render(LAYOUTS[name](nginx))
    assert _lines(new) == _lines(old)
