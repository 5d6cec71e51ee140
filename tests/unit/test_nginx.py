"""The rendered NGINX configs: what the edge answers itself, compression, trust of the proxy."""

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from service_kit.errors import PROBLEM_TYPE_BASE, problem_kind

from devstack import nginx
from devstack.config import StackConfig

AWS = nginx.render(nginx.container_layout(with_emulated_bucket=False))
COMPOSE = nginx.render(nginx.container_layout(with_emulated_bucket=True))


def _local(tmp_path: Path, **changes) -> str:
    config = replace(StackConfig.from_env(), home=tmp_path)
    return nginx.render(replace(nginx.local_layout(config), **changes))


def _problem_bodies(conf: str) -> list[tuple[int, dict]]:
    return [
        (int(status), json.loads(body))
        for status, body in re.findall(r"return (\d+) '(.*)';", conf)
        if body.startswith("{")  # the bucket's refusals are S3's XML, not problem+json
    ]


@pytest.mark.parametrize("conf", [AWS, COMPOSE], ids=["aws", "compose"])
def test_every_edge_problem_has_the_kits_type_and_title(conf):
    bodies = _problem_bodies(conf)
    assert {status for status, _ in bodies} >= {400, 404, 413, 414, 429, 431, 500, 503}
    for status, body in bodies:
        slug, title = problem_kind(status)
        assert body["status"] == status
        assert body["type"] == PROBLEM_TYPE_BASE + slug and body["title"] == title


def test_kit_and_edge_agree_on_the_common_types():
    assert problem_kind(404) == ("not-found", "Not Found")
    assert problem_kind(503) == ("unavailable", "Service Unavailable")
    assert problem_kind(429) == ("rate-limited", "Too Many Requests")


@pytest.mark.parametrize("conf", [AWS, COMPOSE], ids=["aws", "compose"])
def test_upstream_down_or_slow_is_503_not_502(conf):
    assert re.search(r"error_page 502 504 =503 /_problem/unavailable;", conf)
    assert "error_page 494 =431" in conf and "error_page 414 " in conf


def test_aws_trusts_the_load_balancers_forwarded_proto():
    assert "map $http_x_forwarded_proto $dread_proto" in AWS
    assert '"~*^https(,|$)" https;' in AWS
    assert "proxy_set_header X-Forwarded-Proto $dread_proto;" in AWS
    assert "add_header Strict-Transport-Security $dread_hsts always;" in AWS


@pytest.mark.parametrize("conf", [COMPOSE, None], ids=["compose", "local"])
def test_without_a_load_balancer_the_clients_forwarded_proto_is_ignored(conf, tmp_path):
    conf = conf or _local(tmp_path)
    block = conf.split("map $http_x_forwarded_proto $dread_proto {")[1].split("}")[0]
    assert block.split() == ["default", "$scheme;"]


def test_gzip_is_on_for_text_and_json_but_not_for_tokens():
    assert "gzip on;" in AWS
    types = AWS.split("gzip_types")[1].split(";")[0].split()
    for kind in ("text/css", "application/javascript", "application/json", "text/vtt"):
        assert kind in types
    auth = AWS.split("location ~ ^/api/auth(/|$) {")[1].split("location ~ ^/api/courses")[0]
    assert "gzip off;" in auth


def test_gunicorn_limits_are_above_nginxs_so_nginx_decides():
    from service_kit import gunicorn_conf

    assert "large_client_header_buffers 4 8k;" in AWS
    assert gunicorn_conf.limit_request_line >= 8190  # NGINX passes lines of up to 8190 bytes
    assert gunicorn_conf.limit_request_field_size > 8192 + 64  # plus its X-Forwarded-For
    assert gunicorn_conf.limit_request_fields >= 8 * 1024  # 32 KiB of "a:b" lines


def test_only_the_swagger_files_the_docs_load_are_public():
    assert "location ^~ /vendor/swagger-ui/ {\n            return 404;" in AWS
    assert "location = /vendor/swagger-ui/swagger-ui-bundle.js" in AWS
    assert "swagger-ui-dist/;" not in AWS and "axe-core/;" not in AWS
